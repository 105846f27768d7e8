//! Signing in, registering (also with an invite link), signing out and changing one's own
//! password.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page;
use crate::review::{
    Invite, InviteStatus, MIN_PASSWORD_CHARS, PasswordCost, Role, UserId, check_new_password,
    check_password_change, hash_password, verify_password,
};
use crate::storage::{SESSION_TTL_SECS, StoreError};
use crate::web::auth::{self, PASSWORD_PATH, SESSION_COOKIE};
use crate::web::templates::{
    InviteErrorTemplate, InviteOffer, PasswordTemplate, RegisterTemplate, SigninTemplate, render,
};
use crate::web::{AppState, Visitor, WebError, WebResult};

/// `GET /signin`: the form.
pub(crate) async fn signin_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    Ok(render(
        StatusCode::OK,
        &SigninTemplate {
            page: page(&state, &v),
            error: None,
            name: String::new(),
        },
    ))
}

/// The sign-in form.
#[derive(Deserialize)]
pub(crate) struct SigninForm {
    name: String,
    password: String,
}

/// Starts a new session (a fresh id) for `user`, ending the visitor's old one, and
/// redirects to `to`.
async fn start_session(
    state: &AppState,
    v: &Visitor,
    user: UserId,
    to: &str,
) -> WebResult<Response> {
    let token = auth::random_token();
    let csrf = auth::random_token();
    let old = v.session.clone();
    let t = token.clone();
    state
        .write(move |s| -> Result<(), StoreError> {
            if let Some(old) = old {
                s.delete_session(&old)?;
            }
            s.create_session(&t, user, &csrf)
        })
        .await??;
    Ok(with_session_cookie(
        state,
        Redirect::to(to).into_response(),
        &token,
    ))
}

/// `resp` setting the session cookie to `token`.
fn with_session_cookie(state: &AppState, mut resp: Response, token: &str) -> Response {
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            SESSION_COOKIE,
            token,
            SESSION_TTL_SECS,
            state.config().secure_cookies,
        ),
    );
    resp
}

/// `POST /signin` (throttled per address and name).
pub(crate) async fn signin_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<SigninForm>,
) -> WebResult<Response> {
    let name = f.name.trim().to_string();
    let n = name.clone();
    let found = state.db(move |s| s.credentials(&n)).await??;
    let password = f.password;
    // Verify even for unknown names, so timing does not tell which names exist.
    let hash = found
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let ok = state
        .compute(move || verify_password(&password, &hash))
        .await?;
    match found {
        Some(c) if ok && c.user.active => {
            let to = if c.user.must_change_password {
                PASSWORD_PATH
            } else {
                "/"
            };
            start_session(&state, &v, c.user.id, to).await
        }
        _ => Ok(render(
            StatusCode::UNAUTHORIZED,
            &SigninTemplate {
                page: page(&state, &v),
                error: Some("Wrong name or password.".into()),
                name,
            },
        )),
    }
}

/// An Argon2id hash of a random password, checked for unknown user names.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        hash_password(&auth::random_token(), PasswordCost::Default).unwrap_or_default()
    })
}

/// `POST /signout`.
pub(crate) async fn signout_submit(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    if let Some(t) = v.session.clone() {
        state.write(move |s| s.delete_session(&t)).await??;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, state.config().secure_cookies),
    );
    Ok(resp)
}

/// The 403 of a closed registration.
fn invitation_only() -> WebError {
    WebError::Forbidden("registration is by invitation only; ask an admin for an account".into())
}

/// An error as a sentence: capitalised, with a full stop.
fn sentence(e: impl std::fmt::Display) -> String {
    let m = e.to_string();
    let mut c = m.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>() + ".")
        .unwrap_or_default()
}

/// The query of `GET /register`: an invite link's token.
#[derive(Deserialize)]
pub(crate) struct RegisterQuery {
    invite: Option<String>,
}

/// The open invite of `token`, or the page saying why the link cannot be used (404 for an
/// unknown link, 410 for a used, expired or revoked one).
async fn open_invite(
    state: &AppState,
    v: &Visitor,
    token: &str,
) -> WebResult<Result<Invite, Response>> {
    let t = token.to_string();
    let found = if auth::is_token(token) {
        state.db(move |s| s.invite(&t)).await??
    } else {
        None
    };
    let (status, message) = match &found {
        Some(i) if i.status == InviteStatus::Open => return Ok(Ok(i.clone())),
        None => (StatusCode::NOT_FOUND, "This invite link is not valid: check that it was copied whole, or ask an admin for a new one.".to_string()),
        Some(i) => (StatusCode::GONE, match i.status {
            InviteStatus::Used => "This invite link was already used: each link makes one account. Sign in with that account, or ask an admin for a new link.".to_string(),
            InviteStatus::Expired => format!("This invite link expired on {} UTC. Ask an admin for a new one.", i.expires_at),
            _ => "This invite link was withdrawn by an admin. Ask an admin for a new one.".to_string(),
        }),
    };
    Ok(Err(render(
        status,
        &InviteErrorTemplate {
            page: page(state, v),
            status: status.as_u16(),
            message,
        },
    )))
}

