//! Bead search: pairs the sentences of two documents.
//!
//! A *bead* joins a run of Russian sentences with a run of English sentences (1-1, 1-2, 2-1, 2-2,
//! 1-3, 3-1) or leaves one sentence unpaired (1-0, 0-1). Beads are monotonic: they cover both
//! documents in order, every sentence in exactly one bead.

mod dp;
pub mod learned;

use std::ops::Range;

use crate::lexicon::Lexicon;
use crate::score::{LexicalModel, Matcher, PairScorer, Params, WordMatch};
use crate::{Bead, Document, Error, Result};
use learned::Learned;

/// The aligner and its options.
///
/// [`align`] runs it with the defaults.
///
/// # Example
/// ```
/// use sverka::{Aligner, Bead, Document, Lang};
/// let ru = Document::new("Первое. Второе. Третье.", Lang::Ru).unwrap();
/// let en = Document::new("First. Second. Third.", Lang::En).unwrap();
/// // The reviewers approved that the second sentences pair.
/// let fixed = [Bead::new(1..2, 1..2, 1.0)];
/// let beads = Aligner::new().align_fixed(&ru, &en, &fixed).unwrap();
/// assert_eq!(beads.len(), 3);
/// assert_eq!(beads[1], fixed[0]);
/// ```
pub struct Aligner<'a> {
    params: Params,
    matchers: Vec<&'a dyn Matcher>,
    learn: bool,
}

impl Default for Aligner<'_> {
    fn default() -> Self {
        Aligner {
            params: Params::default(),
            matchers: vec![Lexicon::builtin()],
            learn: true,
        }
    }
}

impl std::fmt::Debug for Aligner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("params", &self.params)
            .field("matchers", &self.matchers.len())
            .field("learn", &self.learn)
            .finish()
    }
}

impl<'a> Aligner<'a> {
    /// An aligner with the default options: length, numbers, names, punctuation, cognates and
    /// the bundled Russian–English lexicon.
    pub fn new() -> Self {
        Aligner::default()
    }

    /// An aligner without the bundled lexicon (length, numbers, names, punctuation, cognates,
    /// and whatever [`matcher`](Aligner::matcher)s are added).
    pub fn without_lexicon() -> Self {
        Aligner {
            params: Params::default(),
            matchers: Vec::new(),
            learn: true,
        }
    }

    /// Replaces the tuning constants.
    pub fn params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// Whether to learn word translations from the first pass's confident pairs and use them
    /// in the second (on by default; it applies to documents with at least
    /// [`MIN_LEARNING_PAIRS`] confident pairs and at most [`MAX_LEARNING_SENTENCES`] sentences
    /// a side, see [`learned`]).
    pub fn learning(mut self, on: bool) -> Self {
        self.learn = on;
        self
    }

    /// Adds a source of lexical evidence (a dictionary, learned translations).
    pub fn matcher(mut self, matcher: &'a dyn Matcher) -> Self {
        self.matchers.push(matcher);
        self
    }

    /// Builds the pair scorer for two documents.
    pub fn scorer(&self, ru: &Document, en: &Document) -> PairScorer {
        PairScorer::new(ru, en, &self.matchers, self.params.clone())
    }

    /// Aligns two whole documents.
    pub fn align(&self, ru: &Document, en: &Document) -> Vec<Bead> {
        self.align_fixed(ru, en, &[])
            .expect("no fixed beads always fit")
    }

    /// Aligns two documents keeping `fixed` beads (approved by reviewers) as they are and
    /// aligning only the gaps between them.
    ///
    /// The search runs twice: the first alignment teaches the scorer how alike this text's
    /// translations are (its lexical model, unpaired rate and length variance), the second
    /// uses it.
    ///
    /// Fails with [`Error::BadFixedBeads`] when a fixed bead is empty on both sides, reversed,
    /// out of range, or the fixed beads overlap or are out of order.
    pub fn align_fixed(&self, ru: &Document, en: &Document, fixed: &[Bead]) -> Result<Vec<Bead>> {
        self.align_with_scorer(ru, en, fixed)
            .map(|(beads, _)| beads)
    }

