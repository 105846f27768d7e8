//! Suggestions: votes on them, an admin's approval or rejection; and reverting a change.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::answer::{Act, after_action};
use super::beads::{Answer, VersionForm, VoteForm, bead_page_kept};
use super::{Hx, local, page};
use crate::review::history::{DiffPiece, Part};
use crate::review::{BeadId, DocId, EventId, SuggestionId, SuggestionStatus};
use crate::storage::{APPROVAL_ATTEMPTS, Approver, StoreError};
use crate::web::live::LiveKind;
use crate::web::templates::render;
use crate::web::views::{Kept, Page, SuggestionView};
use crate::web::{AppState, Visitor, WebError, WebResult};

/// The document and bead of a suggestion (bead 0 once its bead is gone).
async fn place(state: &AppState, sid: SuggestionId) -> WebResult<(DocId, BeadId)> {
    let s = state
        .db(move |s| s.suggestion(sid))
        .await??
        .ok_or(WebError::NotFound("suggestion"))?;
    Ok((s.doc_id, s.bead_id.unwrap_or(0)))
}

/// Applies a suggestion as [`crate::storage::Store::approve_suggestion`] does, with its
/// re-alignment computed off the database connections: a reader reads, the blocking pool
/// re-aligns, and the writer holds its lock only to check and store the result (computed
/// again when the document changed meanwhile).
async fn approve_off_lock(
    state: &AppState,
    by: Approver,
    sid: SuggestionId,
) -> WebResult<Result<(), StoreError>> {
    for _ in 0..APPROVAL_ATTEMPTS {
        let plan = match state.db(move |s| s.prepare_approval(sid)).await? {
            Ok(plan) => plan,
            Err(e) => return Ok(Err(e)),
        };
        let approval = match state.compute(move || plan.compute()).await? {
            Ok(a) => a,
            Err(e) => return Ok(Err(e)),
        };
        match state
            .write(move |s| s.commit_approval(by, approval))
            .await?
        {
            Err(StoreError::Moved) => continue,
            r => return Ok(r),
        }
    }
    Ok(Err(StoreError::kept_changing()))
}

/// `POST /suggestions/{sid}/vote` (signed in). With `--auto-approve`, a vote may apply it.
pub(crate) async fn vote(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<VoteForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let (doc, bead) = place(&state, sid).await?;
    let auto = state.config().auto_approve;
    let r = state
        .write(move |s| s.vote_suggestion(user, sid, f.version, f.value, auto))
        .await?;
    // The vote stands whatever becomes of the application it triggers (another change may
    // have made the suggestion stale meanwhile).
    let mut applied = false;
    if let (Ok(o), Some(n)) = (&r, auto)
        && o.outvotes
    {
        match approve_off_lock(&state, Approver::Votes(n), sid).await? {
            Ok(()) => applied = true,
            Err(e) => tracing::debug!(suggestion = sid, "not applied on its votes: {e}"),
        }
    }
    // An auto-applied structural change may have replaced the bead: go to the document.
    let back = if applied {
        format!("/documents/{doc}")
    } else {
        local(f.back.as_deref(), format!("/documents/{doc}/beads/{bead}"))
    };
    let act = Act {
        kind: if applied {
            LiveKind::Apply
        } else {
            LiveKind::Vote
        },
        structural: applied,
        hx,
    };
    after_action(&state, &v, (doc, bead), r, Some(&back), act).await
}

/// `POST /suggestions/{sid}/approve`: applies it at once (admins).
pub(crate) async fn approve(
    State(state): State<AppState>,
    v: Visitor,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<VersionForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (doc, bead) = place(&state, sid).await?;
    let r = approve_off_lock(&state, Approver::Admin(admin, f.version), sid).await?;
    let act = Act {
        kind: LiveKind::Apply,
        structural: true,
        hx: false,
    };
    let back = format!("/documents/{doc}#b{bead}");
    after_action(&state, &v, (doc, bead), r, Some(&back), act).await
}

/// The form of a rejection.
#[derive(Deserialize)]
pub(crate) struct RejectForm {
    reason: String,
}

