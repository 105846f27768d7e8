//! Pair scoring: how likely a run of Russian sentences translates a run of English sentences.
//!
//! [`PairScorer`] reads both documents once and keeps, per sentence, its length, paragraph,
//! numbers, punctuation and *evidence tokens*. A Russian token carries the English keys it may
//! match (identical Latin-script names, numbers, cognates, and the lexical model's translations);
//! an English sentence carries the sorted keys of its tokens. The bead cost combines
//!
//! - a Gale–Church length term with the character ratio estimated from the document,
//! - a bead-type prior and a cost for crossing a paragraph break,
//! - the weighted share of tokens that match across the bead (rare words weigh more),
//! - penalties for numbers and for `?` `!` quotes and brackets that appear on one side only.
//!
//! New evidence plugs in as a [`Matcher`]: it proposes English keys for a Russian token.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::Lexicon;
use crate::lexicon::stopwords::is_function_word;
use crate::spelled;
use crate::text::{self, TokenKind};
use crate::{Document, Lang};

/// The largest character ratio (or its inverse) the length model starts from: translations
/// between Russian and English (or German and French) stay well within it.
const MAX_START_RATIO: f64 = 1.4;

/// The cost that rules a bead out.
const FORBIDDEN: f64 = 1e3;

/// How much a number found nowhere on the other side counts against a pair, against a number
/// whose counterpart is elsewhere.
const ORPHAN_WEIGHT: f64 = 0.5;

/// The weight factor of a function word (pronoun, preposition, article…) against a content word.
const FUNCTION_WORD_WEIGHT: f32 = 0.3;

impl Matcher for Lexicon {
    fn kind(&self) -> EvidenceKind {
        EvidenceKind::Lexicon
    }

    fn candidates(&self, word: &str, vocab: &Vocabulary, out: &mut Vec<Key>) -> bool {
        let mut translations = self.translations_of_word(word).peekable();
        let known = translations.peek().is_some();
        out.extend(translations.filter_map(|en| vocab.stem(en)));
        known
    }
}

/// The kind of evidence behind a matched word pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// The same number, in any format (`200,000,000` / `200 000 000`).
    Number,
    /// The same Latin-script word on both sides (a name or term: Telegram, VPN).
    Name,
    /// A transliterated Russian word that looks like the English one (биткоин / bitcoin).
    Cognate,
    /// A translation from a dictionary.
    Lexicon,
    /// A translation learned from the document's own confident pairs.
    Learned,
}

/// A matched word pair: byte spans into the Russian and the English document's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WordMatch {
    /// The Russian word.
    pub ru: std::ops::Range<usize>,
    /// The English word.
    pub en: std::ops::Range<usize>,
    /// Why they match.
    pub kind: EvidenceKind,
}

/// An English-side key a Russian token can match: a normalised word, stem or number.
pub type Key = u32;

/// Proposes English keys for Russian tokens: the extension point for lexical models.
pub trait Matcher: Send + Sync {
    /// The evidence kind this matcher gives.
    fn kind(&self) -> EvidenceKind;