/// The register page for `invite` (or none), with an error and the name typed.
fn register_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    invite: Option<(&str, &Invite)>,
    error: Option<String>,
    name: String,
) -> Response {
    render(
        status,
        &RegisterTemplate {
            page: page(state, v),
            error,
            name,
            invite: invite.map(|(token, i)| InviteOffer {
                token: token.to_string(),
                role: i.role,
                expires_at: i.expires_at.clone(),
            }),
        },
    )
}

/// `GET /register[?invite=TOKEN]`: the form, for an open invite or (unless invite-only)
/// for anyone.
pub(crate) async fn register_form(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<RegisterQuery>,
) -> WebResult<Response> {
    if let Some(token) = q.invite.as_deref().filter(|t| !t.is_empty()) {
        return Ok(match open_invite(&state, &v, token).await? {
            Ok(i) => register_page(
                &state,
                &v,
                StatusCode::OK,
                Some((token, &i)),
                None,
                String::new(),
            ),
            Err(page) => page,
        });
    }
    if state.config().invite_only {
        return Err(invitation_only());
    }
    Ok(register_page(
        &state,
        &v,
        StatusCode::OK,
        None,
        None,
        String::new(),
    ))
}

/// The registration form.
#[derive(Deserialize)]
pub(crate) struct RegisterForm {
    name: String,
    password: String,
    confirm: String,
    /// An invite link's token.
    #[serde(default)]
    invite: String,
}

/// `POST /register`: a new account, signed in at once: a reviewer (unless invite-only), or
/// the role of the form's open invite, which it uses up.
pub(crate) async fn register_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<RegisterForm>,
) -> WebResult<Response> {
    let token = f.invite.trim().to_string();
    let invite = if token.is_empty() {
        if state.config().invite_only {
            return Err(invitation_only());
        }
        None
    } else {
        match open_invite(&state, &v, &token).await? {
            Ok(i) => Some(i),
            Err(page) => return Ok(page),
        }
    };
    let name = f.name.trim().to_string();
    let offer = invite.as_ref().map(|i| (token.as_str(), i));
    let fail = |msg: String| {
        register_page(
            &state,
            &v,
            StatusCode::BAD_REQUEST,
            offer,
            Some(msg),
            name.clone(),
        )
    };
    if let Err(weak) = check_new_password(&f.password, &f.confirm) {
        return Ok(fail(sentence(weak)));
    }
    let cost = state.config().password_cost;
    let (n, pw, t) = (name.clone(), f.password, token.clone());
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    let by_invite = invite.is_some();
    let created = state
        .write(move |s| {
            if by_invite {
                s.register_with_invite(&t, &n, &hash)
            } else {
                s.create_user(&n, &hash, Role::Reviewer)
            }
        })
        .await?;
    match created {
        Ok(id) => start_session(&state, &v, id, "/").await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => Ok(fail(sentence(e))),
        Err(e) => Err(e.into()),
    }
}

/// The query of `GET /account/password`: `changed` right after a change.
#[derive(Deserialize)]
pub(crate) struct PasswordQuery {
    changed: Option<String>,
}

/// The change-password page.
fn password_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    error: Option<String>,
    changed: bool,
) -> Response {
    let mut resp = render(
        status,
        &PasswordTemplate {
            page: page(state, v),
            error,
            forced: v.user.as_ref().is_some_and(|u| u.must_change_password),
            changed,
            min_chars: MIN_PASSWORD_CHARS,
        },
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `GET /account/password`: the form (signed-in users).
pub(crate) async fn password_form(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PasswordQuery>,
) -> WebResult<Response> {
    v.require_user()?;
    let changed = q.changed.is_some();
    Ok(password_page(&state, &v, StatusCode::OK, None, changed))
}

/// The change-password form.
#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

/// `POST /account/password` (throttled per user and address): checks the current password
/// (a wrong one answers 401) and the new one (the rules of registration, and not the current
/// one), stores it, ends every session of the user and starts a new one for this browser.
pub(crate) async fn password_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<PasswordForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.clone();
    if let Err(weak) = check_password_change(&f.current, &f.password, &f.confirm) {
        let msg = Some(sentence(weak));
        return Ok(password_page(
            &state,
            &v,
            StatusCode::BAD_REQUEST,
            msg,
            false,
        ));
    }
    let n = user.name.clone();
    let found = state.db(move |s| s.credentials(&n)).await??;
    let Some(hash) = found.map(|c| c.password_hash) else {
        return Err(WebError::Unauthorized);
    };
    let current = f.current;
    if !state
        .compute(move || verify_password(&current, &hash))
        .await?
    {
        let msg = Some("The current password is wrong; nothing was changed.".to_string());
        return Ok(password_page(
            &state,
            &v,
            StatusCode::UNAUTHORIZED,
            msg,
            false,
        ));
    }
    let cost = state.config().password_cost;
    let pw = f.password;
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    let (token, csrf) = (auth::random_token(), auth::random_token());
    let (t, id) = (token.clone(), user.id);
    state
        .write(move |s| -> Result<(), StoreError> {
            s.set_password(Some(id), id, &hash, false)?;
            s.create_session(&t, id, &csrf)
        })
        .await??;
    let to = format!("{PASSWORD_PATH}?changed=1");
    Ok(with_session_cookie(
        &state,
        Redirect::to(&to).into_response(),
        &token,
    ))
}
