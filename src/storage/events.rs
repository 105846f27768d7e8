//! The event log: every change appends an entry; the log is never updated or deleted (the
//! schema's triggers refuse it).

use rusqlite::{Connection, OptionalExtension, params};

use super::review::{gather, proposal_of, proposal_of_payload, suggestion};
use super::{Result, Store};
use crate::Span;
use crate::review::history::{self, EventContext, Reverted};
use crate::review::model::{Action, DocId, Event, EventId, StoredBead, Target, UserId};

/// An entry to append to the event log, built field by field.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    action: Action,
    doc: Option<DocId>,
    user: Option<UserId>,
    target: Option<Target>,
    span: Option<Span>,
    position: Option<usize>,
    before: Option<String>,
    after: Option<String>,
}

impl Entry {
    /// An entry recording `action` by `user` (`None` for an automatic action).
    pub(crate) fn new(action: Action, user: Option<UserId>) -> Entry {
        Entry {
            action,
            doc: None,
            user,
            target: None,
            span: None,
            position: None,
            before: None,
            after: None,
        }
    }

    /// The document it concerns.
    pub(crate) fn doc(mut self, doc: DocId) -> Entry {
        self.doc = Some(doc);
        self
    }

    /// What it was done to.
    pub(crate) fn target(mut self, target: Target) -> Entry {
        self.target = Some(target);
        self
    }

    /// The sentences it changed (for a bead's history).
    pub(crate) fn span(mut self, span: Span) -> Entry {
        self.span = Some(span);
        self
    }

    /// The 1-based number of the (first) bead it concerns.
    pub(crate) fn position(mut self, position: usize) -> Entry {
        self.position = Some(position);
        self
    }

    /// The state before (JSON or plain text).
    pub(crate) fn before(mut self, before: impl Into<String>) -> Entry {
        self.before = Some(before.into());
        self
    }

    /// The state after (JSON or plain text).
    pub(crate) fn after(mut self, after: impl Into<String>) -> Entry {
        self.after = Some(after.into());
        self
    }

    /// Appends the entry; returns its id.
    pub(crate) fn append(self, conn: &Connection) -> Result<EventId> {
        let s = self.span.map(<[usize; 4]>::from);
        let at = |i: usize| s.map(|s| s[i] as i64);
        conn.prepare_cached(
            "INSERT INTO events (doc_id, user_id, action, target, ru_lo, ru_hi, en_lo, en_hi, before, after, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.doc,
            self.user,
            self.action.as_str(),
            self.target.map(|t| t.to_string()),
            at(0),
            at(1),
            at(2),
            at(3),
            self.before,
            self.after,
            self.position.map(|p| p as i64)
        ])?;
        Ok(conn.last_insert_rowid())
    }
}

/// The columns an [`Event`] is read from, in order.
const EVENT_SELECT: &str =
    "SELECT e.id, e.doc_id, u.name, e.at, e.action, e.target, e.before, e.after, e.position,
       e.ru_lo, e.ru_hi, e.en_lo, e.en_hi
     FROM events e LEFT JOIN users u ON u.id = e.user_id";

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let action: String = r.get(4)?;
    let action = Action::parse(&action).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            4,
            rusqlite::types::Type::Text,
            format!("unknown event action {action:?}").into(),
        )
    })?;
    let target: Option<String> = r.get(5)?;
    let n = |i: usize| -> rusqlite::Result<Option<usize>> {
        Ok(r.get::<_, Option<i64>>(i)?
            .and_then(|v| usize::try_from(v).ok()))
    };
    let span = match (n(9)?, n(10)?, n(11)?, n(12)?) {
        (Some(a), Some(b), Some(c), Some(d)) if a <= b && c <= d => Some(Span::new(a..b, c..d)),
        _ => None,
    };
    Ok(Event {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        user: r.get(2)?,
        at: r.get(3)?,
        action,
        target: target.as_deref().and_then(Target::parse),
        before: r.get(6)?,
        after: r.get(7)?,
        position: n(8)?,
        span,
        context: EventContext::default(),
    })
}

