//! The records the store reads and writes.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A user's row id.
pub type UserId = i64;
/// A document's row id.
pub type DocId = i64;
/// A bead's row id (stable while the bead keeps its sentences).
pub type BeadId = i64;
/// A suggestion's row id.
pub type SuggestionId = i64;
/// An event's row id.
pub type EventId = i64;

/// Beads scored below this are counted as low-confidence.
pub const LOW_CONFIDENCE: f64 = 0.5;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Suggests, votes and comments.
    Reviewer,
    /// Also approves, rejects, reverts and manages users and documents.
    Admin,
}

impl Role {
    /// The stored name: `reviewer` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: UserId,
    /// Sign-in name, unique ignoring ASCII case.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether the account may sign in.
    pub active: bool,
    /// When the account was created (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub created_at: String,
}

impl User {
    /// Whether the user is an active admin.
    pub fn is_admin(&self) -> bool {
        self.active && self.role == Role::Admin
    }
}

/// The review status of a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// As the aligner made it.
    Automatic,
    /// Approved by an admin (or by votes with `--auto-approve`); never moved by re-alignment.
    Approved,
}

impl Status {
    /// The stored name: `automatic` or `approved`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Automatic => "automatic",
            Status::Approved => "approved",
        }
    }

    pub(crate) fn parse(s: &str) -> Status {
        if s == "approved" {
            Status::Approved
        } else {
            Status::Automatic
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentence as stored: the applied wording and the segmented original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSentence {
    /// 0-based index in its document side.
    pub idx: usize,
    /// The applied wording.
    pub text: String,
    /// The wording as segmented from the source.
    pub original: String,
    /// Byte span in the source text.
    pub span: Range<usize>,
    /// 0-based paragraph.
    pub paragraph: usize,
}

/// A bead of the applied alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredBead {
    /// Row id.
    pub id: BeadId,
    /// Russian sentence indices.
    pub ru: Range<usize>,
    /// English sentence indices.
    pub en: Range<usize>,
    /// Aligner confidence in `0.0..=1.0` (1.0 for beads a reviewer made).
    pub score: f64,
    /// Review status.
    pub status: Status,
    /// Bumped on every change of the bead; forms carry it to refuse stale submissions.
    pub version: i64,
}

impl StoredBead {
    /// The bead type, e.g. `1-2`.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.ru.len(), self.en.len())
    }

    pub(crate) fn span(&self) -> Span {
        Span([self.ru.start, self.ru.end, self.en.start, self.en.end])
    }
}

/// A bead's sentence ranges as `[ru_start, ru_end, en_start, en_end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Span(pub [usize; 4]);

impl Span {
    /// Russian range.
    pub fn ru(self) -> Range<usize> {
        self.0[0]..self.0[1]
    }
    /// English range.
    pub fn en(self) -> Range<usize> {
        self.0[2]..self.0[3]
    }
    /// Whether neither side holds a sentence.
    pub fn is_empty(self) -> bool {
        self.0[0] == self.0[1] && self.0[2] == self.0[3]
    }
    /// The bead type, e.g. `1-0`.
    pub fn kind(self) -> String {
        format!("{}-{}", self.ru().len(), self.en().len())
    }
}

/// A document with its review progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    /// Row id.
    pub id: DocId,
    /// Title.
    pub title: String,
    /// When it was added.
    pub created_at: String,
    /// Number of beads.
    pub total: i64,
    /// Approved beads.
    pub approved: i64,
    /// Beads an open suggestion outvotes.
    pub disputed: i64,
    /// Unapproved beads scored below [`LOW_CONFIDENCE`].
    pub low_confidence: i64,
    /// Open suggestions.
    pub open_suggestions: i64,
}

/// One reviewer's vote on an applied bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeadVote {
    /// The bead.
    pub bead: BeadId,
    /// The voter.
    pub user: UserId,
    /// +1 or -1.
    pub value: i64,
}

/// A bead with its votes and suggestion counts, for the review page.
#[derive(Debug, Clone, PartialEq)]
pub struct BeadReview {
    /// The bead.
    pub bead: StoredBead,
    /// Net votes (+1 / -1) on the applied version.
    pub net: i64,
    /// The viewer's vote on the applied version: -1, 0 or 1.
    pub my_vote: i64,
    /// Open suggestions on the bead.
    pub open_suggestions: i64,
    /// The highest net vote among open suggestions, if any.
    pub best_suggestion_net: Option<i64>,
    /// Comments on the bead.
    pub comments: i64,
}

impl BeadReview {
    /// Whether an open suggestion outvotes the applied version.
    pub fn disputed(&self) -> bool {
        self.best_suggestion_net.is_some_and(|n| n > self.net)
    }
}

