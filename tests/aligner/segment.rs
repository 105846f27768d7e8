//! Sentence segmentation: the Russian/English rules on real sentences, the corpus, the WMT
//! development rows, speed on pathological input, and properties on random text.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use sverka::segment::{paragraphs, presegmented};
use sverka::{Lang, Sentence, segment};

use crate::support;
use crate::support::data::data_dir;

fn split(text: &str, lang: Lang) -> Vec<&str> {
    segment(text, lang).iter().map(|s| s.text(text)).collect()
}

fn ru(text: &str) -> Vec<&str> {
    split(text, Lang::Ru)
}

fn en(text: &str) -> Vec<&str> {
    split(text, Lang::En)
}

// --- The corpus -------------------------------------------------------------------------

#[test]
fn corpus_digital_resistance_ru() {
    let text = include_str!("../../corpus/digital-resistance.ru.txt");
    let s = segment(text, Lang::Ru);
    let per_paragraph: Vec<usize> = (0..5)
        .map(|p| s.iter().filter(|s| s.paragraph == p).count())
        .collect();
    assert_eq!(per_paragraph, [1, 1, 1, 1, 3]);
    assert!(s[1].text(text).starts_with("Как показали последние сутки,"));
    assert!(s[2].text(text).ends_with(
        "(если это произошло, отключите прокси в настройках Telegram и попробуйте найти другой)."
    ));
    assert_eq!(
        s[5].text(text),
        "В течение этого года буду рад пожертвовать миллионы долларов личных средств на эти цели."
    );
}

#[test]
fn corpus_digital_resistance_en() {
    let text = include_str!("../../corpus/digital-resistance.en.txt");
    let s = segment(text, Lang::En);
    let per_paragraph: Vec<usize> = (0..5)
        .map(|p| s.iter().filter(|s| s.paragraph == p).count())
        .collect();
    assert_eq!(per_paragraph, [4, 2, 2, 2, 3]);
    assert_eq!(s[2].text(text), "For us, this was an easy decision.");
    assert!(
        s[8].text(text)
            .starts_with("Russia accounts for ~7% of the Telegram user base,")
    );
}

#[test]
fn corpus_200_million_en() {
    let text = include_str!("../../corpus/200-million.en.txt");
    let s = split(text, Lang::En);
    assert_eq!(s.len(), 23);
    assert_eq!(s[0], "200,000,000 Monthly Active Users");
    assert_eq!(s[1], "March 22, 2018");
    assert_eq!(
        s[2],
        "Within the last 30 days, Telegram was used by\u{a0}200,000,000\u{a0}people."
    );
    assert_eq!(
        s[12].replace('\u{a0}', " "),
        "For us, Telegram is an idea; it is the idea that everyone on this planet has a right to be free."
    );
}

// --- Russian rules ----------------------------------------------------------------------

#[test]
fn ru_abbreviations_do_not_end_sentences() {
    assert_eq!(
        ru("Павел Дуров, т. е. основатель Telegram, ответил. Всё."),
        ["Павел Дуров, т. е. основатель Telegram, ответил.", "Всё."]
    );
    assert_eq!(
        ru("Это значит, т.е. Москва не ответила. Нет."),
        ["Это значит, т.е. Москва не ответила.", "Нет."]
    );
    assert_eq!(
        ru("Музей им. Пушкина на ул. Волхонка открыт. См. также стр. 12 и рис. 3."),
        [
            "Музей им. Пушкина на ул. Волхонка открыт.",
            "См. также стр. 12 и рис. 3."
        ]
    );
    assert_eq!(
        ru("Он живёт в г. Москва. Напр. Иванов так считает."),
        ["Он живёт в г. Москва.", "Напр. Иванов так считает."]
    );
    assert_eq!(
        ru("Лекцию читал проф. Иванов, а вёл акад. Петров."),
        ["Лекцию читал проф. Иванов, а вёл акад. Петров."]
    );
    assert_eq!(
        ru("Бюджет составил 5 млн. руб. в год."),
        ["Бюджет составил 5 млн. руб. в год."]
    );
    assert_eq!(
        ru("Сделка стоила 5 млрд. долл. США. Это рекорд."),
        ["Сделка стоила 5 млрд. долл. США.", "Это рекорд."]
    );
}

