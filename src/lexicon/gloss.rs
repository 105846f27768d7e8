//! Gloss normalisation: from a dictionary's translation field to plain word lists.

use crate::Lang;
use crate::text::{TokenKind, normalize, tokens};

use super::stopwords::{is_function_word, is_gloss_noise};

/// A gloss with more content words than this is an explanation rather than a translation;
/// it keeps its first `MAX_GLOSS_WORDS` content words.
pub const MAX_GLOSS_WORDS: usize = 3;

/// Words that open a grammatical note instead of a translation (`genitive of "he"`,
/// `diminutive of carrot`, `plural form of child`); they are dropped when `of` or
/// `form of` follows.
const NOTE_WORDS: &[&str] = &[
    "genitive",
    "genetive",
    "dative",
    "accusative",
    "instrumental",
    "prepositional",
    "nominative",
    "plural",
    "singular",
    "comparative",
    "superlative",
    "diminutive",
    "augmentative",
    "affectionate",
    "pejorative",
    "colloquial",
    "feminine",
    "masculine",
    "neuter",
];

/// Removes `(…)`, `[…]` and `{…}` notes, nested or left unclosed, and double quotes.
/// A closing bracket without an opening one stays (`1)` marks a sense).
pub(super) fn drop_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            '"' | '«' | '»' | '“' | '”' if depth == 0 => out.push(' '),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits a dictionary's translation field into its senses, each normalised to the
/// lowercase content words of one language, joined by single spaces.
///
/// - notes in parentheses or brackets are dropped: `hello (informal)` → `hello`;
/// - senses separated by `;`, `,`, `/` or `|` are split;
/// - articles, the infinitive `to` and object placeholders (`smb`, `sth`, `one's`) go:
///   `to be` → `be`, `to take part` → `take part`;
/// - other function words ([`super::stopwords`]) go too, unless nothing else is left
///   (`and` stays the gloss of `и`);
/// - grammatical notes go: `genitive of "he"` → `he`, `diminutive of carrot` → `carrot`
///   (but `feminine way` stays);
/// - only words in `lang`'s script are kept (Latin for English, Cyrillic for Russian),
///   at most [`MAX_GLOSS_WORDS`] of them; numbers go;
/// - Russian words are lowercased with ё written as е.
///
/// Senses are returned in order, without duplicates.
///
/// # Example
/// ```
/// use sverka::{Lang, lexicon::normalize_gloss};
/// assert_eq!(normalize_gloss("to be; hello (informal), to take part", Lang::En),
///            ["be", "hello", "take part"]);
/// assert_eq!(normalize_gloss("Ёлка, ёлки", Lang::Ru), ["елка", "елки"]);
/// ```
pub fn normalize_gloss(text: &str, lang: Lang) -> Vec<String> {
    let text = drop_notes(text);
    let mut senses: Vec<String> = Vec::new();
    for sense in text.split([';', ',', '/', '|']) {
        let words = sense_words(sense, lang);
        if words.is_empty() {
            continue;
        }
        let joined = words.join(" ");
        if !senses.contains(&joined) {
            senses.push(joined);
        }
    }
    senses
}

/// The content words of one sense (see [`normalize_gloss`]).
fn sense_words(sense: &str, lang: Lang) -> Vec<String> {
    let want = match lang {
        Lang::Ru => TokenKind::Cyrillic,
        Lang::En => TokenKind::Latin,
    };
    let mut words: Vec<String> = tokens(sense)
        .iter()
        .filter(|t| t.kind == want)
        .map(|t| normalize(t.text(sense)).replace('’', "'"))
        .collect();
    if lang == Lang::En {
        if words
            .first()
            .is_some_and(|w| NOTE_WORDS.contains(&w.as_str()))
        {
            let of = if words.get(1).is_some_and(|w| w == "form") {
                2
            } else {
                1
            };
            if words.get(of).is_some_and(|w| w == "of") {
                words.drain(..=of);
            }
        }
        words.retain(|w| !is_gloss_noise(w));
    }
    if words.iter().any(|w| !is_function_word(w, lang)) {
        words.retain(|w| !is_function_word(w, lang));
    }
    words.truncate(MAX_GLOSS_WORDS);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Vec<String> {
        normalize_gloss(text, Lang::En)
    }

    #[test]
    fn infinitive_and_articles_go() {
        assert_eq!(en("to be"), ["be"]);
        assert_eq!(en("to take part"), ["take part"]);
        assert_eq!(en("a dog; the cat; an apple"), ["dog", "cat", "apple"]);
        assert_eq!(en("to give smb sth"), ["give"]);
        assert_eq!(en("to make one's way"), ["make way"]);
    }

    #[test]
    fn notes_in_parentheses_go() {
        assert_eq!(en("hello (informal)"), ["hello"]);
        assert_eq!(en("(phone) call"), ["call"]);
        assert_eq!(en("degree( temperature )"), ["degree"]);
        assert_eq!(en("on (day/week); to"), ["on"]);
        assert_eq!(en("broken (note"), ["broken"]);
        assert_eq!(en("(possession)"), Vec::<String>::new());
    }

    #[test]
    fn senses_are_split() {
        assert_eq!(en("in; at; into"), ["in", "at", "into"]);
        assert_eq!(en("but, yet; oh well"), ["but", "yet", "oh well"]);
        assert_eq!(en("blow /kick  stroke|hit"), ["blow", "kick stroke", "hit"]);
        assert_eq!(en("here; here"), ["here"]);
    }

    #[test]
    fn function_words_go_unless_alone() {
        assert_eq!(en("and"), ["and"]);
        assert_eq!(en("by the means of"), ["means"]);
        assert_eq!(en("out of"), ["out of"]);
        assert_eq!(
            en("citizen of the Russian Federation"),
            ["citizen russian federation"]
        );
        assert_eq!(en("the use of the sense of touch"), ["use sense touch"]);
    }

    #[test]
    fn grammatical_notes_go() {
        assert_eq!(en("genetive of \"he\""), ["he"]);
        assert_eq!(en("diminutive of carrot (common speech)"), ["carrot"]);
        assert_eq!(en("plural form of child"), ["child"]);
        assert_eq!(en("in a feminine way"), ["feminine way"]);
    }

    #[test]
    fn only_the_language_script_is_kept() {
        assert_eq!(en("take 5 кот"), ["take"]);
        assert_eq!(
            normalize_gloss("принимать участие, to take", Lang::Ru),
            ["принимать участие"]
        );
        assert_eq!(normalize_gloss("в, на", Lang::Ru), ["в", "на"]);
        assert_eq!(normalize_gloss("кто‐то", Lang::Ru), ["кто‐то"]);
    }
}
