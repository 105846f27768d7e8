//! The review workflow in the database: votes, suggestions, approval, re-alignment, comments
//! and reverts. The rules (which changes are valid, how a neighbourhood is re-aligned) are
//! [`crate::review`]'s; this module stores what they decide, each change in one transaction.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::events::Entry;
use super::{Result, Store, StoreError, applied_documents, bead_of, beads_of};
use crate::review::changes::{self, Around, Change};
use crate::review::check_text;
use crate::review::model::{
    Action, BeadId, BeadState, DocId, EventId, Status, StoredBead, Suggestion, SuggestionId,
    SuggestionStatus, Target, UserId,
};
use crate::review::realign::realign;
use crate::{Lang, Span};

/// What a vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteOutcome {
    /// Net votes of the target after the vote.
    pub net: i64,
    /// Whether `--auto-approve` applied the suggestion.
    pub applied: bool,
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

/// A sentence's wording as kept in event snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WordState {
    lang: Lang,
    idx: usize,
    text: String,
}

/// The state of the beads (and wordings) an event changed, kept before and after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
struct Snapshot {
    beads: Vec<BeadState>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wording: Vec<WordState>,
}

impl Snapshot {
    /// The sentences of the snapshot's beads.
    fn covering(&self) -> Span {
        match (self.beads.first(), self.beads.last()) {
            (Some(first), Some(last)) => first.span.to(&last.span),
            _ => Span::default(),
        }
    }

    fn json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }
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
                applied: false,
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
                    Entry::new(Action::Suggest, Some(user))
                        .doc(doc)
                        .target(Target::Bead(bead))
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
            let mut applied = false;
            if let Some(n) = auto_approve
                && net >= n
                && net > bead_net(tx, b.id)?
            {
                apply(tx, None, &s, &b)?;
                applied = true;
            }
            Ok(VoteOutcome { net, applied })
        })
    }

    /// Applies an open suggestion at once (admin). Structural changes re-align the
    /// not-yet-approved beads around them; the beads made are approved.
    pub fn approve_suggestion(
        &mut self,
        admin: UserId,
        id: SuggestionId,
        seen_version: i64,
    ) -> Result<()> {
        self.write(|tx| {
            let (s, b) = open_suggestion(tx, id)?;
            check_version(&b, seen_version)?;
            apply(tx, Some(admin), &s, &b)
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
            let (s, _) = open_suggestion(tx, id)?;
            tx.execute(
                "UPDATE suggestions SET status = 'rejected', reason = ?2, decided_by = ?3 WHERE id = ?1",
                params![id, reason, admin],
            )?;
            let mut entry = Entry::new(Action::Reject, Some(admin))
                .doc(s.doc_id)
                .before(Target::Suggestion(id).to_string())
                .after(reason);
            if let Some(b) = s.bead_id {
                entry = entry.target(Target::Bead(b));
            }
            entry.append(tx)?;
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
                wording: vec![],
            };
            let mut after = before.clone();
            after.beads[0].status = Status::Approved;
            replace(tx, doc, std::slice::from_ref(&b), &after.beads)?;
            Entry::new(Action::ApproveBead, Some(admin))
                .doc(doc)
                .target(Target::Bead(bead))
                .span(b.span.clone())
                .before(before.json()?)
                .after(after.json()?)
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
                "INSERT INTO comments (doc_id, bead_id, ru_start, en_start, user_id, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
                .after(text)
                .append(tx)?;
            Ok(id)
        })
    }

    /// Reverts an alignment or wording event (admin): the sentences it touched get back the
    /// beads and wording they had before it. Refused when later changes touched the same
    /// beads (revert those first, newest first). The revert is itself an event.
    pub fn revert(&mut self, admin: UserId, event: EventId) -> Result<DocId> {
        self.write(|tx| revert_in(tx, admin, event))
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
                revert_in(tx, admin, *id)?;
            }
            Ok(ids.len())
        })
    }
}

