//! Per-document caches of what the review pages compute from a document: the aligner's
//! evidence and the map's inputs, kept with the document's text stamp
//! ([`Store::text_stamp`]) and recomputed when its wording or alignment changes; the
//! reviewers' activity, kept until anything new is logged for the document.
//!
//! A miss computes while the caller holds a reading connection (the evidence and the heat run
//! the aligner's scorer): see docs/architecture.md.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::review::evidence::{DocEvidence, compute};
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
        let lock = || self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((s, v)) = lock().get(&doc)
            && *s == stamp
        {
            return Ok(v.clone());
        }
        let v = Arc::new(compute()?);
        let mut map = lock();
        if map.len() >= MAX_DOCUMENTS {
            map.clear();
        }
        map.insert(doc, (stamp, v.clone()));
        Ok(v)
    }
}

/// The caches of the review pages.
#[derive(Default)]
pub(crate) struct Caches {
    evidence: Stamped<DocEvidence>,
    shapes: Stamped<DocShape>,
    activity: Stamped<Vec<ReviewerActivity>>,
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
