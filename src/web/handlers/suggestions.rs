//! Suggestions: votes on them, an admin's approval or rejection; and reverting a change.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::answer::{Act, after_action};
use super::beads::{VersionForm, VoteForm};
use super::{Hx, local};
use crate::review::{BeadId, DocId, EventId, SuggestionId};
use crate::web::live::LiveKind;
use crate::web::{AppState, Visitor, WebError, WebResult};

/// The document and bead of a suggestion (bead 0 once its bead is gone).
async fn place(state: &AppState, sid: SuggestionId) -> WebResult<(DocId, BeadId)> {
    let s = state
        .db(move |s| s.suggestion(sid))
        .await??
        .ok_or(WebError::NotFound("suggestion"))?;
    Ok((s.doc_id, s.bead_id.unwrap_or(0)))
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
    // An auto-applied structural change may have replaced the bead: go to the document.
    let applied = matches!(&r, Ok(o) if o.applied);
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
    let r = state
        .write(move |s| s.approve_suggestion(admin, sid, f.version))
        .await?;
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
    let r = state
        .write(move |s| s.reject_suggestion(admin, sid, &f.reason))
        .await?;
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
