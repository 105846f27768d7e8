//! Per-document caches of what the review pages compute from a document's text: the aligner's
//! evidence and the map's inputs. Each entry is kept with the document's text stamp (see
//! [`Store::text_stamp`]) and recomputed when the wording or alignment changes.

use std::collections::HashMap;
use std::sync::Arc;

use crate::review::DocId;
use crate::review::evidence::{DocEvidence, compute};
use crate::storage::{Store, StoreError};

/// The per-document cache: the text stamp it was computed at and the evidence.
#[derive(Default)]
pub(crate) struct EvidenceCache {
    docs: std::sync::Mutex<HashMap<DocId, (i64, Arc<DocEvidence>)>>,
}

impl EvidenceCache {
    /// The evidence of `doc`, computed on a miss (blocking; call from the blocking pool).
    pub(crate) fn get(&self, store: &Store, doc: DocId) -> Result<Arc<DocEvidence>, StoreError> {
        let stamp = store.text_stamp(doc)?;
        if let Some((s, ev)) = self.lock().get(&doc)
            && *s == stamp
        {
            return Ok(ev.clone());
        }
        let applied = store.applied(doc)?;
        let ev = Arc::new(compute(&applied.ru, &applied.en, &applied.beads));
        let mut docs = self.lock();
        // Keep the cache small: documents not shown lately are dropped first.
        if docs.len() >= 64 {
            docs.clear();
        }
        docs.insert(doc, (stamp, ev.clone()));
        Ok(ev)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DocId, (i64, Arc<DocEvidence>)>> {
        self.docs.lock().unwrap_or_else(|p| p.into_inner())
    }
}