    /// [`align_fixed`](Self::align_fixed), also returning the scorer of the final pass (for
    /// calibration and diagnostics).
    #[doc(hidden)]
    pub fn align_with_scorer(
        &self,
        ru: &Document,
        en: &Document,
        fixed: &[Bead],
    ) -> Result<(Vec<Bead>, PairScorer)> {
        check_fixed(ru, en, fixed)?;
        let clock = std::time::Instant::now();
        let debug = std::env::var("SVERKA_DEBUG").is_ok();
        let lap = |what: &str| {
            if debug {
                eprintln!("{what}: {:.3} s", clock.elapsed().as_secs_f64());
            }
        };
        let mut scorer = self.scorer(ru, en);
        lap("scorer");
        let mut prepared = prepare_gaps(&scorer, fixed);
        lap("band and matched weights");
        let mut spans: Vec<Vec<(Range<usize>, Range<usize>)>> = prepared
            .iter()
            .map(|s| dp::search_span(&scorer, s, None))
            .collect();
        lap("first pass");
        // The document model is the documents', not the fixed beads': with fixed beads (a
        // reviewer's merge) it comes from a first pass over the whole documents, so that
        // re-aligning around a change judges the text as aligning it whole did.
        let first: Vec<_> = if fixed.is_empty() {
            spans.iter().flatten().cloned().collect()
        } else {
            prepare_gaps(&scorer, &[])
                .iter()
                .flat_map(|s| dp::search_span(&scorer, s, None))
                .collect()
        };
        // The second pass searches every bead type near the first pass's path, with the
        // document model when the first pass could teach one.
        let fit = fit_document_model(&mut scorer, &first);
        lap("model");
        let learned = (self.learn && fit.informative)
            .then(|| self.learn_translations(ru, en, &scorer, &first))
            .flatten();
        if let Some(learned) = learned {
            let mut matchers = self.matchers.clone();
            matchers.push(&learned);
            scorer = PairScorer::new(ru, en, &matchers, self.params.clone());
            prepared = prepare_gaps(&scorer, fixed);
            fit_document_model(&mut scorer, &first);
            lap("learned translations");
        }
        spans = prepared
            .iter()
            .zip(&spans)
            .map(|(s, near)| dp::search_span(&scorer, s, Some(near)))
            .collect();
        lap("second pass");
        // In comparable texts only: in translations a length model tells splits well enough.
        let mut joined = Vec::new();
        if let Some(model) = scorer
            .lexical_model()
            .filter(|_| scorer.min_pair_llr().is_some())
        {
            for gap in &mut spans {
                joined.extend(attach_unpaired(&scorer, model, gap));
            }
        }
        let mut out = Vec::new();
        for (k, gap) in spans.into_iter().enumerate() {
            out.extend(with_confidence(&scorer, gap, &joined, fit.related));
            if let Some(b) = fixed.get(k) {
                out.push(b.clone());
            }
        }
        lap("confidence");
        Ok((out, scorer))
    }
}

impl Aligner<'_> {
    /// Word translations learned from the first pass's confident pairs, when there are enough
    /// of them and something was learned.
    fn learn_translations(
        &self,
        ru: &Document,
        en: &Document,
        scorer: &PairScorer,
        first: &[(Range<usize>, Range<usize>)],
    ) -> Option<Learned> {
        let model = scorer.lexical_model()?;
        let confident: Vec<(Range<usize>, Range<usize>)> = first
            .iter()
            .filter(|(r, e)| !r.is_empty() && !e.is_empty())
            .filter(|(r, e)| model.llr(scorer.similarity(r.clone(), e.clone())) >= LEARNING_LLR)
            .cloned()
            .collect();
        if confident.len() < MIN_LEARNING_PAIRS || ru.len().max(en.len()) > MAX_LEARNING_SENTENCES {
            return None;
        }
        let learned = Learned::from_beads(ru, en, &confident);
        if std::env::var("SVERKA_DEBUG").is_ok() {
            eprintln!(
                "learned translations of {} stems from {} confident pairs",
                learned.len(),
                confident.len()
            );
        }
        (!learned.is_empty()).then_some(learned)
    }
}

/// A bead's sides.
type Pair = (Range<usize>, Range<usize>);

