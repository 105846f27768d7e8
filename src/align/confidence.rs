//! Confidence: how likely each bead is right, by a logistic calibration of its features (fitted
//! on the development data by `cargo run --release --example calibrate`).

use std::ops::Range;

use super::attach::Joined;
use crate::score::{CostParts, PairScorer};
use crate::{Bead, Span};

/// Logistic calibration of pair beads: intercept and weights of [`bead_features`], fitted on the
/// development data by `cargo run --release --example calibrate`.
const PAIR_CALIBRATION: [f64; 4] = [2.059, 0.15, 0.131, -4.676];

/// Logistic calibration of unpaired sentences.
const UNPAIRED_CALIBRATION: [f64; 4] = [1.748, 0.0, -0.306, 0.0];

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Features of a bead from which its confidence is computed (see [`calibrated`]).
///
/// For a pair: how much cheaper it is than leaving its sentences unpaired, the document lexical
/// model's log-likelihood ratio of its similarity where it is negative (evidence against the
/// pair), and whether it is other than 1-1. For an unpaired sentence: how much dearer pairing
/// it with its closest neighbour on the other side would be, that pair's log-likelihood ratio,
/// and 0.
///
/// Public for `examples/calibrate.rs`, which fits the calibration on these features.
#[doc(hidden)]
pub fn bead_features(scorer: &PairScorer, span: &Span) -> [f64; 3] {
    let skip = scorer.params().skip;
    if span.is_one_sided() {
        // The closest alternative: pairing the sentence with a neighbour on the other side.
        let best = neighbour_pairs(scorer, span)
            .into_iter()
            .map(|(r, e)| cost_parts(scorer, r, e))
            .min_by(|a, b| a.total().total_cmp(&b.total()));
        match best {
            Some(p) => [(p.total() - 2.0 * skip).min(10.0), llr(scorer, &p), 0.0],
            None => [10.0, -5.0, 0.0],
        }
    } else {
        let p = cost_parts(scorer, span.ru.clone(), span.en.clone());
        let margin = skip * (span.ru.len() + span.en.len()) as f64 - p.total();
        // Only the evidence against the pair: a well-attested pair's confidence rests on its
        // margin, but a pair that looks like a decoy must not be confident however cheap.
        [
            margin,
            llr(scorer, &p).min(0.0),
            f64::from(!span.kind().is_one_to_one()),
        ]
    }
}

/// The 1-1 pairs of an unpaired sentence with its neighbours on the other side (the one
/// before its position and the one after).
fn neighbour_pairs(scorer: &PairScorer, span: &Span) -> Vec<(Range<usize>, Range<usize>)> {
    let (r, e) = (&span.ru, &span.en);
    if r.is_empty() {
        let j = e.start;
        [r.start.checked_sub(1), Some(r.start)]
            .into_iter()
            .flatten()
            .filter(|&i| i < scorer.ru_len())
            .map(|i| (i..i + 1, j..j + 1))
            .collect()
    } else {
        let i = r.start;
        [e.start.checked_sub(1), Some(e.start)]
            .into_iter()
            .flatten()
            .filter(|&j| j < scorer.en_len())
            .map(|j| (i..i + 1, j..j + 1))
            .collect()
    }
}

/// The cost parts of the bead `r`, `e`.
fn cost_parts(scorer: &PairScorer, r: Range<usize>, e: Range<usize>) -> CostParts {
    scorer.cost_parts(r.clone(), e.clone(), |x, y| {
        scorer.matched(r.start + x, e.start + y)
    })
}

/// The document model's log-likelihood ratio of a bead's similarity (0 without a model).
fn llr(scorer: &PairScorer, p: &CostParts) -> f64 {
    scorer.lexical_model().map_or(0.0, |m| m.llr(p.similarity))
}

/// The confidence of a bead from its [`bead_features`].
///
/// Public for `examples/calibrate.rs`, which prints the reliability of this calibration.
#[doc(hidden)]
pub fn calibrated(features: [f64; 3], one_sided: bool) -> f64 {
    let w = if one_sided {
        UNPAIRED_CALIBRATION
    } else {
        PAIR_CALIBRATION
    };
    let z = w[0] + w[1] * features[0] + w[2] * features[1] + w[3] * features[2];
    sigmoid(z)
}

/// Turns the searched beads into [`Bead`]s with a confidence. A bead joined from a pair and
/// an unpaired neighbour (see [`super::attach`]) is right when both of its sentence pairs
/// are: its confidence is the product of theirs. A pair is right only where the texts are
/// related at all: its confidence is also multiplied by `related` (see
/// [`Fit::related`](super::model::Fit::related)), which the calibration, fitted on texts that
/// are translations, cannot know.
pub(super) fn with_confidence(
    scorer: &PairScorer,
    spans: Vec<Span>,
    joined: &[Joined],
    related: f64,
) -> Vec<Bead> {
    let pair_confidence = |s: &Span| calibrated(bead_features(scorer, s), false);
    spans
        .into_iter()
        .map(|span| {
            let one_sided = span.is_one_sided();
            let score = match joined.iter().find(|j| j.bead == span) {
                Some(Joined { pairs: [a, b], .. }) => pair_confidence(a) * pair_confidence(b),
                None => calibrated(bead_features(scorer, &span), one_sided),
            };
            let score = if one_sided { score } else { score * related };
            Bead {
                span,
                score: (score * 1000.0).round() / 1000.0,
            }
        })
        .collect()
}
