//! Account administration (admins): the list, new accounts, roles and deactivation, password
//! resets and invite links.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page;
use crate::review::{InviteId, Role, UserId, hash_password, random_password};
use crate::storage::StoreError;
use crate::web::auth;
use crate::web::templates::{InviteLink, UsersTemplate, render};
use crate::web::{AppState, Visitor, WebError, WebResult};

/// The lifetimes an invite link may have: (days, label). The first is the default.
pub(crate) const INVITE_DAYS: &[(i64, &str)] = &[
    (7, "7 days"),
    (1, "1 day"),
    (3, "3 days"),
    (14, "14 days"),
    (30, "30 days"),
];

/// How many invites the Users page lists (the newest).
const INVITES_SHOWN: usize = 50;

/// What the Users page shows once, right after an action.
#[derive(Default)]
struct Notice {
    /// A new account and its one-time password.
    created: Option<(String, String)>,
    /// An account whose password was reset and its one-time password.
    reset: Option<(String, String)>,
    /// A new invite link.
    invite_link: Option<InviteLink>,
    /// What went wrong.
    error: Option<String>,
}

/// `GET /admin/users`.
pub(crate) async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require_admin()?;
    users_page(&state, &v, Notice::default(), StatusCode::OK).await
}

/// The accounts page with a notice. A page showing a one-time password or an invite link is
/// not stored by the browser (`Cache-Control: no-store`).
async fn users_page(
    state: &AppState,
    v: &Visitor,
    notice: Notice,
    status: StatusCode,
) -> WebResult<Response> {
    let (users, invites) = state
        .db(|s| -> Result<_, StoreError> { Ok((s.users()?, s.invites(INVITES_SHOWN)?)) })
        .await??;
    let mut resp = render(
        status,
        &UsersTemplate {
            page: page(state, v),
            users,
            created: notice.created,
            error: notice.error,
            invite_only: state.config().invite_only,
            reset: notice.reset,
            invite_link: notice.invite_link,
            invites,
            invite_days: INVITE_DAYS,
        },
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// The page with `error` as a 400.
async fn refused(state: &AppState, v: &Visitor, error: String) -> WebResult<Response> {
    let notice = Notice {
        error: Some(error),
        ..Notice::default()
    };
    users_page(state, v, notice, StatusCode::BAD_REQUEST).await
}

/// The new-account form.
#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    name: String,
    role: String,
}

/// The role of a form, or a 400.
fn role(name: &str) -> WebResult<Role> {
    Role::parse(name).ok_or_else(|| WebError::BadRequest("unknown role".into()))
}

/// `POST /admin/users`: a new account with a one-time password shown once, which the user
/// must change at the first sign-in.
pub(crate) async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<NewUserForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let role = role(&f.role)?;
    let name = f.name.trim().to_string();
    let password = random_password();
    let cost = state.config().password_cost;
    let (n, pw) = (name.clone(), password.clone());
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    let created = state
        .write(move |s| s.create_user_one_time(Some(admin), &n, &hash, role))
        .await?;
    match created {
        Ok(_) => {
            let notice = Notice {
                created: Some((name, password)),
                ..Notice::default()
            };
            users_page(&state, &v, notice, StatusCode::OK).await
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            refused(&state, &v, format!("{e}.")).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form of an account's role and activity.
#[derive(Deserialize)]
pub(crate) struct UserForm {
    role: String,
    active: Option<String>,
}

/// `POST /admin/users/{uid}`: sets the role and whether the account may sign in.
pub(crate) async fn update(
    State(state): State<AppState>,
    v: Visitor,
    Path(uid): Path<UserId>,
    Form(f): Form<UserForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let role = role(&f.role)?;
    let active = f.active.is_some();
    state
        .write(move |s| s.set_user(admin, uid, role, active))
        .await??;
    Ok(Redirect::to("/admin/users").into_response())
}

/// `POST /admin/users/{uid}/reset`: gives the account a new one-time password, shown once,
/// signs it out everywhere, and makes it choose its own password at the next sign-in. An
/// admin changes their own password on the Password page instead.
pub(crate) async fn reset(
    State(state): State<AppState>,
    v: Visitor,
    Path(uid): Path<UserId>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    if uid == admin {
        let msg =
            "To change your own password, use the Password page (it asks for the current one).";
        return refused(&state, &v, msg.into()).await;
    }
    let name = state
        .db(move |s| s.user(uid))
        .await??
        .ok_or(WebError::NotFound("user"))?
        .name;
    let password = random_password();
    let cost = state.config().password_cost;
    let pw = password.clone();
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    state
        .write(move |s| s.set_password(Some(admin), uid, &hash, true))
        .await??;
    let notice = Notice {
        reset: Some((name, password)),
        ..Notice::default()
    };
    users_page(&state, &v, notice, StatusCode::OK).await
}

/// The new-invite form.
#[derive(Deserialize)]
pub(crate) struct InviteForm {
    role: String,
    days: i64,
}

/// The address of this site as the admin's browser named it (`Host`), when known.
fn site(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    let scheme = if state.config().secure_cookies {
        "https"
    } else {
        "http"
    };
    ok.then(|| format!("{scheme}://{host}"))
}

/// `POST /admin/invites`: an invite link for one account with the form's role, valid for
/// the form's number of days; the link is shown once (only a hash of its token is kept).
pub(crate) async fn invite_create(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<InviteForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let role = role(&f.role)?;
    if !INVITE_DAYS.iter().any(|(d, _)| *d == f.days) {
        return Err(WebError::BadRequest("unknown invite lifetime".into()));
    }
    let token = auth::random_token();
    let t = token.clone();
    let invite = state
        .write(move |s| -> Result<_, StoreError> {
            s.create_invite(admin, &t, role, f.days * 24 * 3600)?;
            s.invite(&t)
        })
        .await??
        .ok_or_else(|| WebError::internal("a new invite is missing"))?;
    let path = format!("/register?invite={token}");
    let url = site(&state, &headers).map_or(path.clone(), |s| s + &path);
    let notice = Notice {
        invite_link: Some(InviteLink {
            url,
            role,
            expires_at: invite.expires_at,
        }),
        ..Notice::default()
    };
    users_page(&state, &v, notice, StatusCode::OK).await
}

/// `POST /admin/invites/{iid}/revoke`: withdraws an open invite.
pub(crate) async fn invite_revoke(
    State(state): State<AppState>,
    v: Visitor,
    Path(iid): Path<InviteId>,
) -> WebResult<Response> {
    v.require_admin()?;
    state.write(move |s| s.revoke_invite(iid)).await??;
    Ok(Redirect::to("/admin/users#invites").into_response())
}
