//! The review workflow: votes, suggestions, approval, re-alignment, comments and reverts.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{
    BeadId, Change, DocId, EventId, Result, Span, Status, Store, StoreError, StoredBead,
    Suggestion, SuggestionId, SuggestionStatus, UserId, applied_documents, bead_of, beads_of,
    check_tiling, log, log_span,
};
use crate::{Aligner, Bead, Document, Lang};

/// How many not-yet-approved beads on each side of a structural change are re-aligned.
pub const REALIGN_WINDOW: usize = 10;

/// The longest accepted wording or comment, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// What a vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteOutcome {
    /// Net votes of the target after the vote.
    pub net: i64,
    /// Whether `--auto-approve` applied the suggestion.
    pub applied: bool,
}

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

/// A bead as kept in event snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BeadSnap {
    span: Span,
    score: f64,
    status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WordSnap {
    lang: Lang,
    idx: usize,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
struct Snapshot {
    beads: Vec<BeadSnap>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wording: Vec<WordSnap>,
}

fn snap(b: &StoredBead) -> BeadSnap {
    BeadSnap {
        span: b.span(),
        score: b.score,
        status: b.status,
    }
}

fn covering(beads: &[BeadSnap]) -> Span {
    let first = beads.first().map_or([0; 4], |b| b.span.0);
    let last = beads.last().map_or([0; 4], |b| b.span.0);
    Span([first[0], last[1], first[2], last[3]])
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

fn bead_or_404(conn: &Connection, doc: DocId, bead: BeadId) -> Result<StoredBead> {
    bead_of(conn, doc, bead)?.ok_or(StoreError::NotFound("bead"))
}

fn check_text(text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Invalid(format!("the {what} is empty")));
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(StoreError::Invalid(format!(
            "the {what} is longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok(t.to_string())
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
        if !(-1..=1).contains(&value) {
            return Err(StoreError::Invalid("a vote is 1, -1 or 0".into()));
        }
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            check_version(&b, seen_version)?;
            let before = set_vote(tx, "bead_votes", "bead_id", bead, user, value)?;
            log(
                tx,
                Some(doc),
                Some(user),
                "vote",
                Some(&format!("bead:{bead}")),
                Some(&before.to_string()),
                Some(&value.to_string()),
            )?;
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
                    log(
                        tx,
                        Some(doc),
                        Some(user),
                        "suggest",
                        Some(&format!("bead:{bead}")),
                        None,
                        Some(&json),
                    )?;
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
        if !(-1..=1).contains(&value) {
            return Err(StoreError::Invalid("a vote is 1, -1 or 0".into()));
        }
        self.write(|tx| {
            let (s, b) = open_suggestion(tx, id)?;
            check_version(&b, seen_version)?;
            let before = set_vote(tx, "suggestion_votes", "suggestion_id", id, user, value)?;
            log(
                tx,
                Some(s.doc_id),
                Some(user),
                "vote",
                Some(&format!("suggestion:{id}")),
                Some(&before.to_string()),
                Some(&value.to_string()),
            )?;
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
        let reason = check_text(reason, "reason")?;
        self.write(|tx| {
            let (s, _) = open_suggestion(tx, id)?;
            tx.execute(
                "UPDATE suggestions SET status = 'rejected', reason = ?2, decided_by = ?3 WHERE id = ?1",
                params![id, reason, admin],
            )?;
            log(
                tx,
                Some(s.doc_id),
                Some(admin),
                "reject",
                s.bead_id.map(|b| format!("bead:{b}")).as_deref(),
                Some(&format!("suggestion:{id}")),
                Some(&reason),
            )?;
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
                beads: vec![snap(&b)],
                wording: vec![],
            };
            let mut after = before.clone();
            after.beads[0].status = Status::Approved;
            replace(tx, doc, std::slice::from_ref(&b), &after.beads)?;
            log_span(
                tx,
                Some(doc),
                Some(admin),
                "approve_bead",
                Some(&format!("bead:{bead}")),
                Some(b.span()),
                Some(&serde_json::to_string(&before)?),
                Some(&serde_json::to_string(&after)?),
            )?;
            Ok(())
        })
    }

    /// Comments on a bead.
    pub fn comment(&mut self, user: UserId, doc: DocId, bead: BeadId, text: &str) -> Result<i64> {
        let text = check_text(text, "comment")?;
        self.write(|tx| {
            let b = bead_or_404(tx, doc, bead)?;
            tx.execute(
                "INSERT INTO comments (doc_id, bead_id, ru_start, en_start, user_id, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![doc, bead, b.ru.start as i64, b.en.start as i64, user, text],
            )?;
            let id = tx.last_insert_rowid();
            log(
                tx,
                Some(doc),
                Some(user),
                "comment",
                Some(&format!("bead:{bead}")),
                None,
                Some(&text),
            )?;
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
    let (Some(doc), true, Some(before), Some(after)) = (
        doc,
        matches!(action.as_str(), "apply" | "approve_bead" | "revert"),
        before,
        after,
    ) else {
        return Err(StoreError::Invalid(
            "only alignment and wording changes can be reverted".into(),
        ));
    };
    let before: Snapshot = serde_json::from_str(&before)?;
    let after: Snapshot = serde_json::from_str(&after)?;
    let span = covering(&after.beads);
    let all = beads_of(tx, doc)?;
    let current: Vec<StoredBead> = all
        .into_iter()
        .filter(|b| {
            b.ru.start >= span.0[0]
                && b.ru.end <= span.0[1]
                && b.en.start >= span.0[2]
                && b.en.end <= span.0[3]
        })
        .collect();
    let now: Vec<BeadSnap> = current.iter().map(snap).collect();
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
    log_span(
        tx,
        Some(doc),
        Some(admin),
        "revert",
        Some(&format!("event:{event}")),
        Some(covering(&before.beads)),
        Some(&serde_json::to_string(&after)?),
        Some(&serde_json::to_string(&before)?),
    )?;
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

/// Works out what `change` does to the current beads.
fn plan(conn: &Connection, doc: DocId, bead: &StoredBead, change: Change) -> Result<Payload> {
    let beads = beads_of(conn, doc)?;
    let i = beads
        .iter()
        .position(|b| b.id == bead.id)
        .ok_or(StoreError::NotFound("bead"))?;
    let invalid = |m: &str| Err(StoreError::Invalid(m.to_string()));
    let b = bead.span().0;
    let prev = i.checked_sub(1).map(|j| beads[j].span().0);
    let next = beads.get(i + 1).map(|n| n.span().0);
    let (old, new): (Vec<[usize; 4]>, Vec<[usize; 4]>) = match &change {
        Change::MergeNext => {
            let Some(n) = next else {
                return invalid("there is no next bead to merge with");
            };
            (vec![b, n], vec![[b[0], n[1], b[2], n[3]]])
        }
        Change::MergePrev => {
            let Some(p) = prev else {
                return invalid("there is no previous bead to merge with");
            };
            (vec![p, b], vec![[p[0], b[1], p[2], b[3]]])
        }
        Change::Split { ru_at, en_at } => {
            let (ru_at, en_at) = (*ru_at, *en_at);
            if !(b[0]..=b[1]).contains(&ru_at) || !(b[2]..=b[3]).contains(&en_at) {
                return invalid("the split point lies outside the bead");
            }
            let first = [b[0], ru_at, b[2], en_at];
            let second = [ru_at, b[1], en_at, b[3]];
            if Span(first).is_empty() || Span(second).is_empty() {
                return invalid("both parts of a split must keep a sentence");
            }
            (vec![b], vec![first, second])
        }
        Change::MoveFirstToPrev { lang } => {
            let Some(p) = prev else {
                return invalid("there is no previous bead");
            };
            let k = if *lang == Lang::Ru { 0 } else { 2 };
            if b[k] == b[k + 1] {
                return invalid("the bead has no sentence on that side");
            }
            let (mut p2, mut b2) = (p, b);
            p2[k + 1] += 1;
            b2[k] += 1;
            if Span(b2).is_empty() {
                return invalid("that would leave the bead empty; merge it instead");
            }
            (vec![p, b], vec![p2, b2])
        }
        Change::MoveLastToNext { lang } => {
            let Some(n) = next else {
                return invalid("there is no next bead");
            };
            let k = if *lang == Lang::Ru { 0 } else { 2 };
            if b[k] == b[k + 1] {
                return invalid("the bead has no sentence on that side");
            }
            let (mut b2, mut n2) = (b, n);
            b2[k + 1] -= 1;
            n2[k] -= 1;
            if Span(b2).is_empty() {
                return invalid("that would leave the bead empty; merge it instead");
            }
            (vec![b, n], vec![b2, n2])
        }
        Change::Unpair => {
            if b[0] == b[1] || b[2] == b[3] {
                return invalid("the bead is already one-sided");
            }
            (
                vec![b],
                vec![[b[0], b[1], b[2], b[2]], [b[1], b[1], b[2], b[3]]],
            )
        }
        Change::PairNext => {
            let Some(n) = next else {
                return invalid("there is no next bead");
            };
            let one_ru = b[2] == b[3] && n[0] == n[1];
            let one_en = b[0] == b[1] && n[2] == n[3];
            if !(one_ru || one_en) {
                return invalid(
                    "only a one-sided bead followed by a one-sided bead of the other language can be paired",
                );
            }
            (vec![b, n], vec![[b[0], n[1], b[2], n[3]]])
        }
        Change::Wording { lang, idx, text } => {
            let range = if *lang == Lang::Ru {
                bead.ru.clone()
            } else {
                bead.en.clone()
            };
            if !range.contains(idx) {
                return invalid("the sentence is not in this bead");
            }
            let text = check_text(text, "wording")?;
            let base = sentence_text(conn, doc, *lang, *idx)?;
            if text == base {
                return invalid("the wording is the same as the applied one");
            }
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
    };
    Ok(Payload {
        change,
        old: old.into_iter().map(Span).collect(),
        new: new.into_iter().map(Span).collect(),
        base_text: None,
    })
}

/// Applies an open suggestion; `admin` is `None` for auto-approval.
fn apply(
    conn: &Connection,
    admin: Option<UserId>,
    s: &Suggestion,
    bead: &StoredBead,
) -> Result<()> {
    let doc = s.doc_id;
    let stale = || {
        StoreError::Conflict(
            "the beads this suggestion changes are no longer as they were; it cannot be applied"
                .into(),
        )
    };
    let (before, after) = if let Change::Wording { lang, idx, text } = &s.change {
        let now = sentence_text(conn, doc, *lang, *idx)?;
        if Some(&now) != s.base_text.as_ref() {
            return Err(stale());
        }
        let before = Snapshot {
            beads: vec![snap(bead)],
            wording: vec![WordSnap {
                lang: *lang,
                idx: *idx,
                text: now,
            }],
        };
        let mut after = before.clone();
        after.beads[0].status = Status::Approved;
        after.wording[0].text = text.clone();
        set_sentence_text(conn, doc, *lang, *idx, text)?;
        let b = bead_or_404(conn, doc, bead.id)?;
        replace(conn, doc, std::slice::from_ref(&b), &after.beads)?;
        (before, after)
    } else {
        let beads = beads_of(conn, doc)?;
        let Some(i0) = beads.iter().position(|b| Some(&b.span()) == s.old.first()) else {
            return Err(stale());
        };
        let i1 = i0 + s.old.len();
        if beads.len() < i1
            || beads[i0..i1]
                .iter()
                .map(|b| b.span())
                .ne(s.old.iter().copied())
        {
            return Err(stale());
        }
        // The neighbourhood: not-yet-approved beads next to the change, up to the window.
        let mut lo = i0;
        while lo > 0 && i0 - lo < REALIGN_WINDOW && beads[lo - 1].status == Status::Automatic {
            lo -= 1;
        }
        let mut hi = i1;
        while hi < beads.len() && hi - i1 < REALIGN_WINDOW && beads[hi].status == Status::Automatic
        {
            hi += 1;
        }
        let made: Vec<Bead> = s
            .new
            .iter()
            .map(|sp| Bead::new(sp.ru(), sp.en(), 1.0))
            .collect();
        let mut fixed: Vec<Bead> = Vec::new();
        fixed.extend(beads[..lo].iter().map(to_bead));
        fixed.extend(made.iter().cloned());
        fixed.extend(beads[hi..].iter().map(to_bead));
        let (ru, en) = applied_documents(conn, doc)?;
        let all = realign(&ru, &en, &fixed)?;
        let region = Span([
            beads[lo].ru.start,
            beads[hi - 1].ru.end,
            beads[lo].en.start,
            beads[hi - 1].en.end,
        ]);
        let new_region: Vec<BeadSnap> = all
            .iter()
            .filter(|b| {
                b.ru.start >= region.0[0]
                    && b.ru.end <= region.0[1]
                    && b.en.start >= region.0[2]
                    && b.en.end <= region.0[3]
            })
            .map(|b| {
                let span = Span([b.ru.start, b.ru.end, b.en.start, b.en.end]);
                let approved = s.new.contains(&span);
                BeadSnap {
                    span,
                    score: if approved {
                        1.0
                    } else {
                        b.score.clamp(0.0, 1.0)
                    },
                    status: if approved {
                        Status::Approved
                    } else {
                        Status::Automatic
                    },
                }
            })
            .collect();
        let spans: Vec<Span> = new_region.iter().map(|b| b.span).collect();
        check_tiling(&spans, region.ru(), region.en())
            .map_err(|e| StoreError::Invalid(format!("re-alignment failed: {e}")))?;
        let before = Snapshot {
            beads: beads[lo..hi].iter().map(snap).collect(),
            wording: vec![],
        };
        let after = Snapshot {
            beads: new_region,
            wording: vec![],
        };
        replace(conn, doc, &beads[lo..hi], &after.beads)?;
        (before, after)
    };
    conn.execute(
        "UPDATE suggestions SET status = 'applied', decided_by = ?2 WHERE id = ?1",
        params![s.id, admin],
    )?;
    log_span(
        conn,
        Some(doc),
        admin,
        "apply",
        Some(&format!("suggestion:{}", s.id)),
        Some(covering(&before.beads)),
        Some(&serde_json::to_string(&before)?),
        Some(&serde_json::to_string(&after)?),
    )?;
    Ok(())
}

fn to_bead(b: &StoredBead) -> Bead {
    Bead::new(b.ru.clone(), b.en.clone(), b.score)
}

/// Re-aligns the sentences between `fixed` beads with [`Aligner::align_fixed`]; the fixed
/// beads come back unchanged.
fn realign(ru: &Document, en: &Document, fixed: &[Bead]) -> Result<Vec<Bead>> {
    Ok(Aligner::new().align_fixed(ru, en, fixed)?)
}

/// Replaces the run of beads `old` with `new` (a tiling of the same sentences). Beads that
/// keep their sentences keep their row, votes and suggestions; the rest are deleted, their
/// open suggestions marked obsolete.
fn replace(conn: &Connection, doc: DocId, old: &[StoredBead], new: &[BeadSnap]) -> Result<()> {
    let kept: Vec<Option<&StoredBead>> = new
        .iter()
        .map(|n| old.iter().find(|o| o.span() == n.span))
        .collect();
    for o in old {
        if !new.iter().any(|n| n.span == o.span()) {
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
                let s = n.span.0;
                conn.execute(
                    "INSERT INTO beads (doc_id, ru_start, ru_end, en_start, en_end, score, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        doc,
                        s[0] as i64,
                        s[1] as i64,
                        s[2] as i64,
                        s[3] as i64,
                        n.score,
                        n.status.as_str()
                    ],
                )?;
            }
        }
    }
    Ok(())
}