/// In a comparable text, joins an unpaired sentence to the neighbouring 1-1 pair when it is itself, by the document
/// model, a likely translation of that pair's other sentence (log-likelihood ratio at least
/// [`ATTACH_LLR`]) and in the same paragraph: a translator who split one sentence in two (or
/// joined two) leaves both halves alike their counterpart, which a length model can miss in
/// comparable texts.
///
/// Returns each joined bead with its two sentence pairs (the pair it was, and the unpaired
/// sentence with the pair's other side).
fn attach_unpaired(
    scorer: &PairScorer,
    model: &LexicalModel,
    spans: &mut Vec<Pair>,
) -> Vec<(Pair, [Pair; 2])> {
    let llr = |r: Range<usize>, e: Range<usize>| model.llr(scorer.similarity(r, e));
    // Where each unpaired sentence is in `spans`.
    let mut ru_alone = std::collections::HashMap::new();
    let mut en_alone = std::collections::HashMap::new();
    for (k, (r, e)) in spans.iter().enumerate() {
        if e.is_empty() && r.len() == 1 {
            ru_alone.insert(r.start, k);
        } else if r.is_empty() && e.len() == 1 {
            en_alone.insert(e.start, k);
        }
    }
    let mut gone = vec![false; spans.len()];
    let mut joined = Vec::new();
    for span in spans.iter_mut() {
        let (r, e) = span.clone();
        if r.len() != 1 || e.len() != 1 {
            continue;
        }
        let (i, j) = (r.start, e.start);
        // (likelihood ratio, index of the unpaired sentence's bead, the merged bead)
        let mut best: Option<(f64, usize, Pair, Pair)> = None;
        let mut consider = |n: usize, bead: Pair, part: Pair, score: f64| {
            if !gone[n] && score >= ATTACH_LLR && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, n, bead, part));
            }
        };
        for j2 in [j.checked_sub(1), Some(j + 1)].into_iter().flatten() {
            if let Some(&n) = en_alone.get(&j2)
                && scorer.same_paragraph_en(j2, j)
            {
                consider(
                    n,
                    (r.clone(), j.min(j2)..j.max(j2) + 1),
                    (r.clone(), j2..j2 + 1),
                    llr(r.clone(), j2..j2 + 1),
                );
            }
        }
        for i2 in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
            if let Some(&n) = ru_alone.get(&i2)
                && scorer.same_paragraph_ru(i2, i)
            {
                consider(
                    n,
                    (i.min(i2)..i.max(i2) + 1, e.clone()),
                    (i2..i2 + 1, e.clone()),
                    llr(i2..i2 + 1, e.clone()),
                );
            }
        }
        if let Some((_, n, bead, part)) = best {
            gone[n] = true;
            joined.push((bead.clone(), [(r, e), part]));
            *span = bead;
        }
    }
    // Where the gap starts, before its first bead may go.
    let (mut r_end, mut e_end) = spans.first().map_or((0, 0), |s| (s.0.start, s.1.start));
    let mut k = 0;
    spans.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    // The unpaired sentences between a merged pair and the sentence it took now sit before
    // or after the pair on the other side: renumber the empty sides.
    for (r, e) in spans.iter_mut() {
        if r.start == r.end {
            *r = r_end..r_end;
        }
        if e.start == e.end {
            *e = e_end..e_end;
        }
        r_end = r.end;
        e_end = e.end;
    }
    joined
}

/// The fewest confident first-pass pairs from which the aligner learns word translations.
pub const MIN_LEARNING_PAIRS: usize = 30;

/// The confidence from which [`Aligner::explain`] learns translations from a bead.
const EXPLAIN_CONFIDENCE: f64 = 0.9;

/// The most sentences a side for which the aligner learns translations: learning means
/// reading both documents a second time, which would double the time of a book-length
/// alignment; a lexicon and cognates serve long documents well enough.
pub const MAX_LEARNING_SENTENCES: usize = 5_000;

/// The document model's log-likelihood ratio from which a first-pass pair counts as confident.
const LEARNING_LLR: f64 = 1.0;

/// Prepares the search of each gap between the fixed beads (and before and after them).
fn prepare_gaps(scorer: &PairScorer, fixed: &[Bead]) -> Vec<dp::Span> {
    let rare = scorer.rare_keys();
    let mut prepared = Vec::with_capacity(fixed.len() + 1);
    let (mut r, mut e) = (0, 0);
    for b in fixed {
        prepared.push(dp::prepare_span(
            scorer,
            &rare,
            r..b.span.ru.start,
            e..b.span.en.start,
        ));
        r = b.span.ru.end;
        e = b.span.en.end;
    }
    prepared.push(dp::prepare_span(
        scorer,
        &rare,
        r..scorer.ru_len(),
        e..scorer.en_len(),
    ));
    prepared
}

