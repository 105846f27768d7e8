//! Documents: the list, adding one (pasted or uploaded in any format `crate::input` reads),
//! importing an existing alignment, deleting, the history and restoring an earlier state
//! (exports: [`super::export`]).

use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Upload, page};
use crate::input::{
    Aligned, AlignmentFormat, AlignmentOptions, Limits, ReadOptions, read_alignment, read_bytes,
    read_moses,
};
use crate::review::{Action, DocId, DocumentSummary, EventId, LanguageCheck, check_languages};
use crate::storage::StoreError;
use crate::web::flash::Flash;
use crate::web::live::LiveKind;
use crate::web::multipart::Part;
use crate::web::templates::{
    ConfirmTemplate, HistoryTemplate, IndexTemplate, NewDocumentTemplate, render,
};
use crate::web::views::{DocRow, EventView};
use crate::web::{AppState, MAX_TEXT_BYTES, Visitor, WebError, WebResult};
use crate::{Aligner, Document, Lang};

/// `GET /`: the documents with their review progress.
pub(crate) async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let docs = state.db(|s| s.documents()).await??;
    Ok(render(
        StatusCode::OK,
        &IndexTemplate {
            page: page(&state, &v),
            docs: docs.into_iter().map(DocRow::from).collect(),
        },
    ))
}

/// The fields of the new-document form.
#[derive(Deserialize, Default)]
pub(crate) struct NewDocumentForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    ru: String,
    #[serde(default)]
    en: String,
    /// The answer to the language check: `swap` the texts, or `keep` them as they are.
    language: Option<String>,
    /// `yes`: add these texts although a document already holds them.
    duplicate: Option<String>,
}

/// Which side of a new document a text or file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ru,
    En,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Ru => "Russian",
            Side::En => "English",
        }
    }
}

/// What the new-document form shows besides the fields.
#[derive(Default)]
struct FormNotes {
    /// Problems with the submission, each naming its side.
    errors: Vec<String>,
    /// The language check's finding.
    language: Option<LanguageCheck>,
    /// The document the texts already are.
    twin: Option<DocumentSummary>,
    /// How each uploaded file was read ("Read ru.txt as windows-1251"): its text is in its box.
    reads: Vec<String>,
}

/// What the import form shows back: its problems and what was entered.
#[derive(Default)]
struct ImportNotes {
    /// Problems with the import, each naming its file (and row or entry).
    errors: Vec<String>,
    /// The title typed.
    title: String,
    /// Whether "split units into sentences" was ticked.
    split: bool,
    /// A document of that title is already here.
    conflict: bool,
}

/// The new-document page: the new-document form keeping what was typed, with `notes`, and
/// the import form with `import`: 400 with errors, 409 for a document already here, 200
/// otherwise.
fn page_with(
    state: &AppState,
    v: &Visitor,
    notes: FormNotes,
    f: NewDocumentForm,
    import: ImportNotes,
) -> Response {
    let status = if !notes.errors.is_empty() || (!import.errors.is_empty() && !import.conflict) {
        StatusCode::BAD_REQUEST
    } else if notes.twin.is_some() || import.conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    render(
        status,
        &NewDocumentTemplate {
            page: page(state, v),
            errors: notes.errors,
            title: f.title,
            ru: f.ru,
            en: f.en,
            language: notes.language.map(|l| sentence(&l.to_string())),
            twin: notes.twin.map(|d| (d.id, d.title, d.created_at)),
            max_bytes: MAX_TEXT_BYTES,
            reads: notes.reads.iter().map(|r| capitalised(r)).collect(),
            import_errors: import.errors,
            import_title: import.title,
            import_split: import.split,
            import_max_bytes: MAX_IMPORT_BYTES,
        },
    )
}

/// The new-document form keeping what was typed, with `notes` (see [`page_with`]).
fn new_form(state: &AppState, v: &Visitor, notes: FormNotes, f: NewDocumentForm) -> Response {
    page_with(state, v, notes, f, ImportNotes::default())
}

/// The largest alignment file (TMX, TSV, CSV, JSON) imported: both sides' limit together.
const MAX_IMPORT_BYTES: usize = 2 * MAX_TEXT_BYTES;