/// A proposed change to a bead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Merge the bead with the next one.
    MergeNext,
    /// Merge the bead with the previous one.
    MergePrev,
    /// Split the bead before Russian sentence `ru_at` and English sentence `en_at`
    /// (absolute indices inside the bead's ranges, ends allowed).
    Split {
        /// First Russian sentence of the second part.
        ru_at: usize,
        /// First English sentence of the second part.
        en_at: usize,
    },
    /// Move the bead's first sentence of `lang` to the previous bead.
    MoveFirstToPrev {
        /// Which side.
        lang: Lang,
    },
    /// Move the bead's last sentence of `lang` to the next bead.
    MoveLastToNext {
        /// Which side.
        lang: Lang,
    },
    /// Make the bead two one-sided beads (n-0 and 0-m).
    Unpair,
    /// Pair this one-sided bead with the next one-sided bead of the other side.
    PairNext,
    /// A better wording for one sentence.
    Wording {
        /// Which side.
        lang: Lang,
        /// Sentence index.
        idx: usize,
        /// The new wording.
        text: String,
    },
}

impl Change {
    /// The stored kind name, e.g. `merge_next`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::MergeNext => "merge_next",
            Change::MergePrev => "merge_prev",
            Change::Split { .. } => "split",
            Change::MoveFirstToPrev { .. } => "move_first_to_prev",
            Change::MoveLastToNext { .. } => "move_last_to_next",
            Change::Unpair => "unpair",
            Change::PairNext => "pair_next",
            Change::Wording { .. } => "wording",
        }
    }

    /// A short human description.
    pub fn label(&self) -> String {
        let side = |l: &Lang| match l {
            Lang::Ru => "Russian",
            Lang::En => "English",
        };
        match self {
            Change::MergeNext => "Merge with the next bead".into(),
            Change::MergePrev => "Merge with the previous bead".into(),
            Change::Split { .. } => "Split the bead".into(),
            Change::MoveFirstToPrev { lang } => {
                format!(
                    "Move the first {} sentence to the previous bead",
                    side(lang)
                )
            }
            Change::MoveLastToNext { lang } => {
                format!("Move the last {} sentence to the next bead", side(lang))
            }
            Change::Unpair => "Unpair (make one-sided beads)".into(),
            Change::PairNext => "Pair with the next one-sided bead".into(),
            Change::Wording { lang, idx, .. } => {
                format!("New {} wording of sentence {}", side(lang), idx + 1)
            }
        }
    }

    /// Whether the change restructures beads (everything except wording).
    pub fn is_structural(&self) -> bool {
        !matches!(self, Change::Wording { .. })
    }
}

/// The state of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// Waiting for votes and an admin.
    Open,
    /// Applied to the document.
    Applied,
    /// Rejected by an admin.
    Rejected,
    /// Its bead changed in another way, so it no longer applies.
    Obsolete,
}

impl SuggestionStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Open => "open",
            SuggestionStatus::Applied => "applied",
            SuggestionStatus::Rejected => "rejected",
            SuggestionStatus::Obsolete => "obsolete",
        }
    }

    pub(crate) fn parse(s: &str) -> SuggestionStatus {
        match s {
            "applied" => SuggestionStatus::Applied,
            "rejected" => SuggestionStatus::Rejected,
            "obsolete" => SuggestionStatus::Obsolete,
            _ => SuggestionStatus::Open,
        }
    }
}

/// A suggestion with its votes.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Row id.
    pub id: SuggestionId,
    /// Its document.
    pub doc_id: DocId,
    /// The bead it was made on (gone once the bead is replaced).
    pub bead_id: Option<BeadId>,
    /// The change.
    pub change: Change,
    /// For structural changes: the beads it replaces, as they were.
    pub old: Vec<Span>,
    /// For structural changes: the beads it makes.
    pub new: Vec<Span>,
    /// For wording: the wording it replaces.
    pub base_text: Option<String>,
    /// Author's name.
    pub author: Option<String>,
    /// State.
    pub status: SuggestionStatus,
    /// The admin's reason for a rejection.
    pub reason: Option<String>,
    /// Net votes.
    pub net: i64,
    /// The viewer's vote: -1, 0 or 1.
    pub my_vote: i64,
    /// When it was made.
    pub created_at: String,
}

/// A comment on a bead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Row id.
    pub id: i64,
    /// Author's name.
    pub author: Option<String>,
    /// Text as written.
    pub text: String,
    /// When it was written.
    pub created_at: String,
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Row id.
    pub id: EventId,
    /// The document it concerns.
    pub doc_id: Option<DocId>,
    /// Who did it (none for automatic actions).
    pub user: Option<String>,
    /// When (UTC).
    pub at: String,
    /// What: `apply`, `approve_bead`, `revert`, `suggest`, `vote`, `reject`, `comment`, ...
    pub action: String,
    /// What it was done to, e.g. `bead:12`.
    pub target: Option<String>,
    /// JSON state before.
    pub before: Option<String>,
    /// JSON state after.
    pub after: Option<String>,
}

impl Event {
    /// Whether an admin can revert the event (it changed the alignment or a wording).
    pub fn revertible(&self) -> bool {
        matches!(self.action.as_str(), "apply" | "approve_bead" | "revert")
    }
}

/// The applied state of a document, ready for export.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Title.
    pub title: String,
    /// The Russian side with applied wording.
    pub ru: crate::Document,
    /// The English side with applied wording.
    pub en: crate::Document,
    /// The applied beads, in order.
    pub beads: Vec<crate::Bead>,
    /// The status of each bead.
    pub statuses: Vec<Status>,
}