/// Checks that fixed beads fit the documents, in order and without overlap.
fn check_fixed(ru: &Document, en: &Document, fixed: &[Bead]) -> Result<()> {
    let (mut r, mut e) = (0, 0);
    for (k, b) in fixed.iter().enumerate() {
        if b.span.ru.start > b.span.ru.end || b.span.en.start > b.span.en.end {
            return Err(Error::BadFixedBeads(format!(
                "bead {k} ({:?}, {:?}) is reversed",
                b.span.ru, b.span.en
            )));
        }
        if b.span.ru.is_empty() && b.span.en.is_empty() {
            return Err(Error::BadFixedBeads(format!(
                "bead {k} is empty on both sides"
            )));
        }
        if b.span.ru.end > ru.len() || b.span.en.end > en.len() {
            return Err(Error::BadFixedBeads(format!(
                "bead {k} ({:?}, {:?}) is past the end of the documents ({} and {} sentences)",
                b.span.ru,
                b.span.en,
                ru.len(),
                en.len()
            )));
        }
        // An empty side sits at a position; it must not go back.
        if b.span.ru.start < r || b.span.en.start < e {
            return Err(Error::BadFixedBeads(format!(
                "bead {k} ({:?}, {:?}) overlaps or precedes the bead before it",
                b.span.ru, b.span.en
            )));
        }
        r = b.span.ru.end;
        e = b.span.en.end;
    }
    Ok(())
}

/// Why a bead was paired: the word pairs that match across it and its length ratio.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// Matched word pairs with their kind and byte spans into each document's text.
    pub matches: Vec<WordMatch>,
    /// English characters per Russian character (0 for a one-sided bead).
    pub length_ratio: f64,
    /// Lexical similarity in `0.0..=1.0`: the weighted share of the bead's words that match.
    pub similarity: f64,
}

impl Aligner<'_> {
    /// Explains each of `beads` (an alignment of `ru` and `en`): the evidence the reviewers see.
    ///
    /// With learning on and at least [`MIN_LEARNING_PAIRS`] beads of confidence 0.9 or more,
    /// the translations learned from those beads count as evidence (kind `learned`).
    ///
    /// # Example
    /// ```
    /// use sverka::{Aligner, Document, Lang};
    /// let ru = Document::new("Telegram запущен в 2013 году.", Lang::Ru).unwrap();
    /// let en = Document::new("Telegram was launched in 2013.", Lang::En).unwrap();
    /// let aligner = Aligner::new();
    /// let beads = aligner.align(&ru, &en);
    /// let why = aligner.explain(&ru, &en, &beads);
    /// let words: Vec<&str> = why[0].matches.iter().map(|m| &en.text()[m.en.clone()]).collect();
    /// assert!(words.contains(&"Telegram") && words.contains(&"2013"));
    /// ```
    pub fn explain(&self, ru: &Document, en: &Document, beads: &[Bead]) -> Vec<Explanation> {
        // Translations learned from the confident beads given, as the aligner learns them from
        // its first pass, so that explanations show the learned evidence too.
        let confident: Vec<(Range<usize>, Range<usize>)> = beads
            .iter()
            .filter(|b| !b.span.is_one_sided() && b.score >= EXPLAIN_CONFIDENCE)
            .map(|b| (b.span.ru.clone(), b.span.en.clone()))
            .collect();
        let learned = (self.learn && confident.len() >= MIN_LEARNING_PAIRS)
            .then(|| Learned::from_beads(ru, en, &confident));
        let mut matchers = self.matchers.clone();
        matchers.extend(learned.as_ref().map(|l| l as &dyn Matcher));
        let scorer = PairScorer::new(ru, en, &matchers, self.params.clone());
        beads
            .iter()
            .map(|b| {
                if b.span.is_one_sided() {
                    return Explanation {
                        matches: Vec::new(),
                        length_ratio: 0.0,
                        similarity: 0.0,
                    };
                }
                let (l1, l2) = scorer.lengths(b.span.ru.clone(), b.span.en.clone());
                Explanation {
                    matches: scorer.evidence(b.span.ru.clone(), b.span.en.clone()),
                    length_ratio: if l1 > 0 { l2 as f64 / l1 as f64 } else { 0.0 },
                    similarity: scorer.similarity(b.span.ru.clone(), b.span.en.clone()),
                }
            })
            .collect()
    }
}

/// Aligns two documents with the default [`Aligner`].
pub fn align(ru: &Document, en: &Document) -> Vec<Bead> {
    Aligner::new().align(ru, en)
}

