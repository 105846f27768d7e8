//! Per-document caches of what the review pages compute from a document: the aligner's
//! evidence and the map's inputs, kept with the document's text stamp
//! ([`Store::text_stamp`]) and recomputed when its wording or alignment changes; the
//! reviewers' activity, kept until anything new is logged for the document.
//!
//! A miss of the evidence, shape or heat computes while the caller holds a reading connection
//! (they run the aligner's scorer): see docs/architecture.md. The findings of the automatic
//! checks ([`findings`]) are computed with no connection held: the stamp and the document are
//! read, the connection is released, and the checks run on the blocking pool.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{AppState, WebResult};
use crate::review::evidence::{DocEvidence, compute};
use crate::review::findings::DocFindings;
use crate::review::overview::DocShape;
use crate::review::{DocId, ReviewerActivity};
use crate::storage::{Store, StoreError};

/// At most this many documents are kept in each cache; a full cache is emptied.
const MAX_DOCUMENTS: usize = 64;

/// Values per document, each with the stamp it was computed at.
struct Stamped<T>(Mutex<HashMap<DocId, (i64, Arc<T>)>>);

impl<T> Default for Stamped<T> {
    fn default() -> Self {
        Stamped(Mutex::new(HashMap::new()))
    }
}

impl<T> Stamped<T> {
    /// The value of `doc` at `stamp`, computed on a miss.
    fn get(
        &self,
        doc: DocId,
        stamp: i64,
        compute: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<Arc<T>, StoreError> {
        if let Some(v) = self.peek(doc, stamp) {
            return Ok(v);
        }
        Ok(self.put(doc, stamp, compute()?))
    }

    /// The value of `doc` if it was computed at `stamp`.
    fn peek(&self, doc: DocId, stamp: i64) -> Option<Arc<T>> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&doc)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `v` as the value of `doc` at `stamp`.
    fn put(&self, doc: DocId, stamp: i64, v: T) -> Arc<T> {
        let v = Arc::new(v);
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_DOCUMENTS {
            map.clear();
        }
        map.insert(doc, (stamp, v.clone()));
        v
    }
}

/// The caches of the review pages.
#[derive(Default)]
pub(crate) struct Caches {
    evidence: Stamped<DocEvidence>,
    shapes: Stamped<DocShape>,
    activity: Stamped<Vec<ReviewerActivity>>,
    findings: Stamped<DocFindings>,
}

impl Caches {
    /// The aligner's evidence for every bead of `doc` (blocking: call on the blocking pool).
    pub(crate) fn evidence(
        &self,
        store: &Store,
        doc: DocId,
    ) -> Result<Arc<DocEvidence>, StoreError> {
        self.evidence.get(doc, store.text_stamp(doc)?, || {
            let applied = store.applied(doc)?;
            Ok(compute(&applied.ru, &applied.en, &applied.beads))
        })
    }

    /// The text-derived inputs of `doc`'s map and statistics (blocking).
    pub(crate) fn shape(&self, store: &Store, doc: DocId) -> Result<Arc<DocShape>, StoreError> {
        self.shapes.get(doc, store.text_stamp(doc)?, || {
            Ok(DocShape::of(&store.applied(doc)?))
        })
    }

    /// The reviewers' activity on `doc` (blocking).
    pub(crate) fn activity(
        &self,
        store: &Store,
        doc: DocId,
    ) -> Result<Arc<Vec<ReviewerActivity>>, StoreError> {
        self.activity.get(doc, store.activity_stamp(doc)?, || {
            store.reviewer_activity(doc)
        })
    }
}

/// The findings of the automatic checks on every bead of `doc`, kept with the document's text
/// stamp. A miss reads the stamp and then the applied document on a reading connection,
/// releases it, and runs the checks on the blocking pool with no connection or lock held; the
/// result is kept under the stamp read first, so a change in between only makes the next
/// request check again. Two requests that miss at once both check (the later result is kept).
pub(crate) async fn findings(state: &AppState, doc: DocId) -> WebResult<Arc<DocFindings>> {
    let st = state.clone();
    let (stamp, hit) = state
        .db(move |s| -> Result<_, StoreError> {
            let stamp = s.text_stamp(doc)?;
            Ok((stamp, st.caches().findings.peek(doc, stamp)))
        })
        .await??;
    if let Some(f) = hit {
        return Ok(f);
    }
    let applied = state.db(move |s| s.applied(doc)).await??;
    let found = state.compute(move || DocFindings::of(&applied)).await?;
    Ok(state.caches().findings.put(doc, stamp, found))
}
