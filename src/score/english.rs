//! The English side's evidence: the keys of every token (word form, stem, number), each
//! sentence's sorted keys with their weights (rare words weigh more), and which words are names.

use rustc_hash::{FxHashMap, FxHashSet};

use super::Key;
use super::prepare::{self, FUNCTION_WORD_WEIGHT, Prepared, doc_freq, idf};
use super::side::Side;
use super::vocabulary::{Capitals, Vocabulary};
use crate::lexicon::stopwords::is_function_word;
use crate::text;
use crate::{Document, Lang};

/// An English token: its byte span and its keys (word form, stem or number).
#[derive(Debug, Clone, Copy)]
pub(super) struct EnToken {
    /// Word form, stem, and the stem of a contraction's host word (else the stem again).
    pub(super) keys: [Key; 3],
    function: bool,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// The English tokens and keys of each sentence, as [`super::PairScorer::matched`] merges them
/// with a Russian sentence's candidates.
#[derive(Debug, Default)]
pub(super) struct EnIndex {
    /// Sorted (key, weight) of each English sentence: `keys[key_at[j]..key_at[j+1]]`.
    pub(super) keys: Vec<(Key, f32)>,
    /// The word slot (distinct word of its sentence) of each entry of `keys`.
    pub(super) key_word: Vec<u32>,
    pub(super) key_at: Vec<u32>,
    /// The weight of each distinct word of each English sentence (all its tokens):
    /// `words[word_at[j]..word_at[j+1]]`.
    pub(super) words: Vec<f32>,
    /// How many tokens each distinct English word has (parallel to `words`).
    pub(super) word_n: Vec<u16>,
    pub(super) word_at: Vec<u32>,
    /// English tokens, for explanations: `tokens[at[j]..at[j+1]]`.
    pub(super) tokens: Vec<EnToken>,
    pub(super) at: Vec<u32>,
}

impl EnIndex {
    /// Reads the English document: interns its words into `vocab` and marks its names there.
    /// Returns the per-sentence data, the index and the keys of the names.
    pub(super) fn new(en: &Document, vocab: &mut Vocabulary) -> (Side, EnIndex, FxHashSet<Key>) {
        let mut side = Side::new();
        let (tokens, at, capitals) = read_tokens(en, vocab, &mut side);
        let index = weigh(tokens, at, &mut side);
        let names = vocab.add_names(&capitals);
        (side, index, names)
    }

    /// The sorted (key, weight) pairs of sentence `j`.
    pub(super) fn keys_of(&self, j: usize) -> &[(Key, f32)] {
        &self.keys[self.key_at[j] as usize..self.key_at[j + 1] as usize]
    }

    /// The tokens of sentence `j`.
    pub(super) fn tokens_of(&self, j: usize) -> &[EnToken] {
        &self.tokens[self.at[j] as usize..self.at[j + 1] as usize]
    }
}

/// The keys of each distinct English word and whether it is a function word, found once.
#[derive(Default)]
struct WordInfo(FxHashMap<Key, ([Key; 3], bool)>);

impl WordInfo {
    /// Stems and classifies `w` the first time it is seen.
    fn of(&mut self, vocab: &mut Vocabulary, w: &Prepared) -> ([Key; 3], bool) {
        if let Some(k1) = vocab.word(&w.word) {
            return self.0[&k1];
        }
        let k1 = vocab.intern_word(&w.word);
        let info = if w.number {
            ([k1; 3], false)
        } else {
            // A negated contraction means `not` (didn't, can't, won't all match не); any
            // contraction also matches its host word: doesn't → does, you're → you, Tom's → tom.
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
        self.0.insert(k1, info);
        info
    }
}

/// The tokens of every sentence with their keys (`tokens[at[j]..at[j+1]]`), and per English
/// word key: written with a capital everywhere, and so inside a sentence. Records each
/// sentence's numbers, length, paragraph and punctuation in `side`.
fn read_tokens(
    en: &Document,
    vocab: &mut Vocabulary,
    side: &mut Side,
) -> (Vec<EnToken>, Vec<u32>, Capitals) {
    let mut tokens = Vec::new();
    let mut at = vec![0u32];
    let mut info = WordInfo::default();
    let mut capitals = Capitals::default();
    prepare::read_sentences(en, side, |side, words| {
        let start = side.numbers.len();
        for w in words {
            let (keys, function) = info.of(vocab, &w);
            let k1 = keys[0];
            if w.number {
                side.numbers.push(k1);
            } else {
                let c = capitals.entry(k1).or_insert((true, false));
                c.0 &= w.capital;
                c.1 |= w.capital && !w.initial;
            }
            tokens.push(EnToken {
                keys,
                function,
                start: w.start,
                end: w.end,
            });
        }
        side.numbers[start..].sort_unstable();
        side.num_at.push(side.numbers.len() as u32);
        at.push(tokens.len() as u32);
    });
    (tokens, at, capitals)
}

/// Weighs the tokens of each sentence by inverse document frequency (function words less) and
/// builds each sentence's sorted keys and distinct words. Records each sentence's total weight
/// in `side`.
fn weigh(tokens: Vec<EnToken>, at: Vec<u32>, side: &mut Side) -> EnIndex {
    let n = at.len() - 1;
    let df = doc_freq((0..n).map(|j| {
        tokens[at[j] as usize..at[j + 1] as usize]
            .iter()
            .map(|t| t.keys[0])
            .collect()
    }));
    let mut index = EnIndex {
        keys: Vec::with_capacity(tokens.len() * 2),
        key_word: Vec::with_capacity(tokens.len() * 2),
        key_at: vec![0u32],
        words: Vec::with_capacity(tokens.len()),
        word_n: Vec::with_capacity(tokens.len()),
        word_at: vec![0u32],
        tokens: Vec::new(),
        at: Vec::new(),
    };
    let mut keys = Vec::new();
    let mut slot_of: FxHashMap<Key, u32> = FxHashMap::default();
    for j in 0..n {
        let mut total = 0.0;
        keys.clear();
        slot_of.clear();
        let first = index.words.len();
        for t in &tokens[at[j] as usize..at[j + 1] as usize] {
            let mut w = idf(df[&t.keys[0]], n);
            if t.function {
                w *= FUNCTION_WORD_WEIGHT;
            }
            total += w;
            // Each distinct word of the sentence is one slot, weighing all its tokens.
            let slot = *slot_of.entry(t.keys[0]).or_insert_with(|| {
                index.words.push(0.0f32);
                index.word_n.push(0u16);
                (index.words.len() - first - 1) as u32
            });
            index.words[first + slot as usize] += w;
            index.word_n[first + slot as usize] =
                index.word_n[first + slot as usize].saturating_add(1);
            for (n, &k) in t.keys.iter().enumerate() {
                if !t.keys[..n].contains(&k) {
                    keys.push((k, w, slot));
                }
            }
        }
        keys.sort_by_key(|a| a.0);
        keys.dedup_by_key(|a| a.0);
        index.keys.extend(keys.iter().map(|&(k, w, _)| (k, w)));
        index.key_word.extend(keys.iter().map(|&(_, _, slot)| slot));
        index.key_at.push(index.keys.len() as u32);
        index.word_at.push(index.words.len() as u32);
        side.weight.push(total);
    }
    drop(df);
    index.tokens = tokens;
    index.at = at;
    index
}
