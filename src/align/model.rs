//! The document model: what the first pass teaches the scorer about this text pair — how alike
//! its translations are (a lexical model), how many sentences it leaves unpaired (the skip
//! cost), its character ratio and how freely it paraphrases (the length variance).

use crate::Span;
use crate::score::{LexicalModel, PairScorer};

/// Offsets of the decoy pairs (sentences near a pair, most likely not its translation).
const DECOYS: [isize; 4] = [-5, -3, 3, 5];

/// The most first-pass beads the document model is fitted on (an even sample beyond).
const MAX_MODEL_BEADS: usize = 20_000;

/// The dictionary coverage from which the Russian–English prior applies.
const DICTIONARY_COVERAGE: f64 = 0.3;

/// How many pairs the prior lexical model counts as.
const PRIOR_PAIRS: f64 = 20.0;

/// A first-pass pair whose log-likelihood ratio is below this looks like a decoy.
const BAD_PAIR_LLR: f64 = -2.0;

/// The unpaired rate from which a text counts as comparable rather than a translation.
const COMPARABLE_RATE: f64 = 0.25;

/// The lowest log-likelihood ratio of a pair in a comparable text.
const MIN_COMPARABLE_LLR: f64 = -1.0;

/// The fewest first-pass pairs that refit the character ratio.
const MIN_RATIO_PAIRS: usize = 3;

/// The most the length model's variance may grow for a comparable text.
const MAX_VARIANCE_FACTOR: f64 = 8.0;

/// The lowest cost of leaving a sentence unpaired.
const MIN_SKIP: f64 = 1.5;

/// The smallest standard deviation of a similarity distribution.
const MIN_SD: f64 = 0.03;

/// The largest log-likelihood ratio of one sentence pair.
const LLR_LIMIT: f64 = 5.0;

/// What fitting the document model found.
pub(super) struct Fit {
    /// Whether the document model was set.
    pub(super) informative: bool,
    /// The chance that a place of the texts holds a translation at all: 1, except when the
    /// texts look unrelated, where it is the share of the first pass's pairs that do not look
    /// like decoys (see [`unrelated`]).
    pub(super) related: f64,
}

/// Fits the document model to a first alignment `spans` and sets it in `scorer`: the lexical
/// model, then (when it is informative) the skip cost, the character ratio and the length
/// variance.
pub(super) fn fit_document_model(scorer: &mut PairScorer, spans: &[Span]) -> Fit {
    // A book-length text: an even sample of its beads fits the same model in a fraction of
    // the time (each similarity is computed afresh).
    let sample: Vec<Span>;
    let spans = if spans.len() > MAX_MODEL_BEADS {
        let step = spans.len().div_ceil(MAX_MODEL_BEADS);
        sample = spans.iter().step_by(step).cloned().collect();
        &sample[..]
    } else {
        spans
    };
    let (model, related) = fit_lexical_model(scorer, spans);
    if !model.is_informative() {
        return Fit {
            informative: false,
            related,
        };
    }
    fit_skip(scorer, &model, spans);
    fit_ratio(scorer, &model, spans);
    fit_variance(scorer, &model, spans);
    scorer.set_lexical_model(model);
    Fit {
        informative: true,
        related,
    }
}

/// The document's lexical model from a first alignment: the similarity of its 1-1 pairs
/// (mostly translations) against that of decoy pairs a few sentences away (mostly not), as a
/// two-class Gaussian log-likelihood ratio, shrunk towards a prior. Also returns
/// [`Fit::related`].
fn fit_lexical_model(scorer: &PairScorer, spans: &[Span]) -> (LexicalModel, f64) {
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for s in spans {
        if s.ru.len() != 1 || s.en.len() != 1 {
            continue;
        }
        pos.push(scorer.similarity(s.ru.clone(), s.en.clone()));
        for d in DECOYS {
            let j = s.en.start as isize + d;
            if j >= 0 && (j as usize) < scorer.en_len() {
                let j = j as usize;
                neg.push(scorer.similarity(s.ru.clone(), j..j + 1));
            }
        }
    }
    let dictionary = scorer.dictionary_coverage() >= DICTIONARY_COVERAGE;
    let prior = if dictionary {
        LexicalModel::RU_EN_PRIOR
    } else {
        LexicalModel::NO_DICTIONARY_PRIOR
    };
    let mut related = 1.0;
    if dictionary && let Some(share) = unrelated(&pos, &prior) {
        // Most first-pass "pairs" share what neighbours share: no evidence of what this text's
        // translations look like (unrelated texts, the wrong pairs of a wrong language). The
        // prior stands; it leaves such sentences unpaired.
        related = share;
        pos.clear();
    }
    let model =
        LexicalModel::fit(&pos, &neg, MIN_SD, LLR_LIMIT).shrink(&prior, pos.len(), PRIOR_PAIRS);
    tracing::debug!(
        "lexical model: {} pairs, {} decoys, {model:?}",
        pos.len(),
        neg.len()
    );
    (model, related)
}

