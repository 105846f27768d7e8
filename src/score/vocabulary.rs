//! The English side's vocabulary: a [`Key`] for each word form and stem, and the
//! cross-script look-ups a Russian word needs: names (`Тома`: Tom) and cognates (`биткоин`:
//! bitcoin), by a rough phonetic skeleton of each word.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Key;
use crate::text;

/// Per English word key: written with a capital wherever it occurs (so far), and written with a
/// capital inside a sentence at least once.
pub(super) type Capitals = FxHashMap<Key, (bool, bool)>;

/// The English side's keys: each distinct lowercased word and each stem gets a [`Key`].
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashMap<String, Key>,
    stems: HashMap<String, Key>,
    /// Cognate skeletons of English words (4+ letters), bucketed by [`bucket`].
    skeletons: HashMap<String, Vec<(String, Key)>>,
    /// Skeletons of short English names (under 4 letters), see [`Vocabulary::add_name`].
    short_names: HashMap<String, Key>,
    /// Every English name by its [`name_shape`], for inflected Russian names (Тома, Джону).
    name_shapes: HashMap<String, Vec<Key>>,
    next: Key,
}

impl Vocabulary {
    /// The key of a lowercased English word form, if the English text has it.
    pub fn word(&self, w: &str) -> Option<Key> {
        self.words.get(w).copied()
    }

    /// The key of an English stem (see [`text::stem`]), if the English text has it.
    pub fn stem(&self, s: &str) -> Option<Key> {
        self.stems.get(s).copied()
    }

    pub(super) fn intern_word(&mut self, w: &str) -> Key {
        if let Some(&k) = self.words.get(w) {
            return k;
        }
        let k = self.next;
        self.next += 1;
        self.words.insert(w.to_string(), k);
        if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
            let sk = skeleton(w);
            self.skeletons.entry(bucket(&sk)).or_default().push((sk, k));
        }
        k
    }

    /// Marks as names the English words written with a capital wherever they occur, and at
    /// least once inside a sentence (`capitals`: per word key, capitalised everywhere so far and
    /// capitalised inside a sentence). Returns their keys.
    pub(super) fn add_names(&mut self, capitals: &Capitals) -> FxHashSet<Key> {
        let mut names: Vec<(String, Key)> = self
            .words
            .iter()
            .filter(|(_, k)| capitals.get(k).is_some_and(|&(all, inside)| all && inside))
            .map(|(w, &k)| (w.clone(), k))
            .collect();
        names.sort_unstable();
        let name_keys: FxHashSet<Key> = names.iter().map(|&(_, k)| k).collect();
        for (w, k) in names {
            self.add_name(&w, k);
        }
        name_keys
    }

    /// Marks an English word as a name: capitalised wherever it occurs, and at least once
    /// inside a sentence. Short names (`Tom`, `Ann`) can then match their transliteration.
    fn add_name(&mut self, w: &str, key: Key) {
        if w.chars().count() < 4 {
            self.short_names.insert(skeleton(w), key);
        }
        let bare = w.strip_suffix("'s").unwrap_or(w);
        if let Some(shape) = name_shape(bare) {
            self.name_shapes.entry(shape).or_default().push(key);
        }
    }

    /// Keys of English names that a capitalised Cyrillic `word` inside a sentence may be,
    /// inflected or not: Тома, Тому and Томом are Tom (and Tom's), Джону is John.
    pub(super) fn inflected_names(&self, word: &str, out: &mut Vec<Key>) {
        if self.name_shapes.is_empty() || !word.chars().any(text::is_cyrillic) {
            return;
        }
        let forms = std::iter::once(word).chain(
            NAME_ENDINGS
                .iter()
                .filter_map(|e| word.strip_suffix(e))
                .filter(|base| base.chars().count() >= 2),
        );
        for form in forms {
            if let Some(keys) = name_shape(form).and_then(|s| self.name_shapes.get(&s)) {
                out.extend(keys);
            }
        }
    }

    pub(super) fn intern_stem(&mut self, s: &str) -> Key {
        if let Some(&k) = self.stems.get(s) {
            return k;
        }
        let k = self.next;
        self.next += 1;
        self.stems.insert(s.to_string(), k);
        k
    }

    /// Keys of English words that look like `word` (a cognate skeleton within edit distance).
    pub(super) fn cognates(&self, word: &str, out: &mut Vec<Key>) {
        if word.chars().count() < 4 {
            if let Some(&k) = self.short_names.get(&skeleton(word)) {
                out.push(k);
            }
            return;
        }
        let sk = skeleton(word);
        if let Some(bucket) = self.skeletons.get(&bucket(&sk)) {
            for (other, key) in bucket {
                if is_cognate(&sk, other) {
                    out.push(*key);
                }
            }
        }
    }
}

/// A rough phonetic skeleton for comparing cognates across Cyrillic and Latin script.
pub(crate) fn skeleton(word: &str) -> String {
    let latin = text::transliterate(word);
    let mut out = String::with_capacity(latin.len());
    let chars: Vec<char> = latin.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let piece: &str = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                "f"
            }
            ('t', Some('h')) => {
                i += 1;
                "t"
            }
            ('c', Some('h')) => {
                i += 1;
                "ch"
            }
            ('k', Some('h')) => {
                i += 1;
                "h"
            }
            ('q', Some('u')) => {
                i += 1;
                "kv"
            }
            ('c', _) => "k",
            ('x', _) => "ks",
            ('w', _) => "v",
            ('y', _) | ('j', _) => "i",
            ('é' | 'è' | 'ê' | 'ë', _) => "e",
            ('à' | 'â' | 'ä', _) => "a",
            ('ö' | 'ô', _) => "o",
            ('ü' | 'û' | 'ù', _) => "u",
            ('î' | 'ï', _) => "i",
            ('ç', _) => "s",
            ('ß', _) => "ss",
            _ => {
                if out.ends_with(c) {
                    ""
                } else {
                    out.push(c);
                    ""
                }
            }
        };
        for p in piece.chars() {
            if !out.ends_with(p) {
                out.push(p);
            }
        }
        i += 1;
    }
    out
}

