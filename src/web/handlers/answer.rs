//! How a bead action is answered: a redirect back, the bead's fresh row for htmx, or the bead
//! page with the conflict when the bead changed meanwhile. Successful actions are announced
//! to every open page of the document.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::beads::bead_page;
use super::{local, page};
use crate::review::{BeadId, DocId};
use crate::storage::StoreError;
use crate::web::flash::Flash;
use crate::web::live::LiveKind;
use crate::web::templates::{RowsTemplate, render};
use crate::web::views::BeadRow;
use crate::web::{AppState, Visitor, WebError, WebResult};

/// What an action was, for its announcement and answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Act {
    /// What it did.
    pub(crate) kind: LiveKind,
    /// Whether it replaced beads.
    pub(crate) structural: bool,
    /// Whether htmx asked (it wants the row, not a page).
    pub(crate) hx: bool,
}

impl Act {
    /// An action that replaced no bead.
    pub(crate) fn new(kind: LiveKind, hx: bool) -> Act {
        Act {
            kind,
            structural: false,
            hx,
        }
    }
}

/// Finishes a bead action: redirects back on success; on a conflict shows the bead's current
/// state with the message (409), so nothing is silently overwritten. For htmx requests,
/// answers with the bead's fresh row instead.
pub(crate) async fn after_action<T>(
    state: &AppState,
    v: &Visitor,
    (id, bead): (DocId, BeadId),
    result: Result<T, StoreError>,
    back: Option<&str>,
    act: Act,
) -> WebResult<Response> {
    match result {
        Ok(_) => {
            let at = state
                .announce(id, Some(bead), act.kind, v, act.structural)
                .await;
            let flash = Flash(act.kind.own_notice(at.map(|p| p + 1)));
            if act.hx {
                let answer = hx_answer(state, v, id, bead, back, None).await?;
                return Ok((flash, answer).into_response());
            }
            let fallback = format!("/documents/{id}#b{bead}");
            Ok((flash, Redirect::to(&local(back, fallback))).into_response())
        }
        Err(e @ (StoreError::Stale { .. } | StoreError::Conflict(_))) => {
            let msg = e.to_string();
            if act.hx {
                return hx_answer(state, v, id, bead, back, Some(msg)).await;
            }
            match bead_page(state, v, id, bead, Some(msg.clone()), StatusCode::CONFLICT).await {
                Err(WebError::NotFound(_)) => Err(WebError::Conflict(msg)),
                other => other,
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The row of one bead as an HTML fragment; `None` when the bead is gone.
pub(crate) async fn row_fragment(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    back: String,
) -> WebResult<Option<Response>> {
    let viewer = v.user.as_ref().map(|u| u.id);
    let st = state.clone();
    let findings = crate::web::cache::findings(state, id).await?;
    let found = state
        .db(move |s| -> Result<_, StoreError> {
            let all = s.review(id, viewer)?;
            let Some(i) = all.iter().position(|r| r.bead.id == bead) else {
                return Ok(None);
            };
            let evidence = st.caches().evidence(s, id)?;
            let r = &all[i];
            let ru = s.sentences_in(id, crate::Lang::Ru, r.bead.span.ru.clone())?;
            let en = s.sentences_in(id, crate::Lang::En, r.bead.span.en.clone())?;
            let mut row = BeadRow::new(i + 1, r, &ru, &en, evidence.beads.get(&r.bead.span))
                .with_findings(findings.of_bead(&r.bead.span));
            row.has_next = i + 1 < all.len();
            Ok(Some(row))
        })
        .await??;
    Ok(found.map(|row| {
        render(
            StatusCode::OK,
            &RowsTemplate {
                page: page(state, v),
                doc_id: id,
                rows: vec![row],
                back,
                signed_in: v.user.is_some(),
            },
        )
    }))
}

/// The answer to an htmx action: the bead's fresh row (with a notice on a conflict), or a
/// request to reload the rows when the bead is gone.
async fn hx_answer(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    back: Option<&str>,
    notice: Option<String>,
) -> WebResult<Response> {
    let back = local(back, format!("/documents/{id}"));
    let back = back.split('#').next().unwrap_or_default().to_string();
    let Some(mut resp) = row_fragment(state, v, id, bead, back).await? else {
        let mut r = StatusCode::OK.into_response();
        r.headers_mut()
            .insert("hx-reswap", header::HeaderValue::from_static("none"));
        r.headers_mut().insert(
            "hx-trigger",
            header::HeaderValue::from_static("sverka-reload"),
        );
        return Ok(r);
    };
    if let Some(msg) = notice {
        let json = serde_json::json!({ "sverka-notice": { "value": msg } }).to_string();
        if let Ok(h) = header::HeaderValue::from_str(&json) {
            resp.headers_mut().insert("hx-trigger", h);
        }
    }
    Ok(resp)
}