#[test]
fn ru_abbreviations_may_end_sentences() {
    assert_eq!(
        ru(
            "Затронуты все отрасли: ЖКХ, полиция, суды и т. п. К инициативе присоединились компании."
        ),
        [
            "Затронуты все отрасли: ЖКХ, полиция, суды и т. п.",
            "К инициативе присоединились компании."
        ]
    );
    assert_eq!(
        ru("Продаём книги, журналы и т.д. Звоните."),
        ["Продаём книги, журналы и т.д.", "Звоните."]
    );
    assert_eq!(
        ru("Средняя цена – от 3 до 6 тыс. руб. При этом мужчины покупают пиджаки."),
        [
            "Средняя цена – от 3 до 6 тыс. руб.",
            "При этом мужчины покупают пиджаки."
        ]
    );
    assert_eq!(
        ru("Telegram запустили в 2013 г. Он быстро вырос."),
        ["Telegram запустили в 2013 г.", "Он быстро вырос."]
    );
    assert_eq!(
        ru("Высота полёта достигает 3 тыс. м. После испытаний дрон поступит в армию."),
        [
            "Высота полёта достигает 3 тыс. м.",
            "После испытаний дрон поступит в армию."
        ]
    );
    assert_eq!(
        ru("Пригласили журналистов, блогеров и др. Пришли все."),
        ["Пригласили журналистов, блогеров и др.", "Пришли все."]
    );
}

#[test]
fn ru_initials() {
    assert_eq!(
        ru("Основатель П.Дуров заявил о блокировке. Telegram работает."),
        [
            "Основатель П.Дуров заявил о блокировке.",
            "Telegram работает."
        ]
    );
    assert_eq!(
        ru("Об этом сообщил П. Дуров."),
        ["Об этом сообщил П. Дуров."]
    );
    assert_eq!(
        ru("А. С. Пушкин родился в Москве. Н.В. Гоголь – в Сорочинцах."),
        [
            "А. С. Пушкин родился в Москве.",
            "Н.В. Гоголь – в Сорочинцах."
        ]
    );
    assert_eq!(ru("Кто там? Я. Он. Мы."), ["Кто там?", "Я.", "Он.", "Мы."]);
    // A single capital before a word that starts sentences ends the sentence.
    assert_eq!(
        ru("Образуются иммуноглобулины А. При введении инъекцией этого не происходит."),
        [
            "Образуются иммуноглобулины А.",
            "При введении инъекцией этого не происходит."
        ]
    );
}

#[test]
fn ru_dialogue_dashes_and_quotes() {
    assert_eq!(
        ru("– Куда ты идёшь? – спросил он. – Домой."),
        ["– Куда ты идёшь? – спросил он.", "– Домой."]
    );
    assert_eq!(
        ru("«Стой!» – крикнул он. «Не уйдёшь!» Он побежал."),
        ["«Стой!» – крикнул он.", "«Не уйдёшь!»", "Он побежал."]
    );
    assert_eq!(
        ru("Он сказал: «Я ушёл.» Потом вернулся."),
        ["Он сказал: «Я ушёл.»", "Потом вернулся."]
    );
    assert_eq!(
        ru("Он сказал: «Я ушёл…» Потом вернулся."),
        ["Он сказал: «Я ушёл…»", "Потом вернулся."]
    );
    assert_eq!(
        ru("Конец.«Начало» сериала."),
        ["Конец.", "«Начало» сериала."]
    );
    assert_eq!(
        ru("Я читал „Войну и мир.“ Это долго."),
        ["Я читал „Войну и мир.“", "Это долго."]
    );
}