    /// Pushes onto `out` the English strings (looked up with [`Vocabulary::stem`] or
    /// [`Vocabulary::word`]) that the Russian `word` may translate to. Returns whether this is
    /// a dictionary that translates `word` at all, whatever the English text holds (for
    /// [`PairScorer::dictionary_coverage`]).
    fn candidates(&self, word: &str, vocab: &Vocabulary, out: &mut Vec<Key>) -> bool;
}

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

    fn intern_word(&mut self, w: &str) -> Key {
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
    fn inflected_names(&self, word: &str, out: &mut Vec<Key>) {
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

    fn intern_stem(&mut self, s: &str) -> Key {
        if let Some(&k) = self.stems.get(s) {
            return k;
        }
        let k = self.next;
        self.next += 1;
        self.stems.insert(s.to_string(), k);
        k
    }

    /// Keys of English words that look like `word` (a cognate skeleton within edit distance).
    fn cognates(&self, word: &str, out: &mut Vec<Key>) {
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
///
/// # Example
/// ```
/// use sverka::score::skeleton;
/// assert_eq!(skeleton("прокси"), skeleton("proxy"));
/// assert_eq!(skeleton("Телеграм"), skeleton("Telegram"));
/// ```
pub fn skeleton(word: &str) -> String {
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

/// Case endings of Russian names: Тома, Тому, Томом, Томе; Мэри does not change.
const NAME_ENDINGS: &[&str] = &[
    "ом", "ем", "ой", "ей", "ою", "а", "я", "у", "ю", "е", "ы", "и",
];

/// How a name sounds, roughly, in either script: its consonants as pronounced, and whether
/// its first vowel is a back one (o, u) or not. `Tom`, `Том` give `Otm`; `John`, `Джон`
/// give `Ojn`; `Jane`, `Джейн` give `Ejn`; `Mary`, `Мэри` give `Emr`. `None` for a word
/// with no consonant.
///
/// # Example
/// ```
/// use sverka::score::name_shape;
/// assert_eq!(name_shape("Джон"), name_shape("John"));
/// assert_eq!(name_shape("Майк"), name_shape("Mike"));
/// assert_ne!(name_shape("Джейн"), name_shape("John"));
/// ```
pub fn name_shape(word: &str) -> Option<String> {
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

/// Tuning constants of the bead cost. The defaults were tuned on the Text+Berg dev set and the
/// WMT Russian–English development documents (see the README).
#[derive(Debug, Clone)]
pub struct Params {
    /// Variance per character of the Gale–Church length model. The default is `6.8`.
    pub length_variance: f64,
    /// Cost of leaving a sentence unpaired (1-0 / 0-1).
    pub skip: f64,
    /// Prior cost of 1-2 and 2-1 beads.
    pub one_two: f64,
    /// Prior cost of 2-2 beads.
    pub two_two: f64,
    /// Prior cost of 1-3 and 3-1 beads.
    pub one_three: f64,
    /// Cost of a bead holding sentences of two paragraphs on one side.
    pub paragraph_cross: f64,
    /// Cost of a bead that starts a paragraph on one side only.
    pub paragraph_misaligned: f64,
    /// Weight of lexical similarity (share of matched token weight).
    pub lexical: f64,
    /// Weight of the amount of matched evidence, `ln(1 + matched weight)`.
    pub evidence: f64,
    /// Cost of each number present on one side only.
    pub number_mismatch: f64,
    /// Cost of each `?` `!` quote or bracket present on one side only.
    pub punct_mismatch: f64,
    /// Upper bound of the length cost of one bead.
    pub max_length_cost: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            length_variance: 6.8,
            skip: 5.5,
            one_two: 2.3,
            two_two: 4.4,
            one_three: 5.5,
            paragraph_cross: 1.5,
            paragraph_misaligned: 0.6,
            lexical: 5.0,
            evidence: 0.8,
            number_mismatch: 2.5,
            punct_mismatch: 0.4,
            max_length_cost: 12.0,
        }
    }
}

/// A document's own lexical model: the similarity of its translation pairs and of its
/// non-translation pairs, each as a share of (near) zero similarities and a normal distribution
/// of the rest. Their log-likelihood ratio, clamped to `±limit`, lowers the cost of pairs that
/// look like translations and raises the cost of pairs that look like neighbours.
///
/// The share of zeros matters: in a text pair with few shared words (no dictionary for the
/// language pair) translations often share nothing, so sharing nothing says little; with a good
/// dictionary, it says a lot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexicalModel {
    /// Share of translation pairs with (near) zero similarity.
    pub pos_zero: f64,
    /// Mean of the non-zero similarities of translation pairs.
    pub pos_mean: f64,
    /// Standard deviation of the non-zero similarities of translation pairs.
    pub pos_sd: f64,
    /// Share of non-translation pairs with (near) zero similarity.
    pub neg_zero: f64,
    /// Mean of the non-zero similarities of non-translation pairs.
    pub neg_mean: f64,
    /// Standard deviation of the non-zero similarities of non-translation pairs.
    pub neg_sd: f64,
    /// The largest absolute log-likelihood ratio one pair may contribute.
    pub limit: f64,
}

/// Steps of the lexical model's lookup table.
const LLR_STEPS: usize = 1024;

/// Similarities below this count as zero in a [`LexicalModel`].
pub const ZERO_SIMILARITY: f64 = 0.02;

impl LexicalModel {
    /// Fits the model to the similarities of translation pairs (`pos`) and of non-translation
    /// pairs (`neg`); standard deviations are at least `min_sd`.
    pub fn fit(pos: &[f64], neg: &[f64], min_sd: f64, limit: f64) -> LexicalModel {
        let part = |v: &[f64], default_mean: f64| {
            let nz: Vec<f64> = v
                .iter()
                .copied()
                .filter(|&x| x >= ZERO_SIMILARITY)
                .collect();
            // Laplace-smoothed share of zeros.
            let zero = (v.len() - nz.len()) as f64 + 0.5;
            let zero = zero / (v.len() as f64 + 1.0);
            if nz.len() < 2 {
                return (zero, default_mean, min_sd.max(0.1));
            }
            let m = nz.iter().sum::<f64>() / nz.len() as f64;
            let sd = (nz.iter().map(|x| (x - m).powi(2)).sum::<f64>() / nz.len() as f64).sqrt();
            (zero, m, sd.max(min_sd))
        };
        let (pos_zero, pos_mean, pos_sd) = part(pos, 0.5);
        let (neg_zero, neg_mean, neg_sd) = part(neg, ZERO_SIMILARITY);
        LexicalModel {
            pos_zero,
            pos_mean,
            pos_sd,
            neg_zero,
            neg_mean,
            neg_sd,
            limit,
        }
    }

    /// The log-likelihood ratio of similarity `sim`: positive when it looks like a translation.
    pub fn llr(&self, sim: f64) -> f64 {
        let l = if sim < ZERO_SIMILARITY {
            (self.pos_zero / self.neg_zero).ln()
        } else {
            let log_normal = |x: f64, m: f64, s: f64| -0.5 * ((x - m) / s).powi(2) - s.ln();
            // Above the translations' mean, more similarity is no less likely a translation.
            let sim = sim.min(self.pos_mean.max(self.neg_mean));
            ((1.0 - self.pos_zero) / (1.0 - self.neg_zero)).ln()
                + log_normal(sim, self.pos_mean, self.pos_sd)
                - log_normal(sim, self.neg_mean, self.neg_sd)
        };
        l.clamp(-self.limit, self.limit)
    }

    /// The prior model of Russian–English text with the bundled lexicon (fitted on the WMT
    /// development documents).
    pub const RU_EN_PRIOR: LexicalModel = LexicalModel {
        pos_zero: 0.06,
        pos_mean: 0.51,
        pos_sd: 0.17,
        neg_zero: 0.54,
        neg_mean: 0.107,
        neg_sd: 0.067,
        limit: 5.0,
    };

    /// The prior model of a text pair with no dictionary, where only names, numbers and
    /// cognates match (fitted on the Text+Berg German–French development set).
    pub const NO_DICTIONARY_PRIOR: LexicalModel = LexicalModel {
        pos_zero: 0.33,
        pos_mean: 0.25,
        pos_sd: 0.23,
        neg_zero: 0.85,
        neg_mean: 0.055,
        neg_sd: 0.04,
        limit: 5.0,
    };

    /// Shrinks this model (fitted on `n` pairs) towards `prior`, which counts as `strength` pairs.
    pub fn shrink(&self, prior: &LexicalModel, n: usize, strength: f64) -> LexicalModel {
        let w = n as f64 / (n as f64 + strength);
        let mix = |a: f64, b: f64| w * a + (1.0 - w) * b;
        LexicalModel {
            pos_zero: mix(self.pos_zero, prior.pos_zero),
            pos_mean: mix(self.pos_mean, prior.pos_mean),
            pos_sd: mix(self.pos_sd, prior.pos_sd),
            neg_zero: mix(self.neg_zero, prior.neg_zero),
            neg_mean: mix(self.neg_mean, prior.neg_mean),
            neg_sd: mix(self.neg_sd, prior.neg_sd),
            limit: self.limit,
        }
    }

    /// Whether translations are on average more alike than non-translations.
    pub fn is_informative(&self) -> bool {
        let mean = |zero: f64, m: f64| (1.0 - zero) * m;
        mean(self.pos_zero, self.pos_mean) > mean(self.neg_zero, self.neg_mean)
    }
}

/// The parts of a two-sided bead's cost (see [`PairScorer::cost_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CostParts {
    /// Prior cost of the bead type.
    pub prior: f64,
    /// Gale–Church length cost.
    pub length: f64,
    /// Cost of crossing or misaligning paragraph breaks.
    pub paragraph: f64,
    /// Bonus for matched words (subtracted).
    pub lexical: f64,
    /// The document lexical model's log-likelihood ratio (subtracted).
    pub llr: f64,
    /// Cost of numbers on one side only.
    pub numbers: f64,
    /// Cost of `?` `!` quotes and brackets on one side only.
    pub punctuation: f64,
    /// Lexical similarity in `0.0..=1.0`.
    pub similarity: f64,
    /// English characters per Russian character.
    pub length_ratio: f64,
}

impl CostParts {
    /// The bead's cost: the sum of its parts.
    pub fn total(&self) -> f64 {
        self.prior + self.length + self.paragraph - self.lexical - self.llr
            + self.numbers
            + self.punctuation
    }
}

/// Per-sentence data of one side.
#[derive(Debug, Default, Clone)]
struct Side {
    chars: Vec<u32>,
    paragraph: Vec<u32>,
    /// Sorted normalised numbers of each sentence, as keys (`numbers[num_at[i]..num_at[i+1]]`).
    numbers: Vec<Key>,
    num_at: Vec<u32>,
    /// Counts of `?`, `!`, quotes and brackets.
    punct: Vec<[u8; 4]>,
    /// How many numbers of each sentence appear nowhere on the other side.
    orphans: Vec<u8>,
    /// Total token weight of each sentence.
    weight: Vec<f32>,
}

impl Side {
    fn numbers(&self, i: usize) -> &[Key] {
        &self.numbers[self.num_at[i] as usize..self.num_at[i + 1] as usize]
    }

    /// Keeps only the numbers for which `keep` holds, counting the others as orphans.
    fn keep_numbers(&mut self, keep: impl Fn(Key) -> bool) {
        let mut out = Vec::with_capacity(self.numbers.len());
        let mut at = Vec::with_capacity(self.num_at.len());
        at.push(0);
        self.orphans.clear();
        for i in 0..self.num_at.len() - 1 {
            let before = out.len();
            out.extend(self.numbers(i).iter().copied().filter(|&k| keep(k)));
            let orphans = self.numbers(i).len() - (out.len() - before);
            self.orphans.push(orphans.min(usize::from(u8::MAX)) as u8);
            at.push(out.len() as u32);
        }
        self.numbers = out;
        self.num_at = at;
    }
}

/// A Russian token that may match English keys: `cands[cand_at..cand_at + cand_len]`.
#[derive(Debug, Clone, Copy)]
struct RuToken {
    weight: f32,
    cand_at: u32,
    cand_len: u32,
    start: u32,
    end: u32,
}

/// An English token: its byte span and its keys (word form, stem or number).
#[derive(Debug, Clone, Copy)]
struct EnToken {
    /// Word form, stem, and the stem of a contraction's host word (else the stem again).
    keys: [Key; 3],
    function: bool,
    start: u32,
    end: u32,
}

/// A distinct Russian word of a document (see [`PairScorer::new`]).
struct RuWord {
    word: String,
    number: bool,
    function: bool,
    capital: bool,
    /// Capitalised inside a sentence, where a capital marks a name.
    inside: bool,
    /// The id of the word whatever its case (for document frequencies).
    base: u32,
}

/// A word of a sentence, prepared in parallel before interning.
struct Prepared {
    /// Normalised word (or `#number`).
    word: String,
    number: bool,
    /// Written with a capital letter.
    capital: bool,
    /// The sentence's first word.
    initial: bool,
    start: u32,
    end: u32,
}

/// Sentences per parallel preparation chunk: bounds the memory of prepared strings.
const CHUNK: usize = 4096;

/// Tokenises and normalises the sentences `range` of `doc` in parallel.
fn prepare(doc: &Document, range: std::ops::Range<usize>) -> Vec<(Vec<Prepared>, u32, [u8; 4])> {
    use rayon::prelude::*;
    range
        .into_par_iter()
        .map(|i| {
            let s = doc.sentence_text(i);
            let base = doc.sentences()[i].start as u32;
            let mut words: Vec<Prepared> = text::tokens(s)
                .into_iter()
                .enumerate()
                .map(|(n, t)| {
                    let w = t.text(s);
                    let number = t.kind == TokenKind::Number;
                    let word = if number {
                        format!("#{}", text::normalize_number(w))
                    } else {
                        text::normalize(w)
                    };
                    Prepared {
                        word,
                        number,
                        capital: w.chars().next().is_some_and(char::is_uppercase),
                        initial: n == 0,
                        start: base + t.start as u32,
                        end: base + t.end as u32,
                    }
                })
                .collect();
            spell_out_numbers(&mut words, doc.lang());
            let chars = s.chars().filter(|c| !c.is_whitespace()).count() as u32;
            (words, chars, punct_counts(s))
        })
        .collect()
}

/// Gives numbers spelled out in words the key of their digits: `3 миллиона` is written
/// `#3000000`, and `двадцать тысяч` gets a number token `#20000` over its words, which keep
/// their own keys (двадцать / twenty).
fn spell_out_numbers(words: &mut Vec<Prepared>, lang: Lang) {
    let forms: Vec<&str> = words
        .iter()
        .map(|w| w.word.strip_prefix('#').unwrap_or(&w.word))
        .collect();
    let found = spelled::spelled_numbers(&forms, lang);
    for number in found.into_iter().rev() {
        let word = format!("#{}", number.value);
        let first = number.words.start;
        if number.digits {
            words[first].word = word;
        } else {
            let token = Prepared {
                word,
                number: true,
                capital: false,
                initial: false,
                start: words[first].start,
                end: words[number.words.end - 1].end,
            };
            words.insert(number.words.end, token);
        }
    }
}

/// Scores beads of two documents. Build once per document pair with [`PairScorer::new`].
pub struct PairScorer {
    ru: Side,
    en: Side,
    ru_tokens: Vec<RuToken>,
    /// Every candidate key of each Russian sentence with the index of its token in the
    /// sentence, sorted by key: `ru_keys[ru_at[i]..]` style, bounded by `ru_key_at`.
    ru_keys: Vec<(Key, u32)>,
    ru_key_at: Vec<u32>,
    ru_at: Vec<u32>,
    cands: Vec<(Key, EvidenceKind)>,
    /// Sorted (key, weight) of each English sentence: `en_keys[en_key_at[j]..en_key_at[j+1]]`.
    en_keys: Vec<(Key, f32)>,
    /// The word slot (distinct word of its sentence) of each entry of `en_keys`.
    en_key_word: Vec<u32>,
    en_key_at: Vec<u32>,
    /// The weight of each distinct word of each English sentence (all its tokens):
    /// `en_words[en_word_at[j]..en_word_at[j+1]]`.
    en_words: Vec<f32>,
    /// How many tokens each distinct English word has (parallel to `en_words`).
    en_word_n: Vec<u16>,
    en_word_at: Vec<u32>,
    /// English tokens, for explanations: `en_tokens[en_at[j]..en_at[j+1]]`.
    en_tokens: Vec<EnToken>,
    en_at: Vec<u32>,
    ratio: f64,
    params: Params,
    model: Option<LexicalModel>,
    /// The lowest log-likelihood ratio of a pair (for comparable texts, see
    /// [`PairScorer::set_min_pair_llr`]).
    min_pair_llr: Option<f64>,
    /// The model's log-likelihood ratio at similarities 0, 1/LLR_STEPS, …, 1.
    llr_table: Vec<f64>,
    /// Share of Russian content words that a matcher (dictionary) knows.
    coverage: f64,
}

impl std::fmt::Debug for PairScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairScorer")
            .field("ru", &self.ru.chars.len())
            .field("en", &self.en.chars.len())
            .field("ratio", &self.ratio)
            .finish()
    }
}

