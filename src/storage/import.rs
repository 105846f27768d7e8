//! Loading aligned corpora and existing alignments into the review database (`sverka import`).

use rusqlite::OptionalExtension;

use super::{Result, Store, StoreError};
use crate::review::{DocId, Origin};
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
        self.insert_new(name, (ru, en), beads, Origin::Aligned)
    }

    /// Stores an existing alignment (read by [`crate::input::read_alignment`] or
    /// [`crate::input::read_moses`]) as the document titled `name`, its beads as given and
    /// its origin [`Origin::Imported`], unless a document of that title exists already
    /// (`None`, as [`Store::import_document`]).
    ///
    /// The document, its origin, sentences and beads are stored in one transaction: a failure
    /// stores none of them.
    ///
    /// # Example
    /// ```
    /// use sverka::input::{AlignmentOptions, read_alignment};
    /// use sverka::review::Origin;
    /// use sverka::storage::Store;
    ///
    /// let a = read_alignment("tm.tsv", "Да.\tYes.\nНет.\tNo.\n".as_bytes(), None,
    ///                        &AlignmentOptions::default()).unwrap();
    /// let mut store = Store::open_in_memory().unwrap();
    /// let doc = store.import_alignment("tm", &a.ru, &a.en, &a.beads).unwrap().unwrap();
    /// assert_eq!(store.document_origin(doc).unwrap(), Origin::Imported);
    /// assert_eq!(store.import_alignment("tm", &a.ru, &a.en, &a.beads).unwrap(), None);
    /// ```
    pub fn import_alignment(
        &mut self,
        name: &str,
        ru: &Document,
        en: &Document,
        beads: &[Bead],
    ) -> Result<Option<DocId>> {
        self.insert_new(name, (ru, en), beads, Origin::Imported)
    }

    /// Stores the document titled `name` unless one of that title exists (`None`).
    fn insert_new(
        &mut self,
        name: &str,
        texts: (&Document, &Document),
        beads: &[Bead],
        origin: Origin,
    ) -> Result<Option<DocId>> {
        if self.document_by_title(name)?.is_some() {
            return Ok(None);
        }
        self.insert_document(None, name, texts, beads, origin)
            .map(Some)
    }

    /// Where the alignment of document `doc` came from; [`StoreError::NotFound`] when there
    /// is no such document.
    pub fn document_origin(&self, doc: DocId) -> Result<Origin> {
        let origin: Option<String> = self
            .conn
            .query_row("SELECT origin FROM documents WHERE id = ?1", [doc], |r| {
                r.get(0)
            })
            .optional()?;
        origin
            .map(|o| Origin::parse(&o))
            .ok_or(StoreError::NotFound("document"))
    }
}