#[test]
fn ru_brackets_close_their_sentence() {
    assert_eq!(
        ru("Отключите прокси (если это произошло, найдите другой). Спасибо."),
        [
            "Отключите прокси (если это произошло, найдите другой).",
            "Спасибо."
        ]
    );
    assert_eq!(
        ru("Он уехал (навсегда.) Никто не знал."),
        ["Он уехал (навсегда.)", "Никто не знал."]
    );
    assert_eq!(
        ru("Смотрите приложение (см. рис. 5) и таблицу."),
        ["Смотрите приложение (см. рис. 5) и таблицу."]
    );
}

#[test]
fn ru_ellipsis() {
    assert_eq!(ru("Ну… ладно, иди."), ["Ну… ладно, иди."]);
    assert_eq!(ru("Ну… Ладно, иди."), ["Ну…", "Ладно, иди."]);
    assert_eq!(ru("Подожди... потом решим."), ["Подожди... потом решим."]);
    assert_eq!(
        ru("Подожди... Потом решим."),
        ["Подожди...", "Потом решим."]
    );
    assert_eq!(ru("Как?.. Не может быть!"), ["Как?..", "Не может быть!"]);
    assert_eq!(
        ru("Зарплата от 5... 10 тысяч, а то и 20… 30 тысяч."),
        ["Зарплата от 5... 10 тысяч, а то и 20… 30 тысяч."]
    );
}

#[test]
fn ru_numbers_never_split() {
    assert_eq!(
        ru("Число π равно 3.14, а е – 2,718. Рост составил ~7%. Пользователей 200 000 000."),
        [
            "Число π равно 3.14, а е – 2,718.",
            "Рост составил ~7%.",
            "Пользователей 200 000 000."
        ]
    );
    assert_eq!(
        ru("Игра начнётся в 22.00 по Москве. Трансляция в 21.55."),
        ["Игра начнётся в 22.00 по Москве.", "Трансляция в 21.55."]
    );
    // A period before a number that is not part of it does end a sentence.
    assert_eq!(
        ru("Он уехал в 2013 году. 5 лет спустя он вернулся."),
        ["Он уехал в 2013 году.", "5 лет спустя он вернулся."]
    );
}

#[test]
fn ru_glued_sentences_and_names() {
    assert_eq!(
        ru("Ищет поддержки других штатов.Эксперты назвали его конкурентом."),
        [
            "Ищет поддержки других штатов.",
            "Эксперты назвали его конкурентом."
        ]
    );
    assert_eq!(
        ru("По данным «Газеты.Ru» и «Контур.Фокуса», сайт telegram.org работает."),
        ["По данным «Газеты.Ru» и «Контур.Фокуса», сайт telegram.org работает."]
    );
    assert_eq!(
        ru("Подробнее на www.Telegram.org и в Яндекс.Такси."),
        ["Подробнее на www.Telegram.org и в Яндекс.Такси."]
    );
}

#[test]
fn ru_smileys_end_sentences() {
    assert_eq!(
        ru("Очень крутой магазин) Постоянно тут закупаемся!"),
        ["Очень крутой магазин)", "Постоянно тут закупаемся!"]
    );
    assert_eq!(
        ru("Всем рекомендую! ❤️ Приходите ещё."),
        ["Всем рекомендую! ❤️", "Приходите ещё."]
    );
    // A closing bracket of a parenthesis is not a smiley.
    assert_eq!(
        ru("Выберите вариант (проверьте при заказе) В комплекте мешок."),
        ["Выберите вариант (проверьте при заказе) В комплекте мешок."]
    );
}

#[test]
fn ru_list_numbers() {
    assert_eq!(
        ru(
            "Равенство разрешается так: 1. Проверка результатов; 2. Если равенство сохраняется, проводится жеребьёвка."
        ),
        [
            "Равенство разрешается так: 1. Проверка результатов; 2. Если равенство сохраняется, проводится жеребьёвка."
        ]
    );
    assert_eq!(ru("1. Введение в тему."), ["1. Введение в тему."]);
    assert_eq!(
        ru("Приехал в 12:39. Он пытается успеть до 12:52."),
        ["Приехал в 12:39.", "Он пытается успеть до 12:52."]
    );
}