/// `text` with a capital first letter.
fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `text` with a capital first letter and a full stop (unless it ends in punctuation).
fn sentence(text: &str) -> String {
    let mut s = capitalised(text);
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

/// A size in megabytes with one decimal: `6.1 MB`.
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The message for a text of `bytes` over the limit.
fn too_big(what: &str, bytes: usize) -> String {
    format!(
        "The {what} is {}, over the {} MB limit: it is not shown again; choose or paste a shorter one.",
        megabytes(bytes),
        MAX_TEXT_BYTES / 1_000_000
    )
}

/// `GET /documents/new`: the form (admins).
pub(crate) async fn new(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require_admin()?;
    let f = NewDocumentForm::default();
    Ok(new_form(&state, &v, FormNotes::default(), f))
}

/// `POST /documents`: aligns the two texts (pasted, or uploaded as files of any format
/// [`crate::input::read_bytes`] reads) and stores them as a new document (admins). Whatever
/// is wrong, the form comes back with everything typed kept (a text over the size limit is
/// named, not shown again); texts that look swapped and texts already stored are asked about
/// first.
pub(crate) async fn create(
    State(state): State<AppState>,
    v: Visitor,
    req: Request,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (mut f, files, mut errors) = match Upload::<NewDocumentForm>::read(req, &state).await? {
        Ok(Upload::Form(f)) => (f, Vec::new(), Vec::new()),
        Ok(Upload::Multipart(parts)) => from_parts(parts),
        Err(msg) => (NewDocumentForm::default(), Vec::new(), vec![sentence(&msg)]),
    };
    drop_oversize(&mut f, &mut errors);
    let reads = read_files(&state, files, &mut f, &mut errors).await?;
    if f.title.trim().is_empty() {
        errors.push("The title is empty.".into());
    }
    if !errors.is_empty() {
        let n = FormNotes {
            errors,
            reads,
            ..FormNotes::default()
        };
        return Ok(new_form(&state, &v, n, f));
    }
    match f.language.as_deref() {
        Some("swap") => std::mem::swap(&mut f.ru, &mut f.en),
        Some("keep") => {}
        _ => {
            if let Some(l) = check_languages(&f.ru, &f.en) {
                let n = FormNotes {
                    language: Some(l),
                    reads,
                    ..FormNotes::default()
                };
                return Ok(new_form(&state, &v, n, f));
            }
        }
    }
    let (ru, en) = match documents(&f) {
        Ok(d) => d,
        Err(e) => {
            let n = FormNotes {
                errors: vec![e],
                reads,
                ..FormNotes::default()
            };
            return Ok(new_form(&state, &v, n, f));
        }
    };
    if f.duplicate.as_deref() != Some("yes") {
        let (r, e) = (ru.text().to_string(), en.text().to_string());
        let twins = state.db(move |s| s.documents_with_texts(&r, &e)).await??;
        if let Some(twin) = twins.into_iter().next() {
            let n = FormNotes {
                twin: Some(twin),
                reads,
                ..FormNotes::default()
            };
            return Ok(new_form(&state, &v, n, f));
        }
    }
    store_new(&state, &v, admin, f, (ru, en), reads).await
}

/// Empties each side whose text is over the size limit, naming it in `errors`.
fn drop_oversize(f: &mut NewDocumentForm, errors: &mut Vec<String>) {
    for side in [Side::Ru, Side::En] {
        let text = match side {
            Side::Ru => &mut f.ru,
            Side::En => &mut f.en,
        };
        if text.len() > MAX_TEXT_BYTES {
            errors.push(too_big(&format!("{} text", side.name()), text.len()));
            text.clear();
        }
    }
}

/// Reads the uploaded files off the async threads into their sides of `f`; returns how each
/// was read, and puts why a file cannot be used in `errors`. A file counts by its own size
/// (checked in `from_parts`), the readers' limits apply to what it unpacks to.
async fn read_files(
    state: &AppState,
    files: Vec<SideFile>,
    f: &mut NewDocumentForm,
    errors: &mut Vec<String>,
) -> WebResult<Vec<String>> {
    let mut reads = Vec::new();
    if files.is_empty() {
        return Ok(reads);
    }
    let results = state
        .compute(move || {
            files
                .into_iter()
                .map(|file| (file.side, read_side(&file)))
                .collect::<Vec<_>>()
        })
        .await?;
    for (side, result) in results {
        match result {
            Ok((text, report)) => {
                match side {
                    Side::Ru => f.ru = text,
                    Side::En => f.en = text,
                }
                reads.push(report);
            }
            Err(e) => errors.push(e),
        }
    }
    Ok(reads)
}

/// Notes with only `errors`.
fn notes(errors: Vec<String>) -> FormNotes {
    FormNotes {
        errors,
        ..FormNotes::default()
    }
}

/// Both sides as documents; an error names its side.
fn documents(f: &NewDocumentForm) -> Result<(Document, Document), String> {
    let doc = |text: &str, lang, side: Side| {
        Document::new(text.to_string(), lang).map_err(|e| format!("The {} text: {e}.", side.name()))
    };
    Ok((
        doc(&f.ru, Lang::Ru, Side::Ru)?,
        doc(&f.en, Lang::En, Side::En)?,
    ))
}

/// Aligns and stores the new document, then goes to its review page with a notice that
/// says how each uploaded file was read.
async fn store_new(
    state: &AppState,
    v: &Visitor,
    admin: i64,
    f: NewDocumentForm,
    (ru, en): (Document, Document),
    reads: Vec<String>,
) -> WebResult<Response> {
    let title = f.title.trim().to_string();
    let (ru, en, beads) = state
        .compute(move || {
            let beads = Aligner::new().align(&ru, &en);
            (ru, en, beads)
        })
        .await?;
    let n = beads.len();
    let t = title.clone();
    let result = state
        .write(move |s| s.create_document(Some(admin), &t, &ru, &en, &beads))
        .await?;
    match result {
        Ok(id) => {
            let mut notice = format!(
                "Document “{title}” added: {n} bead{} aligned, ready for review.",
                if n == 1 { "" } else { "s" }
            );
            if !reads.is_empty() {
                notice.push(' ');
                notice.push_str(&sentence(&reads.join("; ")));
            }
            Ok((Flash(notice), Redirect::to(&format!("/documents/{id}"))).into_response())
        }
        Err(StoreError::Invalid(m)) => Ok(new_form(state, v, notes(vec![sentence(&m)]), f)),
        Err(e) => Err(e.into()),
    }
}

/// A file chosen for one side of a new document, to be read off the async threads.
struct SideFile {
    side: Side,
    name: String,
    data: Vec<u8>,
}

/// The text of an uploaded file and how it was read ("read ru.txt as windows-1251"), or
/// why it cannot be used, naming its side, the file and the reason.
fn read_side(file: &SideFile) -> Result<(String, String), String> {
    let options = ReadOptions {
        // The markup of a DOCX, ODT or EPUB is several times its text: 64 MiB unpacked leaves
        // room for a side's 5 MB of text and keeps one upload's memory bounded.
        limits: Limits {
            max_bytes: MAX_TEXT_BYTES as u64,
            max_unpacked: 64 << 20,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    match read_bytes(&file.name, &file.data, &options) {
        // A small archive may hold more text than a side may have.
        Ok(input) if input.text().len() > MAX_TEXT_BYTES => Err(format!(
            "The {} file {} holds {} of text, over the {} MB limit of a side: choose a shorter text.",
            file.side.name(),
            file.name,
            megabytes(input.text().len()),
            MAX_TEXT_BYTES / 1_000_000
        )),
        Ok(input) => {
            let report = input.report();
            Ok((input.into_text(), report))
        }
        Err(crate::Error::NotText { what, reason }) => Err(format!(
            "The {} file {what} looks like a binary file, not text ({reason}): choose the text itself.",
            file.side.name()
        )),
        Err(e) => Err(sentence(&format!(
            "The {} file cannot be used: {e}",
            file.side.name()
        ))),
    }
}

/// The file name of an uploaded part: its last path component (some browsers send more).
fn file_name(p: &Part) -> String {
    let name = p.filename.as_deref().unwrap_or(&p.name);
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if base.is_empty() {
        p.name.clone()
    } else {
        base.to_string()
    }
}

/// The new-document form from a multipart body, with the files to read: an uploaded file
/// (`ru_file`, `en_file`) replaces the text area of its side once read. A text or file that
/// is too big, a pasted text that is not UTF-8, and an alignment file chosen as a side are
/// named in the returned problems, and its side keeps what was typed.
fn from_parts(parts: Vec<Part>) -> (NewDocumentForm, Vec<SideFile>, Vec<String>) {
    let mut f = NewDocumentForm::default();
    let mut files: Vec<SideFile> = Vec::new();
    let mut errors = Vec::new();
    for p in parts {
        let side = match p.name.as_str() {
            "ru" | "ru_file" => Some(Side::Ru),
            "en" | "en_file" => Some(Side::En),
            _ => None,
        };
        let is_file = p.name.ends_with("_file");
        match (p.name.as_str(), side) {
            ("title", _) => f.title = String::from_utf8_lossy(&p.data).into_owned(),
            ("language", _) => f.language = Some(String::from_utf8_lossy(&p.data).into_owned()),
            ("duplicate", _) => f.duplicate = Some(String::from_utf8_lossy(&p.data).into_owned()),
            (_, Some(side)) if is_file && !p.data.is_empty() => match side_file(p, side) {
                Ok(file) => {
                    files.retain(|other| other.side != side);
                    files.push(file);
                }
                Err(e) => errors.push(e),
            },
            (_, Some(side)) if !is_file => match part_text(&p, side) {
                Ok(text) => match side {
                    Side::Ru => f.ru = text,
                    Side::En => f.en = text,
                },
                Err(e) => errors.push(e),
            },
            _ => {}
        }
    }
    (f, files, errors)
}

/// An uploaded file of `side`, or why it is refused before reading: over the size limit, or
/// an existing alignment (which the import form takes).
fn side_file(p: Part, side: Side) -> Result<SideFile, String> {
    let name = file_name(&p);
    if p.data.len() > MAX_TEXT_BYTES {
        return Err(too_big(
            &format!("{} file {name}", side.name()),
            p.data.len(),
        ));
    }
    if AlignmentFormat::from_name(&name).is_some() {
        return Err(format!(
            "The {} file {name} is an existing alignment, not a text: import it with “Import an existing alignment” below.",
            side.name()
        ));
    }
    Ok(SideFile {
        side,
        name,
        data: p.data,
    })
}

/// The text of a text area of `side`, or why it cannot be used.
fn part_text(p: &Part, side: Side) -> Result<String, String> {
    let what = format!("{} text", side.name());
    if p.data.len() > MAX_TEXT_BYTES {
        return Err(too_big(&what, p.data.len()));
    }
    let text = crate::text::decode_utf8(p.data.clone(), &p.name).map_err(|e| {
        format!(
            "The {} text cannot be used: {e}. Paste it again or choose its file.",
            side.name()
        )
    })?;
    if text.contains('\0') {
        return Err(format!(
            "The {what} holds NUL bytes (binary data), not text: paste the text or choose its file."
        ));
    }
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// The fields of the import form sent URL-encoded (which carries no file: an error).
#[derive(Deserialize, Default)]
pub(crate) struct ImportForm {
    #[serde(default)]
    title: String,
    split: Option<String>,
}

/// An uploaded file: its name and bytes.
struct UploadedFile {
    name: String,
    data: Vec<u8>,
}

/// What the import form sent.
#[derive(Default)]
struct ImportRequest {
    title: String,
    split: bool,
    /// One alignment file (TMX, TSV, CSV, JSON).
    alignment: Option<UploadedFile>,
    /// A Moses pair: the Russian and the English line files.
    moses_ru: Option<UploadedFile>,
    moses_en: Option<UploadedFile>,
}

impl ImportRequest {
    fn from_parts(parts: Vec<Part>) -> ImportRequest {
        let mut r = ImportRequest::default();
        for p in parts {
            let file = |p: Part| {
                (!p.data.is_empty()).then(|| UploadedFile {
                    name: file_name(&p),
                    data: p.data,
                })
            };
            match p.name.as_str() {
                "title" => r.title = String::from_utf8_lossy(&p.data).into_owned(),
                "split" => r.split = !p.data.is_empty(),
                "alignment" => r.alignment = file(p),
                "moses_ru" => r.moses_ru = file(p),
                "moses_en" => r.moses_en = file(p),
                _ => {}
            }
        }
        r
    }

    /// What to read: one alignment file or both files of a Moses pair, each within its size
    /// limit; otherwise what is wrong, in words.
    fn source(self) -> Result<ImportSource, Vec<String>> {
        let source = match (self.alignment, self.moses_ru, self.moses_en) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(
                "Choose either one alignment file or the two files of a Moses pair, not both.",
            ),
            (Some(f), None, None) => Ok(ImportSource::File(f)),
            (None, Some(ru), Some(en)) => Ok(ImportSource::Moses(ru, en)),
            (None, Some(_), None) => {
                Err("A Moses pair needs both files: choose the English one too.")
            }
            (None, None, Some(_)) => {
                Err("A Moses pair needs both files: choose the Russian one too.")
            }
            (None, None, None) => Err(
                "Choose an alignment file (TMX, TSV, CSV or sverka JSON), or the two files of a Moses pair.",
            ),
        }
        .map_err(|e| vec![e.to_string()])?;
        let errors = source.over_limits();
        if errors.is_empty() {
            Ok(source)
        } else {
            Err(errors)
        }
    }
}

/// What an import reads: one alignment file or a Moses pair.
enum ImportSource {
    File(UploadedFile),
    Moses(UploadedFile, UploadedFile),
}

impl ImportSource {
    /// How the notice names the source: `tm.tmx`, `corpus.ru and corpus.en`.
    fn describe(&self) -> String {
        match self {
            ImportSource::File(f) => f.name.clone(),
            ImportSource::Moses(ru, en) => format!("{} and {}", ru.name, en.name),
        }
    }

    /// The files over their size limit, each named with its size.
    fn over_limits(&self) -> Vec<String> {
        let over = |what: &str, f: &UploadedFile, max: usize| {
            (f.data.len() > max).then(|| {
                format!(
                    "The {what} {} is {}, over the {} MB limit.",
                    f.name,
                    megabytes(f.data.len()),
                    max / 1_000_000
                )
            })
        };
        match self {
            ImportSource::File(f) => over("alignment file", f, MAX_IMPORT_BYTES)
                .into_iter()
                .collect(),
            ImportSource::Moses(ru, en) => [
                over("Russian file", ru, MAX_TEXT_BYTES),
                over("English file", en, MAX_TEXT_BYTES),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }

    /// Reads the alignment; an error names the file and the row or entry.
    fn read(&self, split: bool) -> Result<Aligned, String> {
        let mut options = AlignmentOptions {
            split,
            ..AlignmentOptions::default()
        };
        let result = match self {
            ImportSource::File(f) => {
                options.limits.max_bytes = MAX_IMPORT_BYTES as u64;
                read_alignment(&f.name, &f.data, None, &options)
            }
            ImportSource::Moses(ru, en) => {
                options.limits.max_bytes = MAX_TEXT_BYTES as u64;
                read_moses((&ru.name, &ru.data), (&en.name, &en.data), &options)
            }
        };
        result.map_err(|e| sentence(&format!("The alignment cannot be imported: {e}")))
    }
}

/// `POST /documents/import`: stores an existing alignment (one TMX, TSV, CSV or sverka JSON
/// file, or the two files of a Moses pair) as a new document whose beads are the file's
/// units, its origin "imported" (admins). Errors come back on the new-document page with the
/// title kept, naming the file and the row or entry; nothing is stored then.
pub(crate) async fn import(
    State(state): State<AppState>,
    v: Visitor,
    req: Request,
) -> WebResult<Response> {
    v.require_admin()?;
    let r = match Upload::<ImportForm>::read(req, &state).await? {
        Ok(Upload::Multipart(parts)) => ImportRequest::from_parts(parts),
        Ok(Upload::Form(f)) => ImportRequest {
            title: f.title,
            split: f.split.is_some(),
            ..ImportRequest::default()
        },
        Err(msg) => {
            let n = ImportNotes {
                errors: vec![sentence(&msg)],
                ..ImportNotes::default()
            };
            return Ok(import_page(&state, &v, n));
        }
    };
    let (typed, split) = (r.title.clone(), r.split);
    let kept = |errors: Vec<String>, conflict: bool| ImportNotes {
        errors,
        title: typed.clone(),
        split,
        conflict,
    };
    let source = match r.source() {
        Ok(source) => source,
        Err(errors) => return Ok(import_page(&state, &v, kept(errors, false))),
    };
    let what = source.describe();
    let title = match typed.trim() {
        "" => stem(match &source {
            ImportSource::File(f) => &f.name,
            ImportSource::Moses(ru, _) => &ru.name,
        }),
        t => t.to_string(),
    };
    let aligned = match state.compute(move || source.read(split)).await? {
        Ok(a) => a,
        Err(e) => return Ok(import_page(&state, &v, kept(vec![e], false))),
    };
    let n = aligned.beads.len();
    let t = title.clone();
    let stored = state
        .write(move |s| s.import_alignment(&t, &aligned.ru, &aligned.en, &aligned.beads))
        .await?;
    match stored {
        Ok(Some(id)) => {
            let notice = format!(
                "Document “{title}” imported from {what}: {n} bead{} as the file gives them, ready for review.",
                if n == 1 { "" } else { "s" }
            );
            Ok((Flash(notice), Redirect::to(&format!("/documents/{id}"))).into_response())
        }
        Ok(None) => {
            let e = format!(
                "A document titled “{title}” is already here: nothing was imported; choose another title."
            );
            Ok(import_page(&state, &v, kept(vec![e], true)))
        }
        Err(StoreError::Invalid(m)) => Ok(import_page(&state, &v, kept(vec![sentence(&m)], false))),
        Err(e) => Err(e.into()),
    }
}

/// The new-document page showing the import form's `notes`.
fn import_page(state: &AppState, v: &Visitor, notes: ImportNotes) -> Response {
    page_with(
        state,
        v,
        FormNotes::default(),
        NewDocumentForm::default(),
        notes,
    )
}

/// A file name without its folder and extension: the title of an import without one.
fn stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    if stem.is_empty() {
        base.to_string()
    } else {
        stem.to_string()
    }
}

/// The confirmation field of a destructive form: `yes` once the admin confirmed.
#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    confirm: Option<String>,
}

impl ConfirmForm {
    fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }
}

/// `POST /documents/{id}/delete` (admins): without `confirm=yes`, a page that asks first
/// (the dialog of the review page sends it confirmed). Deleting is final.
pub(crate) async fn delete(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Form(f): Form<ConfirmForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let doc = state
        .db(move |s| s.document(id))
        .await??
        .ok_or(WebError::NotFound("document"))?;
    if !f.confirmed() {
        return Ok(render(
            StatusCode::OK,
            &ConfirmTemplate {
                page: page(&state, &v),
                question: format!("Delete “{}” for good?", doc.title),
                detail: format!(
                    "Its {} beads, their votes, suggestions and comments and its history are removed. This cannot be undone.",
                    doc.total
                ),
                action: format!("/documents/{id}/delete"),
                fields: vec![],
                yes: "Delete for good".into(),
                cancel: format!("/documents/{id}"),
            },
        ));
    }
    state.write(move |s| s.delete_document(admin, id)).await??;
    let flash = Flash(format!("Document “{}” deleted.", doc.title));
    Ok((flash, Redirect::to("/")).into_response())
}

/// `GET /documents/{id}/history`: every change but votes, newest first.
pub(crate) async fn history(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    let (doc, events) = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            Ok((doc, s.events(Some(id), 500)?))
        })
        .await??;
    Ok(render(
        StatusCode::OK,
        &HistoryTemplate {
            restore: v.is_admin(),
            page: page(&state, &v),
            doc_id: id,
            doc_title: doc.title,
            events: events
                .iter()
                .filter(|e| e.action != Action::Vote)
                .map(EventView::from)
                .collect(),
        },
    ))
}