/// Offsets of the decoy pairs (sentences near a pair, most likely not its translation).
const DECOYS: [isize; 4] = [-5, -3, 3, 5];

/// Fits the document's lexical model from a first alignment: the similarity of its 1-1 pairs
/// (mostly translations) against that of decoy pairs a few sentences away (mostly not), as a
/// two-class Gaussian log-likelihood ratio.
fn fit_document_model(scorer: &mut PairScorer, spans: &[(Range<usize>, Range<usize>)]) -> Fit {
    // A book-length text: an even sample of its beads fits the same model in a fraction of
    // the time (each similarity is computed afresh).
    let sample: Vec<(Range<usize>, Range<usize>)>;
    let spans = if spans.len() > MAX_MODEL_BEADS {
        let step = spans.len().div_ceil(MAX_MODEL_BEADS);
        sample = spans.iter().step_by(step).cloned().collect();
        &sample[..]
    } else {
        spans
    };
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for (r, e) in spans {
        if r.len() != 1 || e.len() != 1 {
            continue;
        }
        pos.push(scorer.similarity(r.clone(), e.clone()));
        for d in DECOYS {
            let j = e.start as isize + d;
            if j >= 0 && (j as usize) < scorer.en_len() {
                let j = j as usize;
                neg.push(scorer.similarity(r.clone(), j..j + 1));
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
    if std::env::var("SVERKA_DEBUG").is_ok() {
        eprintln!(
            "lexical model: {} pairs, {} decoys, {model:?}",
            pos.len(),
            neg.len()
        );
    }
    if !model.is_informative() {
        return Fit {
            informative: false,
            related,
        };
    }
    // Comparable texts leave more sentences unpaired: the share of first-pass pairs that look
    // like decoys estimates how many, and sets the cost of leaving a sentence unpaired.
    let pairs: Vec<f64> = spans
        .iter()
        .filter(|(r, e)| !r.is_empty() && !e.is_empty())
        .map(|(r, e)| model.llr(scorer.similarity(r.clone(), e.clone())))
        .collect();
    let bad = pairs.iter().filter(|&&l| l < BAD_PAIR_LLR).count();
    let rate = (bad as f64 + 0.5) / (pairs.len() as f64 + 5.0);
    let skip = (-rate.ln() + 0.5).clamp(MIN_SKIP, scorer.params().skip);
    if std::env::var("SVERKA_DEBUG").is_ok() {
        eprintln!(
            "unpaired rate {rate:.3} ({bad} of {} pairs): skip cost {skip:.2}",
            pairs.len()
        );
    }
    scorer.set_skip(skip);
    // A comparable text: pairs must look more like translations than like neighbours.
    scorer.set_min_pair_llr((rate >= COMPARABLE_RATE).then_some(MIN_COMPARABLE_LLR));

    // The character ratio of the pairs that look like translations, not of the whole texts
    // (which extra text on one side skews).
    let good: Vec<&(Range<usize>, Range<usize>)> = spans
        .iter()
        .filter(|(r, e)| !r.is_empty() && !e.is_empty())
        .filter(|(r, e)| model.llr(scorer.similarity(r.clone(), e.clone())) > 0.0)
        .collect();
    if good.len() >= MIN_RATIO_PAIRS {
        let (l1, l2) = good.iter().fold((0, 0), |(a, b), (r, e)| {
            let (x, y) = scorer.lengths(r.clone(), e.clone());
            (a + x, b + y)
        });
        if l1 > 0 && l2 > 0 {
            let ratio = l2 as f64 / l1 as f64;
            if std::env::var("SVERKA_DEBUG").is_ok() {
                eprintln!("ratio {:.3} → {ratio:.3}", scorer.ratio());
            }
            scorer.set_ratio(ratio);
        }
    }

    // Comparable texts paraphrase: fit the length model's variance to the pairs that look like
    // translations (the median of δ² under the chi-square law is 0.455).
    let mut d2: Vec<f64> = spans
        .iter()
        .filter(|(r, e)| r.len() == 1 && e.len() == 1)
        .filter(|(r, e)| model.llr(scorer.similarity(r.clone(), e.clone())) > 0.0)
        .map(|(r, e)| scorer.length_deviate2(r.clone(), e.clone()))
        .collect();
    if d2.len() >= 3 {
        d2.sort_by(f64::total_cmp);
        let factor = (d2[d2.len() / 2] / 0.455).clamp(0.5, MAX_VARIANCE_FACTOR);
        let variance = scorer.params().length_variance * factor;
        if std::env::var("SVERKA_DEBUG").is_ok() {
            eprintln!("length variance ×{factor:.2} = {variance:.2}");
        }
        scorer.set_length_variance(variance);
    }
    scorer.set_lexical_model(model);
    Fit {
        informative: true,
        related,
    }
}

/// What fitting the document model found.
struct Fit {
    /// Whether the document model was set.
    informative: bool,
    /// The chance that a place of the texts holds a translation at all: 1, except when the
    /// texts look unrelated, where it is the share of the first pass's pairs that do not look
    /// like decoys (see [`unrelated`]).
    related: f64,
}

/// When most of the first pass's pair similarities `pos` look like decoys under `prior`: the
/// share of them that do not (with half a pair's worth added, so never 0).
fn unrelated(pos: &[f64], prior: &LexicalModel) -> Option<f64> {
    let decoys = pos.iter().filter(|&&s| prior.llr(s) < BAD_PAIR_LLR).count();
    (2 * decoys > pos.len()).then(|| ((pos.len() - decoys) as f64 + 0.5) / (pos.len() as f64 + 1.0))
}

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

/// The log-likelihood ratio from which an unpaired sentence joins its neighbour's pair.
const ATTACH_LLR: f64 = 1.0;

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
#[doc(hidden)]
pub fn bead_features(scorer: &PairScorer, r: &Range<usize>, e: &Range<usize>) -> [f64; 3] {
    let skip = scorer.params().skip;
    let parts = |r: Range<usize>, e: Range<usize>| {
        scorer.cost_parts(r.clone(), e.clone(), |x, y| {
            scorer.matched(r.start + x, e.start + y)
        })
    };
    let llr =
        |p: &crate::score::CostParts| scorer.lexical_model().map_or(0.0, |m| m.llr(p.similarity));
    if r.is_empty() || e.is_empty() {
        // The closest alternative: pairing the sentence with a neighbour on the other side.
        let candidates: Vec<(Range<usize>, Range<usize>)> = if r.is_empty() {
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
        };
        let best = candidates
            .into_iter()
            .map(|(r, e)| parts(r, e))
            .min_by(|a, b| a.total().total_cmp(&b.total()));
        match best {
            Some(p) => [(p.total() - 2.0 * skip).min(10.0), llr(&p), 0.0],
            None => [10.0, -5.0, 0.0],
        }
    } else {
        let p = parts(r.clone(), e.clone());
        let margin = skip * (r.len() + e.len()) as f64 - p.total();
        // Only the evidence against the pair: a well-attested pair's confidence rests on its
        // margin, but a pair that looks like a decoy must not be confident however cheap.
        [
            margin,
            llr(&p).min(0.0),
            f64::from(r.len() != 1 || e.len() != 1),
        ]
    }
}

/// Logistic calibration of pair beads: intercept and weights of [`bead_features`], fitted on the
/// development data by `cargo run --release --example calibrate`.
const PAIR_CALIBRATION: [f64; 4] = [2.059, 0.15, 0.131, -4.676];

/// Logistic calibration of unpaired sentences.
const UNPAIRED_CALIBRATION: [f64; 4] = [1.748, 0.0, -0.306, 0.0];

/// The confidence of a bead from its [`bead_features`].
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
/// an unpaired neighbour (see [`attach_unpaired`]) is right when both of its sentence pairs
/// are: its confidence is the product of theirs. A pair is right only where the texts are
/// related at all: its confidence is also multiplied by `related` (see [`Fit::related`]), which
/// the calibration, fitted on texts that are translations, cannot know.
fn with_confidence(
    scorer: &PairScorer,
    spans: Vec<Pair>,
    joined: &[(Pair, [Pair; 2])],
    related: f64,
) -> Vec<Bead> {
    let pair_confidence = |(r, e): &Pair| calibrated(bead_features(scorer, r, e), false);
    spans
        .into_iter()
        .map(|(r, e)| {
            let one_sided = r.is_empty() || e.is_empty();
            let score = match joined.iter().find(|(bead, _)| bead.0 == r && bead.1 == e) {
                Some((_, [a, b])) => pair_confidence(a) * pair_confidence(b),
                None => calibrated(bead_features(scorer, &r, &e), one_sided),
            };
            let score = if one_sided { score } else { score * related };
            Bead::new(r, e, (score * 1000.0).round() / 1000.0)
        })
        .collect()
}
