//! Russian and English abbreviations, initials, and the words that usually start a sentence.
//!
//! The tables are keyed by script, not by the text's language: Russian texts quote English
//! names (`Mr. Smith`) and English texts Russian ones, and no key is shared by both.

use super::chars::is_period;

/// How a period after an abbreviation behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbr {
    /// Never ends a sentence: `Mr.`, `e.g.`, `т. е.`, `напр.`.
    Always,
    /// Usually stands before a name (`П. Дуров`, `U.S. Army`, `им. Пушкина`, `Apple Inc.`):
    /// ends a sentence only before a word that usually starts one (`The`, `Он`).
    BeforeName,
    /// May end a sentence (`etc.`, `и т. д.`, `в 2013 г.`, `5 млн.`): ends it before a capital
    /// letter, not before a digit (`No. 5`, `стр. 12`) or a lowercase letter.
    Ending,
}

/// Longest abbreviation token looked at, in characters.
const MAX_ABBREV: usize = 24;

/// The kind of abbreviation that `body` (the text before a period) ends with, if any.
///
/// Looks at up to three period-separated parts, so spaced forms match too: `т. е.` is looked
/// up as `т.е`, `и т. д.` as `т.д`.
pub(super) fn abbreviation(body: &str) -> Option<Abbr> {
    let token = trailing_token(body);
    if token.is_empty() || !token.chars().next_back().is_some_and(char::is_alphabetic) {
        return None;
    }
    // The key's parts from the last one backwards (`д`, `т.` for `т. д`), with their offsets.
    let mut parts = vec![(token, body.len() - token.len())];
    while let Some(&(part, from)) = parts.last() {
        if parts.len() >= 3 || letters(part) > 3 {
            break;
        }
        let Some(prev) = previous_part(&body[..from]) else {
            break;
        };
        parts.push(prev);
    }
    for n in (1..=parts.len()).rev() {
        let key: String = parts[..n]
            .iter()
            .rev()
            .flat_map(|(p, _)| p.chars())
            .collect();
        if let Some((kind, unit)) = lookup(&key.to_lowercase()) {
            return Some(after_number(kind, unit, &body[..parts[n - 1].1]));
        }
    }
    let last = token.rsplit(is_period).next().unwrap_or(token);
    let mut chars = last.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let before = &body[..body.len() - token.len()];
    let stands_alone = before
        .chars()
        .next_back()
        .is_none_or(|b| b.is_whitespace() || "([{«„“\"'-–—/".contains(b));
    if !stands_alone {
        // A unit or model glued to a number or sign: `3M.`, `50 °С.`, `5г.`
        return (c.is_lowercase() && is_cyrillic(c)).then_some(Abbr::Ending);
    }
    if c.is_uppercase() {
        // Initials and capital abbreviations: `J. R. R. Tolkien`, `П.Дуров`, `U.S.`
        Some(Abbr::BeforeName)
    } else if is_cyrillic(c) {
        // `г. Москва`, `д. 5`, `п. 3`, `в XIX в.`; but `я` is a word.
        (c != 'я').then(|| after_number(Abbr::Always, true, before))
    } else {
        Some(Abbr::Ending)
    }
}

/// An abbreviation that is a unit after a number (`в 2013 г.`, `5 см.`, `XIX в.`) may end a
/// sentence; elsewhere (`г. Москва`, `см. ниже`) it keeps `kind`.
fn after_number(kind: Abbr, unit: bool, before: &str) -> Abbr {
    if !unit {
        return kind;
    }
    let mut word = trailing_word(before.trim_end());
    if word.is_empty() {
        // Through one abbreviation: `3 тыс. м.`
        let before = before.trim_end();
        if let Some(shorter) = before.strip_suffix('.') {
            let token = trailing_token(shorter);
            word = trailing_word(shorter[..shorter.len() - token.len()].trim_end());
        }
    }
    let roman = !word.is_empty() && word.chars().all(|c| "IVXLCDMХ".contains(c));
    if roman || word.chars().any(|c| c.is_ascii_digit()) {
        Abbr::Ending
    } else {
        kind
    }
}

