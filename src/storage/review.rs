//! The review workflow in the database: votes, suggestions, approval, re-alignment, comments
//! and reverts. The rules (which changes are valid, how a neighbourhood is re-aligned) are
//! [`crate::review`]'s; this module stores what they decide, each change in one transaction.

use std::ops::Range;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::events::{Entry, text_stamp};
use super::{Result, Store, StoreError, applied_documents, bead_of, beads_of};
use crate::review::changes::{self, Around, Change};
use crate::review::check_text;
use crate::review::history::{Proposal, Replacement, Snapshot, WordState};
use crate::review::model::{
    Action, AuthoredSuggestion, BeadId, BeadState, Comment, CommentMove, DocId, EventId,
    RetiredBead, Status, StoredBead, Suggestion, SuggestionId, SuggestionStatus, Target, UserId,
};
use crate::review::realign::{Realigned, realign};
use crate::{Document, Lang, Span};

/// What a vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteOutcome {
    /// Net votes of the target after the vote.
    pub net: i64,
    /// Whether the suggestion now reaches `--auto-approve`'s threshold and outvotes the
    /// applied version: then [`Store::apply_outvoting`] (or the same three steps as
    /// [`Store::approve_suggestion`]) applies it.
    pub outvotes: bool,
}

/// Who applies a suggestion, and what must still hold when it is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// An admin who saw its bead at this version.
    Admin(UserId, i64),
    /// `--auto-approve`: its net votes still reach this threshold and outvote the bead's.
    Votes(i64),
}

/// How many times an approval is computed again when the document changed meanwhile.
pub const APPROVAL_ATTEMPTS: usize = 3;

/// An approval read from the store ([`Store::prepare_approval`]); [`ApprovalPlan::compute`]
/// does its CPU-heavy part (re-aligning around a structural change) holding no connection.
#[derive(Debug)]
pub struct ApprovalPlan {
    id: SuggestionId,
    /// The document's beads and text stamp when read: the approval is committed only if they
    /// are the same then.
    seen: Vec<BeadState>,
    stamp: i64,
    work: Option<RealignWork>,
}

/// What re-aligning around a structural change reads.
#[derive(Debug)]
struct RealignWork {
    ru: Document,
    en: Document,
    old: Range<usize>,
    made: Vec<Span>,
}

/// A computed approval, to commit with [`Store::commit_approval`].
#[derive(Debug)]
pub struct Approval {
    id: SuggestionId,
    seen: Vec<BeadState>,
    stamp: i64,
    realigned: Option<Realigned>,
}

impl ApprovalPlan {
    /// Re-aligns the unapproved beads around a structural change (nothing to do for a
    /// wording).
    pub fn compute(self) -> Result<Approval> {
        let realigned = match &self.work {
            Some(w) => Some(
                realign(&w.ru, &w.en, &self.seen, w.old.clone(), &w.made)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
            ),
            None => None,
        };
        Ok(Approval {
            id: self.id,
            seen: self.seen,
            stamp: self.stamp,
            realigned,
        })
    }
}

/// A suggestion as stored in its `payload` column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Payload {
    change: Change,
    #[serde(default)]
    old: Vec<Span>,
    #[serde(default)]
    new: Vec<Span>,
    #[serde(default)]
    base_text: Option<String>,
}

/// A suggestion's stored payload as a [`Proposal`] (`None` when it cannot be read).
pub(super) fn proposal_of_payload(json: &str, author: Option<String>) -> Option<Proposal> {
    let p: Payload = serde_json::from_str(json).ok()?;
    Some(Proposal {
        change: p.change,
        old: p.old,
        new: p.new,
        base_text: p.base_text,
        author,
        status: SuggestionStatus::Open,
        reason: None,
    })
}

/// A suggestion as a [`Proposal`].
pub(super) fn proposal_of(s: &Suggestion) -> Proposal {
    Proposal {
        change: s.change.clone(),
        old: s.old.clone(),
        new: s.new.clone(),
        base_text: s.base_text.clone(),
        author: s.author.clone(),
        status: s.status,
        reason: s.reason.clone(),
    }
}

/// A snapshot as kept in the log.
fn json(s: &Snapshot) -> Result<String> {
    Ok(serde_json::to_string(s)?)
}

/// The 1-based number of the bead starting where `span` starts, in document order.
pub(super) fn number_of(conn: &Connection, doc: DocId, span: &Span) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM beads WHERE doc_id = ?1
             AND (ru_start < ?2 OR (ru_start = ?2 AND en_start < ?3))",
        )?
        .query_row(
            params![doc, span.ru.start as i64, span.en.start as i64],
            |r| r.get(0),
        )?;
    Ok(usize::try_from(n).unwrap_or(0) + 1)
}

fn check_version(bead: &StoredBead, seen: i64) -> Result<()> {
    if bead.version != seen {
        return Err(StoreError::Stale {
            what: "bead",
            seen,
            current: bead.version,
        });
    }
    Ok(())
}

fn check_vote(value: i64) -> Result<()> {
    if (-1..=1).contains(&value) {
        Ok(())
    } else {
        Err(StoreError::Invalid("a vote is 1, -1 or 0".into()))
    }
}

fn bead_or_404(conn: &Connection, doc: DocId, bead: BeadId) -> Result<StoredBead> {
    bead_of(conn, doc, bead)?.ok_or(StoreError::NotFound("bead"))
}