// --- English rules ----------------------------------------------------------------------

#[test]
fn en_titles_and_latin_abbreviations() {
    assert_eq!(
        en("Mr. Smith met Mrs. Jones and Dr. Brown. Prof. Lee was late."),
        [
            "Mr. Smith met Mrs. Jones and Dr. Brown.",
            "Prof. Lee was late."
        ]
    );
    assert_eq!(
        en("Bring fruit, e.g. Apples, or i.e. Pears. Then leave."),
        ["Bring fruit, e.g. Apples, or i.e. Pears.", "Then leave."]
    );
    assert_eq!(
        en("It was Roe v. Wade, not Smith vs. Jones. Ms. Doe agreed."),
        [
            "It was Roe v. Wade, not Smith vs. Jones.",
            "Ms. Doe agreed."
        ]
    );
    assert_eq!(
        en("He moved to St. Petersburg and Martin Luther King Jr. Boulevard."),
        ["He moved to St. Petersburg and Martin Luther King Jr. Boulevard."]
    );
    assert_eq!(
        en("P.S. I couldn't help but see the fund raiser."),
        ["P.S. I couldn't help but see the fund raiser."]
    );
    assert_eq!(
        en("Shipping was approx. US$100."),
        ["Shipping was approx. US$100."]
    );
}

#[test]
fn en_abbreviations_with_numbers() {
    assert_eq!(
        en("See No. 5 on p. 12 and Fig. 3. It is clear."),
        ["See No. 5 on p. 12 and Fig. 3.", "It is clear."]
    );
    assert_eq!(
        en("It opened on Jan. 5 at 10 a.m. Moscow time. Nobody came."),
        [
            "It opened on Jan. 5 at 10 a.m. Moscow time.",
            "Nobody came."
        ]
    );
    assert_eq!(
        en("PI registration certificate No. FS77-35597"),
        ["PI registration certificate No. FS77-35597"]
    );
}

#[test]
fn en_etc_and_company_names() {
    // `etc.` before a capital ends the sentence; before lowercase it does not.
    assert_eq!(
        en("Courts, police, etc. Many companies joined."),
        ["Courts, police, etc.", "Many companies joined."]
    );
    assert_eq!(
        en("Courts, police, etc. but not schools."),
        ["Courts, police, etc. but not schools."]
    );
    assert_eq!(
        en("Apple Inc. Chief Cook spoke. Shares of Acme Co. The stock fell."),
        [
            "Apple Inc. Chief Cook spoke.",
            "Shares of Acme Co.",
            "The stock fell."
        ]
    );
}

#[test]
fn en_initials_and_us() {
    assert_eq!(
        en("J. R. R. Tolkien wrote it. E. Yu. Kotlyarova thanked N. V. Yarantseva."),
        [
            "J. R. R. Tolkien wrote it.",
            "E. Yu. Kotlyarova thanked N. V. Yarantseva."
        ]
    );
    assert_eq!(
        en("The U.S. Army and the U.K. Navy met in the U.S. The talks failed."),
        [
            "The U.S. Army and the U.K. Navy met in the U.S.",
            "The talks failed."
        ]
    );
    assert_eq!(
        en("We chose Plan B. It worked."),
        ["We chose Plan B.", "It worked."]
    );
}

#[test]
fn en_quotes_ellipses_and_brackets() {
    assert_eq!(
        en("“Where are you?” he asked. “Home.” She left."),
        ["“Where are you?” he asked.", "“Home.”", "She left."]
    );
    assert_eq!(
        en("\"Stop.\" He stopped. (It was late.) Then he went home."),
        [
            "\"Stop.\"",
            "He stopped.",
            "(It was late.)",
            "Then he went home."
        ]
    );
    assert_eq!(
        en("Wait... then go. Wait… Then go."),
        ["Wait... then go.", "Wait…", "Then go."]
    );
    assert_eq!(
        en("Great store :) We buy here all the time!"),
        ["Great store :)", "We buy here all the time!"]
    );
    assert_eq!(en("Thanks! :) See you."), ["Thanks! :)", "See you."]);
}

