//! The aligner on small Russian–English news texts: every bead type, fixed beads, a missing
//! paragraph, and property tests on random text.

use std::ops::Range;

use proptest::prelude::*;
use sverka::{Aligner, Bead, Document, Error, Lang, align};

use crate::support;
use crate::support::beads::{check_cover, ranges};

/// Context pairs: sentences that translate each other one to one.
const PAIRS: [(&str, &str); 12] = [
    (
        "В понедельник мэр Москвы Сергей Собянин открыл 12 новых станций метро.",
        "On Monday, Moscow mayor Sergei Sobyanin opened 12 new metro stations.",
    ),
    (
        "Строительство обошлось городу в 85 миллиардов рублей.",
        "The construction cost the city 85 billion roubles.",
    ),
    (
        "По данным Росстата, инфляция в марте составила 7,4 процента.",
        "According to Rosstat, inflation in March was 7.4 percent.",
    ),
    (
        "Компания Яндекс сообщила о выручке в 162 миллиарда рублей за 2023 год.",
        "Yandex reported revenue of 162 billion roubles for 2023.",
    ),
    (
        "Температура в Санкт-Петербурге опустилась до минус 18 градусов.",
        "The temperature in St Petersburg dropped to minus 18 degrees.",
    ),
    (
        "Футбольный клуб «Зенит» подписал контракт с бразильским защитником на 3 года.",
        "The football club \"Zenit\" signed a contract with a Brazilian defender for 3 years.",
    ),
    (
        "Полиция Новосибирска задержала 4 подозреваемых в краже 900 ноутбуков.",
        "Novosibirsk police detained 4 suspects in the theft of 900 laptops.",
    ),
    (
        "Аэропорт Шереметьево обслужил в январе 2,6 миллиона пассажиров.",
        "Sheremetyevo airport served 2.6 million passengers in January.",
    ),
    (
        "Курс доллара на бирже вырос до 92 рублей 40 копеек.",
        "The dollar rose to 92 roubles 40 kopecks on the exchange.",
    ),
    (
        "В Калининграде построят новый мост длиной 1100 метров.",
        "A new bridge 1,100 metres long will be built in Kaliningrad.",
    ),
    (
        "Пожар на складе в Екатеринбурге тушили 60 пожарных.",
        "60 firefighters fought the fire at a warehouse in Yekaterinburg.",
    ),
    (
        "Премию «Большая книга» получил роман о жизни Чехова.",
        "The Big Book prize went to a novel about the life of Chekhov.",
    ),
];

/// A presegmented document of `lines`, one sentence each.
fn doc(lines: &[&str], lang: Lang) -> Document {
    Document::presegmented(lines.join("\n"), lang).unwrap()
}

/// Aligns `ru` with `en` (one sentence a line) and checks the beads against `expected`
/// (Russian range, English range), the cover, and the confidences.
fn assert_beads(ru: &[&str], en: &[&str], expected: &[(Range<usize>, Range<usize>)]) {
    let (ru, en) = (doc(ru, Lang::Ru), doc(en, Lang::En));
    let beads = align(&ru, &en);
    check_cover(&beads, ru.len(), en.len()).unwrap();
    for b in &beads {
        assert!((0.0..=1.0).contains(&b.score), "confidence of {b:?}");
    }
    assert_eq!(ranges(&beads), expected, "beads: {beads:?}");
}

/// Puts the sentences of the tested bead between pairs 0–1 and pairs 2–3 and checks that
/// the result is four 1-1 beads around the one expected bead of `ru.len()`-`en.len()`.
fn assert_bead_in_context(ru: &[&str], en: &[&str]) {
    let mut ru_doc: Vec<&str> = vec![PAIRS[0].0, PAIRS[1].0];
    let mut en_doc: Vec<&str> = vec![PAIRS[0].1, PAIRS[1].1];
    ru_doc.extend_from_slice(ru);
    en_doc.extend_from_slice(en);
    ru_doc.extend([PAIRS[2].0, PAIRS[3].0]);
    en_doc.extend([PAIRS[2].1, PAIRS[3].1]);
    let (a, b) = (ru.len(), en.len());
    let expected = vec![
        (0..1, 0..1),
        (1..2, 1..2),
        (2..2 + a, 2..2 + b),
        (2 + a..3 + a, 2 + b..3 + b),
        (3 + a..4 + a, 3 + b..4 + b),
    ];
    assert_beads(&ru_doc, &en_doc, &expected);
}