impl Store {
    /// Votes on the applied version of a bead: `value` is 1, -1, or 0 to withdraw.
    /// `seen_version` is the bead version the voter saw.
    pub fn vote_bead(
        &mut self,
        user: UserId,
        doc: DocId,
        bead: BeadId,
        seen_version: i64,
        value: i64,
    ) -> Result<VoteOutcome> {
        check_vote(value)?;
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            check_version(&b, seen_version)?;
            let before = set_vote(tx, "bead_votes", "bead_id", bead, user, value)?;
            Entry::new(Action::Vote, Some(user))
                .doc(doc)
                .target(Target::Bead(bead))
                .before(before.to_string())
                .after(value.to_string())
                .append(tx)?;
            Ok(VoteOutcome {
                net: bead_net(tx, bead)?,
                outvotes: false,
            })
        })
    }

    /// Suggests a change to a bead; the author's suggestion counts as their +1 vote. An
    /// identical open suggestion gets the vote instead of a duplicate.
    pub fn suggest(
        &mut self,
        user: UserId,
        doc: DocId,
        bead: BeadId,
        seen_version: i64,
        change: Change,
    ) -> Result<SuggestionId> {
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            check_version(&b, seen_version)?;
            let payload = plan(tx, doc, &b, change)?;
            let json = serde_json::to_string(&payload)?;
            let existing: Option<SuggestionId> = tx
                .query_row(
                    "SELECT id FROM suggestions WHERE bead_id = ?1 AND status = 'open' AND payload = ?2",
                    params![bead, json],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match existing {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO suggestions (doc_id, bead_id, kind, payload, author_id)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![doc, bead, payload.change.kind(), json, user],
                    )?;
                    let id = tx.last_insert_rowid();
                    let first = payload.old.first().unwrap_or(&b.span);
                    let span = match (payload.old.first(), payload.old.last()) {
                        (Some(a), Some(z)) => a.to(z),
                        _ => b.span.clone(),
                    };
                    Entry::new(Action::Suggest, Some(user))
                        .doc(doc)
                        .target(Target::Bead(bead))
                        .span(span)
                        .position(number_of(tx, doc, first)?)
                        .after(json)
                        .append(tx)?;
                    id
                }
            };
            set_vote(tx, "suggestion_votes", "suggestion_id", id, user, 1)?;
            Ok(id)
        })
    }

    /// Votes on an open suggestion (`value` 1, -1 or 0). `seen_version` is the version of
    /// the suggestion's bead the voter saw. With `auto_approve = Some(n)`, a suggestion whose
    /// net votes reach `n` and outvote the applied version is applied at once.
    pub fn vote_suggestion(
        &mut self,
        user: UserId,
        id: SuggestionId,
        seen_version: i64,
        value: i64,
        auto_approve: Option<i64>,
    ) -> Result<VoteOutcome> {
        check_vote(value)?;
        self.write(|tx| {
            let (s, b) = open_suggestion(tx, id)?;
            check_version(&b, seen_version)?;
            let before = set_vote(tx, "suggestion_votes", "suggestion_id", id, user, value)?;
            Entry::new(Action::Vote, Some(user))
                .doc(s.doc_id)
                .target(Target::Suggestion(id))
                .before(before.to_string())
                .after(value.to_string())
                .append(tx)?;
            let net = suggestion_net(tx, id)?;
            let outvotes = match auto_approve {
                Some(n) => outvotes(tx, id, b.id, n)?,
                None => false,
            };
            Ok(VoteOutcome { net, outvotes })
        })
    }

    /// Applies a suggestion that reached `threshold` net votes and outvotes its bead
    /// (`--auto-approve`), in the three steps of [`Store::approve_suggestion`].
    pub fn apply_outvoting(&mut self, id: SuggestionId, threshold: i64) -> Result<()> {
        self.approve(Approver::Votes(threshold), id)
    }

    /// Applies an open suggestion at once (admin). Structural changes re-align the
    /// not-yet-approved beads around them; the beads made are approved.
    ///
    /// In three steps, so that no transaction is open while the neighbourhood is re-aligned:
    /// [`Store::prepare_approval`] reads, [`ApprovalPlan::compute`] re-aligns, and
    /// [`Store::commit_approval`] applies it if the document is still as read, else it is
    /// computed again (at most [`APPROVAL_ATTEMPTS`] times). The server runs the middle step
    /// off its connections.
    pub fn approve_suggestion(
        &mut self,
        admin: UserId,
        id: SuggestionId,
        seen_version: i64,
    ) -> Result<()> {
        self.approve(Approver::Admin(admin, seen_version), id)
    }

    fn approve(&mut self, by: Approver, id: SuggestionId) -> Result<()> {
        for _ in 0..APPROVAL_ATTEMPTS {
            let approval = self.prepare_approval(id)?.compute()?;
            match self.commit_approval(by, approval) {
                Err(StoreError::Moved) => continue,
                r => return r,
            }
        }
        Err(StoreError::kept_changing())
    }

    /// Reads what approving a suggestion needs, in one read transaction: the suggestion,
    /// the document's beads and, for a structural change, its sentences.
    pub fn prepare_approval(&self, id: SuggestionId) -> Result<ApprovalPlan> {
        let tx = self.conn.unchecked_transaction()?;
        let (s, _) = open_suggestion(&tx, id)?;
        let doc = s.doc_id;
        let stamp = text_stamp(&tx, doc)?;
        let beads = beads_of(&tx, doc)?;
        let seen: Vec<BeadState> = beads.iter().map(BeadState::from).collect();
        let work = match &s.change {
            Change::Wording { .. } => None,
            _ => {
                let old = old_range(&seen, &s.old).ok_or_else(stale)?;
                let (ru, en) = applied_documents(&tx, doc)?;
                Some(RealignWork {
                    ru,
                    en,
                    old,
                    made: s.new.clone(),
                })
            }
        };
        tx.finish()?;
        Ok(ApprovalPlan {
            id,
            seen,
            stamp,
            work,
        })
    }

    /// Applies a computed approval in one short transaction, after checking the suggestion
    /// is still open and what `by` requires. [`StoreError::Moved`] when the document's beads
    /// or text changed since [`Store::prepare_approval`] read them: compute it again.
    pub fn commit_approval(&mut self, by: Approver, a: Approval) -> Result<()> {
        self.write(|tx| {
            let (s, b) = open_suggestion(tx, a.id)?;
            let admin = match by {
                Approver::Admin(admin, seen_version) => {
                    check_version(&b, seen_version)?;
                    Some(admin)
                }
                Approver::Votes(n) => {
                    if !outvotes(tx, a.id, b.id, n)? {
                        return Err(StoreError::Conflict(
                            "this suggestion no longer has the votes to be applied".into(),
                        ));
                    }
                    None
                }
            };
            let now: Vec<BeadState> = beads_of(tx, s.doc_id)?
                .iter()
                .map(BeadState::from)
                .collect();
            if now != a.seen || text_stamp(tx, s.doc_id)? != a.stamp {
                return Err(StoreError::Moved);
            }
            apply(tx, admin, &s, &b, a.realigned)
        })
    }

    /// Rejects an open suggestion with a reason (admin).
    pub fn reject_suggestion(
        &mut self,
        admin: UserId,
        id: SuggestionId,
        reason: &str,
    ) -> Result<()> {
        let reason =
            check_text(reason, "reason").map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let (s, b) = open_suggestion(tx, id)?;
            tx.execute(
                "UPDATE suggestions SET status = 'rejected', reason = ?2, decided_by = ?3 WHERE id = ?1",
                params![id, reason, admin],
            )?;
            Entry::new(Action::Reject, Some(admin))
                .doc(s.doc_id)
                .target(Target::Bead(b.id))
                .position(number_of(tx, s.doc_id, s.old.first().unwrap_or(&b.span))?)
                .before(Target::Suggestion(id).to_string())
                .after(reason)
                .append(tx)?;
            Ok(())
        })
    }

    /// Approves a bead as it is (admin).
    pub fn approve_bead(
        &mut self,
        admin: UserId,
        doc: DocId,
        bead: BeadId,
        seen_version: i64,
    ) -> Result<()> {
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            check_version(&b, seen_version)?;
            if b.status == Status::Approved {
                return Err(StoreError::Invalid("the bead is already approved".into()));
            }
            let before = Snapshot {
                beads: vec![BeadState::from(&b)],
                ..Snapshot::default()
            };
            let mut after = before.clone();
            after.beads[0].status = Status::Approved;
            let position = number_of(tx, doc, &b.span)?;
            replace(tx, doc, std::slice::from_ref(&b), &after.beads, &|_| {
                Replacement::Realign
            })?;
            Entry::new(Action::ApproveBead, Some(admin))
                .doc(doc)
                .target(Target::Bead(bead))
                .span(b.span.clone())
                .position(position)
                .before(json(&before)?)
                .after(json(&after)?)
                .append(tx)?;
            Ok(())
        })
    }

    /// Comments on a bead.
    pub fn comment(&mut self, user: UserId, doc: DocId, bead: BeadId, text: &str) -> Result<i64> {
        let text = check_text(text, "comment").map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            tx.execute(
                "INSERT INTO comments (doc_id, bead_id, origin_bead, ru_start, en_start, user_id, text)
                 VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)",
                params![
                    doc,
                    bead,
                    b.span.ru.start as i64,
                    b.span.en.start as i64,
                    user,
                    text
                ],
            )?;
            let id = tx.last_insert_rowid();
            Entry::new(Action::Comment, Some(user))
                .doc(doc)
                .target(Target::Bead(bead))
                .span(b.span.clone())
                .position(number_of(tx, doc, &b.span)?)
                .after(text)
                .append(tx)?;
            Ok(id)
        })
    }

    /// Reverts an alignment or wording event (admin): the sentences it touched get back the
    /// beads and wording they had before it. Refused when later changes touched the same
    /// beads (revert those first, newest first). The revert is itself an event.
    pub fn revert(&mut self, admin: UserId, event: EventId) -> Result<DocId> {
        self.write(|tx| revert_in(tx, admin, event, None))
    }

    /// Restores a document to its state right after event `event` (admin): reverts every
    /// later alignment and wording change, newest first, in one transaction. Each step is
    /// itself logged, so the restore can be undone the same way.
    pub fn restore(&mut self, admin: UserId, doc: DocId, event: EventId) -> Result<usize> {
        self.write(|tx| {
            let ids: Vec<EventId> = tx
                .prepare(
                    "SELECT id FROM events WHERE doc_id = ?1 AND id > ?2
                     AND action IN ('apply', 'approve_bead', 'revert') ORDER BY id DESC",
                )?
                .query_map(params![doc, event], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                revert_in(tx, admin, *id, Some(event))?;
            }
            Ok(ids.len())
        })
    }
}

