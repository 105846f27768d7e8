//! The order in which reviewers are led through a document: least confident first.

use super::model::{BeadId, Status, StoredBead};

/// The next bead to review and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextBead {
    /// The bead.
    pub bead: BeadId,
    /// Its position in the document (0-based).
    pub position: usize,
}

/// The next bead to review among `beads` (a document's, in order): beads not yet approved,
/// least confident first (ties in document order). With `after`, the one following that bead
/// in this order (wrapping around), so asking again walks through them all. `None` when every
/// bead is approved.
///
/// # Example
/// ```
/// use sverka::review::{StoredBead, Status, next_to_review};
/// use sverka::Span;
/// let bead = |id, score, status| StoredBead { id, span: Span::default(), score, status, version: 1 };
/// let beads = [bead(1, 0.9, Status::Automatic), bead(2, 0.2, Status::Automatic), bead(3, 0.1, Status::Approved)];
/// assert_eq!(next_to_review(&beads, None).unwrap().bead, 2);
/// assert_eq!(next_to_review(&beads, Some(2)).unwrap().position, 0);
/// ```
pub fn next_to_review(beads: &[StoredBead], after: Option<BeadId>) -> Option<NextBead> {
    let mut order: Vec<(usize, &StoredBead)> = beads
        .iter()
        .enumerate()
        .filter(|(_, b)| b.status != Status::Approved)
        .collect();
    order.sort_by(|a, b| a.1.score.total_cmp(&b.1.score).then(a.0.cmp(&b.0)));
    let next = match after.and_then(|id| order.iter().position(|(_, b)| b.id == id)) {
        Some(k) => order.get((k + 1) % order.len()),
        None => order.first(),
    };
    next.map(|&(position, b)| NextBead {
        bead: b.id,
        position,
    })
}
