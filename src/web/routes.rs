//! The route table: every path the server answers, with its method and handler. The router
//! is built from it, and [`routes`] lists it (the authorization tests check every entry).

use axum::handler::Handler as _;
use axum::routing::{MethodRouter, get, post};

use super::handlers::{
    account, beads, compare, documents, export, review, script, style_css, suggestions, users,
};
use super::{AppState, HTMX_JS, REVIEW_JS, live, throttle};

/// An HTTP method the server routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`: pages and downloads; never changes anything.
    Get,
    /// `POST`: every change (forms carry a CSRF token).
    Post,
}

/// One entry of the route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route {
    /// The method.
    pub method: Method,
    /// The path pattern, with `{name}` for a parameter (axum's syntax).
    pub path: &'static str,
}

/// The table: (method, path, handler).
fn table() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    use Method::{Get, Post};
    let passwords = throttle::Throttle::new();
    let throttled =
        axum::middleware::from_fn_with_state(passwords.clone(), throttle::signin_throttle);
    let password_throttled =
        axum::middleware::from_fn_with_state(passwords, throttle::password_throttle);
    vec![
        (Get, "/", get(documents::index)),
        (Get, "/healthz", get(|| async { "ok" })),
        (Get, "/static/style.css", get(style_css)),
        (Get, "/static/review.js", get(|| script(REVIEW_JS))),
        (Get, "/static/vendor/htmx.min.js", get(|| script(HTMX_JS))),
        (Get, "/signin", get(account::signin_form)),
        (
            Post,
            "/signin",
            post(account::signin_submit.layer(throttled)),
        ),
        (Post, "/signout", post(account::signout_submit)),
        (Get, "/register", get(account::register_form)),
        (Post, "/register", post(account::register_submit)),
        (Post, "/documents", post(documents::create)),
        (Get, "/documents/new", get(documents::new)),
        (Post, "/documents/import", post(documents::import)),
        (Get, "/documents/{id}", get(review::show)),
        (Post, "/documents/{id}/delete", post(documents::delete)),
        (Get, "/documents/{id}/export", get(export::export)),
        (Get, "/documents/{id}/book", get(export::book)),
        (Get, "/documents/{id}/findings.tsv", get(export::findings)),
        (Get, "/documents/{id}/history", get(documents::history)),
        (Post, "/documents/{id}/restore", post(documents::restore)),
        (Get, "/documents/{id}/live", get(live::stream)),
        (Get, "/documents/{id}/next", get(review::next)),
        (Get, "/documents/{id}/compare", get(compare::form)),
        (Post, "/documents/{id}/compare", post(compare::submit)),
        (Get, "/documents/{id}/beads/{bead}", get(beads::show)),
        (Get, "/documents/{id}/beads/{bead}/row", get(beads::row)),
        (Post, "/documents/{id}/beads/{bead}/vote", post(beads::vote)),
        (
            Post,
            "/documents/{id}/beads/{bead}/approve",
            post(beads::approve),
        ),
        (
            Post,
            "/documents/{id}/beads/{bead}/suggest",
            post(beads::suggest),
        ),
        (
            Post,
            "/documents/{id}/beads/{bead}/comment",
            post(beads::comment),
        ),
        (Post, "/suggestions/{sid}/vote", post(suggestions::vote)),
        (
            Post,
            "/suggestions/{sid}/approve",
            post(suggestions::approve),
        ),
        (Post, "/suggestions/{sid}/reject", post(suggestions::reject)),
        (Get, "/my-suggestions", get(suggestions::mine)),
        (
            Post,
            "/suggestions/{sid}/withdraw",
            post(suggestions::withdraw),
        ),
        (Post, "/events/{eid}/revert", post(suggestions::revert)),
        (Get, "/admin/users", get(users::index)),
        (Post, "/admin/users", post(users::create)),
        (Post, "/admin/users/{uid}", post(users::update)),
        (Get, "/account/password", get(account::password_form)),
        (
            Post,
            "/account/password",
            post(account::password_submit.layer(password_throttled)),
        ),
        (Post, "/admin/users/{uid}/reset", post(users::reset)),
        (Post, "/admin/invites", post(users::invite_create)),
        (
            Post,
            "/admin/invites/{iid}/revoke",
            post(users::invite_revoke),
        ),
    ]
}

/// Every route the server answers, in the table's order.
///
/// # Example
/// ```
/// use sverka::web::{Method, routes};
/// assert!(routes().iter().any(|r| r.method == Method::Post && r.path == "/signin"));
/// ```
pub fn routes() -> Vec<Route> {
    table()
        .into_iter()
        .map(|(method, path, _)| Route { method, path })
        .collect()
}

/// The routes as an axum router (without the layers).
pub(crate) fn router() -> axum::Router<AppState> {
    table()
        .into_iter()
        .fold(axum::Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
}