#[test]
fn one_to_one() {
    let ru: Vec<&str> = PAIRS.iter().map(|p| p.0).collect();
    let en: Vec<&str> = PAIRS.iter().map(|p| p.1).collect();
    let expected: Vec<_> = (0..PAIRS.len()).map(|i| (i..i + 1, i..i + 1)).collect();
    assert_beads(&ru, &en, &expected);
}

#[test]
fn one_to_zero() {
    assert_bead_in_context(
        &["Напомним, что в 2018 году компания уже переносила запуск станций на 2 месяца."],
        &[],
    );
}

#[test]
fn zero_to_one() {
    assert_bead_in_context(
        &[],
        &["Reuters could not independently verify the figures published on 17 March 2024."],
    );
}

#[test]
fn one_to_two() {
    assert_bead_in_context(
        &[
            "Президент Франции Эмманюэль Макрон прилетел в Пекин 5 апреля и провёл с Си Цзиньпином переговоры, которые продолжались 6 часов.",
        ],
        &[
            "French President Emmanuel Macron arrived in Beijing on 5 April.",
            "His talks with Xi Jinping lasted 6 hours.",
        ],
    );
}

#[test]
fn two_to_one() {
    assert_bead_in_context(
        &[
            "Землетрясение магнитудой 6,1 произошло у берегов Японии в 3 часа ночи.",
            "Угрозы цунами нет, сообщило метеорологическое агентство страны.",
        ],
        &[
            "A magnitude 6.1 earthquake struck off the coast of Japan at 3 a.m., but there is no tsunami threat, the country's meteorological agency said.",
        ],
    );
}

#[test]
fn two_to_two() {
    // The boundaries cross: the first Russian sentence holds what the first English sentence
    // says and half of the second one.
    assert_bead_in_context(
        &[
            "В 2015 году завод в Тольятти выпустил 340 000 автомобилей, а экспорт вырос на 45 процентов.",
            "Ещё 12 000 машин продали в Казахстане.",
        ],
        &[
            "In 2015 the Togliatti plant produced 340,000 cars.",
            "Exports grew by 45 percent, and another 12,000 cars were sold in Kazakhstan.",
        ],
    );
}

#[test]
fn one_to_three() {
    assert_bead_in_context(
        &[
            "В 2019 году сеть открыла 14 магазинов в Казани, в 2020 году — 27 магазинов в Самаре, а в 2021 году — 39 магазинов в Перми.",
        ],
        &[
            "In 2019 the chain opened 14 stores in Kazan.",
            "In 2020 it opened 27 stores in Samara.",
            "In 2021 it opened 39 stores in Perm.",
        ],
    );
}

#[test]
fn three_to_one() {
    assert_bead_in_context(
        &[
            "Выставка откроется в Эрмитаже 14 мая.",
            "Посетители увидят 250 картин из частных коллекций.",
            "Билеты будут стоить 600 рублей.",
        ],
        &[
            "The exhibition, which opens at the Hermitage on 14 May, will show visitors 250 paintings from private collections, with tickets at 600 roubles.",
        ],
    );
}

/// A sentence with no counterpart and no number or name of its own is left unpaired, not
/// merged into its neighbour's bead.
#[test]
fn one_to_zero_without_numbers() {
    assert_bead_in_context(
        &["Редакция благодарит читателей за многочисленные письма и звонки."],
        &[],
    );
}

/// The same for an English sentence with a name of its own.
#[test]
fn zero_to_one_without_numbers() {
    assert_bead_in_context(
        &[],
        &["Reuters could not independently verify these figures."],
    );
}

