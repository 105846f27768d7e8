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
pub(crate) mod findings;
pub mod history;
pub mod model;
mod next;
pub(crate) mod overview;
pub mod realign;
mod text;

pub use accounts::{
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, WeakPassword, check_new_password, check_password_change,
};
pub use accounts::{PasswordCost, PasswordError, hash_password, random_password, verify_password};
pub use changes::{Change, ChangeError};
pub use export::{ExportFile, ExportPart, ExportRequest, export_applied, export_file};
pub use filter::{Filter, FindingCounts, FindingFilter, Listing, ParseFilterError};
pub use model::*;
pub use next::{NextBead, next_to_review};
pub use realign::REALIGN_WINDOW;
pub use text::{LanguageCheck, Script, check_languages, main_script};
pub use text::{MAX_TEXT_CHARS, TextError, check_text};

/// Beads the aligner scored below this are counted as low-confidence (the review page's
/// "Low confidence" filter and counts). On held-out data 98.5% of beads at 0.9 or above are
/// right, but only 34–71% per tenth below it (docs/accuracy.md, "Confidence"), so the wrong
/// beads are found below 0.9, not only below 0.5.
pub const LOW_CONFIDENCE: f64 = 0.9;

/// Beads scored below this are shaded as likely wrong (red); between this and
/// [`LOW_CONFIDENCE`] as worth checking (yellow).
pub const VERY_LOW_CONFIDENCE: f64 = 0.5;