#[test]
fn en_numbers_domains_and_glued_words() {
    assert_eq!(
        en("Pi is 3.14 and we have 200,000,000 users (~7%). Visit telegram.org. It works."),
        [
            "Pi is 3.14 and we have 200,000,000 users (~7%).",
            "Visit telegram.org.",
            "It works."
        ]
    );
    assert_eq!(
        en("Read more in the Gazeta.Ru report on ASP.NET and https://t.me/Durov."),
        ["Read more in the Gazeta.Ru report on ASP.NET and https://t.me/Durov."]
    );
    assert_eq!(
        en("It ended.The next day began."),
        ["It ended.", "The next day began."]
    );
}

// --- Paragraphs and spans ---------------------------------------------------------------

#[test]
fn paragraphs_are_non_empty_lines() {
    let text = "  First one. Second.\r\n\r\n \t \nThird\r\n\nFourth.  ";
    let s = segment(text, Lang::En);
    let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text(text), s.paragraph)).collect();
    assert_eq!(
        got,
        [
            ("First one.", 0),
            ("Second.", 0),
            ("Third", 1),
            ("Fourth.", 2)
        ]
    );
    let lines: Vec<&str> = paragraphs(text).map(|(_, l)| l).collect();
    assert_eq!(lines, ["  First one. Second.", "Third", "Fourth.  "]);
    for (offset, line) in paragraphs(text) {
        assert_eq!(&text[offset..offset + line.len()], line);
    }
}

#[test]
fn empty_and_blank_texts_have_no_sentences() {
    for text in ["", "\n\n", "  \r\n\t", "\u{2029}\n\u{3000}"] {
        assert_eq!(segment(text, Lang::Ru), Vec::<Sentence>::new(), "{text:?}");
    }
    assert_eq!(ru("…"), ["…"]);
    assert_eq!(ru("– «"), ["– «"]);
}

#[test]
fn pieces_without_letters_join_a_sentence() {
    assert_eq!(en("... Then it began."), ["... Then it began."]);
    assert_eq!(en("It began. ..."), ["It began. ..."]);
    assert_eq!(en("It began. … It ended."), ["It began. …", "It ended."]);
    assert_eq!(
        en("It began. *** It ended."),
        ["It began.", "*** It ended."]
    );
}

#[test]
fn presegmented_takes_lines_as_they_are() {
    let text = "\n\nОдин. Два.\r\n  Три  \n\n\n Четыре\nПять.";
    let s = presegmented(text);
    let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text(text), s.paragraph)).collect();
    assert_eq!(
        got,
        [("Один. Два.", 0), ("Три", 0), ("Четыре", 1), ("Пять.", 1)]
    );
    assert!(presegmented("").is_empty());
    assert!(presegmented(" \n\t\n").is_empty());
}

// --- Speed ------------------------------------------------------------------------------

/// Runs `f` and fails if it takes longer than a few seconds: the inputs below take
/// milliseconds in linear time and minutes or more in quadratic time.
fn assert_fast(what: &str, f: impl FnOnce() -> usize) {
    let started = Instant::now();
    let n = f();
    let took = started.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(
        took < Duration::from_secs(10),
        "{what}: {took:?} for {n} sentences"
    );
}

#[test]
fn long_line_without_punctuation_is_fast() {
    let text = "слово word ".repeat(100_000); // 1.1 MB
    assert_fast("1 MB line", || {
        let s = segment(&text, Lang::Ru);
        assert_eq!(s.len(), 1);
        s.len()
    });
}

