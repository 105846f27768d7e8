//! The Russian side's evidence: each distinct Russian word once, the English keys it may match
//! (numbers, names, cognates and the matchers' translations), and each sentence's tokens with
//! their weights and sorted candidate keys.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet;

use super::prepare::{self, FUNCTION_WORD_WEIGHT, doc_freq, idf};
use super::side::Side;
use super::vocabulary::Vocabulary;
use super::{EvidenceKind, Key, Matcher};
use crate::lexicon::stopwords::is_function_word;
use crate::{Document, Lang};

/// A Russian token that may match English keys: `cands[cand_at..cand_at + cand_len]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct RuToken {
    pub(super) weight: f32,
    cand_at: u32,
    pub(super) cand_len: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// A distinct Russian word of a document.
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

/// The words of the Russian document: each distinct word once, and every token as (word id,
/// start, end), by sentence: `tokens[at[i]..at[i + 1]]`.
pub(super) struct RuText {
    words: Vec<RuWord>,
    tokens: Vec<(u32, u32, u32)>,
    at: Vec<u32>,
}

/// Reads the Russian document: its distinct words and its tokens, and each sentence's length,
/// paragraph and punctuation.
pub(super) fn read_words(ru: &Document) -> (Side, RuText) {
    let mut side = Side::new();
    // Distinct Russian words, apart when capitalised (Том the name, том the pronoun form) and
    // when capitalised inside a sentence, where a capital says "name".
    let mut vocab: [HashMap<String, u32>; 3] = Default::default();
    let mut bases: HashMap<String, u32> = HashMap::default();
    let mut text = RuText {
        words: Vec::new(),
        tokens: Vec::new(),
        at: vec![0u32],
    };
    prepare::read_sentences(ru, &mut side, |_, words| {
        for w in words {
            let next = text.words.len() as u32;
            let inside = w.capital && !w.initial;
            let vocab_of_case = &mut vocab[usize::from(w.capital) + usize::from(inside)];
            let id = match vocab_of_case.get(&w.word) {
                Some(&id) => id,
                None => {
                    let function = !w.number && is_function_word(&w.word, Lang::Ru);
                    vocab_of_case.insert(w.word.clone(), next);
                    let n = bases.len() as u32;
                    let base = *bases.entry(w.word.clone()).or_insert(n);
                    text.words.push(RuWord {
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
            text.tokens.push((id, w.start, w.end));
        }
        text.at.push(text.tokens.len() as u32);
    });
    (side, text)
}

/// The candidate keys of each distinct Russian word: `cands[word_at[id]..word_at[id + 1]]`.
pub(super) struct Candidates {
    cands: Vec<(Key, EvidenceKind)>,
    word_at: Vec<u32>,
    /// Whether a dictionary knows each word, whether or not the English text has its
    /// translation: unrelated texts have a well-known vocabulary and nothing in common.
    known: Vec<bool>,
}

/// Finds the English keys each distinct word of `text` may match. `names` are the keys of the
/// English text's names.
pub(super) fn candidates(
    text: &RuText,
    vocab: &Vocabulary,
    matchers: &[&dyn Matcher],
    names: &FxHashSet<Key>,
) -> Candidates {
    let mut found = Candidates {
        cands: Vec::new(),
        word_at: Vec::with_capacity(text.words.len() + 1),
        known: Vec::with_capacity(text.words.len()),
    };
    let mut scratch = Vec::new();
    let mut own = Vec::new();
    for word in &text.words {
        found.word_at.push(found.cands.len() as u32);
        own.clear();
        let knows = word_candidates(word, vocab, matchers, &mut scratch, &mut own);
        // A capitalised word that looks like a name of the English text is that name (Том:
        // Tom, Мэри: Mary), not a dictionary word it shares a stem with (том: that).
        if word.capital
            && own.iter().any(|&(k, kind)| {
                matches!(kind, EvidenceKind::Name | EvidenceKind::Cognate) && names.contains(&k)
            })
        {
            own.retain(|c| !matches!(c.1, EvidenceKind::Lexicon | EvidenceKind::Learned));
        }
        found.known.push(knows);
        own.sort_unstable();
        own.dedup_by_key(|x| x.0);
        found.cands.extend_from_slice(&own);
    }
    found.word_at.push(found.cands.len() as u32);
    found
}

/// Pushes onto `own` the keys `word` may match, each with its kind of evidence. Returns whether
/// a dictionary matcher knows the word.
fn word_candidates(
    word: &RuWord,
    vocab: &Vocabulary,
    matchers: &[&dyn Matcher],
    scratch: &mut Vec<Key>,
    own: &mut Vec<(Key, EvidenceKind)>,
) -> bool {
    let RuWord {
        word,
        number,
        inside,
        ..
    } = word;
    if *number {
        if let Some(k) = vocab.word(word) {
            own.push((k, EvidenceKind::Number));
        }
        return false;
    }
    let mut knows = false;
    // A hyphenated compound also matches through its parts (биткоин-гранты).
    let parts = word
        .split(['-', '\u{2010}'])
        .filter(|p| p.len() > 1 && p.len() < word.len());
    for (n, form) in std::iter::once(word.as_str()).chain(parts).enumerate() {
        if let Some(k) = vocab.word(form) {
            own.push((k, EvidenceKind::Name));
        } else {
            scratch.clear();
            vocab.cognates(form, scratch);
            own.extend(scratch.iter().map(|&k| (k, EvidenceKind::Cognate)));
        }
        for m in matchers {
            scratch.clear();
            // The whole word, not a part of it, is what a dictionary knows.
            knows |= m.candidates(form, vocab, scratch) && n == 0;
            own.extend(scratch.iter().map(|&k| (k, m.kind())));
        }
    }
    if *inside {
        scratch.clear();
        vocab.inflected_names(word, scratch);
        own.extend(scratch.iter().map(|&k| (k, EvidenceKind::Name)));
    }
    knows
}

/// The Russian tokens that may match something, and each sentence's candidate keys.
#[derive(Debug, Default)]
pub(super) struct RuIndex {
    /// The tokens with candidates of each sentence: `tokens[at[i]..at[i + 1]]`.
    tokens: Vec<RuToken>,
    at: Vec<u32>,
    /// Every candidate key of each sentence with the index of its token in the sentence,
    /// sorted by key: `keys[key_at[i]..key_at[i + 1]]`.
    keys: Vec<(Key, u32)>,
    key_at: Vec<u32>,
    cands: Vec<(Key, EvidenceKind)>,
}

impl RuIndex {
    /// Weighs the tokens of `text` by inverse document frequency (function words less) and
    /// indexes those with candidates. Records each sentence's numbers and total weight in
    /// `side`. Also returns the share of content words (not numbers, not function words) that
    /// a dictionary knows.
    pub(super) fn new(text: RuText, found: Candidates, side: &mut Side) -> (RuIndex, f64) {
        let n = text.at.len() - 1;
        let df = doc_freq((0..n).map(|i| {
            text.tokens[text.at[i] as usize..text.at[i + 1] as usize]
                .iter()
                .map(|t| text.words[t.0 as usize].base)
                .collect()
        }));
        let (mut content_words, mut known_words) = (0usize, 0usize);
        let mut index = RuIndex {
            tokens: Vec::new(),
            at: vec![0u32],
            keys: Vec::new(),
            key_at: vec![0u32],
            cands: found.cands,
        };
        for i in 0..n {
            let start = side.numbers.len();
            let mut total = 0.0;
            for &(id, s, e) in &text.tokens[text.at[i] as usize..text.at[i + 1] as usize] {
                let RuWord {
                    number,
                    function,
                    base,
                    ..
                } = text.words[id as usize];
                let mut weight = idf(df[&base], n);
                if function {
                    weight *= FUNCTION_WORD_WEIGHT;
                }
                total += weight;
                let (cand_at, cand_end) =
                    (found.word_at[id as usize], found.word_at[id as usize + 1]);
                if !number && !function {
                    content_words += 1;
                    if found.known[id as usize] {
                        known_words += 1;
                    }
                }
                if number {
                    // A number with no English counterpart still counts as a mismatch.
                    let key = if cand_end > cand_at {
                        index.cands[cand_at as usize].0
                    } else {
                        Key::MAX - (side.numbers.len() - start) as Key
                    };
                    side.numbers.push(key);
                }
                if cand_end > cand_at {
                    index.tokens.push(RuToken {
                        weight,
                        cand_at,
                        cand_len: cand_end - cand_at,
                        start: s,
                        end: e,
                    });
                }
            }
            side.numbers[start..].sort_unstable();
            side.num_at.push(side.numbers.len() as u32);
            index.at.push(index.tokens.len() as u32);
            index.push_sentence_keys();
            side.weight.push(total);
        }
        let coverage = if content_words == 0 {
            0.0
        } else {
            known_words as f64 / content_words as f64
        };
        (index, coverage)
    }

    /// Adds the sorted candidate keys of the last sentence's tokens.
    fn push_sentence_keys(&mut self) {
        let first = self.at[self.at.len() - 2] as usize;
        let at = self.keys.len();
        for (t, tok) in self.tokens[first..].iter().enumerate() {
            let own = &self.cands[tok.cand_at as usize..(tok.cand_at + tok.cand_len) as usize];
            self.keys.extend(own.iter().map(|c| (c.0, t as u32)));
        }
        self.keys[at..].sort_unstable();
        self.key_at.push(self.keys.len() as u32);
    }

    /// The tokens of sentence `i` that may match something.
    pub(super) fn tokens_of(&self, i: usize) -> &[RuToken] {
        &self.tokens[self.at[i] as usize..self.at[i + 1] as usize]
    }

    /// The candidate keys of sentence `i`, sorted, each with its token's index in the sentence.
    pub(super) fn keys_of(&self, i: usize) -> &[(Key, u32)] {
        &self.keys[self.key_at[i] as usize..self.key_at[i + 1] as usize]
    }

    /// The candidate keys of token `t`, with their kinds of evidence.
    pub(super) fn cands_of(&self, t: &RuToken) -> &[(Key, EvidenceKind)] {
        &self.cands[t.cand_at as usize..(t.cand_at + t.cand_len) as usize]
    }
}
