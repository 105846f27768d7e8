//! Function words of Russian and English: pronouns, prepositions, conjunctions, particles,
//! articles and auxiliary verbs.
//!
//! They carry little evidence that two sentences are translations of each other, so the
//! scorer weighs them low, and the lexicon drops them from multi-word glosses.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::Lang;
use crate::text::{normalize, stem};

/// English function words, lowercase. `one` is one: mostly the pronoun (`one another`,
/// `one should`, `the little one`); as a numeral it says little beside the word it counts.
#[rustfmt::skip]
pub(crate) const EN_FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during",
    "each", "either", "etc", "even", "ever", "every", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most",
    "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on", "once",
    "one", "one's", "oneself", "only", "onto", "or", "other", "ought", "our", "ours", "ourselves",
    "out", "over", "own", "same", "sb", "sb's", "shall", "she", "should", "smb", "smb's", "smth", "so",
    "some", "somebody", "somebody's", "someone", "someone's", "something", "sth", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very",
    "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "would", "yet", "you", "your", "yours", "yourself",
    "yourselves",
];

/// English words that are never a translation by themselves: articles, the infinitive
/// `to`, and the placeholders dictionaries write for an object (`smb`, `sth`, `one's`).
/// They are dropped from every gloss, even when nothing else is left.
#[rustfmt::skip]
pub(crate) const EN_GLOSS_NOISE: &[&str] = &[
    "a", "an", "the", "to", "one's", "oneself", "smb", "smb's", "sb", "sb's", "sth", "smth",
    "something", "someone", "someone's", "somebody", "somebody's", "etc",
];

/// Russian function words, lowercase, with ё written as е.
#[rustfmt::skip]
pub(crate) const RU_FUNCTION_WORDS: &[&str] = &[
    "а", "без", "более", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас", "весь",
    "во", "вот", "все", "всего", "всех", "вы", "где", "да", "даже", "для", "до", "его", "ее", "ей",
    "ему", "если", "есть", "еще", "же", "за", "здесь", "и", "из", "или", "им", "ими", "их", "к",
    "как", "когда", "кто", "ли", "либо", "мне", "меня", "мы", "на", "над", "нам", "нас", "не",
    "него", "нее", "нет", "ни", "них", "но", "ну", "о", "об", "обо", "он", "она", "они", "оно",
    "от", "по", "под", "при", "про", "с", "се", "себе", "себя", "со", "так", "также", "такой",
    "там", "те", "то", "тоже", "той", "только", "ту", "ты", "у", "уж", "уже", "чего", "чем", "что",
    "чтобы", "эта", "эти", "это", "этого", "этой", "этом", "этот", "эту", "я", "мой", "моя", "мое",
    "мои", "твой", "свой", "своя", "свое", "свои", "наш", "ваш", "который", "которая", "которое",
    "которые", "которого", "которой", "котором", "которым", "которых", "сам", "сама", "само",
    "сами", "самый", "тот", "та", "тем", "том", "тому", "тех", "теми", "этим", "этих", "им", "ним",
    "ней", "нем", "ими", "ними", "кого", "кому", "ком", "чему", "чём", "через", "между", "перед",
    "около", "после", "вокруг", "среди", "из-за", "из-под", "ведь", "лишь", "разве", "неужели",
    "будто", "словно", "пусть", "причем", "зато", "однако", "тогда", "потом", "тут", "туда", "сюда",
    "оттуда", "откуда", "куда", "зачем", "почему", "буду", "будешь", "будет", "будем", "будете",
    "будут", "могу", "может", "можем", "можете", "могут", "мог", "могла", "могло", "могли",
    "является", "являются", "являлся", "являлась", "являлось", "являлись",
];

/// Russian function words whose stems are also the stems of common content words (`тем`:
/// тема, `том`: a volume): a stem cannot tell them apart, so they do not count as function
/// words at all.
const RU_AMBIGUOUS: &[&str] = &["тем", "том", "те", "та", "се", "ком"];

struct Sets {
    ru: HashSet<String>,
    en: HashSet<String>,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let build = |words: &[&str], lang: Lang, ambiguous: &[&str]| {
            let mut set = HashSet::new();
            for w in words {
                set.insert(normalize(w));
                set.insert(stem(w, lang));
            }
            for w in ambiguous {
                set.remove(*w);
            }
            set
        };
        Sets {
            ru: build(RU_FUNCTION_WORDS, Lang::Ru, RU_AMBIGUOUS),
            en: build(EN_FUNCTION_WORDS, Lang::En, &[]),
        }
    })
}

/// Whether `word` is a function word of `lang` (a pronoun, preposition, conjunction,
/// particle, article or auxiliary verb).
///
/// `word` may be a word as written (any case, ё or е) or its stem from
/// [`crate::text::stem`]; the lists hold both. A few Russian function words whose stems are
/// shared with common content words (`тем`: тема, `том`: a volume) are left out, so that
/// the content words are not taken for function words.
///
/// # Example
/// ```
/// use sverka::{Lang, lexicon::stopwords::is_function_word, text::stem};
/// assert!(is_function_word("The", Lang::En));
/// assert!(is_function_word(&stem("которые", Lang::Ru), Lang::Ru));
/// assert!(!is_function_word(&stem("donation", Lang::En), Lang::En));
/// assert!(!is_function_word(&stem("темы", Lang::Ru), Lang::Ru));
/// ```
pub fn is_function_word(word: &str, lang: Lang) -> bool {
    let sets = sets();
    let set = match lang {
        Lang::Ru => &sets.ru,
        Lang::En => &sets.en,
    };
    set.contains(word)
        || (word.chars().any(|c| c.is_uppercase() || c == 'ё')
            && set.contains(normalize(word).as_str()))
}

/// Whether an English word is never a translation on its own (`a`, `the`, `to`, `smb`, `sth`).
pub(crate) fn is_gloss_noise(word: &str) -> bool {
    EN_GLOSS_NOISE.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_stems_are_recognised() {
        for w in ["the", "to", "of", "be", "was", "being", "would", "Which"] {
            assert!(is_function_word(w, Lang::En), "{w}");
            assert!(
                is_function_word(&stem(w, Lang::En), Lang::En),
                "stem of {w}"
            );
        }
        for w in ["и", "в", "которых", "Это", "её", "чтобы"] {
            assert!(is_function_word(w, Lang::Ru), "{w}");
        }
        for w in ["market", "donate", "million", "user", "freedom"] {
            assert!(!is_function_word(&stem(w, Lang::En), Lang::En), "{w}");
        }
        for w in ["рынок", "миллион", "тема", "темы", "томов", "пользователь"]
        {
            assert!(!is_function_word(&stem(w, Lang::Ru), Lang::Ru), "{w}");
        }
    }

    #[test]
    fn stems_shared_with_content_words_are_left_out() {
        assert_eq!(stem("тема", Lang::Ru), "тем");
        assert!(!is_function_word("тем", Lang::Ru));
    }
}
