//! The records of the review workflow: accounts, stored beads and sentences, suggestions,
//! comments and the event log. [`crate::storage`] reads and writes them.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::changes::Change;
use crate::Span;

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
    /// Whether the account's password is a one-time password (an admin made the account or
    /// reset its password) that must be changed before anything else.
    pub must_change_password: bool,
}

impl User {
    /// Whether the user is an active admin.
    pub fn is_admin(&self) -> bool {
        self.active && self.role == Role::Admin
    }
}

/// An account with its password hash, for signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The account.
    pub user: User,
    /// Its Argon2id hash (a PHC string).
    pub password_hash: String,
}

/// A signed-in session: whose it is and its CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The account, active.
    pub user: User,
    /// The token every form of the session carries.
    pub csrf: String,
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
    /// Its sentences.
    pub span: Span,
    /// Aligner confidence in `0.0..=1.0`: for a bead a reviewer made, what the aligner's
    /// calibration makes of it (an approval does not change it).
    pub score: f64,
    /// Review status.
    pub status: Status,
    /// Bumped on every change of the bead; forms carry it to refuse stale submissions.
    pub version: i64,
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
    /// Unapproved beads scored below [`LOW_CONFIDENCE`](super::LOW_CONFIDENCE).
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
    /// Its author withdrew it (stored as `obsolete` with the time it was withdrawn).
    Withdrawn,
}

impl SuggestionStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Open => "open",
            SuggestionStatus::Applied => "applied",
            SuggestionStatus::Rejected => "rejected",
            SuggestionStatus::Obsolete => "obsolete",
            SuggestionStatus::Withdrawn => "withdrawn",
        }
    }

    pub(crate) fn parse(s: &str) -> SuggestionStatus {
        match s {
            "applied" => SuggestionStatus::Applied,
            "rejected" => SuggestionStatus::Rejected,
            "obsolete" => SuggestionStatus::Obsolete,
            "withdrawn" => SuggestionStatus::Withdrawn,
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
    /// Author's account (none once deleted).
    pub author_id: Option<UserId>,
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
    /// Set when the bead it was written on was replaced and the comment moved to the bead
    /// now holding that bead's first sentence.
    pub moved: Option<CommentMove>,
}

/// Where a comment came from when a change replaced its bead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentMove {
    /// The bead it was written on (its old address still leads here).
    pub origin: Option<BeadId>,
    /// That bead's 1-based number when it was replaced, if recorded.
    pub number: Option<usize>,
    /// What replaced it, if recorded.
    pub by: Option<super::history::Replacement>,
}

impl CommentMove {
    /// `from bead 7 before the merge`.
    pub fn label(&self) -> String {
        let bead = match self.number {
            Some(n) => format!("from bead {n}"),
            None => "from a bead".into(),
        };
        match self.by {
            Some(r) => format!("{bead} {}", r.when()),
            None => format!("{bead} that a change replaced"),
        }
    }
}

/// What an entry of the event log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// An account was created.
    UserAdd,
    /// An account's role or activity was changed.
    UserSet,
    /// An account's password was set.
    PasswordSet,
    /// A document was added with its automatic alignment.
    DocumentAdd,
    /// A document was deleted.
    DocumentDelete,
    /// A vote on a bead or a suggestion.
    Vote,
    /// A suggestion was made.
    Suggest,
    /// A suggestion was applied.
    Apply,
    /// A bead was approved as it is.
    ApproveBead,
    /// A suggestion was rejected.
    Reject,
    /// A comment was written.
    Comment,
    /// An alignment or wording change was reverted.
    Revert,
    /// A suggestion was withdrawn by its author.
    Withdraw,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 13] = [
        Action::UserAdd,
        Action::UserSet,
        Action::PasswordSet,
        Action::DocumentAdd,
        Action::DocumentDelete,
        Action::Vote,
        Action::Suggest,
        Action::Apply,
        Action::ApproveBead,
        Action::Reject,
        Action::Comment,
        Action::Revert,
        Action::Withdraw,
    ];

    /// The stored name, e.g. `approve_bead`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::UserAdd => "user_add",
            Action::UserSet => "user_set",
            Action::PasswordSet => "password_set",
            Action::DocumentAdd => "document_add",
            Action::DocumentDelete => "document_delete",
            Action::Vote => "vote",
            Action::Suggest => "suggest",
            Action::Apply => "apply",
            Action::ApproveBead => "approve_bead",
            Action::Reject => "reject",
            Action::Comment => "comment",
            Action::Revert => "revert",
            Action::Withdraw => "withdraw",
        }
    }

    /// Parses a stored name.
    ///
    /// # Example
    /// ```
    /// use sverka::review::Action;
    /// for a in Action::ALL {
    ///     assert_eq!(Action::parse(a.as_str()), Some(a));
    /// }
    /// assert_eq!(Action::parse("dance"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the action changed the alignment or a wording, so that an admin can revert it.
    pub fn is_revertible(self) -> bool {
        matches!(self, Action::Apply | Action::ApproveBead | Action::Revert)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an entry of the event log was done to. Stored as `bead:12`, `suggestion:3` …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An account.
    User(UserId),
    /// A document.
    Document(DocId),
    /// A bead.
    Bead(BeadId),
    /// A suggestion.
    Suggestion(SuggestionId),
    /// An entry of the event log (what a revert undid).
    Event(EventId),
}

