//! Account administration (admins): the list, new accounts, roles and deactivation.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page;
use crate::review::{Role, UserId, hash_password, random_password};
use crate::storage::StoreError;
use crate::web::templates::{UsersTemplate, render};
use crate::web::{AppState, Visitor, WebError, WebResult};

/// `GET /admin/users`.
pub(crate) async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require_admin()?;
    users_page(&state, &v, None, None, StatusCode::OK).await
}

/// The accounts page, with a just-created account's one-time password or an error.
async fn users_page(
    state: &AppState,
    v: &Visitor,
    created: Option<(String, String)>,
    error: Option<String>,
    status: StatusCode,
) -> WebResult<Response> {
    let users = state.db(|s| s.users()).await??;
    Ok(render(
        status,
        &UsersTemplate {
            page: page(state, v),
            users,
            created,
            error,
            invite_only: state.config().invite_only,
        },
    ))
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

/// `POST /admin/users`: a new account with a one-time password shown once.
pub(crate) async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<NewUserForm>,
) -> WebResult<Response> {
    v.require_admin()?;
    let role = role(&f.role)?;
    let name = f.name.trim().to_string();
    let password = random_password();
    let cost = state.config().password_cost;
    let (n, pw) = (name.clone(), password.clone());
    let hash = state.compute(move || hash_password(&pw, cost)).await??;
    let created = state.write(move |s| s.create_user(&n, &hash, role)).await?;
    match created {
        Ok(_) => users_page(&state, &v, Some((name, password)), None, StatusCode::OK).await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            let error = Some(format!("{e}."));
            users_page(&state, &v, None, error, StatusCode::BAD_REQUEST).await
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