/// When most of the first pass's pair similarities `pos` look like decoys under `prior`: the
/// share of them that do not (with half a pair's worth added, so never 0).
fn unrelated(pos: &[f64], prior: &LexicalModel) -> Option<f64> {
    let decoys = pos.iter().filter(|&&s| prior.llr(s) < BAD_PAIR_LLR).count();
    (2 * decoys > pos.len()).then(|| ((pos.len() - decoys) as f64 + 0.5) / (pos.len() as f64 + 1.0))
}

/// Comparable texts leave more sentences unpaired: the share of first-pass pairs that look
/// like decoys estimates how many, and sets the cost of leaving a sentence unpaired. From
/// [`COMPARABLE_RATE`] on, pairs must look more like translations than like neighbours.
fn fit_skip(scorer: &mut PairScorer, model: &LexicalModel, spans: &[Span]) {
    let pairs: Vec<f64> = spans
        .iter()
        .filter(|s| !s.is_one_sided())
        .map(|s| model.llr(scorer.similarity(s.ru.clone(), s.en.clone())))
        .collect();
    let bad = pairs.iter().filter(|&&l| l < BAD_PAIR_LLR).count();
    let rate = (bad as f64 + 0.5) / (pairs.len() as f64 + 5.0);
    let skip = (-rate.ln() + 0.5).clamp(MIN_SKIP, scorer.params().skip);
    tracing::debug!(
        "unpaired rate {rate:.3} ({bad} of {} pairs): skip cost {skip:.2}",
        pairs.len()
    );
    scorer.set_skip(skip);
    scorer.set_min_pair_llr((rate >= COMPARABLE_RATE).then_some(MIN_COMPARABLE_LLR));
}

/// Sets the character ratio of the pairs that look like translations, not of the whole texts
/// (which extra text on one side skews).
fn fit_ratio(scorer: &mut PairScorer, model: &LexicalModel, spans: &[Span]) {
    let good: Vec<&Span> = spans
        .iter()
        .filter(|s| !s.is_one_sided())
        .filter(|s| model.llr(scorer.similarity(s.ru.clone(), s.en.clone())) > 0.0)
        .collect();
    if good.len() < MIN_RATIO_PAIRS {
        return;
    }
    let (l1, l2) = good.iter().fold((0, 0), |(a, b), s| {
        let (x, y) = scorer.lengths(s.ru.clone(), s.en.clone());
        (a + x, b + y)
    });
    if l1 > 0 && l2 > 0 {
        let ratio = l2 as f64 / l1 as f64;
        tracing::debug!("ratio {:.3} → {ratio:.3}", scorer.ratio());
        scorer.set_ratio(ratio);
    }
}

/// Comparable texts paraphrase: fits the length model's variance to the pairs that look like
/// translations (the median of δ² under the chi-square law is 0.455).
fn fit_variance(scorer: &mut PairScorer, model: &LexicalModel, spans: &[Span]) {
    let mut d2: Vec<f64> = spans
        .iter()
        .filter(|s| s.kind().is_one_to_one())
        .filter(|s| model.llr(scorer.similarity(s.ru.clone(), s.en.clone())) > 0.0)
        .map(|s| scorer.length_deviate2(s.ru.clone(), s.en.clone()))
        .collect();
    if d2.len() >= 3 {
        d2.sort_by(f64::total_cmp);
        let factor = (d2[d2.len() / 2] / 0.455).clamp(0.5, MAX_VARIANCE_FACTOR);
        let variance = scorer.params().length_variance * factor;
        tracing::debug!("length variance ×{factor:.2} = {variance:.2}");
        scorer.set_length_variance(variance);
    }
}
