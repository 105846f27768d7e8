//! Loading aligned corpora into the review database (`sverka import`).

use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::review::DocId;
use crate::{Bead, Document};

impl Store {
    /// The oldest document titled `title` (after trimming, as [`Store::create_document`]
    /// stores titles), if any.
    pub fn document_by_title(&self, title: &str) -> Result<Option<DocId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE title = ?1 ORDER BY id LIMIT 1",
                [title.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores an aligned pair as the document titled `name` unless a document of that title
    /// exists already. Returns the new document's id, or `None` when it was already there, so
    /// importing the same corpus twice adds nothing.
    ///
    /// Run one import at a time on a database: two concurrent imports of the same name may
    /// both add it.
    ///
    /// # Example
    /// ```
    /// use sverka::storage::Store;
    /// use sverka::{Document, Lang, align};
    ///
    /// let mut store = Store::open_in_memory().unwrap();
    /// let ru = Document::new("Привет.", Lang::Ru).unwrap();
    /// let en = Document::new("Hello.", Lang::En).unwrap();
    /// let beads = align(&ru, &en);
    /// let first = store.import_document("greeting", &ru, &en, &beads).unwrap();
    /// assert!(first.is_some());
    /// assert_eq!(store.import_document("greeting", &ru, &en, &beads).unwrap(), None);
    /// assert_eq!(store.documents().unwrap().len(), 1);
    /// ```
    pub fn import_document(
        &mut self,
        name: &str,
        ru: &Document,
        en: &Document,
        beads: &[Bead],
    ) -> Result<Option<DocId>> {
        if self.document_by_title(name)?.is_some() {
            return Ok(None);
        }
        self.create_document(None, name, ru, en, beads).map(Some)
    }
}