fn punct_counts(s: &str) -> [u8; 4] {
    let mut c = [0u8; 4];
    for ch in s.chars() {
        let slot = match ch {
            '?' => 0,
            '!' => 1,
            '"' | '«' | '»' | '“' | '”' | '„' => 2,
            '(' | ')' | '[' | ']' => 3,
            _ => continue,
        };
        c[slot] = c[slot].saturating_add(1);
    }
    // Quotes and brackets count as pairs, so «a» and “a” agree with each other.
    c[2] = c[2].div_ceil(2);
    c[3] = c[3].div_ceil(2);
    c
}

/// Inverse document frequency weight of a word seen in `df` of `n` sentences.
fn idf(df: usize, n: usize) -> f32 {
    ((1.0 + n as f64) / (1.0 + df as f64)).ln().max(0.05) as f32
}

/// Document frequency of each distinct value among per-sentence lists.
fn doc_freq<'a, K: std::hash::Hash + Eq + Ord + Copy + 'a>(
    sentences: impl Iterator<Item = Vec<K>>,
) -> HashMap<K, usize> {
    let mut df = HashMap::default();
    for mut seen in sentences {
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            *df.entry(k).or_default() += 1;
        }
    }
    df
}

impl PairScorer {
    /// Reads both documents with the built-in evidence (numbers, names, cognates) and `matchers`.
    pub fn new(ru: &Document, en: &Document, matchers: &[&dyn Matcher], params: Params) -> Self {
        let clock = std::time::Instant::now();
        let debug = std::env::var("SVERKA_DEBUG").is_ok();
        let lap = |what: &str| {
            if debug {
                eprintln!("  scorer {what}: {:.3} s", clock.elapsed().as_secs_f64());
            }
        };
        let mut vocab = Vocabulary::default();

        // English side: keys of every token (word form and stem, or number).
        let mut en_side = Side {
            num_at: vec![0],
            ..Side::default()
        };
        let mut en_tokens = Vec::new();
        let mut en_at = vec![0u32];
        let mut en_word_info: FxHashMap<Key, ([Key; 3], bool)> = FxHashMap::default();
        // Per English word: written with a capital everywhere so far, and so inside a sentence.
        let mut en_capitals: FxHashMap<Key, (bool, bool)> = FxHashMap::default();
        for chunk in (0..en.len()).step_by(CHUNK) {
            let prepared = prepare(en, chunk..(chunk + CHUNK).min(en.len()));
            for (k, (words, chars, punct)) in prepared.into_iter().enumerate() {
                let start = en_side.numbers.len();
                for w in words {
                    // Stem and classify each distinct word once.
                    let (keys, function) = match vocab.words.get(&w.word) {
                        Some(&k1) => en_word_info[&k1],
                        None => {
                            let k1 = vocab.intern_word(&w.word);
                            let info = if w.number {
                                ([k1; 3], false)
                            } else {
                                // A negated contraction means `not` (didn't, can't, won't all
                                // match не); any contraction also matches its host word:
                                // doesn't → does, you're → you, Tom's → tom.
                                let contraction = text::english_contraction(&w.word);
                                let stem = match contraction {
                                    Some((_, true)) => "not",
                                    _ => &w.word,
                                };
                                let k2 = vocab.intern_stem(&text::stem(stem, Lang::En));
                                let k3 = contraction.map_or(k2, |(host, _)| {
                                    vocab.intern_stem(&text::stem(host, Lang::En))
                                });
                                ([k1, k2, k3], is_function_word(&w.word, Lang::En))
                            };
                            en_word_info.insert(k1, info);
                            info
                        }
                    };
                    let k1 = keys[0];
                    if w.number {
                        en_side.numbers.push(k1);
                    } else {
                        let c = en_capitals.entry(k1).or_insert((true, false));
                        c.0 &= w.capital;
                        c.1 |= w.capital && !w.initial;
                    }
                    en_tokens.push(EnToken {
                        keys,
                        function,
                        start: w.start,
                        end: w.end,
                    });
                }
                en_side.numbers[start..].sort_unstable();
                en_side.num_at.push(en_side.numbers.len() as u32);
                en_at.push(en_tokens.len() as u32);
                en_side.chars.push(chars);
                en_side
                    .paragraph
                    .push(en.sentences()[chunk + k].paragraph as u32);
                en_side.punct.push(punct);
            }
        }
        let en_df = doc_freq((0..en.len()).map(|j| {
            en_tokens[en_at[j] as usize..en_at[j + 1] as usize]
                .iter()
                .map(|t| t.keys[0])
                .collect()
        }));
        let mut en_keys = Vec::with_capacity(en_tokens.len() * 2);
        let mut en_key_word = Vec::with_capacity(en_tokens.len() * 2);
        let mut en_key_at = vec![0u32];
        let mut en_words = Vec::with_capacity(en_tokens.len());
        let mut en_word_n = Vec::with_capacity(en_tokens.len());
        let mut en_word_at = vec![0u32];
        let mut keys = Vec::new();
        let mut slot_of: FxHashMap<Key, u32> = FxHashMap::default();
        for j in 0..en.len() {
            let mut total = 0.0;
            keys.clear();
            slot_of.clear();
            let first = en_words.len();
            for t in &en_tokens[en_at[j] as usize..en_at[j + 1] as usize] {
                let mut w = idf(en_df[&t.keys[0]], en.len());
                if t.function {
                    w *= FUNCTION_WORD_WEIGHT;
                }
                total += w;
                // Each distinct word of the sentence is one slot, weighing all its tokens.
                let slot = *slot_of.entry(t.keys[0]).or_insert_with(|| {
                    en_words.push(0.0f32);
                    en_word_n.push(0u16);
                    (en_words.len() - first - 1) as u32
                });
                en_words[first + slot as usize] += w;
                en_word_n[first + slot as usize] =
                    en_word_n[first + slot as usize].saturating_add(1);
                for (n, &k) in t.keys.iter().enumerate() {
                    if !t.keys[..n].contains(&k) {
                        keys.push((k, w, slot));
                    }
                }
            }
            keys.sort_by_key(|a| a.0);
            keys.dedup_by_key(|a| a.0);
            en_keys.extend(keys.iter().map(|&(k, w, _)| (k, w)));
            en_key_word.extend(keys.iter().map(|&(_, _, slot)| slot));
            en_key_at.push(en_keys.len() as u32);
            en_word_at.push(en_words.len() as u32);
            en_side.weight.push(total);
        }
        drop(en_df);
        let mut names: Vec<(String, Key)> = vocab
            .words
            .iter()
            .filter(|(_, k)| {
                en_capitals
                    .get(k)
                    .is_some_and(|&(all, inside)| all && inside)
            })
            .map(|(w, &k)| (w.clone(), k))
            .collect();
        names.sort_unstable();
        let name_keys: FxHashSet<Key> = names.iter().map(|&(_, k)| k).collect();
        for (w, k) in names {
            vocab.add_name(&w, k);
        }
        lap("English side");

        // Russian side: words interned, then the candidates of each distinct word.
        let mut ru_side = Side {
            num_at: vec![0],
            ..Side::default()
        };
        // Distinct Russian words, apart when capitalised (Том the name, том the pronoun form)
        // and when capitalised inside a sentence, where a capital says "name".
        let mut ru_vocab: [HashMap<String, u32>; 3] = Default::default();
        let mut ru_bases: HashMap<String, u32> = HashMap::default();
        let mut ru_words: Vec<RuWord> = Vec::new();
        // (word id, start, end) of every Russian token, by sentence.
        let mut ru_raw: Vec<(u32, u32, u32)> = Vec::new();
        let mut ru_raw_at = vec![0u32];
        for chunk in (0..ru.len()).step_by(CHUNK) {
            let prepared = prepare(ru, chunk..(chunk + CHUNK).min(ru.len()));
            for (k, (words, chars, punct)) in prepared.into_iter().enumerate() {
                for w in words {
                    let next = ru_words.len() as u32;
                    let inside = w.capital && !w.initial;
                    let vocab_of_case = &mut ru_vocab[usize::from(w.capital) + usize::from(inside)];
                    let id = match vocab_of_case.get(&w.word) {
                        Some(&id) => id,
                        None => {
                            let function = !w.number && is_function_word(&w.word, Lang::Ru);
                            vocab_of_case.insert(w.word.clone(), next);
                            let n = ru_bases.len() as u32;
                            let base = *ru_bases.entry(w.word.clone()).or_insert(n);
                            ru_words.push(RuWord {
                                word: w.word,
                                number: w.number,
                                function,
                                capital: w.capital,
                                inside,
                                base,
                            });
                            next
                        }
                    };
                    ru_raw.push((id, w.start, w.end));
                }
                ru_raw_at.push(ru_raw.len() as u32);
                ru_side.chars.push(chars);
                ru_side
                    .paragraph
                    .push(ru.sentences()[chunk + k].paragraph as u32);
                ru_side.punct.push(punct);
            }
        }
        drop(ru_vocab);
        drop(ru_bases);
        lap("Russian words");
        let ru_df = doc_freq((0..ru.len()).map(|i| {
            ru_raw[ru_raw_at[i] as usize..ru_raw_at[i + 1] as usize]
                .iter()
                .map(|t| ru_words[t.0 as usize].base)
                .collect()
        }));
        // Candidates of each distinct Russian word: cands[word_at[id]..word_at[id + 1]].
        let mut cands: Vec<(Key, EvidenceKind)> = Vec::new();
        let mut word_at = Vec::with_capacity(ru_words.len() + 1);
        let mut scratch = Vec::new();
        let mut own = Vec::new();
        // Whether a dictionary knows each word, whether or not the English text has its
        // translation: unrelated texts have a well-known vocabulary and nothing in common.
        let mut known = Vec::with_capacity(ru_words.len());
        for RuWord {
            word,
            number,
            capital,
            inside,
            ..
        } in &ru_words
        {
            let mut knows = false;
            word_at.push(cands.len() as u32);
            own.clear();
            if *number {
                if let Some(k) = vocab.word(word) {
                    own.push((k, EvidenceKind::Number));
                }
            } else {
                // A hyphenated compound also matches through its parts (биткоин-гранты).
                let parts = word
                    .split(['-', '\u{2010}'])
                    .filter(|p| p.len() > 1 && p.len() < word.len());
                for (n, form) in std::iter::once(word.as_str()).chain(parts).enumerate() {
                    if let Some(k) = vocab.word(form) {
                        own.push((k, EvidenceKind::Name));
                    } else {
                        scratch.clear();
                        vocab.cognates(form, &mut scratch);
                        own.extend(scratch.iter().map(|&k| (k, EvidenceKind::Cognate)));
                    }
                    for m in matchers {
                        scratch.clear();
                        // The whole word, not a part of it, is what a dictionary knows.
                        knows |= m.candidates(form, &vocab, &mut scratch) && n == 0;
                        own.extend(scratch.iter().map(|&k| (k, m.kind())));
                    }
                }
                if *inside {
                    scratch.clear();
                    vocab.inflected_names(word, &mut scratch);
                    own.extend(scratch.iter().map(|&k| (k, EvidenceKind::Name)));
                }
            }
            // A capitalised word that looks like a name of the English text is that name
            // (Том: Tom, Мэри: Mary), not a dictionary word it shares a stem with (том: that).
            if *capital
                && own.iter().any(|&(k, kind)| {
                    matches!(kind, EvidenceKind::Name | EvidenceKind::Cognate)
                        && name_keys.contains(&k)
                })
            {
                own.retain(|c| !matches!(c.1, EvidenceKind::Lexicon | EvidenceKind::Learned));
            }
            known.push(knows);
            own.sort_unstable();
            own.dedup_by_key(|x| x.0);
            cands.extend_from_slice(&own);
        }
        word_at.push(cands.len() as u32);

        let (mut content_words, mut known_words) = (0usize, 0usize);
        let mut ru_keys: Vec<(Key, u32)> = Vec::new();
        let mut ru_key_at = vec![0u32];
        let mut ru_tokens = Vec::new();
        let mut ru_at = vec![0u32];
        for i in 0..ru.len() {
            let start = ru_side.numbers.len();
            let mut total = 0.0;
            for &(id, s, e) in &ru_raw[ru_raw_at[i] as usize..ru_raw_at[i + 1] as usize] {
                let RuWord {
                    number,
                    function,
                    base,
                    ..
                } = ru_words[id as usize];
                let mut weight = idf(ru_df[&base], ru.len());
                if function {
                    weight *= FUNCTION_WORD_WEIGHT;
                }
                total += weight;
                let (cand_at, cand_end) = (word_at[id as usize], word_at[id as usize + 1]);
                if !number && !function {
                    content_words += 1;
                    if known[id as usize] {
                        known_words += 1;
                    }
                }
                if number {
                    // A number with no English counterpart still counts as a mismatch.
                    let key = if cand_end > cand_at {
                        cands[cand_at as usize].0
                    } else {
                        Key::MAX - (ru_side.numbers.len() - start) as Key
                    };
                    ru_side.numbers.push(key);
                }
                if cand_end > cand_at {
                    ru_tokens.push(RuToken {
                        weight,
                        cand_at,
                        cand_len: cand_end - cand_at,
                        start: s,
                        end: e,
                    });
                }
            }
            ru_side.numbers[start..].sort_unstable();
            ru_side.num_at.push(ru_side.numbers.len() as u32);
            ru_at.push(ru_tokens.len() as u32);
            let first = ru_at[ru_at.len() - 2] as usize;
            let at = ru_keys.len();
            for (t, tok) in ru_tokens[first..].iter().enumerate() {
                let own = &cands[tok.cand_at as usize..(tok.cand_at + tok.cand_len) as usize];
                ru_keys.extend(own.iter().map(|c| (c.0, t as u32)));
            }
            ru_keys[at..].sort_unstable();
            ru_key_at.push(ru_keys.len() as u32);
            ru_side.weight.push(total);
        }

        // A number found nowhere on the other side is an addition of one text (a comparable
        // text's extra detail, or a sentence the other text left out): weaker evidence against
        // the pair that holds it than a number whose counterpart is elsewhere.
        let ru_numbers: FxHashSet<Key> = ru_side.numbers.iter().copied().collect();
        let en_numbers: FxHashSet<Key> = en_side.numbers.iter().copied().collect();
        ru_side.keep_numbers(|k| en_numbers.contains(&k));
        en_side.keep_numbers(|k| ru_numbers.contains(&k));

        let ru_chars: u64 = ru_side.chars.iter().map(|&c| c as u64).sum();
        let en_chars: u64 = en_side.chars.iter().map(|&c| c as u64).sum();
        let ratio = if ru_chars == 0 || en_chars == 0 {
            1.0
        } else {
            // Extra text on one side (a comparable text, an appended post) inflates the
            // documents' ratio; the aligner refits it on the first pass's pairs.
            (en_chars as f64 / ru_chars as f64).clamp(1.0 / MAX_START_RATIO, MAX_START_RATIO)
        };
        PairScorer {
            ru: ru_side,
            en: en_side,
            ru_tokens,
            ru_keys,
            ru_key_at,
            ru_at,
            cands,
            en_keys,
            en_key_word,
            en_key_at,
            en_words,
            en_word_n,
            en_word_at,
            en_tokens,
            en_at,
            ratio,
            params,
            model: None,
            min_pair_llr: None,
            llr_table: Vec::new(),
            coverage: if content_words == 0 {
                0.0
            } else {
                known_words as f64 / content_words as f64
            },
        }
    }

