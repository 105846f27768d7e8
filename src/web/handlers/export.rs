//! Downloads: a reviewed document exported in one of the formats of [`crate::export`], under
//! a file name made from its title; and the document as a parallel book to read.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::Lang;
use crate::export::{BookStyle, Format};
use crate::review::{DocId, ExportPart, ExportRequest, export_file};
use crate::web::{AppState, WebError, WebResult};

/// The query of an export.
#[derive(Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
    status: Option<String>,
    columns: Option<String>,
    /// TSV: `header=1` (or `on`) adds a header row.
    header: Option<String>,
    /// cesAlign: `part=ru` or `part=en` downloads that side's sentence file.
    part: Option<String>,
    /// HTML and EPUB: `columns` or `interleaved`.
    layout: Option<String>,
    /// HTML and EPUB: `ru,en` or `en,ru`.
    order: Option<String>,
    /// HTML and EPUB: `numbers=1` (or `on`) shows bead numbers.
    numbers: Option<String>,
    /// `findings=1` (or `on`) adds each bead's findings of the automatic checks.
    findings: Option<String>,
}

/// Whether a checkbox-like query value is on.
fn on(v: Option<&str>) -> bool {
    matches!(v, Some("1" | "on" | "true" | "yes"))
}

/// An optional query value parsed, empty as absent; a bad value is a 400.
fn parsed<T: std::str::FromStr + Default>(v: Option<&str>) -> WebResult<T>
where
    T::Err: std::fmt::Display,
{
    match v.map(str::trim) {
        None | Some("") => Ok(T::default()),
        Some(v) => v
            .parse()
            .map_err(|e: T::Err| WebError::BadRequest(e.to_string())),
    }
}

impl ExportQuery {
    /// The export asked for; unknown values are a 400.
    fn request(&self) -> WebResult<ExportRequest> {
        let format =
            self.format.as_deref().unwrap_or("tsv").parse().map_err(
                |e: crate::export::ParseFormatError| WebError::BadRequest(e.to_string()),
            )?;
        let approved_only = match self.status.as_deref() {
            None | Some("") | Some("all") => false,
            Some("approved") => true,
            Some(other) => {
                return Err(WebError::BadRequest(format!(
                    "unknown status “{other}” (use approved or all)"
                )));
            }
        };
        let status_column = self
            .columns
            .as_deref()
            .is_some_and(|c| c.split(',').any(|c| c.trim() == "status"));
        let book = BookStyle {
            layout: parsed(self.layout.as_deref())?,
            order: parsed(self.order.as_deref())?,
            numbers: on(self.numbers.as_deref()),
            ..BookStyle::default()
        };
        Ok(ExportRequest {
            format,
            approved_only,
            status_column,
            book,
            findings: on(self.findings.as_deref()),
        })
    }

    /// Whether a TSV header row is asked for.
    fn header(&self) -> bool {
        on(self.header.as_deref())
    }

    /// Which file: the export, or a cesAlign sentence file; `part` with another format is a 400.
    fn part(&self, req: &ExportRequest) -> WebResult<ExportPart> {
        let lang = match self.part.as_deref() {
            None | Some("") | Some("links") => return Ok(ExportPart::Main),
            Some("ru") => Lang::Ru,
            Some("en") => Lang::En,
            Some(other) => {
                return Err(WebError::BadRequest(format!(
                    "unknown part “{other}” (use ru, en or links)"
                )));
            }
        };
        if req.format != Format::Cesalign {
            return Err(WebError::BadRequest(
                "only cesAlign has sentence files (part=ru or part=en)".into(),
            ));
        }
        Ok(ExportPart::Sentences(lang))
    }
}

/// The Content-Security-Policy of an HTML book: its inline style sheet and nothing else (no
/// script, no request, no frame), instead of the pages' policy (which allows no inline style).
pub(crate) const BOOK_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `GET /documents/{id}/export?format=…`: the applied alignment as a download named after
/// the document (`durov-digital-resistance.tmx`); `&header=1` adds a TSV header row,
/// `&findings=1` the findings of the automatic checks; with `format=cesalign`, `&part=ru` /
/// `&part=en` give the sentence files the link file names.
/// `format=html` opens the parallel book in the browser (see [`book`]), `format=epub`
/// downloads it.
pub(crate) async fn export(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
    Query(q): Query<ExportQuery>,
) -> WebResult<Response> {
    let req = q.request()?;
    respond(state, id, &q, req).await
}

/// `GET /documents/{id}/book`: the document as a parallel book in one HTML page (the
/// "Read as a book" link): all beads with the unapproved ones marked, or `status=approved`;
/// `layout=interleaved`, `order=en,ru`, `numbers=1`; `format=epub` downloads the EPUB.
pub(crate) async fn book(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
    Query(mut q): Query<ExportQuery>,
) -> WebResult<Response> {
    let format = q.format.get_or_insert_with(|| "html".into());
    if !matches!(format.parse::<Format>(), Ok(f) if f.is_book()) {
        return Err(WebError::BadRequest(format!(
            "a book is html or epub, not “{format}”"
        )));
    }
    let req = q.request()?;
    respond(state, id, &q, req).await
}

/// The export of `req`: an HTML book inline with its own policy, anything else a download.
async fn respond(
    state: AppState,
    id: DocId,
    q: &ExportQuery,
    req: ExportRequest,
) -> WebResult<Response> {
    let (header_row, part) = (q.header(), q.part(&req)?);
    download(&state, id, req, header_row, part).await
}

/// `GET /documents/{id}/findings.tsv`: every finding of the automatic checks on the document,
/// one a line with its bead's texts (the TSV of `sverka check --format tsv`).
pub(crate) async fn findings(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    let req = ExportRequest {
        format: crate::export::Format::Tsv,
        approved_only: false,
        status_column: false,
        book: Default::default(),
        findings: false,
    };
    download(&state, id, req, false, ExportPart::Findings).await
}

/// The download of `part` of document `id`: read on a reading connection, then written (and
/// checked, when findings are asked for) on the blocking pool with no connection held.
async fn download(
    state: &AppState,
    id: DocId,
    req: ExportRequest,
    header_row: bool,
    part: ExportPart,
) -> WebResult<Response> {
    let applied = state.db(move |s| s.applied(id)).await??;
    let file = state
        .compute(move || export_file(&applied, id, req, header_row, part))
        .await?
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let disposition = if req.format == Format::Html {
        format!("inline; filename=\"{}\"", file.file_name)
    } else {
        format!("attachment; filename=\"{}\"", file.file_name)
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response();
    if req.format == Format::Html {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(BOOK_CONTENT_SECURITY_POLICY),
        );
    }
    Ok(response)
}