/// Gathers what [`history::describe`] needs to tell `e`: the suggestion it concerns, the
/// event a revert undid (told itself when `deep`), and the sentences it quotes.
fn with_context(conn: &Connection, mut e: Event, deep: bool) -> Result<Event> {
    let sid = match (e.action, e.target, e.before.as_deref()) {
        (Action::Apply, Some(Target::Suggestion(sid)), _) => Some(sid),
        (Action::Reject | Action::Withdraw, _, Some(b)) => match Target::parse(b) {
            Some(Target::Suggestion(sid)) => Some(sid),
            _ => None,
        },
        _ => None,
    };
    e.context.proposal = match (e.action, sid) {
        (Action::Suggest, _) => e
            .after
            .as_deref()
            .and_then(|j| proposal_of_payload(j, e.user.clone())),
        (_, Some(sid)) => suggestion(conn, sid, None)?.map(|s| proposal_of(&s)),
        _ => None,
    };
    if let (Action::Revert, Some(Target::Event(undone)), true) = (e.action, e.target, deep) {
        let found = conn
            .prepare_cached(&format!("{EVENT_SELECT} WHERE e.id = ?1"))?
            .query_row([undone], event_row)
            .optional()?;
        if let Some(u) = found {
            let u = with_context(conn, u, false)?;
            e.context.reverted = Some(Reverted {
                action: u.action,
                user: u.user.clone(),
                at: u.at.clone(),
                told: history::describe(&u).line(),
            });
        }
    }
    if let Some(doc) = e.doc_id {
        e.context.texts = gather(conn, doc, &history::wanted(&e))?;
    }
    Ok(e)
}

/// Reads events with their context.
fn read_events(
    st: &mut rusqlite::CachedStatement<'_>,
    conn: &Connection,
    params: impl rusqlite::Params,
) -> Result<Vec<Event>> {
    let rows: Vec<Event> = st
        .query_map(params, event_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|e| with_context(conn, e, true))
        .collect()
}

impl Store {
    /// The events touching a bead's sentences or naming the bead, newest first (votes left out).
    pub fn history(&self, doc: DocId, bead: &StoredBead) -> Result<Vec<Event>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{EVENT_SELECT}
             WHERE e.doc_id = ?1 AND e.action != 'vote' AND (e.target = ?2
                OR (e.ru_lo IS NOT NULL AND ((e.ru_lo < ?4 AND ?3 < e.ru_hi) OR (e.en_lo < ?6 AND ?5 < e.en_hi))))
             ORDER BY e.id DESC LIMIT 200"
        ))?;
        let s = &bead.span;
        read_events(
            &mut st,
            &self.conn,
            params![
                doc,
                Target::Bead(bead.id).to_string(),
                s.ru.start as i64,
                s.ru.end as i64,
                s.en.start as i64,
                s.en.end as i64
            ],
        )
    }

    /// The newest events of a document (or of all documents), newest first.
    pub fn events(&self, doc: Option<DocId>, limit: usize) -> Result<Vec<Event>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{EVENT_SELECT} WHERE ?1 IS NULL OR e.doc_id = ?1 ORDER BY e.id DESC LIMIT ?2"
        ))?;
        read_events(&mut st, &self.conn, params![doc, limit as i64])
    }

    /// One event.
    pub fn event(&self, id: EventId) -> Result<Option<Event>> {
        self.conn
            .query_row(&format!("{EVENT_SELECT} WHERE e.id = ?1"), [id], event_row)
            .optional()?
            .map(|e| with_context(&self.conn, e, true))
            .transpose()
    }

    /// A number that changes whenever the applied wording or alignment of a document changes
    /// (the id of its newest alignment or wording event), for caching what is computed from
    /// them.
    pub fn text_stamp(&self, doc: DocId) -> Result<i64> {
        text_stamp(&self.conn, doc)
    }
}

/// [`Store::text_stamp`] on a connection or inside a transaction.
pub(super) fn text_stamp(conn: &Connection, doc: DocId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(MAX(id), 0) FROM events
             WHERE doc_id = ?1 AND action IN ('document_add', 'apply', 'revert')",
        )?
        .query_row([doc], |r| r.get(0))?)
}