    fn ru_toks(&self, i: usize) -> &[RuToken] {
        &self.ru_tokens[self.ru_at[i] as usize..self.ru_at[i + 1] as usize]
    }

    fn cands_of(&self, t: &RuToken) -> &[(Key, EvidenceKind)] {
        &self.cands[t.cand_at as usize..(t.cand_at + t.cand_len) as usize]
    }

    fn en_keys_of(&self, j: usize) -> &[(Key, f32)] {
        &self.en_keys[self.en_key_at[j] as usize..self.en_key_at[j + 1] as usize]
    }

    /// The number of Russian sentences.
    pub fn ru_len(&self) -> usize {
        self.ru.chars.len()
    }

    /// The number of English sentences.
    pub fn en_len(&self) -> usize {
        self.en.chars.len()
    }

    /// The English/Russian character ratio estimated from the documents.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The tuning constants in use.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The matched weight of Russian sentence `i` and English sentence `j`: the weight of the
    /// Russian tokens that match something in `j` and the weight of the English words that
    /// something in `i` matches. Counting both sides keeps a short sentence whose few words all
    /// match one word of a long sentence from looking like its translation.
    pub fn matched(&self, i: usize, j: usize) -> Hit {
        let en = self.en_keys_of(j);
        let ru = &self.ru_keys[self.ru_key_at[i] as usize..self.ru_key_at[i + 1] as usize];
        if en.is_empty() || ru.is_empty() {
            return Hit::default();
        }
        let toks = self.ru_toks(i);
        let slots = &self.en_key_word[self.en_key_at[j] as usize..self.en_key_at[j + 1] as usize];
        let words = self.en_word_at[j] as usize..self.en_word_at[j + 1] as usize;
        let (weights, counts) = (&self.en_words[words.clone()], &self.en_word_n[words]);
        // Merge the two sorted key lists into (Russian token, English word) matches.
        let mut matches = StackVec::new();
        let (mut a, mut b) = (0, 0);
        while a < ru.len() && b < en.len() {
            match ru[a].0.cmp(&en[b].0) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    matches.push((ru[a].1, slots[b]));
                    a += 1;
                }
            }
        }
        one_to_one(matches.as_mut_slice(), |t| toks[t].weight, weights, counts)
    }

    /// The cost of a bead (lower is better), given the matched weight of each of its
    /// sentence pairs, `matched(a, b)` for the bead's `a`-th Russian and `b`-th English sentence.
    pub fn bead_cost(
        &self,
        ru: std::ops::Range<usize>,
        en: std::ops::Range<usize>,
        matched: impl Fn(usize, usize) -> Hit,
    ) -> f64 {
        if ru.is_empty() || en.is_empty() {
            return self.params.skip * (ru.len() + en.len()) as f64;
        }
        self.cost_parts(ru, en, matched).total()
    }

    /// The parts of a two-sided bead's cost, as [`bead_cost`](Self::bead_cost) adds them.
    pub fn cost_parts(
        &self,
        ru: std::ops::Range<usize>,
        en: std::ops::Range<usize>,
        matched: impl Fn(usize, usize) -> Hit,
    ) -> CostParts {
        let p = &self.params;
        let (a, b) = (ru.len(), en.len());
        let prior = match (a, b) {
            (1, 1) => 0.0,
            (1, 2) | (2, 1) => p.one_two,
            (2, 2) => p.two_two,
            _ => p.one_three,
        };
        let l1: f64 = ru.clone().map(|i| self.ru.chars[i] as f64).sum();
        let l2: f64 = en.clone().map(|j| self.en.chars[j] as f64).sum();
        let length = length_cost(l1, l2, self.ratio, p.length_variance).min(p.max_length_cost);

        // Paragraphs: a bead should not cross a break, and should start paragraphs together.
        let mut paragraph = 0.0;
        if self.ru.paragraph[ru.start] != self.ru.paragraph[ru.end - 1] {
            paragraph += p.paragraph_cross;
        }
        if self.en.paragraph[en.start] != self.en.paragraph[en.end - 1] {
            paragraph += p.paragraph_cross;
        }
        let ru_starts =
            ru.start == 0 || self.ru.paragraph[ru.start - 1] != self.ru.paragraph[ru.start];
        let en_starts =
            en.start == 0 || self.en.paragraph[en.start - 1] != self.en.paragraph[en.start];
        if ru_starts != en_starts {
            paragraph += p.paragraph_misaligned;
        }

        let Lexical {
            hit,
            similarity,
            stray,
        } = self.lexical(ru.clone(), en.clone(), &matched);
        let lexical = if hit > 0.0 {
            p.lexical * similarity + p.evidence * hit.ln_1p()
        } else {
            0.0
        };
        // The document's own model: how much more alike translations are than neighbours.
        let llr = self.model.as_ref().map_or(0.0, |_| {
            let llr = self.llr(similarity);
            if self.min_pair_llr.is_some_and(|floor| llr < floor) {
                return -FORBIDDEN;
            }
            // Evidence against pairing counts for every sentence pair the bead claims, and a
            // sentence that shares no more with the other side than a neighbour would counts
            // against the bead as a wrong pair does: it is likelier left unpaired.
            let llr = if llr < 0.0 {
                llr * (a + b) as f64 / 2.0
            } else {
                llr
            };
            llr + stray
        });

        // Numbers and punctuation present on one side only.
        let orphans: u32 = ru
            .clone()
            .map(|i| u32::from(self.ru.orphans[i]))
            .sum::<u32>()
            + en.clone()
                .map(|j| u32::from(self.en.orphans[j]))
                .sum::<u32>();
        let numbers = p.number_mismatch
            * (self.number_mismatch(ru.clone(), en.clone()) as f64
                + ORPHAN_WEIGHT * orphans as f64)
                .min(4.0);
        let mut punct = 0u32;
        for k in 0..4 {
            let x: u32 = ru.clone().map(|i| self.ru.punct[i][k] as u32).sum();
            let y: u32 = en.clone().map(|j| self.en.punct[j][k] as u32).sum();
            punct += x.abs_diff(y);
        }
        CostParts {
            prior,
            length,
            paragraph,
            lexical,
            llr,
            numbers,
            punctuation: p.punct_mismatch * punct.min(4) as f64,
            similarity,
            length_ratio: if l1 > 0.0 { l2 / l1 } else { 0.0 },
        }
    }

    /// A bead's lexical evidence (see [`Lexical`]).
    fn lexical(
        &self,
        ru: std::ops::Range<usize>,
        en: std::ops::Range<usize>,
        matched: &impl Fn(usize, usize) -> Hit,
    ) -> Lexical {
        if ru.len() == 1 && en.len() == 1 {
            // The usual 1-1 bead, without the bookkeeping below.
            let (wr, we) = (self.ru.weight[ru.start], self.en.weight[en.start]);
            let h = matched(0, 0);
            let hit = 0.5 * (h.ru.min(wr) as f64 + h.en.min(we) as f64);
            return Lexical {
                hit,
                similarity: share(hit, wr as f64 + we as f64),
                stray: 0.0,
            };
        }
        // Each sentence's matched weight is capped at its own weight: a word matched from two
        // sentences of the other side counts once.
        let (mut ru_buf, mut en_buf) = ([0.0f32; 8], [0.0f32; 8]);
        let (mut ru_vec, mut en_vec) = (Vec::new(), Vec::new());
        let ru_hit = scratch(&mut ru_buf, &mut ru_vec, ru.len());
        let en_hit = scratch(&mut en_buf, &mut en_vec, en.len());
        for (x, r) in ru_hit.iter_mut().enumerate() {
            for (y, e) in en_hit.iter_mut().enumerate() {
                let h = matched(x, y);
                *r += h.ru;
                *e += h.en;
            }
        }
        let (mut hr, mut he, mut wr, mut we) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let mut stray = 0.0;
        // A sentence's own matched share, as the document model rates a pair's similarity;
        // a sentence without words has no evidence either way.
        let against = |h: f32, w: f32| {
            if w > 0.0 {
                self.llr((h / w) as f64).min(0.0)
            } else {
                0.0
            }
        };
        for (i, &h) in ru.zip(ru_hit.iter()) {
            let (h, w) = (h.min(self.ru.weight[i]), self.ru.weight[i]);
            hr += h as f64;
            wr += w as f64;
            stray += against(h, w);
        }
        for (j, &h) in en.zip(en_hit.iter()) {
            let (h, w) = (h.min(self.en.weight[j]), self.en.weight[j]);
            he += h as f64;
            we += w as f64;
            stray += against(h, w);
        }
        // The mean of the two sides' matched weights.
        let hit = 0.5 * (hr + he);
        Lexical {
            hit,
            similarity: share(hit, wr + we),
            stray,
        }
    }

    /// The cost of pairing Russian sentence `i` with English sentence `j` alone (a 1-1 bead):
    /// lower is likelier. Ranking English sentences by it ranks candidate translations.
    pub fn pair_cost(&self, i: usize, j: usize) -> f64 {
        self.cost_parts(i..i + 1, j..j + 1, |_, _| self.matched(i, j))
            .total()
    }

    /// The lexical similarity of a bead in `0.0..=1.0`: the weighted share of its tokens that
    /// match across it.
    pub fn similarity(&self, ru: std::ops::Range<usize>, en: std::ops::Range<usize>) -> f64 {
        let (r0, e0) = (ru.start, en.start);
        self.lexical(ru, en, &|x, y| self.matched(r0 + x, e0 + y))
            .similarity
    }

    /// Sets the document's lexical model (see [`LexicalModel`]).
    pub fn set_lexical_model(&mut self, model: LexicalModel) {
        self.llr_table = (0..=LLR_STEPS)
            .map(|k| model.llr(k as f64 / LLR_STEPS as f64))
            .collect();
        self.model = Some(model);
    }

    /// The lexical model's log-likelihood ratio of `sim`, from the table (0 without a model).
    fn llr(&self, sim: f64) -> f64 {
        if self.llr_table.is_empty() {
            return 0.0;
        }
        if sim < ZERO_SIMILARITY {
            return self.llr_table[0];
        }
        let x = sim.clamp(0.0, 1.0) * LLR_STEPS as f64;
        let k = (x as usize).min(LLR_STEPS - 1);
        let f = x - k as f64;
        self.llr_table[k] * (1.0 - f) + self.llr_table[k + 1] * f
    }

    /// The squared Gale–Church deviate δ² of a bead's lengths under the current variance.
    pub fn length_deviate2(&self, ru: std::ops::Range<usize>, en: std::ops::Range<usize>) -> f64 {
        let (l1, l2) = self.lengths(ru, en);
        let (l1, l2) = (l1 as f64, l2 as f64);
        let c = self.ratio;
        let mean = (l1 + l2 / c) / 2.0;
        (c * l1 - l2).powi(2) / (self.params.length_variance * c * mean).max(1e-9)
    }

    /// Forbids pairs whose similarity the document model finds at least `e^-floor` times likelier
    /// between neighbours than between translations. For comparable texts, where leaving a
    /// sentence unpaired is cheap and a pair should rest on evidence for it.
    pub fn set_min_pair_llr(&mut self, floor: Option<f64>) {
        self.min_pair_llr = floor;
    }

    /// Whether Russian sentences `a` and `b` are in the same paragraph.
    pub fn same_paragraph_ru(&self, a: usize, b: usize) -> bool {
        self.ru.paragraph[a] == self.ru.paragraph[b]
    }

    /// Whether English sentences `a` and `b` are in the same paragraph.
    pub fn same_paragraph_en(&self, a: usize, b: usize) -> bool {
        self.en.paragraph[a] == self.en.paragraph[b]
    }

    /// The lowest log-likelihood ratio of a pair, when one is set (a comparable text).
    pub fn min_pair_llr(&self) -> Option<f64> {
        self.min_pair_llr
    }

    /// Sets the English/Russian character ratio of the length model.
    pub fn set_ratio(&mut self, ratio: f64) {
        self.ratio = ratio;
    }

    /// Sets the variance per character of the length model (see [`Params::length_variance`]).
    pub fn set_length_variance(&mut self, variance: f64) {
        self.params.length_variance = variance;
    }

    /// Sets the cost of leaving a sentence unpaired (see [`Params::skip`]).
    pub fn set_skip(&mut self, skip: f64) {
        self.params.skip = skip;
    }

    /// The share of Russian content words (not numbers, not function words) that a dictionary
    /// matcher knows, in `0.0..=1.0`.
    pub fn dictionary_coverage(&self) -> f64 {
        self.coverage
    }

    /// The document's lexical model, once fitted.
    pub fn lexical_model(&self) -> Option<&LexicalModel> {
        self.model.as_ref()
    }

    /// The word pairs that match between a bead's sides, for explanations: Russian byte span,
    /// English byte span (into each document's text) and the kind of evidence, in the order
    /// of the Russian words.
    ///
    /// As the score counts them, each English word matches one Russian word: the Russian
    /// words with the fewest possible matches choose first, each the rarest English word
    /// still free (on a tie, the first). So `не` takes the `didn't` of "I didn't know what
    /// I'd done" and `сделал` the `done`, and two Russian `я` take the two `I`s.
    pub fn evidence(
        &self,
        ru: std::ops::Range<usize>,
        en: std::ops::Range<usize>,
    ) -> Vec<WordMatch> {
        // The bead's English tokens, each with the weight it carries in the score: its word's
        // weight in its sentence, shared among the word's tokens.
        let mut en_toks: Vec<(&EnToken, f32)> = Vec::new();
        let mut words: Vec<Key> = Vec::new();
        for j in en {
            let first = self.en_word_at[j] as usize;
            words.clear();
            for t in &self.en_tokens[self.en_at[j] as usize..self.en_at[j + 1] as usize] {
                let slot = words
                    .iter()
                    .position(|&k| k == t.keys[0])
                    .unwrap_or_else(|| {
                        words.push(t.keys[0]);
                        words.len() - 1
                    });
                let n = f32::from(self.en_word_n[first + slot].max(1));
                en_toks.push((t, self.en_words[first + slot] / n));
            }
        }
        // Each Russian token's possible matches: (English token, kind of the shared key).
        let ru_toks: Vec<&RuToken> = ru.flat_map(|i| self.ru_toks(i)).collect();
        let options: Vec<Vec<(usize, EvidenceKind)>> = ru_toks
            .iter()
            .map(|t| {
                let cands = self.cands_of(t);
                en_toks
                    .iter()
                    .enumerate()
                    .filter_map(|(b, (et, _))| {
                        let (_, kind) = cands.iter().find(|(k, _)| et.keys.contains(k))?;
                        Some((b, *kind))
                    })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..ru_toks.len())
            .filter(|&a| !options[a].is_empty())
            .collect();
        order.sort_by_key(|&a| options[a].len());
        let mut used = vec![false; en_toks.len()];
        let mut out = Vec::new();
        for a in order {
            let pick = options[a].iter().filter(|(b, _)| !used[*b]).max_by(|x, y| {
                en_toks[x.0]
                    .1
                    .total_cmp(&en_toks[y.0].1)
                    .then(y.0.cmp(&x.0))
            });
            if let Some(&(b, kind)) = pick {
                used[b] = true;
                let (t, et) = (ru_toks[a], en_toks[b].0);
                out.push(WordMatch {
                    ru: t.start as usize..t.end as usize,
                    en: et.start as usize..et.end as usize,
                    kind,
                });
            }
        }
        out.sort_by_key(|m| (m.ru.start, m.en.start));
        out
    }

    /// How many numbers appear on one side of the bead only.
    fn number_mismatch(&self, ru: std::ops::Range<usize>, en: std::ops::Range<usize>) -> usize {
        let r0 = self.ru.num_at[ru.start] as usize;
        let r1 = self.ru.num_at[ru.end] as usize;
        let e0 = self.en.num_at[en.start] as usize;
        let e1 = self.en.num_at[en.end] as usize;
        if r0 == r1 && e0 == e1 {
            return 0;
        }
        if ru.len() == 1 && en.len() == 1 {
            return sym_diff(self.ru.numbers(ru.start), self.en.numbers(en.start));
        }
        // Beads hold at most three sentences a side: sort small copies on the stack.
        let mut a = [0 as Key; 16];
        let mut b = [0 as Key; 16];
        let (na, nb) = ((r1 - r0).min(16), (e1 - e0).min(16));
        a[..na].copy_from_slice(&self.ru.numbers[r0..r0 + na]);
        b[..nb].copy_from_slice(&self.en.numbers[e0..e0 + nb]);
        a[..na].sort_unstable();
        b[..nb].sort_unstable();
        sym_diff(&a[..na], &b[..nb]) + (r1 - r0 - na) + (e1 - e0 - nb)
    }

    /// Keys of rare evidence (words seen in at most two sentences of a side) of every sentence,
    /// Russian then English: the anchors of the coarse search.
    pub fn rare_keys(&self) -> (Vec<Vec<Key>>, Vec<Vec<Key>>) {
        let ru_min = idf(2, self.ru_len());
        let en_min = idf(2, self.en_len());
        let ru = (0..self.ru_len())
            .map(|i| {
                let mut k: Vec<Key> = self
                    .ru_toks(i)
                    .iter()
                    .filter(|t| t.weight >= ru_min && t.cand_len <= 4)
                    .flat_map(|t| self.cands_of(t).iter().map(|c| c.0))
                    .collect();
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect();
        let en = (0..self.en_len())
            .map(|j| {
                self.en_keys_of(j)
                    .iter()
                    .filter(|(_, w)| *w >= en_min)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .collect();
        (ru, en)
    }

    /// Character counts (without spaces) of the two sides of a bead.
    pub fn lengths(&self, ru: std::ops::Range<usize>, en: std::ops::Range<usize>) -> (u64, u64) {
        (
            ru.map(|i| self.ru.chars[i] as u64).sum(),
            en.map(|j| self.en.chars[j] as u64).sum(),
        )
    }
}

/// The matched weight of a sentence pair on each side (see [`PairScorer::matched`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Hit {
    /// The weight of the Russian tokens that match.
    pub ru: f32,
    /// The weight of the English words that are matched.
    pub en: f32,
}

/// A bead's lexical evidence.
struct Lexical {
    /// The mean of the two sides' matched token weights.
    hit: f64,
    /// The weighted share of the bead's tokens that match across it, in `0.0..=1.0`.
    similarity: f64,
    /// For a bead of three or more sentences: the sum, over its sentences that share no more
    /// with the other side than a neighbour would, of the document model's (negative)
    /// log-likelihood ratio of that sentence's own matched share. 0 without a model.
    stray: f64,
}

/// The similarity of a bead whose sides match `hit` (the mean of the two sides' matched
/// weights) out of `total` weight: in `0.0..=1.0`.
fn share(hit: f64, total: f64) -> f64 {
    if total > 0.0 {
        (2.0 * hit / total).min(1.0)
    } else {
        0.0
    }
}

/// `n` zeroed slots: in `buf` when they fit, else in `vec` (no allocation in the usual case).
fn scratch<'a, T: Copy + Default, const N: usize>(
    buf: &'a mut [T; N],
    vec: &'a mut Vec<T>,
    n: usize,
) -> &'a mut [T] {
    if n <= N {
        &mut buf[..n]
    } else {
        *vec = vec![T::default(); n];
        vec
    }
}

/// The matched weight of (Russian token, English word) `matches` when each token pairs with
/// at most one English token: the tokens with the fewest matches choose first. An English word
/// that occurs `counts[w]` times takes as many Russian tokens, each worth its share of
/// `weights[w]`. So three Russian words that all may translate *all* match one *all*, not three.
fn one_to_one(
    matches: &mut [(u32, u32)],
    ru_weight: impl Fn(usize) -> f32,
    weights: &[f32],
    counts: &[u16],
) -> Hit {
    if matches.is_empty() {
        return Hit::default();
    }
    matches.sort_unstable();
    // Each Russian token's run of matches, fewest first (ties by position).
    let mut runs = StackVec::new();
    let mut start = 0;
    for k in 1..=matches.len() {
        if k == matches.len() || matches[k].0 != matches[start].0 {
            runs.push((start as u32, k as u32));
            start = k;
        }
    }
    let runs = runs.as_mut_slice();
    // With one match per token the order is already by position.
    if runs.len() < matches.len() {
        runs.sort_by_key(|&(s, e)| (e - s, matches[s as usize].0));
    }
    let (mut used_buf, mut used_vec) = ([0u16; 64], Vec::new());
    let used = scratch(&mut used_buf, &mut used_vec, weights.len());
    let mut hit = Hit::default();
    for &mut (s, e) in runs {
        let (s, e) = (s as usize, e as usize);
        let free = matches[s..e]
            .iter()
            .map(|&(_, w)| w as usize)
            .filter(|&w| used[w] < counts[w])
            .max_by(|&a, &b| {
                (weights[a] / counts[a] as f32).total_cmp(&(weights[b] / counts[b] as f32))
            });
        if let Some(w) = free {
            used[w] += 1;
            hit.ru += ru_weight(matches[s].0 as usize);
            hit.en += weights[w] / counts[w] as f32;
        }
    }
    hit
}

/// A list of pairs kept on the stack up to 32 of them (the usual handful of word matches of a
/// sentence pair), on the heap beyond.
struct StackVec {
    buf: [(u32, u32); 32],
    more: Vec<(u32, u32)>,
    len: usize,
}

impl StackVec {
    fn new() -> Self {
        StackVec {
            buf: [(0, 0); 32],
            more: Vec::new(),
            len: 0,
        }
    }

    fn push(&mut self, x: (u32, u32)) {
        if self.len < self.buf.len() {
            self.buf[self.len] = x;
        } else {
            if self.more.is_empty() {
                self.more.extend_from_slice(&self.buf);
            }
            self.more.push(x);
        }
        self.len += 1;
    }

    fn as_mut_slice(&mut self) -> &mut [(u32, u32)] {
        if self.more.is_empty() {
            &mut self.buf[..self.len]
        } else {
            &mut self.more
        }
    }
}

/// The size of the symmetric difference of two sorted lists.
fn sym_diff(a: &[Key], b: &[Key]) -> usize {
    let (mut i, mut j, mut d) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                d += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                d += 1;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    d + (a.len() - i) + (b.len() - j)
}

/// The Gale–Church length cost: `-ln P(|δ|)` of two lengths under the ratio `c`.
///
/// # Example
/// ```
/// use sverka::score::length_cost;
/// assert!(length_cost(100.0, 100.0, 1.0, 6.8) < length_cost(100.0, 160.0, 1.0, 6.8));
/// ```
pub fn length_cost(l1: f64, l2: f64, c: f64, variance: f64) -> f64 {
    if l1 + l2 == 0.0 {
        return 0.0;
    }
    let mean = (l1 + l2 / c) / 2.0;
    let delta = ((c * l1 - l2) / (variance * c * mean).max(1e-9).sqrt()).abs();
    tail_cost(delta)
}

/// Steps per unit of δ of the length cost's lookup table.
const TAIL_STEPS: f64 = 256.0;

/// The table covers δ in `0.0..TAIL_MAX`; beyond it the cost is capped.
const TAIL_MAX: f64 = 8.0;

/// `-ln(2 (1 - Φ(δ)))` for `δ ≥ 0`, from a table with linear interpolation.
fn tail_cost(delta: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=(TAIL_MAX * TAIL_STEPS) as usize + 1)
            .map(|k| {
                let p = 2.0 * (1.0 - normal_cdf(k as f64 / TAIL_STEPS));
                -(p.max(1e-12)).ln()
            })
            .collect()
    });
    let x = delta.min(TAIL_MAX) * TAIL_STEPS;
    let k = x as usize;
    let f = x - k as f64;
    table[k] * (1.0 - f) + table[k + 1] * f
}