#[test]
fn many_empty_lines_are_fast() {
    let text = format!("Start.{}End.", "\n".repeat(100_000));
    assert_fast("100,000 empty lines", || {
        let s = segment(&text, Lang::En);
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 1]);
        s.len()
    });
    let text = "\r\n \n".repeat(100_000);
    assert_fast("100,000 blank lines", || segment(&text, Lang::En).len());
}

#[test]
fn pathological_runs_are_fast() {
    let cases = [
        format!("End.{}Next", " ".repeat(300_000)),
        format!("End.{}Next", ")".repeat(300_000)),
        format!("End. {}Next", " \u{300}".repeat(150_000)),
        format!("End.{}", ") A".repeat(100_000)),
        "a.B".repeat(100_000),
        "A. ".repeat(100_000),
        "т. ".repeat(100_000),
        ". ".repeat(150_000),
        "?»".repeat(150_000),
        ":) ".repeat(100_000),
        "1".repeat(300_000) + ". 1. 1.",
        "x".repeat(1_000_000),
    ];
    for text in &cases {
        let what: String = text.chars().take(12).collect();
        assert_fast(&what, || segment(text, Lang::Ru).len());
    }
}

// --- The WMT development rows -----------------------------------------------------------

/// One row of a WMT TSV: document, paragraph, Russian and English text.
struct Row {
    doc_para: String,
    ru: String,
    en: String,
}

fn wmt_rows(dir: &std::path::Path) -> Vec<Row> {
    let mut rows = Vec::new();
    for (file, ru_col) in [
        ("wmttest2022.ru-en.tsv", 5),
        ("wmttest2023.ru-en.tsv", 5),
        ("wmttest2022.en-ru.tsv", 6),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).expect("readable WMT file");
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 7, "{file}: {line}");
            rows.push(Row {
                doc_para: format!("{file}/{}/{}", f[1], f[3]),
                ru: f[ru_col].to_string(),
                en: f[11 - ru_col].to_string(),
            });
        }
    }
    rows
}

/// Whether a row clearly ends a sentence: a terminal, maybe with closing quotes or brackets.
fn ends_clearly(row: &str) -> bool {
    let core = row.trim_end().trim_end_matches(['»', '"', '”', '’', ')']);
    core.ends_with(['.', '!', '?', '…']) && !core.ends_with("..")
}

#[test]
fn wmt_rows_split_where_they_should() {
    let Some(dir) = data_dir("wmt-ru-en") else {
        return;
    };
    let rows = wmt_rows(&dir);
    assert!(rows.len() > 5000);
    for (lang, side) in [(Lang::Ru, 0), (Lang::En, 1)] {
        let text = |r: &Row| {
            if side == 0 {
                r.ru.clone()
            } else {
                r.en.clone()
            }
        };
        // Over-splitting: a row usually holds one sentence; very few split into more pieces
        // than the row has terminals followed by a space and a capital.
        let split_rows = rows
            .iter()
            .filter(|r| segment(&text(r), lang).len() > 1)
            .count();
        // Under-splitting: consecutive rows of a paragraph, joined with a space, must split at
        // the row bound when the first row clearly ends a sentence and the next starts with a
        // capital.
        let (mut bounds, mut found) = (0, 0);
        for pair in rows.windows(2) {
            let (a, b) = (text(&pair[0]), text(&pair[1]));
            let starts_upper = b
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if pair[0].doc_para != pair[1].doc_para || !ends_clearly(&a) || !starts_upper {
                continue;
            }
            let joined = format!("{} {}", a.trim(), b.trim());
            let at = a.trim().len() + 1;
            bounds += 1;
            if segment(&joined, lang).iter().any(|s| s.start == at) {
                found += 1;
            } else {
                println!("missed: {joined}");
            }
        }
        println!(
            "{lang:?}: {split_rows}/{} rows split, {found}/{bounds} row bounds found",
            rows.len()
        );
        assert!(
            split_rows * 100 < rows.len() * 2,
            "{lang:?}: {split_rows} rows split"
        );
        assert!(
            found * 100 >= bounds * 99,
            "{lang:?}: {found}/{bounds} bounds"
        );
    }
}

