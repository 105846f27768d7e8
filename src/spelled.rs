//! Numbers spelled out in words, in Russian and English: `двадцать тысяч`, `двух тысяч`,
//! `twenty thousand`, `one hundred and five`, `3 миллиона`, `2.5 million`. The scorer gives
//! each the same number key as its digits, so `двадцать тысяч иен` matches `20,000 yen`.
//!
//! A lone `один` / `one` is no number here: it is as often a pronoun or an article (`one
//! should`, `одна` *alone*). Plural scale words (`тысячи людей`, `millions`) name no number
//! either, unless a count comes before them (`две тысячи`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::Lang;

/// What a number word adds to the number it is part of.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    /// A count below 1,000 (два, двадцать, двести; two, twenty).
    Count(u64),
    /// English `hundred`: multiplies the count before it.
    Hundred,
    /// тысяча, миллион, thousand, million…: multiplies the count before it and closes a group.
    /// `alone`: the form names the number without a count (тысяча, тысячу, a thousand), not
    /// only a plural (тысячи людей, thousands).
    Scale { value: u64, alone: bool },
    /// English `and` between the hundreds and the rest (`one hundred and five`).
    And,
}

/// A spelled-out number found by [`spelled_numbers`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spelled {
    /// The words it spans (indices into the slice given).
    pub(crate) words: Range<usize>,
    /// Its value, written as [`normalize_number`](crate::text::normalize_number) writes digits.
    pub(crate) value: String,
    /// Whether it starts with a number written in digits (`3 миллиона`).
    pub(crate) digits: bool,
}

