//! Downloads: a reviewed document exported in one of the formats of [`crate::export`], under
//! a file name made from its title.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::Lang;
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
    /// `findings=1` (or `on`) adds each bead's findings of the automatic checks.
    findings: Option<String>,
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
        Ok(ExportRequest {
            format,
            approved_only,
            status_column,
            findings: yes(self.findings.as_deref()),
        })
    }

    /// Whether a TSV header row is asked for.
    fn header(&self) -> bool {
        yes(self.header.as_deref())
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
        if req.format != crate::export::Format::Cesalign {
            return Err(WebError::BadRequest(
                "only cesAlign has sentence files (part=ru or part=en)".into(),
            ));
        }
        Ok(ExportPart::Sentences(lang))
    }
}

/// Whether a checkbox-like parameter is set: `1`, `on`, `true` or `yes`.
fn yes(value: Option<&str>) -> bool {
    matches!(value, Some("1" | "on" | "true" | "yes"))
}

/// `GET /documents/{id}/export?format=…`: the applied alignment as a download named after
/// the document (`durov-digital-resistance.tmx`); `&header=1` adds a TSV header row,
/// `&findings=1` the findings of the automatic checks; with `format=cesalign`, `&part=ru` /
/// `&part=en` give the sentence files the link file names.
pub(crate) async fn export(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
    Query(q): Query<ExportQuery>,
) -> WebResult<Response> {
    let req = q.request()?;
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
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name),
            ),
        ],
        file.bytes,
    )
        .into_response())
}
