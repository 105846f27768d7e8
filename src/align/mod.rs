//! Bead search: pairs the sentences of two documents.
//!
//! A *bead* joins a run of Russian sentences with a run of English sentences (1-1, 1-2, 2-1, 2-2,
//! 1-3, 3-1) or leaves one sentence unpaired (1-0, 0-1). Beads are monotonic: they cover both
//! documents in order, every sentence in exactly one bead.
//!
//! [`Aligner::align_fixed`] runs the passes: `search` finds the beads of each gap between
//! `fixed` beads; the first pass teaches the scorer the document `model` (and
//! `learned` translations); the second pass searches again with it; in comparable texts
//! unpaired sentences may `attach` to a neighbouring pair; and each bead gets a
//! `confidence`. `explain` tells the reviewers why a bead was paired.

mod attach;
mod confidence;
mod explain;
mod fixed;
mod learned;
mod model;
mod search;

use crate::lexicon::Lexicon;
use crate::score::{Matcher, PairScorer, Params};
use crate::{Bead, Document, Result, Span};
use attach::Joined;

pub use confidence::{bead_features, calibrated};
pub use explain::Explanation;

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
    /// a side). Stems that keep appearing together in the confident pairs are taken for
    /// translations of each other, as hunalign's `-realign` does.
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
    /// Fails with [`Error::BadFixedBeads`](crate::Error::BadFixedBeads) when a fixed bead is empty on both sides, reversed,
    /// out of range, or the fixed beads overlap or are out of order.
    pub fn align_fixed(&self, ru: &Document, en: &Document, fixed: &[Bead]) -> Result<Vec<Bead>> {
        self.align_with_scorer(ru, en, fixed)
            .map(|(beads, _)| beads)
    }

    /// [`align_fixed`](Self::align_fixed), also returning the scorer of the final pass.
    ///
    /// Public for `examples/calibrate.rs`, which computes each bead's [`bead_features`] with
    /// the final scorer.
    #[doc(hidden)]
    pub fn align_with_scorer(
        &self,
        ru: &Document,
        en: &Document,
        fixed: &[Bead],
    ) -> Result<(Vec<Bead>, PairScorer)> {
        fixed::check_fixed(ru, en, fixed)?;
        // The passes' times, for the debug log (the clock is read only when it is on).
        let clock = tracing::enabled!(tracing::Level::DEBUG).then(std::time::Instant::now);
        let lap = |what: &str| {
            if let Some(clock) = clock {
                tracing::debug!("{what}: {:.3} s", clock.elapsed().as_secs_f64());
            }
        };
        let mut scorer = self.scorer(ru, en);
        lap("scorer");
        let mut gaps = fixed::prepare_gaps(&scorer, fixed);
        lap("band and matched weights");
        let mut spans: Vec<Vec<Span>> = gaps
            .iter()
            .map(|g| search::search_gap(&scorer, g, None))
            .collect();
        lap("first pass");
        // The document model is the documents', not the fixed beads': with fixed beads (a
        // reviewer's merge) it comes from a first pass over the whole documents, so that
        // re-aligning around a change judges the text as aligning it whole did.
        let first: Vec<Span> = if fixed.is_empty() {
            spans.iter().flatten().cloned().collect()
        } else {
            fixed::prepare_gaps(&scorer, &[])
                .iter()
                .flat_map(|g| search::search_gap(&scorer, g, None))
                .collect()
        };
        // The second pass searches every bead type near the first pass's path, with the
        // document model when the first pass could teach one.
        let fit = model::fit_document_model(&mut scorer, &first);
        lap("model");
        let learned = (self.learn && fit.informative)
            .then(|| learned::learn_from_first_pass(ru, en, &scorer, &first))
            .flatten();
        if let Some(learned) = learned {
            let mut matchers = self.matchers.clone();
            matchers.push(&learned);
            scorer = PairScorer::new(ru, en, &matchers, self.params.clone());
            gaps = fixed::prepare_gaps(&scorer, fixed);
            model::fit_document_model(&mut scorer, &first);
            lap("learned translations");
        }
        spans = gaps
            .iter()
            .zip(&spans)
            .map(|(g, near)| search::search_gap(&scorer, g, Some(near)))
            .collect();
        lap("second pass");
        let joined = attach_in_comparable_texts(&scorer, &mut spans);
        let mut out = Vec::new();
        for (k, gap) in spans.into_iter().enumerate() {
            out.extend(confidence::with_confidence(
                &scorer,
                gap,
                &joined,
                fit.related,
            ));
            if let Some(b) = fixed.get(k) {
                out.push(b.clone());
            }
        }
        lap("confidence");
        Ok((out, scorer))
    }
}

/// In comparable texts only (in translations a length model tells splits well enough):
/// attaches unpaired sentences of each gap to a neighbouring pair (see [`attach`]).
fn attach_in_comparable_texts(scorer: &PairScorer, spans: &mut [Vec<Span>]) -> Vec<Joined> {
    let mut joined = Vec::new();
    if let Some(model) = scorer
        .lexical_model()
        .filter(|_| scorer.min_pair_llr().is_some())
    {
        for gap in spans {
            joined.extend(attach::attach_unpaired(scorer, model, gap));
        }
    }
    joined
}

/// The fewest confident first-pass pairs from which the aligner learns word translations.
pub const MIN_LEARNING_PAIRS: usize = 30;

/// The most sentences a side for which the aligner learns translations: learning means
/// reading both documents a second time, which would double the time of a book-length
/// alignment; a lexicon and cognates serve long documents well enough.
pub const MAX_LEARNING_SENTENCES: usize = 5_000;

/// Aligns two documents with the default [`Aligner`].
pub fn align(ru: &Document, en: &Document) -> Vec<Bead> {
    Aligner::new().align(ru, en)
}