/// The spelled-out numbers among `words`: lowercase word forms with ё written as е, and
/// numbers in digits written as [`normalize_number`](crate::text::normalize_number) writes
/// them (`3`, `2.5`).
pub(crate) fn spelled_numbers(words: &[&str], lang: Lang) -> Vec<Spelled> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match read_number(words, i, lang) {
            Some((end, found)) => {
                out.extend(found);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Reads the longest number starting at `words[start]`: the index after it, and the number
/// if it is one worth a key.
fn read_number(words: &[&str], start: usize, lang: Lang) -> Option<(usize, Option<Spelled>)> {
    let leading = digits(words[start]);
    let mut reading = Reading {
        total: 0.0,
        group: leading.unwrap_or(0.0),
        last: None,
        counted: leading.is_some(),
        digits: leading.is_some(),
        words_read: 0,
    };
    let mut i = start + usize::from(leading.is_some());
    while i < words.len() {
        let Some(read) = number_words(words[i], lang) else {
            break;
        };
        let before = (reading.total, reading.group);
        let mut fits = true;
        for w in read {
            fits &= reading.add(w, words.get(i + 1).copied(), lang);
        }
        if !fits {
            (reading.total, reading.group) = before;
            break;
        }
        reading.words_read += 1;
        i += 1;
    }
    if reading.words_read == 0 {
        return None;
    }
    // A lone one (один, one) is 1: no number worth a key.
    let value = reading.total + reading.group;
    let whole = value.fract() == 0.0 && (2.0..1e15).contains(&value);
    let found = whole.then(|| Spelled {
        words: start..i,
        value: format!("{}", value as u64),
        digits: leading.is_some(),
    });
    Some((i, found))
}

/// The number words of `word` (an English compound such as `twenty-five` is two), if all its
/// parts are number words.
fn number_words(word: &str, lang: Lang) -> Option<Vec<Word>> {
    let parts: Vec<&str> = if lang == Lang::En {
        word.split('-').collect()
    } else {
        vec![word]
    };
    parts.iter().map(|part| number_word(part, lang)).collect()
}

/// A number being read, word by word.
struct Reading {
    /// The closed groups (`три миллиона`) so far.
    total: f64,
    /// The group being counted (`пятьсот`, before `тысяч`).
    group: f64,
    /// The last count of the group, to accept `twenty one` and `сто пять` but not `two three`.
    last: Option<u64>,
    /// Whether the group has a count (a scale word needs one unless it names a number alone).
    counted: bool,
    /// Whether the number starts with digits (`3 миллиона`).
    digits: bool,
    /// Words read so far (after the digits).
    words_read: usize,
}

impl Reading {
    /// Adds the number word `w`, followed in the text by `next`. Returns whether it fits the
    /// number read so far.
    fn add(&mut self, w: Word, next: Option<&str>, lang: Lang) -> bool {
        match w {
            Word::Count(n) => {
                // Digits take a scale word after them, not a count (`5 two`).
                let mut fits = !self.digits || self.words_read > 0;
                fits &= match self.last {
                    None => true,
                    Some(prev) => {
                        (prev >= 100 && prev % 100 == 0 && n < 100)
                            || ((20..100).contains(&prev) && prev % 10 == 0 && n < 10)
                    }
                };
                self.group += n as f64;
                self.last = Some(n);
                self.counted = true;
                fits
            }
            Word::Hundred => {
                let fits = self.last.is_none_or(|n| n < 10) && self.group < 10.0;
                self.group = self.group.max(1.0) * 100.0;
                self.last = Some(100);
                self.counted = true;
                fits
            }
            Word::Scale { value, alone } => {
                let fits = self.counted || alone;
                self.total += self.group.max(1.0) * value as f64;
                self.group = 0.0;
                self.last = None;
                self.counted = false;
                fits
            }
            Word::And => {
                self.last.is_some_and(|n| n >= 100 && n % 100 == 0)
                    && next
                        .and_then(|w| number_word(w.split('-').next()?, lang))
                        .is_some_and(|w| matches!(w, Word::Count(n) if n < 100))
            }
        }
    }
}

/// The value of a number written in digits (`3`, `2.5`), if `word` is one.
fn digits(word: &str) -> Option<f64> {
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    word.parse().ok()
}

fn number_word(word: &str, lang: Lang) -> Option<Word> {
    match lang {
        Lang::Ru => russian().get(word).copied(),
        Lang::En => english(word),
    }
}

/// English counts below twenty, by value.
const EN_COUNTS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// English tens from twenty: `EN_TENS[0]` is 20.
const EN_TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn english(word: &str) -> Option<Word> {
    if let Some(n) = EN_COUNTS.iter().position(|&w| w == word) {
        return (n > 0).then_some(Word::Count(n as u64));
    }
    if let Some(n) = EN_TENS.iter().position(|&w| w == word) {
        return Some(Word::Count(20 + 10 * n as u64));
    }
    let scale = |value| Some(Word::Scale { value, alone: true });
    match word {
        "hundred" => Some(Word::Hundred),
        "thousand" => scale(1_000),
        "million" => scale(1_000_000),
        "billion" => scale(1_000_000_000),
        "trillion" => scale(1_000_000_000_000),
        "and" => Some(Word::And),
        _ => None,
    }
}

/// Every case form of the Russian number words.
fn russian() -> &'static HashMap<String, Word> {
    static TABLE: OnceLock<HashMap<String, Word>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        let mut count = |n: u64, forms: &[&str]| {
            for &f in forms {
                t.insert(f.to_string(), Word::Count(n));
            }
        };
        russian_counts(&mut count);
        russian_hundreds(&mut count);
        russian_scales(&mut t);
        t
    })
}