/// The twelve pairs as two documents.
fn parallel() -> (Document, Document) {
    let ru: Vec<&str> = PAIRS.iter().map(|p| p.0).collect();
    let en: Vec<&str> = PAIRS.iter().map(|p| p.1).collect();
    (doc(&ru, Lang::Ru), doc(&en, Lang::En))
}

fn bad_fixed(fixed: &[Bead]) -> String {
    let (ru, en) = parallel();
    match Aligner::new().align_fixed(&ru, &en, fixed) {
        Err(Error::BadFixedBeads(message)) => message,
        other => panic!("fixed beads {fixed:?} gave {other:?}, not BadFixedBeads"),
    }
}

#[test]
fn fixed_beads_are_kept_and_gaps_aligned() {
    let (ru, en) = parallel();
    let fixed = [Bead::new(3..4, 3..4, 1.0), Bead::new(8..9, 8..9, 1.0)];
    let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
    check_cover(&beads, 12, 12).unwrap();
    let expected: Vec<_> = (0..12).map(|i| (i..i + 1, i..i + 1)).collect();
    assert_eq!(ranges(&beads), expected);
    // Kept as given, confidence included.
    assert_eq!(beads[3], fixed[0]);
    assert_eq!(beads[8], fixed[1]);
}

#[test]
fn a_wrong_fixed_bead_is_kept_as_given() {
    let (ru, en) = parallel();
    // A reviewer pairs Russian 3 with English 3 and 4; the aligner must not undo it.
    let fixed = [Bead::new(3..4, 3..5, 0.7)];
    let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
    check_cover(&beads, 12, 12).unwrap();
    let at = beads
        .iter()
        .position(|b| *b == fixed[0])
        .expect("fixed bead kept");
    assert_eq!(
        ranges(&beads[..at]),
        [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]
    );
    // Past the gap left by the fixed bead, the pairs line up again.
    for i in 6..12 {
        assert!(
            beads
                .iter()
                .any(|b| b.span.ru == (i..i + 1) && b.span.en == (i..i + 1)),
            "pair {i} not 1-1 in {beads:?}"
        );
    }
}

#[test]
fn one_sided_and_edge_fixed_beads() {
    let (ru, en) = parallel();
    // An unpaired sentence approved as such, at the very start and at the very end.
    let fixed = [
        Bead::new(0..1, 0..0, 1.0),
        Bead::new(5..6, 5..6, 1.0),
        Bead::new(12..12, 11..12, 1.0),
    ];
    let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
    check_cover(&beads, 12, 12).unwrap();
    assert_eq!(beads.first(), Some(&fixed[0]));
    assert_eq!(beads.last(), Some(&fixed[2]));
    assert!(beads.contains(&fixed[1]));
}

#[test]
fn no_fixed_beads_is_plain_alignment() {
    let (ru, en) = parallel();
    let beads = Aligner::new().align_fixed(&ru, &en, &[]).unwrap();
    assert_eq!(beads, align(&ru, &en));
}

#[test]
fn fixed_beads_covering_everything_come_back_unchanged() {
    let (ru, en) = parallel();
    let fixed = [
        Bead::new(0..6, 0..5, 0.5),
        Bead::new(6..6, 5..6, 0.25),
        Bead::new(6..12, 6..12, 0.0),
    ];
    let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
    assert_eq!(beads, fixed);
}

#[test]
fn fixed_beads_empty_on_both_sides_are_rejected() {
    bad_fixed(&[Bead::new(3..3, 3..3, 1.0)]);
}

#[test]
fn fixed_beads_out_of_range_are_rejected() {
    let message = bad_fixed(&[Bead::new(11..13, 11..12, 1.0)]);
    assert!(message.contains("12"), "{message}");
    bad_fixed(&[Bead::new(11..12, 11..13, 1.0)]);
    bad_fixed(&[Bead::new(12..12, 12..13, 1.0)]);
    bad_fixed(&[Bead::new(40..41, 0..0, 1.0)]);
}

