//! Lexical evidence: how much of a bead's word weight matches across it (each English word
//! matched by one Russian token), and the document's own lexical model, which rates a
//! similarity as that of a translation or of a neighbour.

use std::ops::Range;

use super::PairScorer;

/// A document's own lexical model: the similarity of its translation pairs and of its
/// non-translation pairs, each as a share of (near) zero similarities and a normal distribution
/// of the rest. Their log-likelihood ratio, clamped to `±limit`, lowers the cost of pairs that
/// look like translations and raises the cost of pairs that look like neighbours.
///
/// The share of zeros matters: in a text pair with few shared words (no dictionary for the
/// language pair) translations often share nothing, so sharing nothing says little; with a good
/// dictionary, it says a lot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LexicalModel {
    /// Share of translation pairs with (near) zero similarity.
    pub(crate) pos_zero: f64,
    /// Mean of the non-zero similarities of translation pairs.
    pub(crate) pos_mean: f64,
    /// Standard deviation of the non-zero similarities of translation pairs.
    pub(crate) pos_sd: f64,
    /// Share of non-translation pairs with (near) zero similarity.
    pub(crate) neg_zero: f64,
    /// Mean of the non-zero similarities of non-translation pairs.
    pub(crate) neg_mean: f64,
    /// Standard deviation of the non-zero similarities of non-translation pairs.
    pub(crate) neg_sd: f64,
    /// The largest absolute log-likelihood ratio one pair may contribute.
    pub(crate) limit: f64,
}

/// Steps of the lexical model's lookup table.
const LLR_STEPS: usize = 1024;

/// Similarities below this count as zero in a [`LexicalModel`].
pub(crate) const ZERO_SIMILARITY: f64 = 0.02;

impl LexicalModel {
    /// Fits the model to the similarities of translation pairs (`pos`) and of non-translation
    /// pairs (`neg`); standard deviations are at least `min_sd`.
    pub(crate) fn fit(pos: &[f64], neg: &[f64], min_sd: f64, limit: f64) -> LexicalModel {
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
    pub(crate) fn llr(&self, sim: f64) -> f64 {
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
    pub(crate) const RU_EN_PRIOR: LexicalModel = LexicalModel {
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
    pub(crate) const NO_DICTIONARY_PRIOR: LexicalModel = LexicalModel {
        pos_zero: 0.33,
        pos_mean: 0.25,
        pos_sd: 0.23,
        neg_zero: 0.85,
        neg_mean: 0.055,
        neg_sd: 0.04,
        limit: 5.0,
    };

    /// Shrinks this model (fitted on `n` pairs) towards `prior`, which counts as `strength` pairs.
    pub(crate) fn shrink(&self, prior: &LexicalModel, n: usize, strength: f64) -> LexicalModel {
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
    pub(crate) fn is_informative(&self) -> bool {
        let mean = |zero: f64, m: f64| (1.0 - zero) * m;
        mean(self.pos_zero, self.pos_mean) > mean(self.neg_zero, self.neg_mean)
    }
}

impl PairScorer {
    /// The matched weight of Russian sentence `i` and English sentence `j`: the weight of the
    /// Russian tokens that match something in `j` and the weight of the English words that
    /// something in `i` matches. Counting both sides keeps a short sentence whose few words all
    /// match one word of a long sentence from looking like its translation.
    pub fn matched(&self, i: usize, j: usize) -> Hit {
        let en = self.en_index.keys_of(j);
        let ru = self.ru_index.keys_of(i);
        if en.is_empty() || ru.is_empty() {
            return Hit::default();
        }
        let toks = self.ru_index.tokens_of(i);
        let index = &self.en_index;
        let slots = &index.key_word[index.key_at[j] as usize..index.key_at[j + 1] as usize];
        let words = index.word_at[j] as usize..index.word_at[j + 1] as usize;
        let (weights, counts) = (&index.words[words.clone()], &index.word_n[words]);
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

    /// A bead's lexical evidence (see [`Lexical`]).
    pub(super) fn lexical(
        &self,
        ru: Range<usize>,
        en: Range<usize>,
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

    /// The lexical similarity of a bead in `0.0..=1.0`: the weighted share of its tokens that
    /// match across it.
    pub fn similarity(&self, ru: Range<usize>, en: Range<usize>) -> f64 {
        let (r0, e0) = (ru.start, en.start);
        self.lexical(ru, en, &|x, y| self.matched(r0 + x, e0 + y))
            .similarity
    }

    /// Sets the document's lexical model (see [`LexicalModel`]).
    pub(crate) fn set_lexical_model(&mut self, model: LexicalModel) {
        self.llr_table = (0..=LLR_STEPS)
            .map(|k| model.llr(k as f64 / LLR_STEPS as f64))
            .collect();
        self.model = Some(model);
    }

    /// The lexical model's log-likelihood ratio of `sim`, from the table (0 without a model).
    pub(super) fn llr(&self, sim: f64) -> f64 {
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

    /// The document's lexical model, once fitted.
    pub(crate) fn lexical_model(&self) -> Option<&LexicalModel> {
        self.model.as_ref()
    }

    /// Forbids pairs whose similarity the document model finds at least `e^-floor` times likelier
    /// between neighbours than between translations. For comparable texts, where leaving a
    /// sentence unpaired is cheap and a pair should rest on evidence for it.
    pub(crate) fn set_min_pair_llr(&mut self, floor: Option<f64>) {
        self.min_pair_llr = floor;
    }

    /// The lowest log-likelihood ratio of a pair, when one is set (a comparable text).
    pub(crate) fn min_pair_llr(&self) -> Option<f64> {
        self.min_pair_llr
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
pub(super) struct Lexical {
    /// The mean of the two sides' matched token weights.
    pub(super) hit: f64,
    /// The weighted share of the bead's tokens that match across it, in `0.0..=1.0`.
    pub(super) similarity: f64,
    /// For a bead of three or more sentences: the sum, over its sentences that share no more
    /// with the other side than a neighbour would, of the document model's (negative)
    /// log-likelihood ratio of that sentence's own matched share. 0 without a model.
    pub(super) stray: f64,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