/// Calls `count` with each Russian count below 100 and its case forms.
fn russian_counts(count: &mut impl FnMut(u64, &[&str])) {
    count(
        1,
        &[
            "один",
            "одна",
            "одно",
            "одного",
            "одной",
            "одному",
            "одним",
            "одном",
            "одну",
            "одною",
        ],
    );
    count(2, &["два", "две", "двух", "двум", "двумя"]);
    count(3, &["три", "трех", "трем", "тремя"]);
    count(4, &["четыре", "четырех", "четырем", "четырьмя"]);
    // Counts that end in ь decline as нить: пять, пяти, пятью.
    let soft = [
        (5, "пять"),
        (6, "шесть"),
        (7, "семь"),
        (9, "девять"),
        (10, "десять"),
        (11, "одиннадцать"),
        (12, "двенадцать"),
        (13, "тринадцать"),
        (14, "четырнадцать"),
        (15, "пятнадцать"),
        (16, "шестнадцать"),
        (17, "семнадцать"),
        (18, "восемнадцать"),
        (19, "девятнадцать"),
        (20, "двадцать"),
        (30, "тридцать"),
    ];
    for (n, nom) in soft {
        let stem = nom.strip_suffix('ь').unwrap_or(nom);
        count(n, &[nom, &format!("{stem}и"), &format!("{stem}ью")]);
    }
    count(8, &["восемь", "восьми", "восемью", "восьмью"]);
    count(40, &["сорок", "сорока"]);
    count(50, &["пятьдесят", "пятидесяти", "пятьюдесятью"]);
    count(60, &["шестьдесят", "шестидесяти", "шестьюдесятью"]);
    count(70, &["семьдесят", "семидесяти", "семьюдесятью"]);
    count(80, &["восемьдесят", "восьмидесяти", "восемьюдесятью"]);
    count(90, &["девяносто", "девяноста"]);
}

/// Calls `count` with each Russian hundred and its case forms.
fn russian_hundreds(count: &mut impl FnMut(u64, &[&str])) {
    count(100, &["сто", "ста"]);
    count(
        200,
        &["двести", "двухсот", "двумстам", "двумястами", "двухстах"],
    );
    count(
        300,
        &["триста", "трехсот", "тремстам", "тремястами", "трехстах"],
    );
    count(
        400,
        &[
            "четыреста",
            "четырехсот",
            "четыремстам",
            "четырьмястами",
            "четырехстах",
        ],
    );
    // пятьсот … девятьсот: the genitive stem and -сот, -стам, -стах; -юстами.
    let hundreds = [
        (500, "пятьсот", "пяти", "пятью"),
        (600, "шестьсот", "шести", "шестью"),
        (700, "семьсот", "семи", "семью"),
        (800, "восемьсот", "восьми", "восемью"),
        (900, "девятьсот", "девяти", "девятью"),
    ];
    for (n, nom, oblique, instrumental) in hundreds {
        count(
            n,
            &[
                nom,
                &format!("{oblique}сот"),
                &format!("{oblique}стам"),
                &format!("{oblique}стах"),
                &format!("{instrumental}стами"),
            ],
        );
    }
}

