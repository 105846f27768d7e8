//! Route handlers, by area: each parses the request, calls the store or the review rules, and
//! renders a view.

pub(crate) mod account;
mod answer;
pub(crate) mod beads;
pub(crate) mod compare;
pub(crate) mod documents;
pub(crate) mod export;
pub(crate) mod review;
pub(crate) mod suggestions;
pub(crate) mod users;

use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;

use super::multipart::{self, Part};
use super::views::Page;
use super::{AppState, MAX_BODY_BYTES, Visitor, WebError};
use crate::review::{DocId, Filter};

/// The default number of beads on one review page.
pub(crate) const PER_PAGE: usize = 50;
/// The largest number of beads on one review page.
pub(crate) const MAX_PER_PAGE: usize = 1000;

/// The frame of every page for this visitor.
pub(crate) fn page(state: &AppState, v: &Visitor) -> Page {
    Page::new(v, !state.config().invite_only)
}

/// A safe local redirect target: an absolute path on this site, else `fallback`.
pub(crate) fn local(back: Option<&str>, fallback: String) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') => b.to_string(),
        _ => fallback,
    }
}

/// The answer to an unknown path.
pub(crate) async fn not_found() -> WebError {
    WebError::NotFound("page")
}

/// The review page of document `id` with a filter, a search, a page number and a page size.
pub(crate) fn review_href(id: DocId, filter: Filter, q: &str, page: usize, per: usize) -> String {
    let mut h = format!("/documents/{id}?filter={filter}");
    if !q.is_empty() {
        h.push_str("&q=");
        h.extend(form_urlencoded::byte_serialize(q.as_bytes()));
    }
    if page > 1 {
        h.push_str(&format!("&page={page}"));
    }
    if per != PER_PAGE {
        h.push_str(&format!("&per={per}"));
    }
    h
}

/// Whether the request came from htmx (the `HX-Request` header), which wants a fragment.
pub(crate) struct Hx(pub(crate) bool);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Hx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Hx(parts.headers.contains_key("hx-request")))
    }
}

/// A form sent either as `multipart/form-data` (with files) or URL-encoded.
pub(crate) enum Upload<T> {
    /// The parts of a multipart body.
    Multipart(Vec<Part>),
    /// A URL-encoded form.
    Form(T),
}

impl<T: DeserializeOwned> Upload<T> {
    /// Reads the body of `req`: a multipart body into its parts (a malformed one is `Err`
    /// with the reason, for the form to show), else a URL-encoded form.
    pub(crate) async fn read(
        req: Request,
        state: &AppState,
    ) -> Result<Result<Upload<T>, String>, WebError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if content_type.starts_with("multipart/form-data") {
            let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
                .await
                .map_err(|_| WebError::TooLarge("the upload is too large".into()))?;
            return Ok(multipart::parse(&content_type, &body).map(Upload::Multipart));
        }
        let axum::Form(f) = axum::Form::<T>::from_request(req, state)
            .await
            .map_err(|e| WebError::BadRequest(e.body_text()))?;
        Ok(Ok(Upload::Form(f)))
    }
}

/// Serves a bundled script.
pub(crate) async fn script(body: &'static str) -> impl IntoResponse {
    static_file("text/javascript; charset=utf-8", body)
}

/// Serves the bundled stylesheet.
pub(crate) async fn style_css() -> impl IntoResponse {
    static_file("text/css; charset=utf-8", super::CSS)
}

fn static_file(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
