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

/// Subject pronouns, dropped from a sense of function words only: in `you should` only
/// `should` translates (`нужно`).
const PRONOUNS: &[&str] = &["i", "you", "he", "she", "it", "we", "they", "one"];

/// Verbs that make English phrases for what Russian says in one word (`get tired`:
/// устать, `come to an end`: закончиться, `take part`: участвовать). When a Russian
/// headword of one content word has such a gloss, the leading light verb translates nothing.
const LIGHT_VERBS: &[&str] = &[
    "get", "come", "go", "make", "take", "give", "keep", "put", "become",
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
/// - `one` is a function word (the pronoun of `one another`, `one should`): `each other,
///   one another` → `each other`, `another`; alone it stays (`один`: `one`);
/// - a sense of function words only that is an idiom (a coordinated pair like `by and by`,
///   `now and then`, a repeated word as in `one by one`, or `as well`) goes when another
///   sense is left: its words do not translate one by one (`там`: "there, by and by" gives
///   no `and`); in other senses of function words only, subject pronouns go
///   (`you should` → `should`, `one should` → `should`);
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
    normalize_senses(text, lang, false)
}

/// [`normalize_gloss`]; with `single` (the other side has one Russian content word:
/// `устать`, or `всего хорошего` whose `всего` is a function word), an English sense of
/// several content words also loses a leading light verb (`get tired` → `tired`,
/// `take care` → `care`).
pub(super) fn normalize_senses(text: &str, lang: Lang, single: bool) -> Vec<String> {
    let text = drop_notes(text);
    let mut senses: Vec<(String, bool)> = Vec::new();
    for sense in text.split([';', ',', '/', '|']) {
        let (words, idiom) = sense_words(sense, lang, single);
        if words.is_empty() {
            continue;
        }
        let joined = words.join(" ");
        if !senses.iter().any(|(s, _)| *s == joined) {
            senses.push((joined, idiom));
        }
    }
    if senses.iter().any(|(_, idiom)| !idiom) {
        senses.retain(|(_, idiom)| !idiom);
    }
    senses.into_iter().map(|(s, _)| s).collect()
}

/// The content words of one sense (see [`normalize_gloss`]), and whether they are an
/// idiom of function words.
fn sense_words(sense: &str, lang: Lang, single: bool) -> (Vec<String>, bool) {
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
    // Which words are function words: `as well` (too) is.
    let mut function: Vec<bool> = words.iter().map(|w| is_function_word(w, lang)).collect();
    if lang == Lang::En {
        for i in 1..words.len() {
            if words[i - 1] == "as" && words[i] == "well" {
                function[i - 1] = true;
                function[i] = true;
            }
        }
    }
    let mut idiom = false;
    if function.iter().any(|f| !f) {
        let mut keep = function.iter().map(|f| !f);
        words.retain(|_| keep.next().unwrap_or(true));
    } else if lang == Lang::Ru && words.len() > 1 {
        // A Russian idiom of function words (`не за что`: you're welcome) gives none of its
        // words the meaning of the whole.
        words.clear();
    } else if lang == Lang::En && words.len() > 1 {
        let has = |w: &str| words.iter().any(|x| x == w);
        let repeated = words
            .iter()
            .enumerate()
            .any(|(i, w)| words[..i].contains(w));
        if has("and")
            || has("or")
            || repeated
            || words.windows(2).any(|p| p[0] == "as" && p[1] == "well")
        {
            idiom = true;
        } else if words.iter().any(|w| !PRONOUNS.contains(&w.as_str())) {
            words.retain(|w| !PRONOUNS.contains(&w.as_str()));
        }
    }
    if single
        && lang == Lang::En
        && !idiom
        && words.len() > 1
        && LIGHT_VERBS.contains(&words[0].as_str())
    {
        words.remove(0);
    }
    words.truncate(MAX_GLOSS_WORDS);
    (words, idiom)
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
    fn idioms_of_function_words_go() {
        assert_eq!(en("there, later, by and by"), ["there", "later"]);
        assert_eq!(en("at times, now and then"), ["times"]);
        assert_eq!(en("also, as well, too"), ["also", "too"]);
        assert_eq!(
            en("though, even; you may, might as well"),
            ["though", "even", "may"]
        );
        assert_eq!(
            en("it is necessary, one should, you ought"),
            ["necessary", "should", "ought"]
        );
        assert_eq!(en("one can, may I"), ["can", "may"]);
        assert_eq!(en("singly, one by one"), ["singly"]);
        // Alone, an idiom stays; other glosses of function words keep their words.
        assert_eq!(en("by and by"), ["by and by"]);
        assert_eq!(
            en("from, out of; because of"),
            ["from", "out of", "because of"]
        );
        assert_eq!(en("one, two"), ["one", "two"]);
    }

    #[test]
    fn the_pronoun_one_goes_beside_content_words() {
        assert_eq!(en("each other; one another"), ["each other", "another"]);
        assert_eq!(en("the little one"), ["little"]);
        assert_eq!(en("one"), ["one"]);
    }

    #[test]
    fn light_verbs_go_for_one_russian_word() {
        let single = |t| normalize_senses(t, Lang::En, true);
        assert_eq!(single("to get tired"), ["tired"]);
        assert_eq!(single("to come to an end, close"), ["end", "close"]);
        assert_eq!(single("to come out; to take"), ["come", "take"]);
        assert_eq!(en("to take part"), ["take part"]);
        assert_eq!(single("take care"), ["care"]);
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