fn revert_in(tx: &Connection, admin: UserId, event: EventId) -> Result<DocId> {
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
    let before: Snapshot = serde_json::from_str(&before)?;
    let after: Snapshot = serde_json::from_str(&after)?;
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
    replace(tx, doc, &current, &before.beads)?;
    for w in &before.wording {
        set_sentence_text(tx, doc, w.lang, w.idx, &w.text)?;
    }
    Entry::new(Action::Revert, Some(admin))
        .doc(doc)
        .target(Target::Event(event))
        .span(before.covering())
        .before(after.json()?)
        .after(before.json()?)
        .append(tx)?;
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

const SUGGESTION_SELECT: &str = "SELECT s.id, s.doc_id, s.bead_id, s.payload, u.name, s.status, s.reason, s.created_at,
   (SELECT COALESCE(SUM(value), 0) FROM suggestion_votes v WHERE v.suggestion_id = s.id),
   COALESCE((SELECT value FROM suggestion_votes v WHERE v.suggestion_id = s.id AND v.user_id = ?2), 0)
 FROM suggestions s LEFT JOIN users u ON u.id = s.author_id";

fn suggestion_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Suggestion, String)> {
    let status: String = r.get(5)?;
    Ok((
        Suggestion {
            id: r.get(0)?,
            doc_id: r.get(1)?,
            bead_id: r.get(2)?,
            change: Change::Unpair,
            old: vec![],
            new: vec![],
            base_text: None,
            author: r.get(4)?,
            status: SuggestionStatus::parse(&status),
            reason: r.get(6)?,
            created_at: r.get(7)?,
            net: r.get(8)?,
            my_vote: r.get(9)?,
        },
        r.get(3)?,
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
) -> Result<()> {
    let (before, after) = match &s.change {
        Change::Wording { lang, idx, text } => apply_wording(conn, s, bead, *lang, *idx, text)?,
        _ => apply_structural(conn, s)?,
    };
    conn.execute(
        "UPDATE suggestions SET status = 'applied', decided_by = ?2 WHERE id = ?1",
        params![s.id, admin],
    )?;
    Entry::new(Action::Apply, admin)
        .doc(s.doc_id)
        .target(Target::Suggestion(s.id))
        .span(before.covering())
        .before(before.json()?)
        .after(after.json()?)
        .append(conn)?;
    Ok(())
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
    };
    let mut after = before.clone();
    after.beads[0].status = Status::Approved;
    after.wording[0].text = text.to_string();
    set_sentence_text(conn, doc, lang, idx, text)?;
    let b = bead_or_404(conn, doc, bead.id)?;
    replace(conn, doc, std::slice::from_ref(&b), &after.beads)?;
    Ok((before, after))
}

/// Replaces a structural suggestion's old beads with its new ones and re-aligns the
/// not-yet-approved beads around them; returns the snapshots before and after.
fn apply_structural(conn: &Connection, s: &Suggestion) -> Result<(Snapshot, Snapshot)> {
    let doc = s.doc_id;
    let beads = beads_of(conn, doc)?;
    let i0 = beads
        .iter()
        .position(|b| Some(&b.span) == s.old.first())
        .ok_or_else(stale)?;
    let i1 = i0 + s.old.len();
    if beads.len() < i1 || beads[i0..i1].iter().map(|b| &b.span).ne(s.old.iter()) {
        return Err(stale());
    }
    let states: Vec<BeadState> = beads.iter().map(BeadState::from).collect();
    let (ru, en) = applied_documents(conn, doc)?;
    let realigned = realign(&ru, &en, &states, i0..i1, &s.new)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let replaced = &beads[realigned.replaced.clone()];
    let before = Snapshot {
        beads: replaced.iter().map(BeadState::from).collect(),
        wording: vec![],
    };
    let after = Snapshot {
        beads: realigned.beads,
        wording: vec![],
    };
    replace(conn, doc, replaced, &after.beads)?;
    Ok((before, after))
}

/// Replaces the run of beads `old` with `new` (a tiling of the same sentences). Beads that
/// keep their sentences keep their row, votes and suggestions; the rest are deleted, their
/// open suggestions marked obsolete.
fn replace(conn: &Connection, doc: DocId, old: &[StoredBead], new: &[BeadState]) -> Result<()> {
    let kept: Vec<Option<&StoredBead>> = new
        .iter()
        .map(|n| old.iter().find(|o| o.span == n.span))
        .collect();
    for o in old {
        if !new.iter().any(|n| n.span == o.span) {
            conn.execute(
                "UPDATE suggestions SET status = 'obsolete' WHERE bead_id = ?1 AND status = 'open'",
                [o.id],
            )?;
            conn.execute("DELETE FROM beads WHERE id = ?1", [o.id])?;
        }
    }
    for (n, k) in new.iter().zip(kept) {
        match k {
            Some(o) => {
                if o.status != n.status || o.score != n.score {
                    conn.execute(
                        "UPDATE beads SET status = ?2, score = ?3, version = version + 1 WHERE id = ?1",
                        params![o.id, n.status.as_str(), n.score],
                    )?;
                }
            }
            None => {
                let s = &n.span;
                conn.execute(
                    "INSERT INTO beads (doc_id, ru_start, ru_end, en_start, en_end, score, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        doc,
                        s.ru.start as i64,
                        s.ru.end as i64,
                        s.en.start as i64,
                        s.en.end as i64,
                        n.score,
                        n.status.as_str()
                    ],
                )?;
            }
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