/// The standard normal cumulative distribution (Abramowitz & Stegun 26.2.17).
fn normal_cdf(z: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * z.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if z >= 0.0 { 1.0 - tail } else { tail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognates_across_scripts() {
        assert!(is_cognate(&skeleton("биткоин"), &skeleton("bitcoin")));
        assert!(is_cognate(&skeleton("телеграм"), &skeleton("telegram")));
        assert!(is_cognate(&skeleton("прокси"), &skeleton("proxies")));
        assert!(!is_cognate(&skeleton("поддержку"), &skeleton("support")));
    }

    #[test]
    fn each_english_word_takes_one_russian_token() {
        // Three Russian tokens that may all translate word 0 (one token of weight 1.0).
        let mut m = [(0, 0), (1, 0), (2, 0)];
        let hit = one_to_one(&mut m, |_| 2.0, &[1.0], &[1]);
        assert_eq!(hit, Hit { ru: 2.0, en: 1.0 });
        // The word occurs twice: two tokens match, each worth half its weight.
        let mut m = [(0, 0), (1, 0), (2, 0)];
        assert_eq!(
            one_to_one(&mut m, |_| 2.0, &[1.0], &[2]),
            Hit { ru: 4.0, en: 1.0 }
        );
        // Token 1 can only match word 0, so token 0 takes word 1 (fewest choices first).
        let mut m = [(0, 0), (0, 1), (1, 0)];
        let hit = one_to_one(&mut m, |t| [1.0, 3.0][t], &[0.5, 0.25], &[1, 1]);
        assert_eq!(hit, Hit { ru: 4.0, en: 0.75 });
    }

    /// A scorer of two small texts with a dictionary of `pairs`.
    fn small(pairs: &[(&str, &str)], ru: &str, en: &str) -> PairScorer {
        let mut lex = Lexicon::empty();
        for (r, e) in pairs {
            lex.insert(r, e);
        }
        let ru = Document::new(ru, Lang::Ru).unwrap();
        let en = Document::new(en, Lang::En).unwrap();
        PairScorer::new(&ru, &en, &[&lex], Params::default())
    }

    #[test]
    fn a_sentence_matching_one_word_of_the_other_is_not_its_match() {
        let s = small(
            &[("кот", "cat")],
            "Кот, кота, коту.",
            "Cat.\n\nCat, cat, cat.",
        );
        let (one, three) = (s.matched(0, 0), s.matched(0, 1));
        assert!(one.ru > 0.0 && one.en > 0.0, "{one:?}");
        assert!(three.ru > 2.5 * one.ru, "{one:?} {three:?}");
        assert!(s.pair_cost(0, 1) < s.pair_cost(0, 0));
    }

    #[test]
    fn stack_vec_spills_to_the_heap() {
        let mut v = StackVec::new();
        for k in 0..40u32 {
            v.push((k, 40 - k));
        }
        let all: Vec<(u32, u32)> = (0..40).map(|k| (k, 40 - k)).collect();
        assert_eq!(v.as_mut_slice(), &all[..]);
        // 40 tokens that may all match one word: one of them does.
        let mut m: Vec<(u32, u32)> = (0..40).map(|t| (t, 0)).collect();
        assert_eq!(
            one_to_one(&mut m, |_| 1.0, &[2.0], &[1]),
            Hit { ru: 1.0, en: 2.0 }
        );
    }

    #[test]
    fn a_capitalised_name_is_not_a_dictionary_word() {
        let s = small(
            &[("том", "that")],
            "Вот Том.\n\nО том.",
            "Here is Tom.\n\nAbout that.",
        );
        assert!(s.matched(0, 0).ru > 0.0, "Том matches Tom");
        assert_eq!(s.matched(0, 1), Hit::default(), "Том does not match that");
        assert!(s.matched(1, 1).ru > 0.0, "том still matches that");
    }

    #[test]
    fn explanations_pair_each_english_word_once() {
        let text_ru = "Я не знал, что я сделал.";
        let text_en = "I didn't know what I'd done.";
        let s = small(
            &[
                ("не", "not"),
                ("знать", "know"),
                ("что", "what"),
                ("сделать", "do"),
            ],
            text_ru,
            text_en,
        );
        let pairs: Vec<(&str, &str)> = s
            .evidence(0..1, 0..1)
            .iter()
            .map(|m| (&text_ru[m.ru.clone()], &text_en[m.en.clone()]))
            .collect();
        // сделал could take didn't (did) as не does; it takes done, and the two я take the
        // two I's (I'd by its host word), whichever each.
        let en: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        assert_eq!(en.len(), 6, "{pairs:?}");
        let mut unique = en.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 6, "an English word matched twice: {pairs:?}");
        assert!(pairs.contains(&("не", "didn't")) && pairs.contains(&("сделал", "done")));
        let i_s: Vec<&str> = pairs
            .iter()
            .filter(|p| p.0 == "Я" || p.0 == "я")
            .map(|p| p.1)
            .collect();
        assert!(i_s.contains(&"I") && i_s.contains(&"I'd"), "{pairs:?}");
    }

    #[test]
    fn inflected_names_match_the_english_name() {
        // Тому, Тома and Джону are Tom, Tom's and John, inside a sentence; a capitalised word
        // that begins a sentence (Там) is no name for it, and Джейн is not John.
        let s = small(
            &[("там", "there")],
            "Я дал книгу Тому.\n\nЭто машина Тома.\n\nТам Джону хорошо.\n\nЭто Джейн.",
            "I gave Tom a book.\n\nThis is Tom's car.\n\nJohn is fine there.\n\nThis is John.",
        );
        let names = |i: usize, j: usize| {
            s.evidence(i..i + 1, j..j + 1)
                .into_iter()
                .filter(|m| m.kind == EvidenceKind::Name)
                .count()
        };
        assert_eq!(names(0, 0), 1, "Тому: Tom");
        assert_eq!(names(1, 1), 1, "Тома: Tom's");
        assert_eq!(names(2, 2), 1, "Джону: John");
        assert_eq!(names(2, 0), 0, "Там is not Tom");
        assert_eq!(names(3, 3), 0, "Джейн is not John");
        assert_eq!(name_shape("Джексон"), name_shape("Jackson"));
        assert_eq!(name_shape("Tom"), name_shape("Том"));
        assert_eq!(name_shape("Мэри"), name_shape("Mary"));
        assert_eq!(name_shape("Anna"), name_shape("Анна"));
    }

    #[test]
    fn contractions_match_their_host_word() {
        let s = small(
            &[("ты", "you"), ("прав", "right")],
            "Ты прав.",
            "You’re right.\n\nRight.",
        );
        assert!(s.matched(0, 0).ru > s.matched(0, 1).ru);
        assert_eq!(s.evidence(0..1, 0..1).len(), 2);
    }

    #[test]
    fn negated_contractions_mean_not() {
        // не is `not`: it matches didn't and won’t as it matches `not`, and matches nothing
        // in a sentence without a negation.
        let s = small(
            &[("не", "not"), ("знал", "know")],
            "Не знал.",
            "I didn't know.\n\nI won’t know.\n\nI know.",
        );
        for j in 0..2 {
            assert_eq!(s.evidence(0..1, j..j + 1).len(), 2, "sentence {j}");
        }
        assert_eq!(s.evidence(0..1, 2..3).len(), 1);
        assert!(s.matched(0, 0).ru > s.matched(0, 2).ru);
    }

    #[test]
    fn normal_cdf_is_sane() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
        assert!((normal_cdf(-1.96) - 0.025).abs() < 1e-3);
    }

    #[test]
    fn spelled_out_numbers_match_their_digits() {
        // No dictionary: only the number can match. A number in words is the same number as
        // its digits, in either text, and counts no more as a number on one side only.
        let s = small(
            &[],
            "Стол стоил двадцать тысяч иен.\n\nПришли 3 миллиона.\n\nЭто было 20 лет назад.",
            "The desk cost 20,000 yen.\n\nThree million came.\n\nIt was twenty years ago.",
        );
        for i in 0..3 {
            let found = s.evidence(i..i + 1, i..i + 1);
            let numbers = found.iter().filter(|m| m.kind == EvidenceKind::Number);
            assert_eq!(numbers.count(), 1, "sentence {i}: {found:?}");
            assert_eq!(s.number_mismatch(i..i + 1, i..i + 1), 0, "sentence {i}");
            for j in (0..3).filter(|&j| j != i) {
                assert!(s.pair_cost(i, i) < s.pair_cost(i, j), "{i} {j}");
            }
        }
        // The match spans the words of the number (миллиона is also a cognate of million).
        let found = &s.evidence(0..1, 0..1)[0];
        assert_eq!(
            found.ru,
            "Стол стоил ".len().."Стол стоил двадцать тысяч".len()
        );
        assert_eq!(s.evidence(1..2, 1..2)[0].en, 27..40, "Three million");
    }

    #[test]
    fn shared_names_and_numbers_match() {
        let ru = Document::new(
            "Telegram заблокировали на 24 часа. Погода хорошая.",
            Lang::Ru,
        )
        .unwrap();
        let en = Document::new(
            "Telegram was banned for 24 hours. The weather is nice.",
            Lang::En,
        )
        .unwrap();
        let s = PairScorer::new(&ru, &en, &[], Params::default());
        assert!(s.matched(0, 0).ru > 0.0 && s.matched(0, 0).en > 0.0);
        assert_eq!(s.matched(0, 1), Hit::default());
        let good = s.bead_cost(0..1, 0..1, |x, y| s.matched(x, y));
        let bad = s.bead_cost(0..1, 1..2, |x, y| s.matched(x, 1 + y));
        assert!(good < bad, "{good} < {bad}");
    }
}
