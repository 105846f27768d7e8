//! Scoring an alignment against gold beads (strict and lax precision, recall, F1).

use crate::export::BeadIds;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1, the harmonic mean of the two.
    pub f1: f64,
}

/// Strict and lax scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Exact bead matches.
    pub strict: Prf,
    /// Some sentence link of the test bead is in gold.
    pub lax: Prf,
}

/// Scores test beads against gold beads, counts summed over all `(gold, test)` documents.
pub fn score(docs: &[(Vec<BeadIds>, Vec<BeadIds>)]) -> Scores {
    let _ = docs;
    Scores::default()
}
