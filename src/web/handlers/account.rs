//! Signing in, registering and signing out.

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page;
use crate::review::{PasswordCost, Role, UserId, hash_password, verify_password};
use crate::storage::{SESSION_TTL_SECS, StoreError};
use crate::web::auth::{self, SESSION_COOKIE};
use crate::web::templates::{RegisterTemplate, SigninTemplate, render};
use crate::web::{AppState, Visitor, WebError, WebResult};

/// The shortest accepted password.
pub(crate) const MIN_PASSWORD: usize = 10;

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

/// Starts a new session (a fresh id) for `user`, ending the visitor's old one.
async fn start_session(state: &AppState, v: &Visitor, user: UserId) -> WebResult<Response> {
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
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            SESSION_COOKIE,
            &token,
            SESSION_TTL_SECS,
            state.config().secure_cookies,
        ),
    );
    Ok(resp)
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
        Some(c) if ok && c.user.active => start_session(&state, &v, c.user.id).await,
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

/// `GET /register`: the form (unless invite-only).
pub(crate) async fn register_form(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    if state.config().invite_only {
        return Err(invitation_only());
    }
    Ok(render(
        StatusCode::OK,
        &RegisterTemplate {
            page: page(&state, &v),
            error: None,
            name: String::new(),
        },
    ))
}

/// The registration form.
#[derive(Deserialize)]
pub(crate) struct RegisterForm {
    name: String,
    password: String,
    confirm: String,
}

/// `POST /register`: a new reviewer account, signed in at once (unless invite-only).
pub(crate) async fn register_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<RegisterForm>,
) -> WebResult<Response> {
    if state.config().invite_only {
        return Err(invitation_only());
    }
    let name = f.name.trim().to_string();
    let fail = |msg: String| {
        render(
            StatusCode::BAD_REQUEST,
            &RegisterTemplate {
                page: page(&state, &v),
                error: Some(msg),
                name: name.clone(),
            },
        )
    };
    if f.password.chars().count() < MIN_PASSWORD {
        return Ok(fail(format!(
            "A password needs at least {MIN_PASSWORD} characters."
        )));
    }
    if f.password != f.confirm {
        return Ok(fail("The two passwords differ.".into()));
    }
    let cost = state.config().password_cost;
    let (n, pw) = (name.clone(), f.password);
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    let created = state
        .write(move |s| s.create_user(&n, &hash, Role::Reviewer))
        .await?;
    match created {
        Ok(id) => start_session(&state, &v, id).await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => Ok(fail(format!("{e}."))),
        Err(e) => Err(e.into()),
    }
}
