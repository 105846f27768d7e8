//! The review workflow's rules, apart from how they are stored or served.
//!
//! Reviewers vote on beads, suggest changes ([`changes`]), comment, and admins approve; an
//! applied structural change re-aligns its neighbourhood ([`realign`]). This module owns those
//! rules and what the review pages compute from a document: the aligner's evidence per bead,
//! the map and statistics, a student's alignment compared with the reference ones and the
//! reviewers' agreement, and the export of the reviewed alignment ([`export`]). It knows neither HTTP nor SQL: [`crate::storage`] keeps
//! the records ([`model`]) and [`crate::web`] serves the pages.

mod accounts;
pub mod changes;
pub(crate) mod coursework;
pub(crate) mod evidence;
pub mod export;
mod filter;
pub mod history;
pub mod model;
mod next;
pub(crate) mod overview;
pub mod realign;
mod text;

pub use accounts::{PasswordCost, PasswordError, hash_password, random_password, verify_password};
pub use changes::{Change, ChangeError};
pub use export::{ExportRequest, export_applied};
pub use filter::{Filter, Listing, ParseFilterError};
pub use model::*;
pub use next::{NextBead, next_to_review};
pub use realign::REALIGN_WINDOW;
pub use text::{MAX_TEXT_CHARS, TextError, check_text};

/// Beads the aligner scored below this are counted as low-confidence.
pub const LOW_CONFIDENCE: f64 = 0.5;