/// The letters and periods at the end of `text` (at most [`MAX_ABBREV`] characters).
fn trailing_token(text: &str) -> &str {
    let mut from = text.len();
    for (n, (i, c)) in text.char_indices().rev().enumerate() {
        if n >= MAX_ABBREV || !(c.is_alphabetic() || is_period(c)) {
            break;
        }
        from = i;
    }
    if from > 0 && text.len() - from >= MAX_ABBREV {
        // Too long to be an abbreviation.
        return "";
    }
    &text[from..]
}

/// The letters, digits and hyphens at the end of `text`, at most 16 characters.
fn trailing_word(text: &str) -> &str {
    let mut from = text.len();
    for (n, (i, c)) in text.char_indices().rev().enumerate() {
        if n >= 16 || !(c.is_alphanumeric() || c == '-') {
            break;
        }
        from = i;
    }
    &text[from..]
}

/// The part of a spaced abbreviation before `text`'s end: `т.` in `т. ` + `д`. Returns it
/// with its offset; it must be short, end with a period and be followed by one or two spaces.
fn previous_part(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim_end();
    let gap = text.len() - trimmed.len();
    if gap == 0 || gap > 2 || !trimmed.chars().next_back().is_some_and(is_period) {
        return None;
    }
    let part = trailing_token(trimmed);
    let n = letters(part);
    (n > 0 && n <= 4).then(|| (part, trimmed.len() - part.len()))
}