/// The form of a restore.
#[derive(Deserialize)]
pub(crate) struct RestoreForm {
    event: EventId,
    confirm: Option<String>,
}

/// `POST /documents/{id}/restore`: back to the state right after an event (admins).
/// Without `confirm=yes`, a page that says what will be reverted and asks first.
pub(crate) async fn restore(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Form(f): Form<RestoreForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let event = f.event;
    if f.confirm.as_deref() != Some("yes") {
        return restore_question(&state, &v, id, event).await;
    }
    let reverted = state.write(move |s| s.restore(admin, id, event)).await??;
    state.announce(id, None, LiveKind::Revert, &v, true).await;
    let flash = Flash(format!(
        "Restored to the state right after change {event}: {reverted} later change{} reverted (each revert is in the history and can be reverted in turn).",
        if reverted == 1 { "" } else { "s" }
    ));
    Ok((flash, Redirect::to(&format!("/documents/{id}/history"))).into_response())
}

/// The page asking an admin to confirm restoring document `id` to the state after `event`.
async fn restore_question(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    event: EventId,
) -> WebResult<Response> {
    let (doc, events) = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            Ok((doc, s.events(Some(id), 10_000)?))
        })
        .await??;
    let at = events
        .iter()
        .find(|e| e.id == event)
        .ok_or(WebError::NotFound("event"))?;
    let later = events
        .iter()
        .filter(|e| e.id > event && e.revertible())
        .count();
    let when = format!(
        "change {event} ({} by {})",
        at.at,
        at.user.as_deref().unwrap_or("the server")
    );
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            page: page(state, v),
            question: format!("Restore “{}” to its state right after {when}?", doc.title),
            detail: format!(
                "The {later} later alignment and wording change{} will be reverted, newest first. Each revert is logged and can itself be reverted, so this can be undone.",
                if later == 1 { "" } else { "s" }
            ),
            action: format!("/documents/{id}/restore"),
            fields: vec![("event", event.to_string())],
            yes: "Restore".into(),
            cancel: format!("/documents/{id}/history"),
        },
    ))
}