#[test]
fn overlapping_fixed_beads_are_rejected() {
    bad_fixed(&[Bead::new(1..3, 1..3, 1.0), Bead::new(2..4, 3..4, 1.0)]);
    bad_fixed(&[Bead::new(1..3, 1..3, 1.0), Bead::new(3..4, 2..4, 1.0)]);
    // The same bead twice.
    bad_fixed(&[Bead::new(1..2, 1..2, 1.0), Bead::new(1..2, 1..2, 1.0)]);
}

#[test]
fn out_of_order_fixed_beads_are_rejected() {
    bad_fixed(&[Bead::new(5..6, 5..6, 1.0), Bead::new(1..2, 1..2, 1.0)]);
    // An empty side is a position: English 7 comes after the bead that ends at English 8.
    bad_fixed(&[Bead::new(4..5, 4..8, 1.0), Bead::new(5..6, 7..7, 1.0)]);
}

#[test]
fn reversed_fixed_beads_are_rejected() {
    #[expect(clippy::reversed_empty_ranges, reason = "the bad input under test")]
    let bead = Bead::new(5..3, 5..6, 1.0);
    bad_fixed(&[bead]);
}

#[test]
fn reversed_fixed_beads_past_the_end_are_rejected() {
    #[expect(clippy::reversed_empty_ranges, reason = "the bad input under test")]
    let bead = Bead::new(20..3, 0..1, 1.0);
    bad_fixed(&[bead]);
}

/// Sentences of five paragraphs, Russian and English (one sentence a line, blank lines
/// between paragraphs).
const PARAGRAPHS: [&[(&str, &str)]; 5] = [
    &[
        (
            "Правительство России утвердило бюджет на 2025 год.",
            "The Russian government approved the budget for 2025.",
        ),
        (
            "Расходы составят 41 триллион рублей.",
            "Spending will amount to 41 trillion roubles.",
        ),
    ],
    &[
        (
            "Министр финансов Антон Силуанов назвал бюджет сбалансированным.",
            "Finance Minister Anton Siluanov called the budget balanced.",
        ),
        (
            "Дефицит не превысит полпроцента ВВП.",
            "The deficit will not exceed half a percent of GDP.",
        ),
        (
            "Доходы от нефти и газа снизятся.",
            "Oil and gas revenues will fall.",
        ),
    ],
    &[
        (
            "Центральный банк сохранил ключевую ставку на уровне 21 процента.",
            "The Central Bank kept its key rate at 21 percent.",
        ),
        (
            "Эльвира Набиуллина заявила, что инфляция замедляется.",
            "Elvira Nabiullina said that inflation was slowing down.",
        ),
    ],
    &[
        (
            "Сбербанк выдал в октябре ипотечных кредитов на 160 миллиардов рублей.",
            "Sberbank issued 160 billion roubles of mortgage loans in October.",
        ),
        (
            "Это на 30 процентов меньше, чем в сентябре.",
            "That is 30 percent less than in September.",
        ),
        (
            "Банк связывает снижение с окончанием льготной программы.",
            "The bank links the decline to the end of the subsidised programme.",
        ),
    ],
    &[
        (
            "Акции Газпрома на Московской бирже подешевели на 2,3 процента.",
            "Gazprom shares fell 2.3 percent on the Moscow Exchange.",
        ),
        (
            "Индекс Мосбиржи закрылся на отметке 2500 пунктов.",
            "The MOEX index closed at 2,500 points.",
        ),
    ],
];