fn letters(part: &str) -> usize {
    part.chars().filter(|c| c.is_alphabetic()).count()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Looks up a lowercase key (parts joined by periods, no final period): the kind, and whether
/// it is a unit that may end a sentence after a number.
fn lookup(key: &str) -> Option<(Abbr, bool)> {
    use Abbr::{Always, BeforeName, Ending};
    let entry = match key {
        // English titles and Latin phrases that never end a sentence.
        "mr" | "mrs" | "ms" | "dr" | "prof" | "mt" | "rev" | "fr" | "gen" | "col" | "lt"
        | "capt" | "sgt" | "sen" | "rep" | "gov" | "pres" | "hon" | "messrs" | "mme" | "mlle"
        | "e.g" | "i.e" | "vs" | "v" | "cf" | "viz" | "approx" | "p.s" | "p.p.s" => (Always, false),
        // English words that usually stand before or after a name.
        "st" | "inc" | "ltd" | "corp" | "co" | "jr" | "sr" | "llc" | "plc" | "bros" | "al"
        | "no" | "nos" | "a.m" | "p.m" => (BeforeName, false),
        // Two-letter initials of transliterated Russian names: `Yu. Gagarin`, `E. Yu. Kotlyarova`.
        "yu" | "ya" | "ye" | "yo" | "zh" | "kh" | "ts" | "sh" | "shch" => (BeforeName, false),
        // English abbreviations that may end a sentence.
        "etc" | "vol" | "vols" | "p" | "pp" | "ch" | "fig" | "figs" | "eq" | "sec" | "art"
        | "para" | "ca" | "est" | "dept" | "univ" | "ave" | "blvd" | "rd" | "jan" | "feb"
        | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec"
        | "b.c" | "a.d" => (Ending, false),
        // Russian abbreviations that never end a sentence.
        "т.е" | "т.к" | "т.н" | "т.о" | "т.ч" | "напр" | "ср" | "проф" | "акад" | "доц" | "св"
        | "тов" | "гр" | "ул" | "пер" | "пл" | "наб" | "просп" | "ст" | "букв" | "англ" | "лат"
        | "нем" | "франц" | "греч" | "сокр" | "зам" | "ген" | "прим" => {
            (Always, false)
        }
        // `г. Москва`, `см. ниже`, but `в 2013 г.`, `5 см.`
        "г" | "см" | "м" | "л" => (Always, true),
        "им" | "дж" => (BeforeName, false),
        // Russian abbreviations that may end a sentence.
        "т.д" | "т.п" | "др" | "пр" | "гг" | "вв" | "н.э" | "млн" | "млрд" | "трлн" | "тыс"
        | "руб" | "долл" | "коп" | "стр" | "рис" | "табл" | "гл" | "мин" | "сек" | "км" | "кг"
        | "мм" | "шт" | "экз" | "чел" | "обл" | "ок" | "тел" | "ед" | "кв" | "куб" | "изд"
        | "ред" | "т" | "ч" => (Ending, false),
        _ => return None,
    };
    Some(entry)
}

/// Whether `word` usually starts a sentence (a pronoun, article, preposition or conjunction),
/// so a capitalized one after an initial or `U.S.` begins a new sentence.
pub(super) fn is_sentence_starter(word: &str) -> bool {
    if word.is_empty() || word.len() > 24 {
        return false;
    }
    let word = word.to_lowercase();
    STARTERS_EN.binary_search(&word.as_str()).is_ok()
        || STARTERS_RU.binary_search(&word.as_str()).is_ok()
}

/// English function words that start sentences (sorted).
const STARTERS_EN: &[&str] = &[
    "a",
    "according",
    "after",
    "again",
    "all",
    "also",
    "although",
    "an",
    "and",
    "are",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "can",
    "could",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "even",
    "every",
    "finally",
    "first",
    "for",
    "from",
    "furthermore",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "indeed",
    "instead",
    "is",
    "it",
    "its",
    "just",
    "later",
    "let",
    "many",
    "may",
    "meanwhile",
    "might",
    "moreover",
    "most",
    "must",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "please",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "today",
    "two",
    "under",
    "unlike",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Russian function words that start sentences (sorted).
const STARTERS_RU: &[&str] = &[
    "а",
    "без",
    "будет",
    "был",
    "была",
    "были",
    "было",
    "в",
    "во",
    "возможно",
    "вот",
    "впрочем",
    "все",
    "всё",
    "вчера",
    "вы",
    "где",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "еще",
    "ещё",
    "её",
    "за",
    "завтра",
    "затем",
    "здесь",
    "и",
    "из",
    "или",
    "итак",
    "их",
    "к",
    "как",
    "когда",
    "конечно",
    "кроме",
    "кстати",
    "кто",
    "мне",
    "мой",
    "моя",
    "мы",
    "на",
    "над",
    "нам",
    "наш",
    "наша",
    "не",
    "нет",
    "но",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "перед",
    "по",
    "под",
    "позже",
    "после",
    "потом",
    "почему",
    "поэтому",
    "правда",
    "при",
    "про",
    "с",
    "сегодня",
    "сейчас",
    "со",
    "так",
    "также",
    "там",
    "те",
    "тем",
    "теперь",
    "то",
    "тогда",
    "тот",
    "ту",
    "тут",
    "у",
    "хотя",
    "через",
    "что",
    "чтобы",
    "эта",
    "эти",
    "это",
    "этот",
    "я",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_lists_are_sorted() {
        for list in [STARTERS_EN, STARTERS_RU] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
        }
    }

    #[test]
    fn spaced_and_joined_forms_match() {
        assert_eq!(abbreviation("и т. д"), Some(Abbr::Ending));
        assert_eq!(abbreviation("и т.д"), Some(Abbr::Ending));
        assert_eq!(abbreviation("то есть, т. е"), Some(Abbr::Always));
        assert_eq!(abbreviation("Т. е"), Some(Abbr::Always));
        assert_eq!(abbreviation("see e.g"), Some(Abbr::Always));
        assert_eq!(abbreviation("said Mr"), Some(Abbr::Always));
    }

    #[test]
    fn units_end_sentences_only_after_numbers() {
        assert_eq!(abbreviation("в г"), Some(Abbr::Always));
        assert_eq!(abbreviation("в 2013 г"), Some(Abbr::Ending));
        assert_eq!(abbreviation("в XIX в"), Some(Abbr::Ending));
        assert_eq!(abbreviation("дом д"), Some(Abbr::Always));
        assert_eq!(abbreviation("длиной 5 см"), Some(Abbr::Ending));
        assert_eq!(abbreviation("Подробнее см"), Some(Abbr::Always));
        assert_eq!(abbreviation("достигает 3 тыс. м"), Some(Abbr::Ending));
    }

    #[test]
    fn initials_and_words() {
        assert_eq!(abbreviation("П"), Some(Abbr::BeforeName));
        assert_eq!(abbreviation("J. R. R"), Some(Abbr::BeforeName));
        assert_eq!(abbreviation("это я"), None);
        assert_eq!(abbreviation("полнолицевых масок 3M"), None);
        assert_eq!(abbreviation("до 50 °С"), None);
        assert_eq!(abbreviation("(А"), Some(Abbr::BeforeName));
        assert_eq!(abbreviation("блокировки"), None);
        assert_eq!(abbreviation("telegram.org"), None);
        assert_eq!(abbreviation("1990"), None);
        assert_eq!(abbreviation(""), None);
    }
}