/// Reverts `event`; `restore_to` names the event a restore goes back to (it is kept in the
/// revert's snapshot, so that the history tells a restore from a revert).
fn revert_in(
    tx: &Connection,
    admin: UserId,
    event: EventId,
    restore_to: Option<EventId>,
) -> Result<DocId> {
    let (doc, action, before, after): (Option<DocId>, String, Option<String>, Option<String>) = tx
        .query_row(
            "SELECT doc_id, action, before, after FROM events WHERE id = ?1",
            [event],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound("event"))?;
    let revertible = Action::parse(&action).is_some_and(Action::is_revertible);
    let (Some(doc), true, Some(before), Some(after)) = (doc, revertible, before, after) else {
        return Err(StoreError::Invalid(
            "only alignment and wording changes can be reverted".into(),
        ));
    };
    let mut before: Snapshot = serde_json::from_str(&before)?;
    let mut after: Snapshot = serde_json::from_str(&after)?;
    after.restore_to = None;
    before.restore_to = restore_to;
    let span = after.covering();
    let current: Vec<StoredBead> = beads_of(tx, doc)?
        .into_iter()
        .filter(|b| span.contains(&b.span))
        .collect();
    let now: Vec<BeadState> = current.iter().map(BeadState::from).collect();
    let words_now = after
        .wording
        .iter()
        .map(|w| sentence_text(tx, doc, w.lang, w.idx))
        .collect::<Result<Vec<_>>>()?;
    let words_same = after
        .wording
        .iter()
        .zip(&words_now)
        .all(|(w, now)| &w.text == now);
    if now != after.beads || !words_same {
        return Err(StoreError::Conflict(
            "later changes touched these sentences; revert those first (newest first)".into(),
        ));
    }
    let position = match current.first() {
        Some(b) => Some(number_of(tx, doc, &b.span)?),
        None => None,
    };
    let why = if restore_to.is_some() {
        Replacement::Restore
    } else {
        Replacement::Revert
    };
    replace(tx, doc, &current, &before.beads, &|_| why)?;
    for w in &before.wording {
        set_sentence_text(tx, doc, w.lang, w.idx, &w.text)?;
    }
    let mut entry = Entry::new(Action::Revert, Some(admin))
        .doc(doc)
        .target(Target::Event(event))
        .span(before.covering())
        .before(json(&after)?)
        .after(json(&before)?);
    if let Some(p) = position {
        entry = entry.position(p);
    }
    entry.append(tx)?;
    Ok(doc)
}

