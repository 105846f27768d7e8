//! Documents: the list, adding one (pasted or uploaded), deleting, the history and restoring
//! an earlier state (exports: [`super::export`]).

use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Upload, page};
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
}

/// The new-document form keeping what was typed, with `notes`: 400 with errors, 409 for a
/// document already here, 200 otherwise.
fn new_form(state: &AppState, v: &Visitor, notes: FormNotes, f: NewDocumentForm) -> Response {
    let status = if !notes.errors.is_empty() {
        StatusCode::BAD_REQUEST
    } else if notes.twin.is_some() {
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
        },
    )
}

/// `text` with a capital first letter and a full stop (unless it ends in punctuation).
fn sentence(text: &str) -> String {
    let mut c = text.chars();
    let mut s: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
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

/// `POST /documents`: aligns the two texts (pasted, or uploaded as `.txt` files) and stores
/// them as a new document (admins). Whatever is wrong, the form comes back with everything
/// typed kept (a text over the size limit is named, not shown again); texts that look swapped
/// and texts already stored are asked about first.
pub(crate) async fn create(
    State(state): State<AppState>,
    v: Visitor,
    req: Request,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (mut f, mut errors) = match Upload::<NewDocumentForm>::read(req, &state).await? {
        Ok(Upload::Form(f)) => (f, Vec::new()),
        Ok(Upload::Multipart(parts)) => from_parts(&parts),
        Err(msg) => (NewDocumentForm::default(), vec![sentence(&msg)]),
    };
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
    if f.title.trim().is_empty() {
        errors.push("The title is empty.".into());
    }
    if !errors.is_empty() {
        return Ok(new_form(&state, &v, notes(errors), f));
    }
    match f.language.as_deref() {
        Some("swap") => std::mem::swap(&mut f.ru, &mut f.en),
        Some("keep") => {}
        _ => {
            if let Some(l) = check_languages(&f.ru, &f.en) {
                let n = FormNotes {
                    language: Some(l),
                    ..FormNotes::default()
                };
                return Ok(new_form(&state, &v, n, f));
            }
        }
    }
    let (ru, en) = match documents(&f) {
        Ok(d) => d,
        Err(e) => return Ok(new_form(&state, &v, notes(vec![e]), f)),
    };
    if f.duplicate.as_deref() != Some("yes") {
        let (r, e) = (ru.text().to_string(), en.text().to_string());
        let twins = state.db(move |s| s.documents_with_texts(&r, &e)).await??;
        if let Some(twin) = twins.into_iter().next() {
            let n = FormNotes {
                twin: Some(twin),
                ..FormNotes::default()
            };
            return Ok(new_form(&state, &v, n, f));
        }
    }
    store_new(&state, &v, admin, f, (ru, en)).await
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

/// Aligns and stores the new document, then goes to its review page with a notice.
async fn store_new(
    state: &AppState,
    v: &Visitor,
    admin: i64,
    f: NewDocumentForm,
    (ru, en): (Document, Document),
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
            let flash = Flash(format!(
                "Document “{title}” added: {n} bead{} aligned, ready for review.",
                if n == 1 { "" } else { "s" }
            ));
            Ok((flash, Redirect::to(&format!("/documents/{id}"))).into_response())
        }
        Err(StoreError::Invalid(m)) => Ok(new_form(state, v, notes(vec![sentence(&m)]), f)),
        Err(e) => Err(e.into()),
    }
}

/// The new-document form from a multipart body: an uploaded `.txt` file (`ru_file`,
/// `en_file`) replaces the text area of its side. A file that is too big, not UTF-8 or not
/// text is named in the returned problems, and its side keeps what was typed.
fn from_parts(parts: &[Part]) -> (NewDocumentForm, Vec<String>) {
    let mut f = NewDocumentForm::default();
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
            (_, Some(side)) if !(is_file && p.data.is_empty()) => match part_text(p, side) {
                Ok(text) => match side {
                    Side::Ru => f.ru = text,
                    Side::En => f.en = text,
                },
                Err(e) => errors.push(e),
            },
            _ => {}
        }
    }
    (f, errors)
}

/// The text of a part of `side` (a text area or a file), or why it cannot be used.
fn part_text(p: &Part, side: Side) -> Result<String, String> {
    let what = match &p.filename {
        Some(name) => format!("{} file {name}", side.name()),
        None => format!("{} text", side.name()),
    };
    if p.data.len() > MAX_TEXT_BYTES {
        return Err(too_big(&what, p.data.len()));
    }
    let name = p.filename.clone().unwrap_or_else(|| p.name.clone());
    let text = crate::text::decode_utf8(p.data.clone(), &name).map_err(|e| {
        let kind = if p.filename.is_some() { "file" } else { "text" };
        format!(
            "The {} {kind} cannot be used: {e}. Save it as UTF-8 and choose it again.",
            side.name()
        )
    })?;
    if text.contains('\0') {
        return Err(format!(
            "The {what} looks like a binary file, not text: choose the .txt file."
        ));
    }
    Ok(text.trim_start_matches('\u{feff}').to_string())
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
