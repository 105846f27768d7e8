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
