//! The review server: an axum router over the SQLite [`crate::storage::Store`].
//!
//! Pages are rendered on the server with askama and every action is a plain HTML form, so the
//! site works without JavaScript. Start it with `sverka serve`, or build the router yourself:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use sverka::web::{AppState, Config, router};
//! let state = AppState::open("sverka.db", Config::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, router(state)).await?;
//! # Ok(()) }
//! ```

mod auth;
mod cache;
mod error;
mod flash;
mod handlers;
mod live;
mod map;
mod multipart;
mod routes;
mod state;
mod templates;
mod throttle;
mod views;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub(crate) use auth::Visitor;
pub use error::WebError;
pub(crate) use error::WebResult;
pub use live::{LIVE_BUFFER, LiveEvent, LiveKind, RECONNECT_MS};
pub use routes::{Method, Route, routes};
pub use state::{AppState, Config};

use crate::review::{PasswordCost, Role, hash_password, random_password};
use crate::storage::Store;

/// The largest request body accepted (form posts and uploads), in bytes.
pub const MAX_BODY_BYTES: usize = 12_000_000;

/// The largest text accepted for one side of a new document, in bytes.
pub const MAX_TEXT_BYTES: usize = 5_000_000;

const CSS: &str = include_str!("../../static/style.css");
const REVIEW_JS: &str = include_str!("../../static/review.js");
const HTMX_JS: &str = include_str!("../../static/vendor/htmx/htmx.min.js");

/// The Content-Security-Policy sent with every response: no inline script or style.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The application: every route of [`routes`], the visitor/CSRF layer, security headers and
/// tracing.
pub fn router(state: AppState) -> Router {
    let security = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    routes::router()
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::visitor_layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            flash::flash_layer,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(security(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(security(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security(header::REFERRER_POLICY, "same-origin"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Prepares the database of a first start: when it has no account, creates the admin
/// account `admin` and returns its one-time password; when it has no document, imports and
/// aligns the bundled post as document 1. Does nothing (returns `None`) for a database that
/// already has both.
pub fn bootstrap(store: &mut Store, cost: PasswordCost) -> Result<Option<String>, WebError> {
    use crate::corpus::{DIGITAL_RESISTANCE_EN, DIGITAL_RESISTANCE_RU, DIGITAL_RESISTANCE_TITLE};
    let mut password = None;
    if store.user_count()? == 0 {
        let pw = random_password();
        store.create_user_one_time(None, "admin", &hash_password(&pw, cost)?, Role::Admin)?;
        password = Some(pw);
    }
    if store.documents()?.is_empty() {
        let bundled = |text, lang| {
            crate::Document::new(text, lang).map_err(|e| WebError::Internal(Box::new(e)))
        };
        let ru = bundled(DIGITAL_RESISTANCE_RU, crate::Lang::Ru)?;
        let en = bundled(DIGITAL_RESISTANCE_EN, crate::Lang::En)?;
        let beads = crate::Aligner::new().align(&ru, &en);
        store.create_document(None, DIGITAL_RESISTANCE_TITLE, &ru, &en, &beads)?;
    }
    Ok(password)
}
