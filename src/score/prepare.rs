//! Reading a document's sentences for the scorer: each sentence's words tokenised and
//! normalised in parallel (numbers in digits and in words get one key), its length in
//! characters, its paragraph and its punctuation; and the weights of words by how rare they are.

use rustc_hash::FxHashMap as HashMap;

use super::side::Side;
use crate::spelled;
use crate::text::{self, TokenKind};
use crate::{Document, Lang};

/// The weight factor of a function word (pronoun, preposition, article…) against a content word.
pub(super) const FUNCTION_WORD_WEIGHT: f32 = 0.3;

/// A word of a sentence, prepared in parallel before interning.
pub(super) struct Prepared {
    /// Normalised word (or `#number`).
    pub(super) word: String,
    pub(super) number: bool,
    /// Written with a capital letter.
    pub(super) capital: bool,
    /// The sentence's first word.
    pub(super) initial: bool,
    pub(super) start: u32,
    pub(super) end: u32,
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

/// Reads every sentence of `doc`: calls `each` with `side` and the sentence's prepared words,
/// then records the sentence's length, paragraph and punctuation in `side`.
pub(super) fn read_sentences(
    doc: &Document,
    side: &mut Side,
    mut each: impl FnMut(&mut Side, Vec<Prepared>),
) {
    for chunk in (0..doc.len()).step_by(CHUNK) {
        let prepared = prepare(doc, chunk..(chunk + CHUNK).min(doc.len()));
        for (k, (words, chars, punct)) in prepared.into_iter().enumerate() {
            each(side, words);
            side.chars.push(chars);
            side.paragraph
                .push(doc.sentences()[chunk + k].paragraph as u32);
            side.punct.push(punct);
        }
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
pub(super) fn idf(df: usize, n: usize) -> f32 {
    ((1.0 + n as f64) / (1.0 + df as f64)).ln().max(0.05) as f32
}

/// Document frequency of each distinct value among per-sentence lists.
pub(super) fn doc_freq<'a, K: std::hash::Hash + Eq + Ord + Copy + 'a>(
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
