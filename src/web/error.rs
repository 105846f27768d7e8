//! The web error type: every failure becomes a status code and the error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::storage::StoreError;

/// A handler failure, rendered as `error.html` with its status.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// 404: no such page or record.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 400: the request is malformed or not valid now.
    #[error("{0}")]
    BadRequest(String),
    /// 401: sign in first.
    #[error("please sign in first")]
    Unauthorized,
    /// 403: the role does not allow this, or the CSRF token is missing or wrong.
    #[error("{0}")]
    Forbidden(String),
    /// 409: the record changed since the form was loaded; nothing was changed.
    #[error("{0}")]
    Conflict(String),
    /// 413: the upload is too big.
    #[error("{0}")]
    TooLarge(String),
    /// 429: too many failed sign-ins; wait before trying again.
    #[error("{0}")]
    TooManyRequests(String),
    /// 500: something broke on the server (logged, not shown).
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A handler result.
pub(crate) type WebResult<T> = Result<T, WebError>;

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A 500 with an internal `message` (logged, not shown).
    pub fn internal(message: &str) -> WebError {
        WebError::Internal(message.into())
    }

    /// A 403 for a role that may not do this.
    pub fn admins_only() -> WebError {
        WebError::Forbidden("only an admin may do this".into())
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => WebError::NotFound(what),
            StoreError::Stale { .. } | StoreError::Conflict(_) | StoreError::Moved => {
                WebError::Conflict(e.to_string())
            }
            StoreError::Invalid(_) | StoreError::Text(_) => WebError::BadRequest(e.to_string()),
            other => WebError::Internal(Box::new(other)),
        }
    }
}

impl From<crate::review::PasswordError> for WebError {
    fn from(e: crate::review::PasswordError) -> Self {
        WebError::Internal(Box::new(e))
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(e: tokio::task::JoinError) -> Self {
        WebError::Internal(Box::new(e))
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(Box::new(e))
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorTemplate {
    pub(crate) page: super::views::Page,
    pub(crate) status: u16,
    pub(crate) reason: String,
    pub(crate) message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if let WebError::Internal(e) = &self {
            tracing::error!("{}", chain(e.as_ref()));
            "Something went wrong on the server. Please try again.".to_string()
        } else {
            let m = self.to_string();
            let mut c = m.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>() + ".")
                .unwrap_or_default()
        };
        let page = ErrorTemplate {
            page: super::views::Page {
                user: None,
                is_admin: false,
                csrf: String::new(),
                can_register: false,
                flash: None,
            },
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("Error").to_string(),
            message,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, page.message).into_response(),
        }
    }
}

/// An error with its causes, `: `-separated.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}