fn sentence_text(conn: &Connection, doc: DocId, lang: Lang, idx: usize) -> Result<String> {
    conn.query_row(
        "SELECT text FROM sentences WHERE doc_id = ?1 AND lang = ?2 AND idx = ?3",
        params![doc, lang.code(), idx as i64],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound("sentence"))
}

fn set_sentence_text(
    conn: &Connection,
    doc: DocId,
    lang: Lang,
    idx: usize,
    text: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE sentences SET text = ?4 WHERE doc_id = ?1 AND lang = ?2 AND idx = ?3",
        params![doc, lang.code(), idx as i64, text],
    )?;
    // The bead holding the sentence changed: bump its version.
    let col = match lang {
        Lang::Ru => "ru",
        Lang::En => "en",
    };
    conn.execute(
        &format!(
            "UPDATE beads SET version = version + 1
             WHERE doc_id = ?1 AND {col}_start <= ?2 AND ?2 < {col}_end"
        ),
        params![doc, idx as i64],
    )?;
    Ok(())
}

/// Sets (or withdraws, with 0) a vote; returns the previous value (0 if none).
fn set_vote(
    conn: &Connection,
    table: &str,
    column: &str,
    target: i64,
    user: UserId,
    value: i64,
) -> Result<i64> {
    let before: i64 = conn
        .prepare_cached(&format!(
            "SELECT value FROM {table} WHERE {column} = ?1 AND user_id = ?2"
        ))?
        .query_row([target, user], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    if value == 0 {
        conn.prepare_cached(&format!(
            "DELETE FROM {table} WHERE {column} = ?1 AND user_id = ?2"
        ))?
        .execute([target, user])?;
    } else {
        conn.prepare_cached(&format!(
            "INSERT INTO {table} ({column}, user_id, value) VALUES (?1, ?2, ?3)
             ON CONFLICT DO UPDATE SET value = excluded.value"
        ))?
        .execute([target, user, value])?;
    }
    Ok(before)
}

fn bead_net(conn: &Connection, bead: BeadId) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(SUM(value), 0) FROM bead_votes WHERE bead_id = ?1")?
        .query_row([bead], |r| r.get(0))?)
}

fn suggestion_net(conn: &Connection, id: SuggestionId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(value), 0) FROM suggestion_votes WHERE suggestion_id = ?1",
        )?
        .query_row([id], |r| r.get(0))?)
}

const SUGGESTION_SELECT: &str = "SELECT s.id, s.doc_id, s.bead_id, s.payload, u.name,
   CASE WHEN s.withdrawn_at IS NOT NULL THEN 'withdrawn' ELSE s.status END, s.reason, s.created_at,
   (SELECT COALESCE(SUM(value), 0) FROM suggestion_votes v WHERE v.suggestion_id = s.id),
   COALESCE((SELECT value FROM suggestion_votes v WHERE v.suggestion_id = s.id AND v.user_id = ?2), 0),
   s.author_id
 FROM suggestions s LEFT JOIN users u ON u.id = s.author_id";