/// Whether the Russian word `ru` (a name, maybe inflected: Тома, Джону) sounds like the
/// English word `en` (Tom's, John): the scorer's rules for names (their shape, after a case
/// ending) and cognates (their skeleton). For the `name` check of [`crate::qa`].
pub(crate) fn sounds_alike(ru: &str, en: &str) -> bool {
    let en = en
        .strip_suffix("'s")
        .or_else(|| en.strip_suffix("’s"))
        .unwrap_or(en);
    if let Some(shape) = name_shape(en) {
        let forms = std::iter::once(ru).chain(
            NAME_ENDINGS
                .iter()
                .filter_map(|e| ru.strip_suffix(e))
                .filter(|base| base.chars().count() >= 2),
        );
        if forms
            .into_iter()
            .any(|f| name_shape(f).as_ref() == Some(&shape))
        {
            return true;
        }
    }
    ru.chars().count() >= 4 && is_cognate(&skeleton(ru), &skeleton(en))
}

/// Case endings of Russian names: Тома, Тому, Томом, Томе; Мэри does not change.
const NAME_ENDINGS: &[&str] = &[
    "ом", "ем", "ой", "ей", "ою", "а", "я", "у", "ю", "е", "ы", "и",
];

/// How a name sounds, roughly, in either script: its consonants as pronounced, and whether
/// its first vowel is a back one (o, u) or not. `Tom`, `Том` give `Otm`; `John`, `Джон`
/// give `Ojn`; `Jane`, `Джейн` give `Ejn`; `Mary`, `Мэри` give `Emr`. `None` for a word
/// with no consonant.
pub(crate) fn name_shape(word: &str) -> Option<String> {
    let latin = text::transliterate(word).replace("dzh", "j");
    let chars: Vec<char> = latin.chars().collect();
    let (mut consonants, mut vowel) = (String::new(), None);
    let mut i = 0;
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1).copied());
        let piece = match (c, next) {
            ('a' | 'e' | 'i' | 'y' | 'o' | 'u', _) => {
                vowel.get_or_insert(if matches!(c, 'o' | 'u') { 'O' } else { 'E' });
                ""
            }
            ('p', Some('h')) => "f",
            ('c' | 's' | 'z' | 'k' | 't', Some('h')) => {
                // ch, sh, zh, kh, th: one sound.
                i += 1;
                match c {
                    'c' => "ch",
                    's' => "sh",
                    'z' => "j",
                    'k' => "h",
                    _ => "t",
                }
            }
            ('c', Some('k')) => "",
            ('c', Some('e' | 'i' | 'y')) | ('z', _) => "s",
            ('c' | 'q', _) => "k",
            ('x', _) => "ks",
            ('w', _) => "v",
            ('h', _) => "",
            (c, _) if c.is_alphabetic() => {
                consonants.push(c);
                ""
            }
            _ => "",
        };
        if !piece.is_empty() && !consonants.ends_with(piece) {
            consonants.push_str(piece);
        }
        i += 1;
    }
    // Doubled letters are one sound (Anna, Анна).
    let mut shape = String::with_capacity(consonants.len() + 1);
    shape.push(vowel.unwrap_or('-'));
    for c in consonants.chars() {
        if !shape.ends_with(c) {
            shape.push(c);
        }
    }
    (shape.len() > 1).then_some(shape)
}

/// The bucket of a cognate skeleton: its first three consonants, so that words differing in
/// a vowel (`Мэри`, `meri` / `Mary`, `mari`) meet.
fn bucket(skeleton: &str) -> String {
    skeleton
        .chars()
        .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
        .take(3)
        .collect()
}

fn is_cognate(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 3 {
        return false;
    }
    let common_prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    if common_prefix >= 6 || (common_prefix >= 4 && common_prefix * 4 >= 3 * la.min(lb)) {
        return true;
    }
    strsim::normalized_levenshtein(a, b) >= 0.75
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_meet_across_scripts() {
        assert_eq!(skeleton("прокси"), skeleton("proxy"));
        assert_eq!(skeleton("Телеграм"), skeleton("Telegram"));
    }

    #[test]
    fn cognates_across_scripts() {
        assert!(is_cognate(&skeleton("биткоин"), &skeleton("bitcoin")));
        assert!(is_cognate(&skeleton("телеграм"), &skeleton("telegram")));
        assert!(is_cognate(&skeleton("прокси"), &skeleton("proxies")));
        assert!(!is_cognate(&skeleton("поддержку"), &skeleton("support")));
    }

    #[test]
    fn names_sound_alike_in_either_script() {
        assert_eq!(name_shape("Джон"), name_shape("John"));
        assert_eq!(name_shape("Майк"), name_shape("Mike"));
        assert_ne!(name_shape("Джейн"), name_shape("John"));
    }
}
