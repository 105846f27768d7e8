//! Documents: the list, adding one (pasted or uploaded), deleting, the history and restoring
//! an earlier state (exports: [`super::export`]).

use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Upload, page};
use crate::review::{Action, DocId, EventId};
use crate::storage::StoreError;
use crate::web::live::LiveKind;
use crate::web::multipart::Part;
use crate::web::templates::{HistoryTemplate, IndexTemplate, NewDocumentTemplate, render};
use crate::web::views::{DocRow, EventView};
use crate::web::{AppState, MAX_TEXT_BYTES, Visitor, WebResult};
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
    title: String,
    ru: String,
    en: String,
}

/// The new-document form with `error` (400) or without (200), keeping what was typed.
fn new_form(state: &AppState, v: &Visitor, error: Option<String>, f: NewDocumentForm) -> Response {
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(
        status,
        &NewDocumentTemplate {
            page: page(state, v),
            error,
            title: f.title,
            ru: f.ru,
            en: f.en,
        },
    )
}

/// `GET /documents/new`: the form (admins).
pub(crate) async fn new(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require_admin()?;
    Ok(new_form(&state, &v, None, NewDocumentForm::default()))
}

/// `POST /documents`: aligns the two texts (pasted, or uploaded as `.txt` files) and stores
/// them as a new document (admins).
pub(crate) async fn create(
    State(state): State<AppState>,
    v: Visitor,
    req: Request,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let f = match Upload::<NewDocumentForm>::read(req, &state).await? {
        Ok(Upload::Form(f)) => f,
        Ok(Upload::Multipart(parts)) => match from_parts(&parts) {
            Ok(f) => f,
            Err(msg) => return Ok(new_form(&state, &v, Some(msg), NewDocumentForm::default())),
        },
        Err(msg) => return Ok(new_form(&state, &v, Some(msg), NewDocumentForm::default())),
    };
    if f.ru.len() > MAX_TEXT_BYTES || f.en.len() > MAX_TEXT_BYTES {
        let m = format!(
            "each text may hold at most {} MB",
            MAX_TEXT_BYTES / 1_000_000
        );
        return Ok(new_form(&state, &v, Some(m), f));
    }
    let title = f.title.trim().to_string();
    let (ru, en) = match (
        Document::new(f.ru.clone(), Lang::Ru),
        Document::new(f.en.clone(), Lang::En),
    ) {
        (Ok(ru), Ok(en)) => (ru, en),
        (Err(e), _) | (_, Err(e)) => return Ok(new_form(&state, &v, Some(e.to_string()), f)),
    };
    let (ru, en, beads) = state
        .compute(move || {
            let beads = Aligner::new().align(&ru, &en);
            (ru, en, beads)
        })
        .await?;
    let result = state
        .write(move |s| s.create_document(Some(admin), &title, &ru, &en, &beads))
        .await?;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/documents/{id}")).into_response()),
        Err(StoreError::Invalid(m)) => Ok(new_form(&state, &v, Some(m), f)),
        Err(e) => Err(e.into()),
    }
}

/// The new-document form from a multipart body: an uploaded `.txt` file (`ru_file`,
/// `en_file`) replaces the text area of its side. Files must be UTF-8.
fn from_parts(parts: &[Part]) -> Result<NewDocumentForm, String> {
    let mut f = NewDocumentForm::default();
    let text = |p: &Part| -> Result<String, String> {
        let what = p.filename.clone().unwrap_or_else(|| p.name.clone());
        let s = crate::text::decode_utf8(p.data.clone(), &what).map_err(|e| e.to_string())?;
        Ok(s.trim_start_matches('\u{feff}').to_string())
    };
    for p in parts {
        match p.name.as_str() {
            "title" => f.title = text(p)?,
            "ru" if f.ru.trim().is_empty() => f.ru = text(p)?,
            "en" if f.en.trim().is_empty() => f.en = text(p)?,
            "ru_file" if !p.data.is_empty() => f.ru = text(p)?,
            "en_file" if !p.data.is_empty() => f.en = text(p)?,
            _ => {}
        }
    }
    Ok(f)
}

/// `POST /documents/{id}/delete` (admins).
pub(crate) async fn delete(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    state.write(move |s| s.delete_document(admin, id)).await??;
    Ok(Redirect::to("/").into_response())
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
}

/// `POST /documents/{id}/restore`: back to the state right after an event (admins).
pub(crate) async fn restore(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Form(f): Form<RestoreForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    state
        .write(move |s| s.restore(admin, id, f.event))
        .await??;
    state.announce(id, None, LiveKind::Revert, &v, true).await;
    Ok(Redirect::to(&format!("/documents/{id}/history")).into_response())
}