/// Adds the case forms of the Russian scale words (тысяча, миллион, миллиард, триллион) to `t`.
fn russian_scales(t: &mut HashMap<String, Word>) {
    let scales: [(u64, &str, &[&str], &[&str]); 4] = [
        // (value, stem, forms that name the number alone, forms that need a count)
        (
            1_000,
            "тысяч",
            &["а", "у", "ей", "ею"],
            &["", "и", "е", "ам", "ами", "ах"],
        ),
        (
            1_000_000,
            "миллион",
            &["", "ом", "е"],
            &["а", "у", "ов", "ы", "ам", "ами", "ах"],
        ),
        (
            1_000_000_000,
            "миллиард",
            &["", "ом", "е"],
            &["а", "у", "ов", "ы", "ам", "ами", "ах"],
        ),
        (
            1_000_000_000_000,
            "триллион",
            &["", "ом", "е"],
            &["а", "у", "ов", "ы", "ам", "ами", "ах"],
        ),
    ];
    for (value, stem, alone, counted) in scales {
        for (endings, alone) in [(alone, true), (counted, false)] {
            for ending in endings {
                t.insert(format!("{stem}{ending}"), Word::Scale { value, alone });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<(String, bool)> {
        let words: Vec<&str> = text.split(' ').collect();
        spelled_numbers(&words, lang)
            .into_iter()
            .map(|s| (s.value, s.digits))
            .collect()
    }

    fn one(text: &str, lang: Lang) -> Vec<String> {
        values(text, lang).into_iter().map(|v| v.0).collect()
    }

    #[test]
    fn a_number_spans_its_words() {
        let words = ["заплатил", "двадцать", "две", "тысячи", "рублей"];
        let found = spelled_numbers(&words, Lang::Ru);
        assert_eq!(found[0].words, 1..4);
        assert_eq!(found[0].value, "22000");
        let words = ["3", "million", "users"];
        assert_eq!(spelled_numbers(&words, Lang::En)[0].value, "3000000");
    }

    #[test]
    fn russian_numbers_in_every_case() {
        assert_eq!(one("мне двадцать пять лет", Lang::Ru), ["25"]);
        assert_eq!(one("около двух тысяч человек", Lang::Ru), ["2000"]);
        assert_eq!(one("с тремястами сорока пятью рублями", Lang::Ru), ["345"]);
        assert_eq!(one("двести тысяч долларов", Lang::Ru), ["200000"]);
        assert_eq!(one("сто двадцать один", Lang::Ru), ["121"]);
        assert_eq!(
            one("три миллиона пятьсот тысяч", Lang::Ru),
            ["3500000"],
            "a scale closes a group and the next group adds to it"
        );
        assert_eq!(one("тысяча лет", Lang::Ru), ["1000"]);
        assert_eq!(one("восемьюдесятью", Lang::Ru), ["80"]);
    }

    #[test]
    fn english_numbers() {
        assert_eq!(one("twenty-five years", Lang::En), ["25"]);
        assert_eq!(one("one hundred and five", Lang::En), ["105"]);
        assert_eq!(one("two hundred thousand dollars", Lang::En), ["200000"]);
        assert_eq!(one("a thousand years", Lang::En), ["1000"]);
        assert_eq!(one("eleven o'clock", Lang::En), ["11"]);
        assert_eq!(one("bread and butter", Lang::En), Vec::<String>::new());
    }

    #[test]
    fn digits_before_a_scale_word() {
        assert_eq!(
            values("3 миллиона пользователей", Lang::Ru),
            [("3000000".to_string(), true)]
        );
        assert_eq!(
            values("2.5 million users", Lang::En),
            [("2500000".to_string(), true)]
        );
        // Digits alone are left to the number tokens, and a count after them is its own.
        assert!(values("3 дня", Lang::Ru).is_empty());
        assert_eq!(values("5 two", Lang::En), [("2".to_string(), false)]);
    }

    /// `n` in English words, as a writer spells it: `three hundred and five thousand, twenty-one`.
    fn in_english(n: u64) -> String {
        let below_thousand = |n: u64| -> Vec<String> {
            let mut out = Vec::new();
            if n >= 100 {
                out.push(EN_COUNTS[(n / 100) as usize].to_string());
                out.push("hundred".to_string());
                if !n.is_multiple_of(100) {
                    out.push("and".to_string());
                }
            }
            let rest = n % 100;
            match rest {
                0 => {}
                1..20 => out.push(EN_COUNTS[rest as usize].to_string()),
                _ if rest.is_multiple_of(10) => {
                    out.push(EN_TENS[(rest / 10 - 2) as usize].to_string())
                }
                _ => out.push(format!(
                    "{}-{}",
                    EN_TENS[(rest / 10 - 2) as usize],
                    EN_COUNTS[(rest % 10) as usize]
                )),
            }
            out
        };
        let mut words = Vec::new();
        for (scale, name) in [
            (1_000_000_000, "billion"),
            (1_000_000, "million"),
            (1_000, "thousand"),
        ] {
            if !(n / scale).is_multiple_of(1000) {
                words.extend(below_thousand(n / scale % 1000));
                words.push(name.to_string());
            }
        }
        words.extend(below_thousand(n % 1000));
        words.join(" ")
    }

    /// Russian units and teens in the nominative, by value.
    const RU_UNITS: [&str; 20] = [
        "",
        "один",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
        "десять",
        "одиннадцать",
        "двенадцать",
        "тринадцать",
        "четырнадцать",
        "пятнадцать",
        "шестнадцать",
        "семнадцать",
        "восемнадцать",
        "девятнадцать",
    ];
    /// Russian tens in the nominative: `RU_TENS[2]` is 20.
    const RU_TENS: [&str; 10] = [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    /// Russian hundreds in the nominative: `RU_HUNDREDS[1]` is 100.
    const RU_HUNDREDS: [&str; 10] = [
        "",
        "сто",
        "двести",
        "триста",
        "четыреста",
        "пятьсот",
        "шестьсот",
        "семьсот",
        "восемьсот",
        "девятьсот",
    ];

    /// `n` in Russian words in the nominative, the scale word agreeing with its count.
    fn in_russian(n: u64) -> String {
        let below_thousand = |n: u64, feminine: bool| -> Vec<&str> {
            let mut out = vec![
                RU_HUNDREDS[(n / 100) as usize],
                RU_TENS[(n % 100 / 10) as usize],
            ];
            let unit = if n % 100 < 20 { n % 100 } else { n % 10 };
            out.push(match (unit, feminine) {
                (1, true) => "одна",
                (2, true) => "две",
                _ => RU_UNITS[unit as usize],
            });
            if n % 100 < 20 {
                out[1] = "";
            }
            out.retain(|w| !w.is_empty());
            out
        };
        let form = |n: u64, forms: [&'static str; 3]| match (n % 10, n % 100) {
            (_, 11..=14) => forms[2],
            (1, _) => forms[0],
            (2..=4, _) => forms[1],
            _ => forms[2],
        };
        let mut words = Vec::new();
        for (scale, forms, feminine) in [
            (
                1_000_000_000,
                ["миллиард", "миллиарда", "миллиардов"],
                false,
            ),
            (1_000_000, ["миллион", "миллиона", "миллионов"], false),
            (1_000, ["тысяча", "тысячи", "тысяч"], true),
        ] {
            let count = n / scale % 1000;
            if count > 0 {
                words.extend(below_thousand(count, feminine));
                words.push(form(count, forms));
            }
        }
        words.extend(below_thousand(n % 1000, false));
        words.join(" ")
    }

    proptest::proptest! {
        #[test]
        fn every_number_spelled_out_reads_back(n in proptest::prop_oneof![
            2u64..1_000,
            1_000u64..1_000_000,
            1_000_000u64..5_000_000_000,
        ]) {
            for (text, lang) in [(in_english(n), Lang::En), (in_russian(n), Lang::Ru)] {
                let words: Vec<&str> = text.split(' ').collect();
                let found = spelled_numbers(&words, lang);
                proptest::prop_assert_eq!(found.len(), 1, "{}", text);
                proptest::prop_assert_eq!(&found[0].words, &(0..words.len()), "{}", text);
                proptest::prop_assert_eq!(&found[0].value, &n.to_string(), "{}", text);
            }
        }

        #[test]
        fn any_words_read_without_panic(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "two", "hundred", "and", "thousand", "one", "ninety-nine", "3", "2.5", "x",
                "million", "два", "тысячи", "сто", "миллионов", "одна", "тысяча", "",
            ]),
            0..12,
        )) {
            for lang in [Lang::En, Lang::Ru] {
                for found in spelled_numbers(&words, lang) {
                    proptest::prop_assert!(found.words.start < found.words.end);
                    proptest::prop_assert!(found.words.end <= words.len());
                    proptest::prop_assert!(found.value.parse::<u64>().is_ok_and(|v| v >= 2));
                }
            }
        }
    }

    #[test]
    fn words_that_name_no_number() {
        // A lone one is a pronoun or article; plurals of scale words are "many".
        assert!(one("one should know", Lang::En).is_empty());
        assert!(one("она была одна", Lang::Ru).is_empty());
        assert!(one("тысячи людей", Lang::Ru).is_empty());
        assert!(one("миллионы долларов", Lang::Ru).is_empty());
        assert!(one("millions of users", Lang::En).is_empty());
        // Two counts that do not make one number stay apart: "two or three", not 23.
        assert_eq!(one("два три", Lang::Ru), ["2", "3"]);
        assert_eq!(one("and then", Lang::En), Vec::<String>::new());
    }
}
