//! Re-alignment around an applied structural change.
//!
//! When reviewers merge, split or move sentences between beads, the beads next to the change
//! may no longer be the best pairing of what is left. The not-yet-approved beads on each side
//! (up to [`REALIGN_WINDOW`]) are aligned again with the change's beads and every other bead
//! held fixed ([`Aligner::align_fixed`]).

use std::ops::Range;

use super::model::{BeadState, Status};
use crate::bead::check_tiling;
use crate::{Aligner, Bead, Document, Span};

/// How many not-yet-approved beads on each side of a structural change are re-aligned.
pub const REALIGN_WINDOW: usize = 10;

/// The outcome of a re-alignment: the run of beads it replaces and the beads that take its
/// place.
#[derive(Debug, Clone, PartialEq)]
pub struct Realigned {
    /// The indices (into the beads given) of the beads replaced.
    pub replaced: Range<usize>,
    /// The beads that replace them, in order: the change's beads approved, the others
    /// automatic; each with the aligner's confidence (for the change's beads, what the
    /// aligner's calibration makes of them: a reviewer's bead keeps an honest figure, not 1).
    pub beads: Vec<BeadState>,
}

/// Why a re-alignment failed (a bug, not a reviewer's mistake: the change was checked).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("re-alignment failed: {0}")]
pub struct RealignError(String);

/// Applies the structural change that replaces `beads[old]` with `made`, re-aligning the
/// not-yet-approved beads within [`REALIGN_WINDOW`] of it. `ru` and `en` are the documents in
/// their applied wording; `beads` is their applied alignment in order.
///
/// This runs the aligner (a first pass over the whole documents and a search of the window):
/// it is the heaviest step of the review workflow.
pub fn realign(
    ru: &Document,
    en: &Document,
    beads: &[BeadState],
    old: Range<usize>,
    made: &[Span],
) -> Result<Realigned, RealignError> {
    let unapproved = |b: &BeadState| b.status == Status::Automatic;
    let mut lo = old.start;
    while lo > 0 && old.start - lo < REALIGN_WINDOW && unapproved(&beads[lo - 1]) {
        lo -= 1;
    }
    let mut hi = old.end;
    while hi < beads.len() && hi - old.end < REALIGN_WINDOW && unapproved(&beads[hi]) {
        hi += 1;
    }
    let as_bead = |b: &BeadState| Bead {
        span: b.span.clone(),
        score: b.score,
    };
    let mut fixed: Vec<Bead> = beads[..lo].iter().map(as_bead).collect();
    fixed.extend(made.iter().map(|s| Bead {
        span: s.clone(),
        score: 1.0,
    }));
    fixed.extend(beads[hi..].iter().map(as_bead));
    let (all, scorer) = Aligner::new()
        .align_with_scorer(ru, en, &fixed)
        .map_err(|e| RealignError(e.to_string()))?;
    let confidence = |s: &Span| {
        let c = crate::align::calibrated(crate::align::bead_features(&scorer, s), s.is_one_sided());
        (c.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
    };
    let region = beads[lo].span.to(&beads[hi - 1].span);
    let new: Vec<BeadState> = all
        .into_iter()
        .filter(|b| region.contains(&b.span))
        .map(|b| {
            let approved = made.contains(&b.span);
            BeadState {
                score: if approved {
                    confidence(&b.span)
                } else {
                    b.score.clamp(0.0, 1.0)
                },
                status: if approved {
                    Status::Approved
                } else {
                    Status::Automatic
                },
                span: b.span,
            }
        })
        .collect();
    let spans: Vec<Span> = new.iter().map(|b| b.span.clone()).collect();
    check_tiling(&spans, region.ru.clone(), region.en.clone()).map_err(RealignError)?;
    Ok(Realigned {
        replaced: lo..hi,
        beads: new,
    })
}