fn suggestion_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Suggestion, String)> {
    suggestion_row_at(r, 0)
}

/// A suggestion read from the columns of [`SUGGESTION_SELECT`] starting at column `at`.
fn suggestion_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<(Suggestion, String)> {
    let status: String = r.get(at + 5)?;
    Ok((
        Suggestion {
            id: r.get(at)?,
            doc_id: r.get(at + 1)?,
            bead_id: r.get(at + 2)?,
            change: Change::Unpair,
            old: vec![],
            new: vec![],
            base_text: None,
            author: r.get(at + 4)?,
            author_id: r.get(at + 10)?,
            status: SuggestionStatus::parse(&status),
            reason: r.get(at + 6)?,
            created_at: r.get(at + 7)?,
            net: r.get(at + 8)?,
            my_vote: r.get(at + 9)?,
        },
        r.get(at + 3)?,
    ))
}

fn fill(pair: (Suggestion, String)) -> Result<Suggestion> {
    let (mut s, payload) = pair;
    let p: Payload = serde_json::from_str(&payload)?;
    s.change = p.change;
    s.old = p.old;
    s.new = p.new;
    s.base_text = p.base_text;
    Ok(s)
}

pub(super) fn suggestions_of(
    conn: &Connection,
    bead: BeadId,
    viewer: Option<UserId>,
) -> Result<Vec<Suggestion>> {
    let mut st = conn.prepare_cached(&format!(
        "{SUGGESTION_SELECT} WHERE s.bead_id = ?1 ORDER BY s.status != 'open', s.id DESC"
    ))?;
    let rows = st.query_map(params![bead, viewer], suggestion_row)?;
    rows.map(|r| fill(r?)).collect()
}

pub(super) fn suggestion(
    conn: &Connection,
    id: SuggestionId,
    viewer: Option<UserId>,
) -> Result<Option<Suggestion>> {
    let mut st = conn.prepare_cached(&format!("{SUGGESTION_SELECT} WHERE s.id = ?1"))?;
    st.query_row(params![id, viewer], suggestion_row)
        .optional()?
        .map(fill)
        .transpose()
}

/// An open suggestion and its bead.
fn open_suggestion(conn: &Connection, id: SuggestionId) -> Result<(Suggestion, StoredBead)> {
    let s = suggestion(conn, id, None)?.ok_or(StoreError::NotFound("suggestion"))?;
    if s.status != SuggestionStatus::Open {
        return Err(StoreError::Conflict(format!(
            "this suggestion is already {}",
            s.status.as_str()
        )));
    }
    let bead = s
        .bead_id
        .and_then(|b| bead_of(conn, s.doc_id, b).transpose())
        .transpose()?
        .ok_or_else(|| StoreError::Conflict("the bead of this suggestion is gone".into()))?;
    Ok((s, bead))
}

/// Works out what `change` does to the current beads, by the rules of
/// [`crate::review::changes`].
fn plan(conn: &Connection, doc: DocId, bead: &StoredBead, change: Change) -> Result<Payload> {
    let invalid = |e: changes::ChangeError| StoreError::Invalid(e.to_string());
    if let Change::Wording { lang, idx, text } = &change {
        let base = sentence_text(conn, doc, *lang, *idx);
        // A sentence outside the bead is refused before its (maybe missing) text is read.
        let base = match base {
            Ok(b) => b,
            Err(StoreError::NotFound(_)) => {
                return Err(invalid(changes::ChangeError::SentenceNotInBead));
            }
            Err(e) => return Err(e),
        };
        let text = changes::check_wording(&bead.span, *lang, *idx, text, &base).map_err(invalid)?;
        return Ok(Payload {
            change: Change::Wording {
                lang: *lang,
                idx: *idx,
                text,
            },
            old: vec![],
            new: vec![],
            base_text: Some(base),
        });
    }
    let spans: Vec<Span> = beads_of(conn, doc)?.into_iter().map(|b| b.span).collect();
    let i = spans
        .iter()
        .position(|s| *s == bead.span)
        .ok_or(StoreError::NotFound("bead"))?;
    let around = Around::at(&spans, i).ok_or(StoreError::NotFound("bead"))?;
    let plan = changes::plan(around, &change).map_err(invalid)?;
    Ok(Payload {
        change,
        old: plan.old,
        new: plan.new,
        base_text: None,
    })
}

/// Applies an open suggestion on its bead; `admin` is `None` for auto-approval.
fn apply(
    conn: &Connection,
    admin: Option<UserId>,
    s: &Suggestion,
    bead: &StoredBead,
    realigned: Option<Realigned>,
) -> Result<()> {
    let (before, after) = match (&s.change, realigned) {
        (Change::Wording { lang, idx, text }, _) => {
            apply_wording(conn, s, bead, *lang, *idx, text)?
        }
        (_, Some(realigned)) => apply_structural(conn, s, realigned)?,
        (_, None) => {
            return Err(StoreError::Invalid(
                "a structural change not re-aligned".into(),
            ));
        }
    };
    conn.execute(
        "UPDATE suggestions SET status = 'applied', decided_by = ?2 WHERE id = ?1",
        params![s.id, admin],
    )?;
    let mut entry = Entry::new(Action::Apply, admin)
        .doc(s.doc_id)
        .target(Target::Suggestion(s.id))
        .span(before.covering())
        .before(json(&before)?)
        .after(json(&after)?);
    if let Some(b) = before.beads.first() {
        // The beads before the change's are untouched, so its number is the same after it.
        entry = entry.position(number_of(conn, s.doc_id, &b.span)?);
    }
    entry.append(conn)?;
    Ok(())
}