impl Target {
    /// Parses the stored form.
    ///
    /// # Example
    /// ```
    /// use sverka::review::Target;
    /// assert_eq!(Target::parse("bead:12"), Some(Target::Bead(12)));
    /// assert_eq!(Target::Bead(12).to_string(), "bead:12");
    /// assert_eq!(Target::parse("bead:x"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Target> {
        let (kind, id) = s.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        Some(match kind {
            "user" => Target::User(id),
            "document" => Target::Document(id),
            "bead" => Target::Bead(id),
            "suggestion" => Target::Suggestion(id),
            "event" => Target::Event(id),
            _ => return None,
        })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, id) = match self {
            Target::User(id) => ("user", id),
            Target::Document(id) => ("document", id),
            Target::Bead(id) => ("bead", id),
            Target::Suggestion(id) => ("suggestion", id),
            Target::Event(id) => ("event", id),
        };
        write!(f, "{kind}:{id}")
    }
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
    /// What.
    pub action: Action,
    /// What it was done to.
    pub target: Option<Target>,
    /// JSON state before.
    pub before: Option<String>,
    /// JSON state after.
    pub after: Option<String>,
    /// The 1-based number of the (first) bead it concerns, when it was logged (none for
    /// entries older than the record).
    pub position: Option<usize>,
    /// The sentences it covers, if any.
    pub span: Option<Span>,
    /// What the store gathered to tell it in words ([`super::history::describe`]).
    pub context: super::history::EventContext,
}

impl Event {
    /// Whether an admin can revert the event (it changed the alignment or a wording).
    pub fn revertible(&self) -> bool {
        self.action.is_revertible()
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

/// A bead's place, confidence and review status: what the event log keeps of it before and
/// after a change, and what a re-alignment works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeadState {
    /// Its sentences.
    pub span: Span,
    /// Its confidence.
    pub score: f64,
    /// Its review status.
    pub status: Status,
}

impl From<&StoredBead> for BeadState {
    fn from(b: &StoredBead) -> BeadState {
        BeadState {
            span: b.span.clone(),
            score: b.score,
            status: b.status,
        }
    }
}

/// What one reviewer has done on a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerActivity {
    /// The reviewer's account.
    pub user: UserId,
    /// The reviewer's name (`(deleted user)` when the account is gone).
    pub name: String,
    /// Beads and suggestions the reviewer has a vote on: every target they voted on whose
    /// latest vote was not withdrawn, including beads a later change replaced. The vote an
    /// author gives their own suggestion is not counted here (it is in `suggestions`).
    pub votes: usize,
    /// Suggestions the reviewer made (open, applied, rejected or obsolete).
    pub suggestions: usize,
    /// Comments the reviewer wrote.
    pub comments: usize,
}

/// An invite's row id.
pub type InviteId = i64;

/// Where an invite link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InviteStatus {
    /// Not used yet and not expired: the link registers one account.
    Open,
    /// An account was registered with it.
    Used,
    /// Past its expiry, unused.
    Expired,
    /// An admin withdrew it before it was used.
    Revoked,
}

impl InviteStatus {
    /// The name shown on the Users page: `open`, `used`, `expired` or `revoked`.
    pub fn as_str(self) -> &'static str {
        match self {
            InviteStatus::Open => "open",
            InviteStatus::Used => "used",
            InviteStatus::Expired => "expired",
            InviteStatus::Revoked => "revoked",
        }
    }

    /// Parses [`InviteStatus::as_str`]'s names.
    pub fn parse(s: &str) -> Option<InviteStatus> {
        [
            InviteStatus::Open,
            InviteStatus::Used,
            InviteStatus::Expired,
            InviteStatus::Revoked,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

impl fmt::Display for InviteStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document's alignment came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Aligned by sverka (the server's form, `sverka import` of a manifest, the bundled post).
    Aligned,
    /// An existing alignment imported as it was (`sverka import --tmx/--tsv/--moses/--json`):
    /// its beads are the file's units, to review rather than re-align.
    Imported,
}

impl Origin {
    /// The stored name: `aligned` or `imported`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Aligned => "aligned",
            Origin::Imported => "imported",
        }
    }

    pub(crate) fn parse(s: &str) -> Origin {
        if s == "imported" {
            Origin::Imported
        } else {
            Origin::Aligned
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An invite link (its token is stored only as a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// Row id.
    pub id: InviteId,
    /// The role of the account it makes.
    pub role: Role,
    /// Where it stands now.
    pub status: InviteStatus,
    /// The admin who made it.
    pub created_by: Option<String>,
    /// When it was made (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub created_at: String,
    /// When it expires (UTC, `YYYY-MM-DD HH:MM`).
    pub expires_at: String,
    /// The name of the account registered with it.
    pub used_by: Option<String>,
}

/// A bead a change replaced, and the bead now holding its first sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiredBead {
    /// Its row id while it existed (its old address).
    pub id: BeadId,
    /// Its sentences.
    pub span: Span,
    /// Its 1-based number when it was replaced.
    pub number: usize,
    /// What replaced it.
    pub by: Option<super::history::Replacement>,
    /// When (UTC).
    pub at: String,
    /// The bead now holding its first sentence.
    pub now: Option<BeadId>,
}

/// A reviewer's own suggestion, for their list.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthoredSuggestion {
    /// The suggestion.
    pub suggestion: Suggestion,
    /// Its document's title.
    pub doc_title: String,
    /// What it suggests, in words (beads numbered as they are now).
    pub words: Vec<super::history::Part>,
    /// The bead now holding its first sentence.
    pub bead: Option<BeadId>,
}