// --- Properties -------------------------------------------------------------------------

/// Pieces of text the rules look at.
const PIECES: &[&str] = &[
    ".",
    ". ",
    "...",
    "…",
    "!",
    "?",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{2029}",
    "\u{85}",
    "\u{a0}",
    "\u{0}",
    "\u{200f}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{300}",
    "«",
    "»",
    "“",
    "”",
    "„",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "– ",
    "—",
    ":)",
    "❤️",
    ",",
    ":",
    ";",
    "3.14",
    "200,000",
    "~7%",
    "Mr.",
    "т. е.",
    "г.",
    "П.Дуров",
    "U.S.",
    "etc.",
    "No. 5",
    "telegram.org",
    "1.",
    "А",
    "Он",
    "The",
];

/// Random text made of the pieces the rules look at, words and any characters.
fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        2 => "[a-zA-Zа-яА-ЯёЁ0-9]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// Checks the span invariants of `sentences` over `text`.
fn check_spans(text: &str, sentences: &[Sentence]) -> Result<(), TestCaseError> {
    let mut covered = 0;
    let mut last: Option<&Sentence> = None;
    for s in sentences {
        prop_assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?}"
        );
        let t = s.text(text);
        prop_assert_eq!(t.trim(), t, "untrimmed {:?}", s);
        prop_assert!(!t.contains('\n'), "line break in {:?}", t);
        // Everything between sentences is whitespace.
        prop_assert!(
            text[covered..s.start].trim().is_empty(),
            "lost text before {:?}",
            s
        );
        if let Some(prev) = last {
            prop_assert!(prev.end <= s.start);
            prop_assert!(prev.paragraph <= s.paragraph);
        }
        covered = s.end;
        last = Some(s);
    }
    prop_assert!(text[covered..].trim().is_empty(), "lost text at the end");
    Ok(())
}

/// The paragraph index of each sentence, from the line holding it.
fn line_paragraphs(text: &str, sentences: &[Sentence]) -> Vec<usize> {
    let starts: Vec<usize> = paragraphs(text).map(|(offset, _)| offset).collect();
    sentences
        .iter()
        .map(|s| starts.partition_point(|&o| o <= s.start) - 1)
        .collect()
}

proptest! {
    #![proptest_config(support::proptest_config(ProptestConfig::with_cases(2000)))]

    #[test]
    fn random_text_never_panics(text in any::<String>(), ru in any::<bool>()) {
        let lang = if ru { Lang::Ru } else { Lang::En };
        let s = segment(&text, lang);
        check_spans(&text, &s)?;
        check_spans(&text, &presegmented(&text))?;
    }

    #[test]
    fn spans_cover_the_text(text in text_strategy(), ru in any::<bool>()) {
        let lang = if ru { Lang::Ru } else { Lang::En };
        let s = segment(&text, lang);
        check_spans(&text, &s)?;
        // Exactly the non-space characters, in order, once each.
        let covered: String = s.iter().flat_map(|s| s.text(&text).chars()).filter(|c| !c.is_whitespace()).collect();
        let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(covered, all);
    }

    #[test]
    fn paragraphs_follow_the_lines(text in text_strategy()) {
        let s = segment(&text, Lang::Ru);
        let expected = line_paragraphs(&text, &s);
        let got: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
        prop_assert_eq!(&got, &expected);
        // Every paragraph holds at least one sentence, numbered without gaps.
        let count = paragraphs(&text).count();
        let mut distinct = got.clone();
        distinct.dedup();
        prop_assert_eq!(distinct, (0..count).collect::<Vec<_>>());
    }

    #[test]
    fn presegmented_keeps_each_line(text in text_strategy()) {
        let s = presegmented(&text);
        check_spans(&text, &s)?;
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let got: Vec<&str> = s.iter().map(|s| s.text(&text)).collect();
        prop_assert_eq!(got, lines);
    }
}
