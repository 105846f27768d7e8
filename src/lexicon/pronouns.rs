//! Russian pronouns (and `не`), by their forms as written: Snowball stems run them together
//! with unrelated words. Indefinite pronouns (кто-то, что-нибудь) are here too: as a
//! compound of their parts they would mean *who* and *that*.
//!
//! `она`, `оно` and `они` all stem to `он`, so each would translate to *he*, *she*, *it* and
//! *they* alike; `ней` and `неё` stem to `не` and would mean *not*; `ему` would mean *eat*
//! (`есть`), `нам` *wash* (`намыть`), `вы` *height* (`высота`). A word of this table
//! translates to its own English words only.

use std::sync::OnceLock;

use super::FastMap;
use crate::Lang;
use crate::text::{normalize, stem};

/// Forms (normalised: lowercase, ё → е), a colon, then their English words; one paradigm
/// slice a line.
#[rustfmt::skip]
const TABLE: &str = "\
я: i me my mine
меня мне мной мною: i me my mine myself
ты: you
тебя тебе тобой тобою: you your yours yourself
он: he it
его: him his it its he
ему нему: him it he
нем него: him it he his its
им ним: him it them they
она: she it
ее ей ею ней нее нею: her hers she it its
оно: it
они: they
их: them their theirs they
ими них ними: them they their
мы: we
нас нам нами: us we our ours
вы: you
вас вам вами: you your yours
не: not no
ни: neither nor no not
мой моя мое мои моего моей моему моим моих моими мою: my mine
твой твоя твое твои твоего твоей твоему твоим твоих твоими твою: your yours
наш наша наше наши нашего нашей нашему нашим наших нашими нашу: our ours
ваш ваша ваше ваши вашего вашей вашему вашим ваших вашими вашу: your yours
кто: who whom anyone
кого кому кем ком: who whom
";

/// Indefinite pronouns and adverbs: a question word's forms, a colon, the English words with
/// `-то` (and `кое-`), a bar, the English words with `-нибудь` and `-либо`: кто-то, кого-то
/// and кое-кто are *someone*; что-нибудь and чего-либо are *anything*.
#[rustfmt::skip]
const INDEFINITE: &str = "\
кто кого кому кем ком: someone somebody | anyone anybody someone somebody
что чего чему чем: something | anything something
какой какая какое какие какого каком каким каких какими какую: some certain | any some
чей чья чье чьи чьего чьей чьему чьим чьих чьими чью: someone's somebody's | anyone's anybody's
где: somewhere | anywhere somewhere
куда: somewhere | anywhere somewhere
откуда: somewhere | anywhere somewhere
когда: once sometime | ever sometime someday
как: somehow | somehow anyhow
почему: somehow | somehow
сколько: some | any
";

/// The most letters of a form of the table without a hyphen: longer words are ruled out
/// without normalising.
const LONGEST: usize = 6;

/// The English stems of a Russian pronoun form (`Она`, `неё`), `None` for any other word.
pub(crate) fn translations(word: &str) -> Option<&'static [String]> {
    static MAP: OnceLock<FastMap<String, Vec<String>>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = FastMap::default();
        for line in TABLE.lines() {
            let Some((forms, english)) = line.split_once(':') else {
                continue;
            };
            let stems: Vec<String> = english
                .split_whitespace()
                .map(|w| stem(w, Lang::En))
                .collect();
            for form in forms.split_whitespace() {
                map.insert(form.to_string(), stems.clone());
            }
        }
        for line in INDEFINITE.lines() {
            let Some((forms, english)) = line.split_once(':') else {
                continue;
            };
            let (some, any) = english.split_once('|').unwrap_or((english, english));
            let stems = |words: &str| -> Vec<String> {
                words
                    .split_whitespace()
                    .map(|w| stem(w, Lang::En))
                    .collect()
            };
            let (some, any) = (stems(some), stems(any));
            for form in forms.split_whitespace() {
                map.insert(format!("{form}-то"), some.clone());
                map.insert(format!("кое-{form}"), some.clone());
                map.insert(format!("{form}-нибудь"), any.clone());
                map.insert(format!("{form}-либо"), any.clone());
            }
        }
        map
    });
    let hyphenated = word.contains(['-', '\u{2010}']);
    if !hyphenated && word.chars().nth(LONGEST).is_some() {
        return None;
    }
    let mut word = normalize(word);
    if hyphenated {
        word = word.replace('\u{2010}', "-");
    }
    map.get(word.as_str()).map(Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, en: &str) -> bool {
        translations(word).is_some_and(|t| t.contains(&stem(en, Lang::En)))
    }

    #[test]
    fn pronouns_keep_their_own_meaning() {
        assert!(has("Она", "she") && !has("она", "he") && !has("она", "they"));
        assert!(has("они", "they") && !has("они", "she"));
        assert!(has("неё", "her") && !has("неё", "not"));
        assert!(has("ему", "him") && !has("ему", "eat"));
        assert!(has("нам", "us") && !has("нам", "wash"));
        assert!(has("вы", "you") && !has("вы", "height"));
        assert!(has("не", "not"));
    }

    #[test]
    fn indefinite_pronouns_are_some_and_any() {
        assert!(has("кто-то", "someone") && !has("кто-то", "who"));
        assert!(has("Кого-то", "somebody"));
        assert!(has("что-нибудь", "anything") && has("чем-либо", "anything"));
        assert!(has("кое-что", "something"));
        assert!(has("какие-либо", "any") && has("какой‐то", "some"));
        assert!(has("когда-нибудь", "ever"));
        assert!(translations("из-за").is_none() && translations("кто-нибудь-то").is_none());
    }

    #[test]
    fn no_form_is_longer_than_the_quick_check_allows() {
        for line in TABLE.lines() {
            let forms = line.split(':').next().unwrap();
            for form in forms.split_whitespace() {
                assert!(form.chars().count() <= LONGEST, "{form}");
                assert!(translations(form).is_some(), "{form}");
            }
        }
    }

    #[test]
    fn other_words_are_not_in_the_table() {
        for word in ["стол", "нежный", "онлайн", "немного", ""] {
            assert!(translations(word).is_none(), "{word}");
        }
    }
}