/// The index range of the beads `old` in `beads`, if they are there in a run.
fn old_range(beads: &[BeadState], old: &[Span]) -> Option<Range<usize>> {
    let i0 = beads.iter().position(|b| Some(&b.span) == old.first())?;
    let i1 = i0 + old.len();
    (beads.len() >= i1 && beads[i0..i1].iter().map(|b| &b.span).eq(old.iter())).then_some(i0..i1)
}

/// Whether suggestion `id` has at least `threshold` net votes and more than its bead's.
fn outvotes(conn: &Connection, id: SuggestionId, bead: BeadId, threshold: i64) -> Result<bool> {
    let net = suggestion_net(conn, id)?;
    Ok(net >= threshold && net > bead_net(conn, bead)?)
}

/// The error of a suggestion whose beads or wording changed since it was made.
fn stale() -> StoreError {
    StoreError::Conflict(
        "the beads this suggestion changes are no longer as they were; it cannot be applied".into(),
    )
}

/// Sets a suggested wording and approves its bead; returns the snapshots before and after.
fn apply_wording(
    conn: &Connection,
    s: &Suggestion,
    bead: &StoredBead,
    lang: Lang,
    idx: usize,
    text: &str,
) -> Result<(Snapshot, Snapshot)> {
    let doc = s.doc_id;
    let now = sentence_text(conn, doc, lang, idx)?;
    if Some(&now) != s.base_text.as_ref() {
        return Err(stale());
    }
    let before = Snapshot {
        beads: vec![BeadState::from(bead)],
        wording: vec![WordState {
            lang,
            idx,
            text: now,
        }],
        restore_to: None,
    };
    let mut after = before.clone();
    after.beads[0].status = Status::Approved;
    after.wording[0].text = text.to_string();
    set_sentence_text(conn, doc, lang, idx, text)?;
    let b = bead_or_404(conn, doc, bead.id)?;
    replace(conn, doc, std::slice::from_ref(&b), &after.beads, &|_| {
        Replacement::Realign
    })?;
    Ok((before, after))
}

/// Replaces a structural suggestion's old beads and the unapproved ones around them with
/// their re-alignment; returns the snapshots before and after.
fn apply_structural(
    conn: &Connection,
    s: &Suggestion,
    realigned: Realigned,
) -> Result<(Snapshot, Snapshot)> {
    let doc = s.doc_id;
    let beads = beads_of(conn, doc)?;
    if beads.len() < realigned.replaced.end {
        return Err(stale());
    }
    let replaced = &beads[realigned.replaced.clone()];
    let before = Snapshot {
        beads: replaced.iter().map(BeadState::from).collect(),
        ..Snapshot::default()
    };
    let after = Snapshot {
        beads: realigned.beads,
        ..Snapshot::default()
    };
    let kind = Replacement::of(&s.change).unwrap_or(Replacement::Realign);
    replace(conn, doc, replaced, &after.beads, &|span| {
        if s.old.contains(span) {
            kind
        } else {
            Replacement::Realign
        }
    })?;
    Ok((before, after))
}

/// Replaces the run of beads `old` with `new` (a tiling of the same sentences). Beads that
/// keep their sentences keep their row, votes, suggestions and comments. The others are
/// retired ([`retire`]): their open suggestions become obsolete, their votes are kept aside
/// (and come back to a later bead of exactly their sentences), their comments move to the bead
/// now holding their first sentence, and their address leads there. `why` says what replaced
/// each.
fn replace(
    conn: &Connection,
    doc: DocId,
    old: &[StoredBead],
    new: &[BeadState],
    why: &dyn Fn(&Span) -> Replacement,
) -> Result<()> {
    let Some(first) = old.first() else {
        return Ok(());
    };
    let first = number_of(conn, doc, &first.span)?;
    let mut moving: Vec<(Vec<i64>, &Span)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if !new.iter().any(|n| n.span == o.span) {
            let comments: Vec<i64> = conn
                .prepare_cached("SELECT id FROM comments WHERE bead_id = ?1")?
                .query_map([o.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            retire(conn, doc, o, first + i, why(&o.span))?;
            moving.push((comments, &o.span));
        }
    }
    for n in new {
        match old.iter().find(|o| o.span == n.span) {
            Some(o) => {
                if o.status != n.status || o.score != n.score {
                    conn.execute(
                        "UPDATE beads SET status = ?2, score = ?3, version = version + 1 WHERE id = ?1",
                        params![o.id, n.status.as_str(), n.score],
                    )?;
                }
            }
            None => insert_bead(conn, doc, n)?,
        }
    }
    for (comments, span) in moving {
        let Some((lang, idx)) = crate::review::history::quoted_of(span).into_iter().next() else {
            continue;
        };
        let Some(holder) = holder_of(conn, doc, lang, idx)? else {
            continue;
        };
        let mut st = conn.prepare_cached("UPDATE comments SET bead_id = ?2 WHERE id = ?1")?;
        for c in comments {
            st.execute([c, holder])?;
        }
    }
    Ok(())
}

impl Store {
    /// The documents whose source texts are exactly `ru` and `en` (as [`crate::Document::text`]
    /// keeps them), oldest first: a document about to be added a second time finds its twin.
    pub fn documents_with_texts(
        &self,
        ru: &str,
        en: &str,
    ) -> Result<Vec<crate::review::DocumentSummary>> {
        let ids: Vec<DocId> = self
            .conn
            .prepare_cached(
                "SELECT id FROM documents WHERE ru_text = ?1 AND en_text = ?2 ORDER BY id",
            )?
            .query_map(params![ru, en], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.extend(self.document(id)?);
        }
        Ok(found)
    }
}

/// Retires bead `o`, number `position`, which `why` replaced: records it with its votes,
/// makes its open suggestions obsolete, and deletes it.
fn retire(
    conn: &Connection,
    doc: DocId,
    o: &StoredBead,
    position: usize,
    why: Replacement,
) -> Result<()> {
    conn.execute(
        "UPDATE suggestions SET status = 'obsolete' WHERE bead_id = ?1 AND status = 'open'",
        [o.id],
    )?;
    let s = &o.span;
    conn.prepare_cached(
        "INSERT INTO retired_beads (doc_id, id, ru_start, ru_end, en_start, en_end, position, change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (doc_id, id) DO UPDATE SET position = excluded.position, change = excluded.change",
    )?
    .execute(params![
        doc,
        o.id,
        s.ru.start as i64,
        s.ru.end as i64,
        s.en.start as i64,
        s.en.end as i64,
        position as i64,
        why.as_str()
    ])?;
    let seq: i64 = conn.query_row(
        "SELECT seq FROM retired_beads WHERE doc_id = ?1 AND id = ?2",
        [doc, o.id],
        |r| r.get(0),
    )?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO retired_votes (retired, user_id, value)
         SELECT ?1, user_id, value FROM bead_votes WHERE bead_id = ?2",
    )?
    .execute([seq, o.id])?;
    conn.execute("DELETE FROM beads WHERE id = ?1", [o.id])?;
    Ok(())
}

