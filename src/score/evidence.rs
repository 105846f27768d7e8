//! Explanations: the word pairs that match between a bead's sides, as the score counts them.

use std::ops::Range;

use super::english::EnToken;
use super::russian::RuToken;
use super::{EvidenceKind, Key, PairScorer, WordMatch};

impl PairScorer {
    /// The word pairs that match between a bead's sides, for explanations: Russian byte span,
    /// English byte span (into each document's text) and the kind of evidence, in the order
    /// of the Russian words.
    ///
    /// As the score counts them, each English word matches one Russian word: the Russian
    /// words with the fewest possible matches choose first, each the rarest English word
    /// still free (on a tie, the first). So `не` takes the `didn't` of "I didn't know what
    /// I'd done" and `сделал` the `done`, and two Russian `я` take the two `I`s.
    pub fn evidence(&self, ru: Range<usize>, en: Range<usize>) -> Vec<WordMatch> {
        // The bead's English tokens, each with the weight it carries in the score: its word's
        // weight in its sentence, shared among the word's tokens.
        let mut en_toks: Vec<(&EnToken, f32)> = Vec::new();
        let mut words: Vec<Key> = Vec::new();
        for j in en {
            let first = self.en_index.word_at[j] as usize;
            words.clear();
            for t in self.en_index.tokens_of(j) {
                let slot = words
                    .iter()
                    .position(|&k| k == t.keys[0])
                    .unwrap_or_else(|| {
                        words.push(t.keys[0]);
                        words.len() - 1
                    });
                let n = f32::from(self.en_index.word_n[first + slot].max(1));
                en_toks.push((t, self.en_index.words[first + slot] / n));
            }
        }
        // Each Russian token's possible matches: (English token, kind of the shared key).
        let ru_toks: Vec<&RuToken> = ru.flat_map(|i| self.ru_index.tokens_of(i)).collect();
        let options: Vec<Vec<(usize, EvidenceKind)>> = ru_toks
            .iter()
            .map(|t| {
                let cands = self.ru_index.cands_of(t);
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
}
