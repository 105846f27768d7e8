//! Fixed beads: reviewers' approved beads the aligner keeps as they are, aligning only the
//! gaps between them.

use super::search::{self, Gap};
use crate::score::PairScorer;
use crate::{Bead, Document, Error, Result};

/// Prepares the search of each gap between the fixed beads (and before and after them).
pub(super) fn prepare_gaps(scorer: &PairScorer, fixed: &[Bead]) -> Vec<Gap> {
    let rare = scorer.rare_keys();
    let mut prepared = Vec::with_capacity(fixed.len() + 1);
    let (mut r, mut e) = (0, 0);
    for b in fixed {
        prepared.push(search::prepare_gap(
            scorer,
            &rare,
            r..b.span.ru.start,
            e..b.span.en.start,
        ));
        r = b.span.ru.end;
        e = b.span.en.end;
    }
    prepared.push(search::prepare_gap(
        scorer,
        &rare,
        r..scorer.ru_len(),
        e..scorer.en_len(),
    ));
    prepared
}

/// Checks that fixed beads fit the documents, in order and without overlap.
pub(super) fn check_fixed(ru: &Document, en: &Document, fixed: &[Bead]) -> Result<()> {
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
