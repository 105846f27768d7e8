//! The filters of the review list.

use std::fmt;
use std::str::FromStr;

use super::LOW_CONFIDENCE;
use super::model::{BeadReview, Status};

/// Which beads the review list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Filter {
    /// Every bead (the default).
    #[default]
    All,
    /// Beads not yet approved.
    Unreviewed,
    /// Beads not yet approved that the aligner scored below [`LOW_CONFIDENCE`].
    LowConfidence,
    /// Beads an open suggestion outvotes.
    Disputed,
    /// Beads other than 1-1.
    NotOneToOne,
    /// Approved beads.
    Approved,
}

impl Filter {
    /// Every filter, in the order the review page lists them.
    pub const ALL: [Filter; 6] = [
        Filter::All,
        Filter::Unreviewed,
        Filter::LowConfidence,
        Filter::Disputed,
        Filter::NotOneToOne,
        Filter::Approved,
    ];

    /// The name in the page's address (`?filter=low`).
    pub fn name(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unreviewed => "unreviewed",
            Filter::LowConfidence => "low",
            Filter::Disputed => "disputed",
            Filter::NotOneToOne => "not11",
            Filter::Approved => "approved",
        }
    }

    /// The label shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "All",
            Filter::Unreviewed => "Unreviewed",
            Filter::LowConfidence => "Low confidence",
            Filter::Disputed => "Disputed",
            Filter::NotOneToOne => "Not 1-1",
            Filter::Approved => "Approved",
        }
    }

    /// Whether the list shows `bead`.
    pub fn keeps(self, bead: &BeadReview) -> bool {
        let b = &bead.bead;
        match self {
            Filter::All => true,
            Filter::Unreviewed => b.status == Status::Automatic,
            Filter::LowConfidence => b.status == Status::Automatic && b.score < LOW_CONFIDENCE,
            Filter::Disputed => bead.disputed(),
            Filter::NotOneToOne => !b.span.kind().is_one_to_one(),
            Filter::Approved => b.status == Status::Approved,
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown filter name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown filter “{0}”")]
pub struct ParseFilterError(pub String);

impl FromStr for Filter {
    type Err = ParseFilterError;

    /// Parses a filter's [`name`](Filter::name).
    ///
    /// # Example
    /// ```
    /// use sverka::review::Filter;
    /// assert_eq!("low".parse(), Ok(Filter::LowConfidence));
    /// assert!("lowest".parse::<Filter>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Filter, ParseFilterError> {
        Filter::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| ParseFilterError(s.to_string()))
    }
}

/// The review list of a document: the beads a filter keeps among those a search found, and
/// how many each filter would keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// How many beads each filter keeps, in [`Filter::ALL`] order.
    pub counts: [usize; 6],
    /// The positions in the document (0-based) of the beads listed, in order.
    pub listed: Vec<usize>,
}

impl Filter {
    /// Lists the beads of `all` (a document's beads in order) that `found` accepts and this
    /// filter keeps.
    ///
    /// # Example
    /// ```
    /// use sverka::review::{BeadReview, Filter, Status, StoredBead};
    /// use sverka::Span;
    /// let bead = |i: usize, status| BeadReview {
    ///     bead: StoredBead { id: i as i64, span: Span::new(i..i + 1, i..i + 1), score: 0.9, status, version: 1 },
    ///     net: 0, my_vote: 0, open_suggestions: 0, best_suggestion_net: None, comments: 0,
    /// };
    /// let all = [bead(0, Status::Approved), bead(1, Status::Automatic), bead(2, Status::Automatic)];
    /// let l = Filter::Unreviewed.list(&all, |r| r.bead.id != 1);
    /// assert_eq!(l.listed, [2]);
    /// assert_eq!(l.counts[0], 2, "All counts the beads the search found");
    /// ```
    pub fn list(self, all: &[BeadReview], found: impl Fn(&BeadReview) -> bool) -> Listing {
        let found: Vec<usize> = (0..all.len()).filter(|&i| found(&all[i])).collect();
        let mut counts = [0; 6];
        for (count, f) in counts.iter_mut().zip(Filter::ALL) {
            *count = found.iter().filter(|&&i| f.keeps(&all[i])).count();
        }
        Listing {
            counts,
            listed: found.into_iter().filter(|&i| self.keeps(&all[i])).collect(),
        }
    }
}
