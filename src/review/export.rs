//! The export of a reviewed document: its applied wording and alignment handed to
//! [`crate::export::write`], shared by the server's Export menu and `sverka export`.

use super::model::{Applied, DocId, Status};
use crate::export::{self, BookStyle, ExportOptions, Format};
use crate::{Bead, Lang, qa};

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
    /// HTML and EPUB: how the book looks. Books are titled with the document's title, and
    /// mark the beads not yet approved (with `approved_only`, none).
    pub book: BookStyle,
    /// Run the automatic checks ([`crate::qa`], default settings) on the applied alignment and
    /// add each bead's findings (TSV: a `findings` column, JSON: `"findings"`, TMX: a `<note>`
    /// and a `<prop type="x-sverka-check">` per finding). The default is `false`.
    pub findings: bool,
}

/// The longest file-name stem [`file_stem`] makes from a title, in bytes.
const MAX_STEM: usize = 60;

/// The file-name stem of a document's downloads: its title in lowercase ASCII (Cyrillic
/// transliterated), words joined by `-`, at most 60 bytes; `document-{doc}` when the title
/// has no letters or digits.
///
/// # Example
/// ```
/// use sverka::review::export::file_stem;
/// assert_eq!(file_stem("Durov: Digital Resistance", 1), "durov-digital-resistance");
/// assert_eq!(file_stem("Цифровое сопротивление", 1), "tsifrovoe-soprotivlenie");
/// assert_eq!(file_stem("«…»", 7), "document-7");
/// ```
pub fn file_stem(title: &str, doc: DocId) -> String {
    let latin = crate::text::transliterate(title);
    let mut stem = String::new();
    for word in latin
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() + 1 > MAX_STEM && !stem.is_empty() {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word[..word.len().min(MAX_STEM)]);
    }
    if stem.is_empty() {
        format!("document-{doc}")
    } else {
        stem
    }
}

/// Which file of an export to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportPart {
    /// The export itself (for cesAlign: the link file). The default.
    #[default]
    Main,
    /// cesAlign only: the sentence file of one side, which the link file's `fromDoc`
    /// (Russian) or `toDoc` (English) names.
    Sentences(Lang),
    /// The report of every finding of the automatic checks on the whole document, as
    /// [`export::write_findings_tsv`] writes it (`NAME.findings.tsv`; the format asked for
    /// and `approved_only` do not apply).
    Findings,
}

/// One download: its bytes, file name and HTTP content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The file name, such as `durov-digital-resistance.tmx` ([`file_stem`] of the title and
    /// the format's extension; `….ru.xml` / `….en.xml` for cesAlign sentence files).
    pub file_name: String,
    /// The HTTP `Content-Type`.
    pub content_type: &'static str,
}

/// Exports the applied wording and alignment of document `doc`; returns the bytes and a
/// download file name made of the title's [`file_stem`] and the format's extension.
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
/// let req = ExportRequest {
///     format: Format::Tsv,
///     approved_only: false,
///     status_column: true,
///     book: Default::default(),
///     findings: false,
/// };
/// let (bytes, name) = export_applied(&store.applied(doc).unwrap(), doc, req).unwrap();
/// assert_eq!(name, "greetings.tsv");
/// assert!(String::from_utf8(bytes).unwrap().starts_with("Привет.\tHello.\t"));
/// ```
pub fn export_applied(
    applied: &Applied,
    doc: DocId,
    req: ExportRequest,
) -> crate::Result<(Vec<u8>, String)> {
    let file = export_file(applied, doc, req, false, ExportPart::Main)?;
    Ok((file.bytes, file.file_name))
}

