//! Storage of documents, alignments and reviews in SQLite.
//!
//! [`Store`] is a plain synchronous rusqlite connection: the web server calls it from
//! `spawn_blocking`. Every change runs in one `IMMEDIATE` transaction and appends to the event
//! log, whose before/after snapshots let an admin revert any alignment or wording change.
//!
//! # Example
//! ```
//! use sverka::{Document, Lang, align};
//! use sverka::review::Role;
//! use sverka::storage::Store;
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let admin = store.create_user("ada", "<argon2 hash>", Role::Admin).unwrap();
//! let ru = Document::new("Привет. Пока.", Lang::Ru).unwrap();
//! let en = Document::new("Hello. Bye.", Lang::En).unwrap();
//! let doc = store.create_document(Some(admin), "Greetings", &ru, &en, &align(&ru, &en)).unwrap();
//! assert_eq!(store.beads(doc).unwrap().len(), 2);
//! ```

mod activity;
mod backup;
mod documents;
mod events;
mod import;
mod review;
mod users;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use crate::review::model::{BeadId, DocId, Status, StoredBead, StoredSentence};
use crate::{Document, Lang, Span};

pub use backup::{BackupSummary, backup, check_file, restore};
pub use review::{APPROVAL_ATTEMPTS, Approval, ApprovalPlan, Approver, VoteOutcome};

/// The schema migrations, applied in order and tracked in SQLite's `user_version`.
/// Never edit a shipped step; add a new one.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("sql/0001_init.sql")),
        M::up(include_str!("sql/0002_text_events.sql")),
        M::up(include_str!("sql/0003_accounts.sql")),
        M::up(include_str!("sql/0004_imported.sql")),
        M::up(include_str!("sql/0005_bead_lineage.sql")),
    ])
}

/// How long a sign-in session lasts, in seconds (14 days).
pub const SESSION_TTL_SECS: i64 = 14 * 24 * 3600;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be migrated.
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored JSON snapshot could not be read.
    #[error("corrupt stored record: {0}")]
    Json(#[from] serde_json::Error),
    /// The named record does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The record changed since the client loaded it.
    #[error(
        "this {what} changed since you loaded the page (you saw version {seen}, it is now version {current}); nothing was changed"
    )]
    Stale {
        /// What changed, e.g. `bead`.
        what: &'static str,
        /// The version the client saw.
        seen: i64,
        /// The current version.
        current: i64,
    },
    /// The request is not valid for the current state.
    #[error("{0}")]
    Invalid(String),
    /// The request conflicts with the current state (e.g. a name already taken).
    #[error("{0}")]
    Conflict(String),
    /// The document's beads or text changed while an approval was computed
    /// ([`Store::commit_approval`]): compute it again.
    #[error("the document changed while this change was computed")]
    Moved,
    /// Documents could not be built from the stored sentences.
    #[error("{0}")]
    Text(#[from] crate::Error),
}

impl StoreError {
    /// The answer when an approval found its document changed each of the
    /// [`APPROVAL_ATTEMPTS`] times it was computed.
    pub fn kept_changing() -> StoreError {
        StoreError::Conflict(
            "the document kept changing while this change was re-aligned; nothing was changed, try again"
                .into(),
        )
    }
}

/// What the `sessions` table stores for a session token: its BLAKE2s-256 hash in hex.
///
/// Tokens are 256 random bits, so a fast hash is enough (no salt or stretching needed); a
/// copy of the database then holds nothing a visitor could present as a cookie.
///
/// # Example
/// ```
/// let key = sverka::storage::session_key("abc");
/// assert_eq!(key.len(), 64);
/// assert_ne!(key, sverka::storage::session_key("abd"));
/// ```
pub fn session_key(token: &str) -> String {
    use blake2::{Blake2s256, Digest};
    Blake2s256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A specialised `Result` for the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A connection to the review database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, sets WAL and foreign keys, and
    /// migrates the schema to the latest version.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
    }

    /// Opens a fresh in-memory database (for tests).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        migrations().to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// Runs `f` in one `IMMEDIATE` transaction, committing if it succeeds.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Reads a non-negative integer column as `usize`.
fn get_usize(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<usize> {
    let v: i64 = r.get(i)?;
    usize::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, v))
}

pub(super) fn bead_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredBead> {
    let status: String = r.get(6)?;
    Ok(StoredBead {
        id: r.get(0)?,
        span: Span::new(
            get_usize(r, 1)?..get_usize(r, 2)?,
            get_usize(r, 3)?..get_usize(r, 4)?,
        ),
        score: r.get(5)?,
        status: Status::parse(&status),
        version: r.get(7)?,
    })
}

pub(crate) fn beads_of(conn: &Connection, doc: DocId) -> Result<Vec<StoredBead>> {
    let mut st = conn.prepare_cached(
        "SELECT id, ru_start, ru_end, en_start, en_end, score, status, version
         FROM beads WHERE doc_id = ?1 ORDER BY ru_start, en_start",
    )?;
    let rows = st.query_map([doc], bead_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn bead_of(conn: &Connection, doc: DocId, bead: BeadId) -> Result<Option<StoredBead>> {
    let mut st = conn.prepare_cached(
        "SELECT id, ru_start, ru_end, en_start, en_end, score, status, version
         FROM beads WHERE doc_id = ?1 AND id = ?2",
    )?;
    Ok(st.query_row([doc, bead], bead_row).optional()?)
}

pub(super) fn sentences_in(
    conn: &Connection,
    doc: DocId,
    lang: Lang,
    range: std::ops::Range<usize>,
) -> Result<Vec<StoredSentence>> {
    let mut st = conn.prepare_cached(
        "SELECT idx, text, original, start, end, paragraph FROM sentences
         WHERE doc_id = ?1 AND lang = ?2 AND idx >= ?3 AND idx < ?4 ORDER BY idx",
    )?;
    let end = i64::try_from(range.end).unwrap_or(i64::MAX);
    let rows = st.query_map(params![doc, lang.code(), range.start as i64, end], |r| {
        Ok(StoredSentence {
            idx: get_usize(r, 0)?,
            text: r.get(1)?,
            original: r.get(2)?,
            span: get_usize(r, 3)?..get_usize(r, 4)?,
            paragraph: get_usize(r, 5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Builds both sides of a document from the applied wording.
pub(crate) fn applied_documents(conn: &Connection, doc: DocId) -> Result<(Document, Document)> {
    let build = |lang| -> Result<Document> {
        let s = sentences_in(conn, doc, lang, 0..usize::MAX)?;
        if s.is_empty() {
            return Err(StoreError::NotFound("document"));
        }
        Ok(Document::from_sentences(
            s.iter().map(|s| (s.text.as_str(), s.paragraph)),
            lang,
        )?)
    };
    Ok((build(Lang::Ru)?, build(Lang::En)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Role;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn text_stamp_uses_its_partial_index() {
        let s = Store::open_in_memory().unwrap();
        let plan: String = s
            .conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(id), 0) FROM events
                 WHERE doc_id = 1 AND action IN ('document_add', 'apply', 'revert')",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("events_text"), "{plan}");
    }

    #[test]
    fn event_log_is_append_only() {
        let mut s = Store::open_in_memory().unwrap();
        s.create_user("ada", "h", Role::Admin).unwrap();
        assert!(
            s.conn
                .execute("UPDATE events SET action = 'x'", [])
                .is_err()
        );
        assert!(s.conn.execute("DELETE FROM events", []).is_err());
    }
}