/// Inserts a bead made by a change, numbered past every bead and retired bead (so an old
/// address never names a new bead). A bead of exactly the sentences of a retired one gets
/// that bead's votes back.
fn insert_bead(conn: &Connection, doc: DocId, n: &BeadState) -> Result<()> {
    let s = &n.span;
    let at = [
        s.ru.start as i64,
        s.ru.end as i64,
        s.en.start as i64,
        s.en.end as i64,
    ];
    conn.prepare_cached(
        "INSERT INTO beads (id, doc_id, ru_start, ru_end, en_start, en_end, score, status)
         VALUES ((SELECT MAX(m) + 1 FROM (SELECT COALESCE(MAX(id), 0) AS m FROM beads
                  UNION ALL SELECT COALESCE(MAX(id), 0) FROM retired_beads)),
                 ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc,
        at[0],
        at[1],
        at[2],
        at[3],
        n.score,
        n.status.as_str()
    ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO bead_votes (bead_id, user_id, value)
         SELECT ?1, user_id, value FROM retired_votes WHERE retired =
           (SELECT seq FROM retired_beads WHERE doc_id = ?2 AND ru_start = ?3 AND ru_end = ?4
              AND en_start = ?5 AND en_end = ?6 ORDER BY seq DESC LIMIT 1)",
    )?
    .execute(params![id, doc, at[0], at[1], at[2], at[3]])?;
    Ok(())
}

/// The bead holding sentence `idx` of `lang` now.
pub(super) fn holder_of(
    conn: &Connection,
    doc: DocId,
    lang: Lang,
    idx: usize,
) -> Result<Option<BeadId>> {
    let sql = match lang {
        Lang::Ru => {
            "SELECT id FROM beads WHERE doc_id = ?1 AND ru_start <= ?2 AND ?2 < ru_end
             ORDER BY ru_start DESC LIMIT 1"
        }
        Lang::En => {
            "SELECT id FROM beads WHERE doc_id = ?1 AND en_start <= ?2 AND ?2 < en_end
             ORDER BY en_start DESC LIMIT 1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![doc, idx as i64], |r| r.get(0))
        .optional()?)
}

/// The sentences `wanted` with the beads holding them now, for a description.
pub(super) fn gather(
    conn: &Connection,
    doc: DocId,
    wanted: &[(Lang, usize)],
) -> Result<crate::review::history::Texts> {
    let mut texts = crate::review::history::Texts::default();
    for &(lang, idx) in wanted {
        let text = match sentence_text(conn, doc, lang, idx) {
            Ok(t) => t,
            Err(StoreError::NotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        let bead = holder_of(conn, doc, lang, idx)?;
        texts.insert(lang, idx, crate::review::history::Quoted { text, bead });
    }
    Ok(texts)
}

/// A suggestion in words, its beads numbered as they are now; with the bead now holding its
/// first sentence.
fn words_now(
    conn: &Connection,
    s: &Suggestion,
) -> Result<(Vec<crate::review::history::Part>, Option<BeadId>)> {
    use crate::review::history::{proposal_words, quoted_of};
    let p = proposal_of(s);
    let mut wanted: Vec<(Lang, usize)> = p.old.iter().chain(&p.new).flat_map(quoted_of).collect();
    let first = match &p.change {
        Change::Wording { lang, idx, .. } => Some((*lang, *idx)),
        _ => p.old.first().and_then(|o| quoted_of(o).into_iter().next()),
    };
    wanted.extend(first);
    let texts = gather(conn, s.doc_id, &wanted)?;
    let holder = first
        .and_then(|(l, i)| texts.get(l, i))
        .and_then(|q| q.bead);
    let number = match holder
        .map(|b| bead_of(conn, s.doc_id, b))
        .transpose()?
        .flatten()
    {
        Some(b) => Some(number_of(conn, s.doc_id, &b.span)?),
        None => None,
    };
    Ok((proposal_words(&p, number, &texts), holder))
}

impl Store {
    /// Withdraws an open suggestion its author made (`user` must be its author).
    pub fn withdraw_suggestion(&mut self, user: UserId, id: SuggestionId) -> Result<DocId> {
        self.write(|tx| {
            let s = suggestion(tx, id, None)?.ok_or(StoreError::NotFound("suggestion"))?;
            if s.author_id != Some(user) {
                return Err(StoreError::Invalid(
                    "only its author can withdraw a suggestion".into(),
                ));
            }
            let (s, b) = open_suggestion(tx, id)?;
            tx.execute(
                "UPDATE suggestions SET status = 'obsolete',
                   withdrawn_at = strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE id = ?1",
                [id],
            )?;
            Entry::new(Action::Withdraw, Some(user))
                .doc(s.doc_id)
                .target(Target::Bead(b.id))
                .position(number_of(tx, s.doc_id, s.old.first().unwrap_or(&b.span))?)
                .before(Target::Suggestion(id).to_string())
                .append(tx)?;
            Ok(s.doc_id)
        })
    }

    /// The bead `bead` of `doc` if a change replaced it: what replaced it and the bead now
    /// holding its first sentence. `None` for a bead that never existed (or still exists).
    pub fn retired_bead(&self, doc: DocId, bead: BeadId) -> Result<Option<RetiredBead>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT ru_start, ru_end, en_start, en_end, position, change, at
                 FROM retired_beads WHERE doc_id = ?1 AND id = ?2",
            )?
            .query_row([doc, bead], |r| {
                let n = |i: usize| -> rusqlite::Result<usize> {
                    Ok(usize::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
                };
                Ok((
                    Span::new(n(0)?..n(1)?, n(2)?..n(3)?),
                    n(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .optional()?;
        let Some((span, number, change, at)) = row else {
            return Ok(None);
        };
        let now = match crate::review::history::quoted_of(&span).into_iter().next() {
            Some((lang, idx)) => holder_of(&self.conn, doc, lang, idx)?,
            None => None,
        };
        Ok(Some(RetiredBead {
            id: bead,
            span,
            number,
            by: Replacement::parse(&change),
            at,
            now,
        }))
    }

    /// The suggestions `user` made, newest first, with what each suggests in words.
    pub fn suggestions_by(&self, user: UserId) -> Result<Vec<AuthoredSuggestion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT d.title, q.* FROM ({SUGGESTION_SELECT} WHERE s.author_id = ?1) q
             JOIN documents d ON d.id = q.doc_id ORDER BY q.id DESC LIMIT 500"
        ))?;
        let rows: Vec<(String, (Suggestion, String))> = st
            .query_map(params![user, user], |r| {
                let title: String = r.get(0)?;
                Ok((title, suggestion_row_at(r, 1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(doc_title, pair)| {
                let suggestion = fill(pair)?;
                let (words, bead) = words_now(&self.conn, &suggestion)?;
                Ok(AuthoredSuggestion {
                    suggestion,
                    doc_title,
                    words,
                    bead,
                })
            })
            .collect()
    }

    /// What the newest open suggestion on `bead` suggests, in one line without its author:
    /// `suggested merging bead 7 («Помимо этого…» / —) with bead 8 («…» / «…»)`. For the
    /// notice other reviewers get.
    pub fn suggestion_notice(&self, doc: DocId, bead: BeadId) -> Result<Option<String>> {
        let newest = suggestions_of(&self.conn, bead, None)?
            .into_iter()
            .find(|s| s.doc_id == doc && s.status == SuggestionStatus::Open);
        let Some(s) = newest else {
            return Ok(None);
        };
        let (words, _) = words_now(&self.conn, &s)?;
        Ok(Some(format!(
            "suggested {}",
            crate::review::history::line_of(&words)
        )))
    }

    /// A suggestion in words, its beads numbered as they are now.
    pub fn suggestion_words(&self, s: &Suggestion) -> Result<Vec<crate::review::history::Part>> {
        Ok(words_now(&self.conn, s)?.0)
    }

    /// The comments on a bead, oldest first: those written on it and those that moved to it
    /// when a change replaced the bead they were written on.
    pub fn bead_comments(&self, bead: BeadId) -> Result<Vec<Comment>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, u.name, c.text, c.created_at, c.origin_bead, r.position, r.change,
               c.origin_bead IS NOT c.bead_id
             FROM comments c LEFT JOIN users u ON u.id = c.user_id
             LEFT JOIN retired_beads r ON r.doc_id = c.doc_id AND r.id = c.origin_bead
             WHERE c.bead_id = ?1 ORDER BY c.id",
        )?;
        let rows = st.query_map([bead], |r| {
            let moved: bool = r.get(7)?;
            let change: Option<String> = r.get(6)?;
            let number: Option<i64> = r.get(5)?;
            Ok(Comment {
                id: r.get(0)?,
                author: r.get(1)?,
                text: r.get(2)?,
                created_at: r.get(3)?,
                moved: moved.then(|| CommentMove {
                    origin: r.get(4).ok().flatten(),
                    number: number.and_then(|n| usize::try_from(n).ok()),
                    by: change.as_deref().and_then(Replacement::parse),
                }),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