/// Like [`export_applied`], with the choices of the review page's Export menu: a TSV header
/// row (`header`; ignored by the other formats) and, for cesAlign, which file of the three.
///
/// # Example
/// ```
/// use sverka::export::Format;
/// use sverka::review::{ExportPart, ExportRequest, export_file};
/// use sverka::storage::Store;
/// use sverka::{Document, Lang, align};
///
/// let mut store = Store::open_in_memory().unwrap();
/// let ru = Document::new("Привет. Пока.", Lang::Ru).unwrap();
/// let en = Document::new("Hello. Bye.", Lang::En).unwrap();
/// let doc = store.create_document(None, "Greetings", &ru, &en, &align(&ru, &en)).unwrap();
/// let applied = store.applied(doc).unwrap();
/// let req = ExportRequest {
///     format: Format::Cesalign,
///     approved_only: false,
///     status_column: false,
///     book: Default::default(),
///     findings: false,
/// };
/// let links = export_file(&applied, doc, req, false, ExportPart::Main).unwrap();
/// assert!(String::from_utf8(links.bytes).unwrap().contains(r#"fromDoc="greetings.ru.xml""#));
/// let ru = export_file(&applied, doc, req, false, ExportPart::Sentences(Lang::Ru)).unwrap();
/// assert_eq!(ru.file_name, "greetings.ru.xml");
/// ```
pub fn export_file(
    applied: &Applied,
    doc: DocId,
    req: ExportRequest,
    header: bool,
    part: ExportPart,
) -> crate::Result<ExportFile> {
    let stem = file_stem(&applied.title, doc);
    match part {
        ExportPart::Findings => findings_report(applied, stem),
        ExportPart::Sentences(lang) => sentence_file(applied, stem, lang),
        ExportPart::Main => alignment_file(applied, stem, req, header),
    }
}

/// Every finding of the automatic checks, one a line (`sverka check --format tsv`).
fn findings_report(applied: &Applied, stem: String) -> crate::Result<ExportFile> {
    let findings = qa::check(&applied.ru, &applied.en, &applied.beads);
    let mut bytes = Vec::new();
    export::write_findings_tsv(
        &mut bytes,
        &applied.ru,
        &applied.en,
        &applied.beads,
        &findings,
    )
    .map_err(crate::Error::Export)?;
    Ok(ExportFile {
        bytes,
        file_name: format!("{stem}.findings.tsv"),
        content_type: Format::Tsv.content_type(),
    })
}

/// A cesAlign sentence file of one side.
fn sentence_file(applied: &Applied, stem: String, lang: Lang) -> crate::Result<ExportFile> {
    let side = match lang {
        Lang::Ru => &applied.ru,
        Lang::En => &applied.en,
    };
    let mut bytes = Vec::new();
    export::write_ces_sentences(&mut bytes, side).map_err(crate::Error::Export)?;
    Ok(ExportFile {
        bytes,
        file_name: format!("{stem}.{}.xml", lang.code()),
        content_type: Format::Cesalign.content_type(),
    })
}

/// The alignment in `req`'s format: the beads kept (all, or approved ones), with their
/// statuses and findings when asked for.
fn alignment_file(
    applied: &Applied,
    stem: String,
    req: ExportRequest,
    header: bool,
) -> crate::Result<ExportFile> {
    let mut findings = req.findings.then(|| {
        let found = qa::check(&applied.ru, &applied.en, &applied.beads);
        qa::per_bead(found, applied.beads.len()).into_iter()
    });
    let mut kept = Vec::new();
    let (beads, statuses): (Vec<Bead>, Vec<Status>) = applied
        .beads
        .iter()
        .zip(&applied.statuses)
        .filter_map(|(b, s)| {
            let found = findings.as_mut().and_then(Iterator::next);
            let keep = !req.approved_only || *s == Status::Approved;
            if keep && let Some(f) = found {
                kept.push(f);
            }
            keep.then(|| (b.clone(), *s))
        })
        .unzip();
    let options = ExportOptions {
        header,
        statuses: (req.status_column || req.format.is_book())
            .then(|| statuses.iter().map(|s| s.as_str().to_string()).collect()),
        findings: req.findings.then_some(kept),
        doc_name: Some(stem.clone()),
        title: Some(applied.title.clone()),
        book: req.book,
        ..ExportOptions::default()
    };
    let mut bytes = Vec::new();
    export::write(
        &mut bytes,
        req.format,
        &applied.ru,
        &applied.en,
        &beads,
        &options,
    )
    .map_err(crate::Error::Export)?;
    Ok(ExportFile {
        bytes,
        file_name: format!("{stem}.{}", req.format.extension()),
        content_type: req.format.content_type(),
    })
}
