//! The export of a reviewed document: its applied wording and alignment handed to
//! [`crate::export::write`], shared by the server's Export menu and `sverka export`.

use super::model::{Applied, DocId, Status};
use crate::Bead;
use crate::export::{self, ExportOptions, Format};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportRequest {
    /// The format.
    pub format: Format,
    /// Only approved beads. The default is `false`.
    pub approved_only: bool,
    /// Add each bead's review status (TSV: a fourth column, JSON: `"status"`, TMX: a
    /// `<prop type="x-status">`). The default is `false`.
    pub status_column: bool,
}

/// Exports the applied wording and alignment of document `doc`; returns the bytes and a
/// download file name such as `document-1.tsv`.
///
/// # Example
/// ```
/// use sverka::export::Format;
/// use sverka::review::{ExportRequest, export_applied};
/// use sverka::storage::Store;
/// use sverka::{Document, Lang, align};
///
/// let mut store = Store::open_in_memory().unwrap();
/// let ru = Document::new("Привет. Пока.", Lang::Ru).unwrap();
/// let en = Document::new("Hello. Bye.", Lang::En).unwrap();
/// let doc = store.create_document(None, "Greetings", &ru, &en, &align(&ru, &en)).unwrap();
/// let req = ExportRequest { format: Format::Tsv, approved_only: false, status_column: true };
/// let (bytes, name) = export_applied(&store.applied(doc).unwrap(), doc, req).unwrap();
/// assert_eq!(name, format!("document-{doc}.tsv"));
/// assert!(String::from_utf8(bytes).unwrap().starts_with("Привет.\tHello.\t"));
/// ```
pub fn export_applied(
    applied: &Applied,
    doc: DocId,
    req: ExportRequest,
) -> crate::Result<(Vec<u8>, String)> {
    let (beads, statuses): (Vec<Bead>, Vec<Status>) = applied
        .beads
        .iter()
        .zip(&applied.statuses)
        .filter(|(_, s)| !req.approved_only || **s == Status::Approved)
        .map(|(b, s)| (b.clone(), *s))
        .unzip();
    let name = format!("document-{doc}");
    let options = ExportOptions {
        statuses: req
            .status_column
            .then(|| statuses.iter().map(|s| s.as_str().to_string()).collect()),
        doc_name: Some(name.clone()),
        ..ExportOptions::default()
    };
    let mut out = Vec::new();
    export::write(
        &mut out,
        req.format,
        &applied.ru,
        &applied.en,
        &beads,
        &options,
    )
    .map_err(crate::Error::Export)?;
    Ok((out, format!("{name}.{}", req.format.extension())))
}