/// Paragraphs of one side as presegmented text; `skip` leaves one paragraph out.
fn paragraphs_text(english: bool, skip: Option<usize>) -> String {
    let side = |p: &(&'static str, &'static str)| if english { p.1 } else { p.0 };
    PARAGRAPHS
        .iter()
        .enumerate()
        .filter(|(p, _)| Some(*p) != skip)
        .map(|(_, sentences)| sentences.iter().map(side).collect::<Vec<_>>().join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_missing_paragraph_does_not_derail_the_rest() {
    let ru = Document::presegmented(paragraphs_text(false, None), Lang::Ru).unwrap();
    let en = Document::presegmented(paragraphs_text(true, Some(1)), Lang::En).unwrap();
    assert_eq!(
        (ru.len(), en.len(), ru.paragraphs(), en.paragraphs()),
        (12, 9, 5, 4)
    );
    let beads = align(&ru, &en);
    check_cover(&beads, 12, 9).unwrap();
    // Paragraph 1: 1-1. Paragraph 2 (Russian 2..5): unpaired. Paragraphs 3–5: 1-1 again,
    // English shifted back by the three missing sentences.
    let mut expected = vec![(0..1, 0..1), (1..2, 1..2)];
    expected.extend((2..5).map(|i| (i..i + 1, 2..2)));
    expected.extend((5..12).map(|i| (i..i + 1, i - 3..i - 2)));
    assert_eq!(ranges(&beads), expected, "{beads:?}");
}

#[test]
fn the_whole_parallel_text_aligns_one_to_one_across_paragraphs() {
    let ru = Document::presegmented(paragraphs_text(false, None), Lang::Ru).unwrap();
    let en = Document::presegmented(paragraphs_text(true, None), Lang::En).unwrap();
    let beads = align(&ru, &en);
    let expected: Vec<_> = (0..12).map(|i| (i..i + 1, i..i + 1)).collect();
    assert_eq!(ranges(&beads), expected);
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// One piece of random text: words in both scripts, numbers, punctuation, quotes, line breaks.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[а-яА-ЯёЁ]{1,12}",
        3 => "[a-zA-Z]{1,12}",
        2 => "[0-9]{1,6}",
        1 => "[0-9]{1,3}([ ,.][0-9]{3}){1,2}",
        2 => prop::sample::select(vec![
            ".", ".", "!", "?", "…", "...", ",", ";", ":", "—", "-", "%",
            "«", "»", "\"", "“", "”", "„", "(", ")", "[", "]", "'",
            "т.е.", "г.", "Mr.", "e.g.", "U.S.",
        ]).prop_map(String::from),
        2 => prop::sample::select(vec!["\n", "\n\n", "\n \n", "\r\n", "\t", "  ", "\n\n\n"])
            .prop_map(String::from),
        1 => "\\PC{1,4}",
    ]
}

/// Random text of up to `max` pieces, joined by spaces or nothing.
fn random_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::weighted(0.8)), 0..max).prop_map(|pieces| {
        let mut s = String::new();
        for (p, space) in pieces {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// A document of `text`, presegmented or segmented; `None` when it holds no sentence.
fn random_doc(text: &str, lang: Lang, presegmented: bool) -> Option<Document> {
    let d = if presegmented {
        Document::presegmented(text, lang)
    } else {
        Document::new(text, lang)
    };
    match d {
        Ok(d) => Some(d),
        Err(Error::EmptyInput { .. }) => {
            assert!(
                text.trim().is_empty() || !presegmented,
                "presegmented non-blank text {text:?} gave no sentence"
            );
            None
        }
        Err(e) => panic!("{text:?}: unexpected error {e}"),
    }
}

fn check_beads(beads: &[Bead], ru: &Document, en: &Document) -> Result<(), TestCaseError> {
    check_cover(beads, ru.len(), en.len()).map_err(TestCaseError::fail)?;
    for b in beads {
        prop_assert!(
            b.score.is_finite() && (0.0..=1.0).contains(&b.score),
            "confidence of {:?}",
            b
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(support::proptest_config(ProptestConfig::with_cases(192)))]

    #[test]
    fn random_text_aligns_to_a_full_cover(
        ru_text in random_text(80),
        en_text in random_text(80),
        presegmented in any::<bool>(),
    ) {
        let (Some(ru), Some(en)) = (
            random_doc(&ru_text, Lang::Ru, presegmented),
            random_doc(&en_text, Lang::En, presegmented),
        ) else {
            return Ok(());
        };
        let beads = align(&ru, &en);
        check_beads(&beads, &ru, &en)?;
        // Deterministic: the same input gives the same beads and confidences.
        prop_assert_eq!(&beads, &align(&ru, &en));
        prop_assert_eq!(&beads, &Aligner::new().align_fixed(&ru, &en, &[]).unwrap());
    }

    #[test]
    fn fixed_beads_from_an_alignment_are_kept(
        ru_text in random_text(60),
        en_text in random_text(60),
        presegmented in any::<bool>(),
        keep in prop::collection::vec(prop::bool::weighted(0.3), 1..16),
        score in 0.0f64..=1.0,
    ) {
        let (Some(ru), Some(en)) = (
            random_doc(&ru_text, Lang::Ru, presegmented),
            random_doc(&en_text, Lang::En, presegmented),
        ) else {
            return Ok(());
        };
        let first = align(&ru, &en);
        let fixed: Vec<Bead> = first
            .iter()
            .enumerate()
            .filter(|(k, _)| keep[k % keep.len()])
            .map(|(_, b)| Bead::new(b.span.ru.clone(), b.span.en.clone(), score))
            .collect();
        let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
        check_beads(&beads, &ru, &en)?;
        // Every fixed bead is in the result, as given and in order.
        let mut rest = beads.iter();
        for f in &fixed {
            prop_assert!(rest.any(|b| b == f), "fixed bead {:?} lost in {:?}", f, beads);
        }
    }

    #[test]
    fn shuffled_translations_align_one_to_one(
        order in Just((0..PAIRS.len()).collect::<Vec<_>>()).prop_shuffle(),
        take in 1..=PAIRS.len(),
    ) {
        let ru: Vec<&str> = order[..take].iter().map(|&i| PAIRS[i].0).collect();
        let en: Vec<&str> = order[..take].iter().map(|&i| PAIRS[i].1).collect();
        let (ru, en) = (doc(&ru, Lang::Ru), doc(&en, Lang::En));
        let beads = align(&ru, &en);
        check_beads(&beads, &ru, &en)?;
        let expected: Vec<_> = (0..take).map(|i| (i..i + 1, i..i + 1)).collect();
        prop_assert_eq!(ranges(&beads), expected);
    }
}

/// Random lines of words and numbers, one sentence each, with blank lines now and then.
fn random_lines(lines: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::collection::vec(
                prop_oneof!["[а-яё]{1,9}", "[a-z]{1,9}", "[0-9]{1,4}"],
                1..14,
            ),
            prop::bool::weighted(0.1),
        ),
        lines,
    )
    .prop_map(|lines| {
        let mut s = String::new();
        for (words, blank) in lines {
            s.push_str(&words.join(" "));
            s.push_str(".\n");
            if blank {
                s.push('\n');
            }
        }
        s
    })
}

/// A news-like pair about year `n`; `k` picks the wording, so lengths vary.
fn numbered_pair(n: usize, k: usize) -> (String, String) {
    let m = n * 7 % 1000 + 3;
    match k % 4 {
        0 => (
            format!("В {n} году завод выпустил {m} автомобилей."),
            format!("In {n} the plant made {m} cars."),
        ),
        1 => (
            format!(
                "По данным за {n} год, в Казани открылись {m} новых кафе и ресторанов, а число туристов выросло."
            ),
            format!(
                "According to data for {n}, {m} new cafes and restaurants opened in Kazan, and tourist numbers grew."
            ),
        ),
        2 => (
            format!("Матч {n} закончился со счётом {m}."),
            format!("Match {n} ended with a score of {m}."),
        ),
        _ => (
            format!(
                "Мэр Самары пообещал к {n} году построить {m} километров дорог и отремонтировать все мосты города."
            ),
            format!(
                "The mayor of Samara promised to build {m} kilometres of roads by {n} and repair all the city's bridges."
            ),
        ),
    }
}

proptest! {
    // Long documents go through the banded search with downsampling; fewer cases keep it quick.
    #![proptest_config(support::proptest_config(ProptestConfig::with_cases(12)))]

    #[test]
    fn long_random_documents_align_to_a_full_cover(
        ru_text in random_lines(150..400),
        en_text in random_lines(150..400),
        keep in prop::collection::vec(prop::bool::weighted(0.1), 1..32),
    ) {
        let ru = Document::presegmented(ru_text, Lang::Ru).unwrap();
        let en = Document::presegmented(en_text, Lang::En).unwrap();
        let beads = align(&ru, &en);
        check_beads(&beads, &ru, &en)?;
        prop_assert_eq!(&beads, &align(&ru, &en));
        let fixed: Vec<Bead> = beads
            .iter()
            .enumerate()
            .filter(|(k, _)| keep[k % keep.len()])
            .map(|(_, b)| b.clone())
            .collect();
        let again = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
        check_beads(&again, &ru, &en)?;
        let mut rest = again.iter();
        for f in &fixed {
            prop_assert!(rest.any(|b| b == f), "fixed bead {:?} lost", f);
        }
    }

    #[test]
    fn long_translations_with_gaps_keep_every_pair(
        n in 200usize..600,
        drop_ru in prop::collection::btree_set(0usize..600, 0..12),
        drop_en in prop::collection::btree_set(0usize..600, 0..12),
    ) {
        // Sentence k of both sides is pair k, except where one side drops it. A sentence is
        // never dropped on both sides, nor next to another drop.
        let dropped = |k: usize, set: &std::collections::BTreeSet<usize>| {
            set.contains(&k)
        };
        let isolated = |k: usize| {
            let near = |set: &std::collections::BTreeSet<usize>| {
                set.range(k.saturating_sub(1)..=k + 1).count()
            };
            near(&drop_ru) + near(&drop_en) <= 1
        };
        let (mut ru, mut en) = (Vec::new(), Vec::new());
        let mut expected = Vec::new();
        for k in 0..n {
            let (r, e) = numbered_pair(1000 + k, k);
            let skip_ru = dropped(k, &drop_ru) && isolated(k);
            let skip_en = dropped(k, &drop_en) && isolated(k) && !skip_ru;
            if !skip_ru && !skip_en {
                expected.push((ru.len()..ru.len() + 1, en.len()..en.len() + 1));
            }
            if !skip_ru {
                ru.push(r);
            }
            if !skip_en {
                en.push(e);
            }
        }
        let ru_doc = Document::presegmented(ru.join("\n"), Lang::Ru).unwrap();
        let en_doc = Document::presegmented(en.join("\n"), Lang::En).unwrap();
        let beads = align(&ru_doc, &en_doc);
        check_beads(&beads, &ru_doc, &en_doc)?;
        let got = ranges(&beads);
        for pair in &expected {
            prop_assert!(got.contains(pair), "pair {:?} is not a 1-1 bead", pair);
        }
        // Everything else is unpaired.
        prop_assert_eq!(
            got.len(),
            expected.len() + (ru.len() - expected.len()) + (en.len() - expected.len())
        );
    }
}

/// Two omissions two sentences apart, one on each side (Russian drops pair 134, English pair
/// 132): pair 133 stays 1-1 and the two orphans stay unpaired. A 2-2 bead of 132–133 against
/// 133–134 holds the right pair too, and won once unpaired sentences cost more (skip 5.5) until
/// a bead's sentences that share nothing with its other side counted against it.
#[test]
fn nearby_omissions_on_both_sides_are_not_swallowed_by_a_two_two_bead() {
    let (mut ru, mut en) = (Vec::new(), Vec::new());
    for k in 0..200 {
        let (r, e) = numbered_pair(1000 + k, k);
        if k != 134 {
            ru.push(r);
        }
        if k != 132 {
            en.push(e);
        }
    }
    let ru = Document::presegmented(ru.join("\n"), Lang::Ru).unwrap();
    let en = Document::presegmented(en.join("\n"), Lang::En).unwrap();
    let got = ranges(&align(&ru, &en));
    // Russian 132 is pair 132 (its English dropped), Russian 133 and English 132 are pair 133,
    // English 133 is pair 134 (its Russian dropped).
    for bead in [
        (132..133, 132..132),
        (133..134, 132..133),
        (134..134, 133..134),
    ] {
        assert!(
            got.contains(&bead),
            "{bead:?} missing: {:?}",
            &got[128..136]
        );
    }
}

#[test]
fn confidence_is_high_on_clean_translations() {
    let (ru, en) = parallel();
    let beads = align(&ru, &en);
    assert!(beads.iter().all(|b| b.score >= 0.9), "{beads:?}");
}

/// Two unrelated texts: the 12 Russian news sentences against 12 English ones on other topics
/// (no shared numbers or names). The dictionary knows their words, yet their sentences share
/// what neighbours share, so the prior model stands and leaves them unpaired. (Before, every
/// bead was 1-1 with confidence 0.93–0.97.)
#[test]
fn unrelated_texts_are_left_unpaired() {
    let ru = parallel().0;
    let other = Document::presegmented(paragraphs_text(true, None), Lang::En).unwrap();
    let beads = align(&ru, &other);
    check_cover(&beads, ru.len(), other.len()).unwrap();
    let pairs: Vec<&Bead> = beads.iter().filter(|b| !b.span.is_one_sided()).collect();
    // Two pairs share a word or two (inflation; billion roubles), see the test below.
    assert!(pairs.len() <= 2, "unrelated sentences paired: {pairs:?}");
}

/// The two pairs of unrelated texts that share a word or two (inflation; billion roubles) are
/// not trusted: most of the texts' first-pass pairs look like neighbours, so a pair's
/// confidence is weighed by how few do not (it was 0.92 and 0.94).
#[test]
fn no_pair_of_unrelated_texts_is_trusted() {
    let ru = parallel().0;
    let other = Document::presegmented(paragraphs_text(true, None), Lang::En).unwrap();
    let beads = align(&ru, &other);
    let pairs: Vec<&Bead> = beads.iter().filter(|b| !b.span.is_one_sided()).collect();
    assert!(pairs.iter().all(|b| b.score < 0.5), "{pairs:?}");
}

/// `n` presegmented news sentences, pair `k` of [`numbered_pair`] on line `k`.
fn numbered_doc(n: usize, lang: Lang) -> Document {
    let text: String = (0..n)
        .map(|k| {
            let (r, e) = numbered_pair(k, k);
            let line = if lang == Lang::Ru { r } else { e };
            line + "\n"
        })
        .collect();
    Document::presegmented(text, lang).unwrap()
}

#[test]
fn lopsided_documents_are_covered() {
    // Shapes that go through every branch of the search: tiny against huge, both banded.
    for (n, m) in [
        (1, 3000),
        (3000, 1),
        (5, 3000),
        (3000, 7),
        (200, 2000),
        (2000, 200),
    ] {
        let (ru, en) = (numbered_doc(n, Lang::Ru), numbered_doc(m, Lang::En));
        let beads = align(&ru, &en);
        check_cover(&beads, n, m).unwrap_or_else(|e| panic!("{n}×{m}: {e}"));
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }
}

/// A translation of only the first part of a text: its sentences pair 1-1 with the start of
/// the longer side, whose remaining sentences are unpaired.
#[test]
fn extra_text_on_one_side_does_not_bend_the_pairs() {
    for (n, m) in [(200, 400), (400, 200), (200, 1000), (5, 300), (20, 40)] {
        let (ru, en) = (numbered_doc(n, Lang::Ru), numbered_doc(m, Lang::En));
        let beads = align(&ru, &en);
        check_cover(&beads, n, m).unwrap();
        let missed: Vec<usize> = (0..n.min(m))
            .filter(|&i| {
                !beads
                    .iter()
                    .any(|b| b.span.ru == (i..i + 1) && b.span.en == (i..i + 1))
            })
            .collect();
        assert!(missed.is_empty(), "{n}×{m}: pairs {missed:?} are not 1-1");
    }
}
