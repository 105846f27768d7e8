//! Documents: their sentences, beads and review state.

use rusqlite::{OptionalExtension, params};

use super::events::Entry;
use super::{
    Result, Store, StoreError, applied_documents, bead_of, bead_row, beads_of, sentences_in,
};
use crate::bead::check_tiling;
use crate::review::LOW_CONFIDENCE;
use crate::review::model::{
    Action, Applied, BeadId, BeadReview, BeadVote, Comment, DocId, DocumentSummary, Origin,
    StoredBead, StoredSentence, Suggestion, SuggestionId, Target, UserId,
};
use crate::{Bead, Document, Lang};

impl Store {
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
        self.insert_document(actor, title, (ru, en), beads, Origin::Aligned)
    }

    /// [`Store::create_document`] with the alignment's origin, stored in the same transaction.
    pub(crate) fn insert_document(
        &mut self,
        actor: Option<UserId>,
        title: &str,
        (ru, en): (&Document, &Document),
        beads: &[Bead],
        origin: Origin,
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
                "INSERT INTO documents (title, ru_text, en_text, created_by, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![title, ru.text(), en.text(), actor, origin.as_str()],
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
        super::review::suggestions_of(&self.conn, bead, viewer)
    }

    /// One suggestion.
    pub fn suggestion(&self, id: SuggestionId) -> Result<Option<Suggestion>> {
        super::review::suggestion(&self.conn, id, None)
    }

    /// The comments on a bead, oldest first (with those that moved to it from a bead a
    /// change replaced).
    pub fn comments(&self, bead: BeadId) -> Result<Vec<Comment>> {
        self.bead_comments(bead)
    }
}