/// `POST /suggestions/{sid}/reject` with a reason (admins).
pub(crate) async fn reject(
    State(state): State<AppState>,
    v: Visitor,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<RejectForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (doc, bead) = place(&state, sid).await?;
    let reason = f.reason.clone();
    let r = state
        .write(move |s| s.reject_suggestion(admin, sid, &reason))
        .await?;
    // The reason typed comes back in its field (when the suggestion's bead is still there).
    if bead != 0
        && let Err(
            e @ (StoreError::Invalid(_) | StoreError::Stale { .. } | StoreError::Conflict(_)),
        ) = &r
    {
        let status = if matches!(e, StoreError::Invalid(_)) {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::CONFLICT
        };
        let answer = Answer {
            message: Some(e.to_string()),
            status,
            kept: Kept {
                reason: Some((sid, f.reason)),
                ..Kept::default()
            },
            replaced: None,
        };
        return bead_page_kept(&state, &v, (doc, bead), answer).await;
    }
    let act = Act::new(LiveKind::Reject, false);
    after_action(&state, &v, (doc, bead), r, None, act).await
}

/// `POST /events/{eid}/revert`: undoes an alignment or wording change (admins).
pub(crate) async fn revert(
    State(state): State<AppState>,
    v: Visitor,
    Path(eid): Path<EventId>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let doc = state.write(move |s| s.revert(admin, eid)).await??;
    state.announce(doc, None, LiveKind::Revert, &v, true).await;
    Ok(Redirect::to(&format!("/documents/{doc}/history")).into_response())
}

/// One of the visitor's own suggestions, as their list shows it.
pub(crate) struct MineView {
    id: SuggestionId,
    doc_id: DocId,
    doc_title: String,
    words: Vec<Part>,
    diff: Vec<DiffPiece>,
    status: &'static str,
    open: bool,
    reason: Option<String>,
    net: i64,
    created_at: String,
    bead: Option<BeadId>,
}

/// The page of the visitor's own suggestions.
#[derive(Template)]
#[template(path = "my_suggestions.html")]
pub(crate) struct MineTemplate {
    page: Page,
    items: Vec<MineView>,
    message: Option<String>,
}

/// The query of the list: `withdrawn` after a withdrawal.
#[derive(Deserialize)]
pub(crate) struct MineQuery {
    withdrawn: Option<String>,
}

/// `GET /suggestions/mine` (signed in): the visitor's suggestions with their status and
/// rejection reasons; open ones can be withdrawn.
pub(crate) async fn mine(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<MineQuery>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let found = state.db(move |s| s.suggestions_by(user)).await??;
    let items = found
        .into_iter()
        .map(|a| {
            let s = a.suggestion;
            MineView {
                id: s.id,
                doc_id: s.doc_id,
                doc_title: a.doc_title,
                words: a.words,
                diff: SuggestionView::new(&s, 0).diff,
                status: s.status.as_str(),
                open: s.status == SuggestionStatus::Open,
                reason: s.reason,
                net: s.net,
                created_at: s.created_at,
                bead: a.bead,
            }
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &MineTemplate {
            page: page(&state, &v),
            items,
            message: q
                .withdrawn
                .map(|_| "Your suggestion was withdrawn.".to_string()),
        },
    ))
}

/// The form of a withdrawal.
#[derive(Deserialize)]
pub(crate) struct WithdrawForm {
    back: Option<String>,
}

/// `POST /suggestions/{sid}/withdraw`: the author withdraws their open suggestion (anyone
/// else gets a 403).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    v: Visitor,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<WithdrawForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let s = state
        .db(move |s| s.suggestion(sid))
        .await??
        .ok_or(WebError::NotFound("suggestion"))?;
    if s.author_id != Some(user) {
        return Err(WebError::Forbidden(
            "only its author can withdraw a suggestion".into(),
        ));
    }
    let doc = state
        .write(move |s| s.withdraw_suggestion(user, sid))
        .await??;
    state
        .announce(doc, s.bead_id, LiveKind::Withdraw, &v, false)
        .await;
    let back = local(f.back.as_deref(), "/my-suggestions".into());
    let back = if back == "/my-suggestions" {
        "/my-suggestions?withdrawn=1".to_string()
    } else {
        back
    };
    Ok(Redirect::to(&back).into_response())
}
