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
mod events;
mod import;
mod review;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use crate::bead::check_tiling;
use crate::review::LOW_CONFIDENCE;
use crate::review::model::{
    Action, Applied, BeadId, BeadReview, BeadVote, Comment, Credentials, DocId, DocumentSummary,
    Role, Session, Status, StoredBead, StoredSentence, Suggestion, SuggestionId, Target, User,
    UserId,
};
use crate::{Bead, Document, Lang, Span};
use events::Entry;

pub use backup::{BackupSummary, backup, check_file, restore};
pub use review::VoteOutcome;

/// The schema migrations, applied in order and tracked in SQLite's `user_version`.
/// Never edit a shipped step; add a new one.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("sql/0001_init.sql")),
        M::up(include_str!("sql/0002_text_events.sql")),
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
    /// Documents could not be built from the stored sentences.
    #[error("{0}")]
    Text(#[from] crate::Error),
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

    // ----- users -----

    /// Creates a user with an already hashed password. Fails with [`StoreError::Conflict`]
    /// when the name is taken and [`StoreError::Invalid`] when it is not a valid name
    /// (1–40 letters, digits, `.`, `_`, `-`).
    pub fn create_user(&mut self, name: &str, password_hash: &str, role: Role) -> Result<UserId> {
        validate_user_name(name)?;
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Conflict(format!(
                    "the name “{name}” is already taken"
                )));
            }
            tx.execute(
                "INSERT INTO users (name, password_hash, role) VALUES (?1, ?2, ?3)",
                params![name, password_hash, role.as_str()],
            )?;
            let id = tx.last_insert_rowid();
            Entry::new(Action::UserAdd, None)
                .target(Target::User(id))
                .after(serde_json::json!({"name": name, "role": role.as_str()}).to_string())
                .append(tx)?;
            Ok(id)
        })
    }

    /// The number of users.
    pub fn user_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
    }

    /// A user and their password hash, by name (ignoring ASCII case).
    pub fn credentials(&self, name: &str) -> Result<Option<Credentials>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, created_at, password_hash FROM users WHERE name = ?1",
                [name],
                |r| {
                    Ok(Credentials {
                        user: user_row(r)?,
                        password_hash: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// A user by id.
    pub fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, created_at FROM users WHERE id = ?1",
                [id],
                user_row,
            )
            .optional()?)
    }

    /// All users, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, role, active, created_at FROM users ORDER BY name")?;
        let rows = st.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a user's role and whether they may sign in. Refuses to leave no active admin.
    /// Deactivating a user ends their sessions.
    pub fn set_user(&mut self, actor: UserId, id: UserId, role: Role, active: bool) -> Result<()> {
        self.write(|tx| {
            let before = tx
                .query_row(
                    "SELECT id, name, role, active, created_at FROM users WHERE id = ?1",
                    [id],
                    user_row,
                )
                .optional()?
                .ok_or(StoreError::NotFound("user"))?;
            tx.execute(
                "UPDATE users SET role = ?2, active = ?3 WHERE id = ?1",
                params![id, role.as_str(), active],
            )?;
            let admins: i64 = tx.query_row(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1",
                [],
                |r| r.get(0),
            )?;
            if admins == 0 {
                return Err(StoreError::Invalid(
                    "this would leave no active admin; nothing was changed".into(),
                ));
            }
            if !active {
                tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            }
            let snap = |role: Role, active: bool| {
                serde_json::json!({"role": role.as_str(), "active": active}).to_string()
            };
            Entry::new(Action::UserSet, Some(actor))
                .target(Target::User(id))
                .before(snap(before.role, before.active))
                .after(snap(role, active))
                .append(tx)?;
            Ok(())
        })
    }

    /// Replaces a user's password hash and ends their sessions.
    pub fn set_password(&mut self, id: UserId, password_hash: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                params![id, password_hash],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("user"));
            }
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            Entry::new(Action::PasswordSet, Some(id))
                .target(Target::User(id))
                .append(tx)?;
            Ok(())
        })
    }

    // ----- sessions -----
    //
    // The database keeps only a hash of each session token (see [`session_key`]), so a
    // leaked copy of it (a backup, say) signs nobody in.

    /// Stores a new session for `user` with its CSRF token, valid for [`SESSION_TTL_SECS`].
    pub fn create_session(&mut self, token: &str, user: UserId, csrf: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE expires_at < unixepoch()",
                [],
            )?;
            tx.execute(
                "INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES (?1, ?2, ?3, unixepoch() + ?4)",
                params![session_key(token), user, csrf, SESSION_TTL_SECS],
            )?;
            Ok(())
        })
    }

    /// The active user and CSRF token of an unexpired session.
    pub fn session(&self, token: &str) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                "SELECT u.id, u.name, u.role, u.active, u.created_at, s.csrf
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token = ?1 AND s.expires_at >= unixepoch() AND u.active = 1",
                [session_key(token)],
                |r| {
                    Ok(Session {
                        user: user_row(r)?,
                        csrf: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Ends a session.
    pub fn delete_session(&mut self, token: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM sessions WHERE token = ?1",
            [session_key(token)],
        )?;
        Ok(())
    }

    // ----- documents -----

    /// Stores a document pair and its automatic alignment; returns the new document's id.
    pub fn create_document(
        &mut self,
        actor: Option<UserId>,
        title: &str,
        ru: &Document,
        en: &Document,
        beads: &[Bead],
    ) -> Result<DocId> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(StoreError::Invalid(
                "a title must have 1 to 200 characters".into(),
            ));
        }
        check_tiling(
            &beads.iter().map(|b| b.span.clone()).collect::<Vec<_>>(),
            0..ru.len(),
            0..en.len(),
        )
        .map_err(|e| StoreError::Invalid(format!("the alignment is not valid: {e}")))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO documents (title, ru_text, en_text, created_by) VALUES (?1, ?2, ?3, ?4)",
                params![title, ru.text(), en.text(), actor],
            )?;
            let doc = tx.last_insert_rowid();
            {
                let mut st = tx.prepare(
                    "INSERT INTO sentences (doc_id, lang, idx, original, text, start, end, paragraph)
                     VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
                )?;
                for d in [ru, en] {
                    for (i, s) in d.sentences().iter().enumerate() {
                        st.execute(params![
                            doc,
                            d.lang().code(),
                            i as i64,
                            d.sentence_text(i),
                            s.start as i64,
                            s.end as i64,
                            s.paragraph as i64
                        ])?;
                    }
                }
                let mut st = tx.prepare(
                    "INSERT INTO beads (doc_id, ru_start, ru_end, en_start, en_end, score, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'automatic')",
                )?;
                for b in beads {
                    st.execute(params![
                        doc,
                        b.span.ru.start as i64,
                        b.span.ru.end as i64,
                        b.span.en.start as i64,
                        b.span.en.end as i64,
                        b.score.clamp(0.0, 1.0)
                    ])?;
                }
            }
            Entry::new(Action::DocumentAdd, actor)
                .doc(doc)
                .target(Target::Document(doc))
                .after(
                    serde_json::json!({"title": title, "beads": beads.len(),
                        "ru_sentences": ru.len(), "en_sentences": en.len()})
                    .to_string(),
                )
                .append(tx)?;
            Ok(doc)
        })
    }

    /// Deletes a document with its alignment, suggestions and comments (the event log keeps
    /// its history).
    pub fn delete_document(&mut self, actor: UserId, doc: DocId) -> Result<()> {
        self.write(|tx| {
            let title: String = tx
                .query_row("SELECT title FROM documents WHERE id = ?1", [doc], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(StoreError::NotFound("document"))?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [doc])?;
            Entry::new(Action::DocumentDelete, Some(actor))
                .doc(doc)
                .target(Target::Document(doc))
                .before(serde_json::json!({"title": title}).to_string())
                .append(tx)?;
            Ok(())
        })
    }

    /// All documents with their progress, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentSummary>> {
        self.summaries(None)
    }

    /// One document with its progress.
    pub fn document(&self, doc: DocId) -> Result<Option<DocumentSummary>> {
        Ok(self.summaries(Some(doc))?.pop())
    }

    fn summaries(&self, only: Option<DocId>) -> Result<Vec<DocumentSummary>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.created_at,
               (SELECT COUNT(*) FROM beads b WHERE b.doc_id = d.id),
               (SELECT COUNT(*) FROM beads b WHERE b.doc_id = d.id AND b.status = 'approved'),
               (SELECT COUNT(DISTINCT s.bead_id) FROM suggestions s
                  WHERE s.doc_id = d.id AND s.status = 'open'
                    AND (SELECT COALESCE(SUM(value), 0) FROM suggestion_votes WHERE suggestion_id = s.id)
                      > (SELECT COALESCE(SUM(value), 0) FROM bead_votes WHERE bead_id = s.bead_id)),
               (SELECT COUNT(*) FROM beads b WHERE b.doc_id = d.id AND b.status = 'automatic' AND b.score < ?2),
               (SELECT COUNT(*) FROM suggestions s WHERE s.doc_id = d.id AND s.status = 'open')
             FROM documents d WHERE ?1 IS NULL OR d.id = ?1 ORDER BY d.id DESC",
        )?;
        let rows = st.query_map(params![only, LOW_CONFIDENCE], |r| {
            Ok(DocumentSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                created_at: r.get(2)?,
                total: r.get(3)?,
                approved: r.get(4)?,
                disputed: r.get(5)?,
                low_confidence: r.get(6)?,
                open_suggestions: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sentences of one side of a document, in order.
    pub fn sentences(&self, doc: DocId, lang: Lang) -> Result<Vec<StoredSentence>> {
        sentences_in(&self.conn, doc, lang, 0..usize::MAX)
    }

    /// The sentences of one side whose index lies in `range`.
    pub fn sentences_in(
        &self,
        doc: DocId,
        lang: Lang,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<StoredSentence>> {
        sentences_in(&self.conn, doc, lang, range)
    }

    /// The applied beads of a document, in order.
    pub fn beads(&self, doc: DocId) -> Result<Vec<StoredBead>> {
        beads_of(&self.conn, doc)
    }

    /// One bead of a document.
    pub fn bead(&self, doc: DocId, bead: BeadId) -> Result<Option<StoredBead>> {
        bead_of(&self.conn, doc, bead)
    }

    /// Every bead of a document with its votes, suggestion and comment counts; `viewer`'s own
    /// vote is filled in when given.
    pub fn review(&self, doc: DocId, viewer: Option<UserId>) -> Result<Vec<BeadReview>> {
        let mut st = self.conn.prepare_cached(
            "SELECT b.id, b.ru_start, b.ru_end, b.en_start, b.en_end, b.score, b.status, b.version,
               COALESCE((SELECT SUM(value) FROM bead_votes v WHERE v.bead_id = b.id), 0),
               COALESCE((SELECT value FROM bead_votes v WHERE v.bead_id = b.id AND v.user_id = ?2), 0),
               (SELECT COUNT(*) FROM suggestions s WHERE s.bead_id = b.id AND s.status = 'open'),
               (SELECT MAX(n) FROM (SELECT (SELECT COALESCE(SUM(value), 0) FROM suggestion_votes sv
                                            WHERE sv.suggestion_id = s.id) AS n
                                    FROM suggestions s WHERE s.bead_id = b.id AND s.status = 'open')),
               (SELECT COUNT(*) FROM comments c WHERE c.bead_id = b.id)
             FROM beads b WHERE b.doc_id = ?1 ORDER BY b.ru_start, b.en_start",
        )?;
        let rows = st.query_map(params![doc, viewer], |r| {
            Ok(BeadReview {
                bead: bead_row(r)?,
                net: r.get(8)?,
                my_vote: r.get(9)?,
                open_suggestions: r.get(10)?,
                best_suggestion_net: r.get(11)?,
                comments: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The applied wording and alignment of a document, for export.
    pub fn applied(&self, doc: DocId) -> Result<Applied> {
        let title: String = self
            .conn
            .query_row("SELECT title FROM documents WHERE id = ?1", [doc], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound("document"))?;
        let (ru, en) = applied_documents(&self.conn, doc)?;
        let stored = beads_of(&self.conn, doc)?;
        Ok(Applied {
            title,
            ru,
            en,
            statuses: stored.iter().map(|b| b.status).collect(),
            beads: stored
                .iter()
                .map(|b| Bead::new(b.span.ru.clone(), b.span.en.clone(), b.score))
                .collect(),
        })
    }

    /// Both sides of a document in the wording segmented from the source (before any applied
    /// wording change), for re-running the aligner.
    pub fn original_documents(&self, doc: DocId) -> Result<(Document, Document)> {
        let build = |lang| -> Result<Document> {
            let s = sentences_in(&self.conn, doc, lang, 0..usize::MAX)?;
            if s.is_empty() {
                return Err(StoreError::NotFound("document"));
            }
            Ok(Document::from_sentences(
                s.iter().map(|s| (s.original.as_str(), s.paragraph)),
                lang,
            )?)
        };
        Ok((build(Lang::Ru)?, build(Lang::En)?))
    }

    /// Every vote on the applied beads of a document, by bead then user.
    pub fn bead_votes(&self, doc: DocId) -> Result<Vec<BeadVote>> {
        let mut st = self.conn.prepare_cached(
            "SELECT v.bead_id, v.user_id, v.value FROM bead_votes v JOIN beads b ON b.id = v.bead_id
             WHERE b.doc_id = ?1 ORDER BY v.bead_id, v.user_id",
        )?;
        let rows = st.query_map([doc], |r| {
            Ok(BeadVote {
                bead: r.get(0)?,
                user: r.get(1)?,
                value: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 0-based position of a bead in its document.
    pub fn bead_position(&self, doc: DocId, bead: BeadId) -> Result<Option<usize>> {
        let Some(b) = bead_of(&self.conn, doc, bead)? else {
            return Ok(None);
        };
        let n: i64 = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM beads WHERE doc_id = ?1 AND (ru_start < ?2 OR (ru_start = ?2 AND en_start < ?3))",
        )?
        .query_row(params![doc, b.span.ru.start as i64, b.span.en.start as i64], |r| r.get(0))?;
        Ok(Some(n as usize))
    }

    /// The suggestions made on a bead (open ones first), with `viewer`'s votes.
    pub fn suggestions(&self, bead: BeadId, viewer: Option<UserId>) -> Result<Vec<Suggestion>> {
        review::suggestions_of(&self.conn, bead, viewer)
    }

    /// One suggestion.
    pub fn suggestion(&self, id: SuggestionId) -> Result<Option<Suggestion>> {
        review::suggestion(&self.conn, id, None)
    }

    /// The comments on a bead, oldest first.
    pub fn comments(&self, bead: BeadId) -> Result<Vec<Comment>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, u.name, c.text, c.created_at FROM comments c
             LEFT JOIN users u ON u.id = c.user_id WHERE c.bead_id = ?1 ORDER BY c.id",
        )?;
        let rows = st.query_map([bead], |r| {
            Ok(Comment {
                id: r.get(0)?,
                author: r.get(1)?,
                text: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn validate_user_name(name: &str) -> Result<()> {
    let ok = (1..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "a user name has 1 to 40 letters, digits, dots, underscores or hyphens".into(),
        ))
    }
}

/// Reads a non-negative integer column as `usize`.
fn get_usize(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<usize> {
    let v: i64 = r.get(i)?;
    usize::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, v))
}

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Reviewer),
        active: r.get(3)?,
        created_at: r.get(4)?,
    })
}

fn bead_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredBead> {
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

fn sentences_in(
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
