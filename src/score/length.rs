//! The length model (Gale and Church): how likely two runs of sentences of these lengths are
//! translations, given the documents' character ratio and a variance per character.

use std::ops::Range;

use super::PairScorer;
use super::side::Side;

/// The largest character ratio (or its inverse) the length model starts from: translations
/// between Russian and English (or German and French) stay well within it.
const MAX_START_RATIO: f64 = 1.4;

/// The English/Russian character ratio of the whole documents, within [`MAX_START_RATIO`].
pub(super) fn start_ratio(ru: &Side, en: &Side) -> f64 {
    let ru_chars: u64 = ru.chars.iter().map(|&c| c as u64).sum();
    let en_chars: u64 = en.chars.iter().map(|&c| c as u64).sum();
    if ru_chars == 0 || en_chars == 0 {
        1.0
    } else {
        // Extra text on one side (a comparable text, an appended post) inflates the
        // documents' ratio; the aligner refits it on the first pass's pairs.
        (en_chars as f64 / ru_chars as f64).clamp(1.0 / MAX_START_RATIO, MAX_START_RATIO)
    }
}

impl PairScorer {
    /// Character counts (without spaces) of the two sides of a bead.
    pub fn lengths(&self, ru: Range<usize>, en: Range<usize>) -> (u64, u64) {
        (
            ru.map(|i| self.ru.chars[i] as u64).sum(),
            en.map(|j| self.en.chars[j] as u64).sum(),
        )
    }

    /// The English/Russian character ratio estimated from the documents.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// Sets the English/Russian character ratio of the length model.
    pub(crate) fn set_ratio(&mut self, ratio: f64) {
        self.ratio = ratio;
    }

    /// Sets the variance per character of the length model (see
    /// [`Params::length_variance`](super::Params::length_variance)).
    pub(crate) fn set_length_variance(&mut self, variance: f64) {
        self.params.length_variance = variance;
    }

    /// The squared Gale–Church deviate δ² of a bead's lengths under the current variance.
    pub(crate) fn length_deviate2(&self, ru: Range<usize>, en: Range<usize>) -> f64 {
        let (l1, l2) = self.lengths(ru, en);
        let (l1, l2) = (l1 as f64, l2 as f64);
        let c = self.ratio;
        let mean = (l1 + l2 / c) / 2.0;
        (c * l1 - l2).powi(2) / (self.params.length_variance * c * mean).max(1e-9)
    }
}

/// The Gale–Church length cost: `-ln P(|δ|)` of two lengths under the ratio `c`.
pub(crate) fn length_cost(l1: f64, l2: f64, c: f64, variance: f64) -> f64 {
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
    fn lengths_far_from_the_ratio_cost_more() {
        assert!(length_cost(100.0, 100.0, 1.0, 6.8) < length_cost(100.0, 160.0, 1.0, 6.8));
    }

    #[test]
    fn normal_cdf_is_sane() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
        assert!((normal_cdf(-1.96) - 0.025).abs() < 1e-3);
    }
}
