//! The review server: an axum router over the SQLite [`Store`](crate::storage::Store).
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
mod handlers;
mod live;
mod map;
mod multipart;
mod templates;
mod throttle;
mod views;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use auth::Visitor;
pub use error::WebError;
pub(crate) use error::WebResult;
pub use live::{LIVE_BUFFER, LiveEvent, RECONNECT_MS};

use crate::review::{PasswordCost, Role, hash_password, random_password};
use crate::storage::{Store, StoreError};

/// The largest request body accepted (form posts and uploads), in bytes.
pub const MAX_BODY_BYTES: usize = 12_000_000;

/// The largest text accepted for one side of a new document, in bytes.
pub const MAX_TEXT_BYTES: usize = 5_000_000;

/// Prepares the database of a first start: when it has no account, creates the admin
/// account `admin` and returns its one-time password; when it has no document, imports and
/// aligns the bundled post as document 1. Does nothing (returns `None`) for a database that
/// already has both.
pub fn bootstrap(store: &mut Store, cost: PasswordCost) -> Result<Option<String>, WebError> {
    use crate::corpus::{DIGITAL_RESISTANCE_EN, DIGITAL_RESISTANCE_RU, DIGITAL_RESISTANCE_TITLE};
    let mut password = None;
    if store.user_count()? == 0 {
        let pw = random_password();
        store.create_user("admin", &hash_password(&pw, cost)?, Role::Admin)?;
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

/// Server options.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Only signed-in users may read. The default is `false`.
    pub private: bool,
    /// Only admins create accounts; `/register` is closed. The default is `false`.
    pub invite_only: bool,
    /// Apply a suggestion without an admin once its net votes reach this. Off by default.
    pub auto_approve: Option<i64>,
    /// Mark cookies `Secure` (set when served behind TLS). The default is `false`.
    pub secure_cookies: bool,
    /// Cost of hashing new passwords. The default is [`PasswordCost::Default`].
    pub password_cost: PasswordCost,
}

/// Shared state of the server: the database connections and the options.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
    config: Config,
    hub: live::Hub,
    evidence: cache::EvidenceCache,
    map: map::MapCache,
}

impl AppState {
    /// State over already opened stores (one per connection; at least one).
    ///
    /// # Panics
    /// If `stores` is empty.
    pub fn new(stores: Vec<Store>, config: Config) -> AppState {
        assert!(!stores.is_empty(), "AppState needs at least one store");
        AppState(Arc::new(Inner {
            stores: stores.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
            config,
            hub: live::Hub::new(),
            evidence: cache::EvidenceCache::default(),
            map: map::MapCache::default(),
        }))
    }

    /// Opens `connections` connections to the database file at `path` (creating it).
    pub fn open_with(
        path: impl AsRef<Path>,
        connections: usize,
        config: Config,
    ) -> Result<AppState, StoreError> {
        let stores = (0..connections.max(1))
            .map(|_| Store::open(path.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AppState::new(stores, config))
    }

    /// Opens five connections to the database file at `path` (creating it): one writer and
    /// four readers.
    pub fn open(path: impl AsRef<Path>, config: Config) -> Result<AppState, StoreError> {
        Self::open_with(path, 5, config)
    }

    /// State over a fresh in-memory database (for tests).
    pub fn in_memory(config: Config) -> Result<AppState, StoreError> {
        Ok(AppState::new(vec![Store::open_in_memory()?], config))
    }

    /// The server options.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// Runs the read-only `f` on a store connection on the blocking thread pool.
    pub async fn db<T, F>(&self, f: F) -> Result<T, WebError>
    where
        F: FnOnce(&mut Store) -> T + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |state| state.with_store(f)).await
    }

    /// Runs the changing `f` on the writer connection on the blocking thread pool. Writers
    /// queue on one mutex instead of contending for SQLite's write lock.
    pub async fn write<T, F>(&self, f: F) -> Result<T, WebError>
    where
        F: FnOnce(&mut Store) -> T + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |state| {
            let mut s = state.0.stores[0].lock().unwrap_or_else(|p| p.into_inner());
            f(&mut s)
        })
        .await
    }

    /// Runs `f` on the blocking thread pool inside the caller's tracing span.
    async fn blocking<T, F>(&self, f: F) -> Result<T, WebError>
    where
        F: FnOnce(&AppState) -> T + Send + 'static,
        T: Send + 'static,
    {
        let state = self.clone();
        let span = tracing::Span::current();
        Ok(tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            f(&state)
        })
        .await?)
    }

    /// The aligner's evidence for every bead of `doc`, cached until its wording or alignment
    /// changes (blocking: call on the blocking pool, e.g. inside [`AppState::db`]).
    pub(crate) fn evidence(
        &self,
        store: &Store,
        doc: crate::review::DocId,
    ) -> Result<Arc<crate::review::evidence::DocEvidence>, StoreError> {
        self.0.evidence.get(store, doc)
    }

    /// The caches of the alignment map and statistics panel.
    pub(crate) fn map_cache(&self) -> &map::MapCache {
        &self.0.map
    }

    /// Runs `f` on a reading store connection on this thread (blocking). The first
    /// connection is the writer; it also reads when it is the only one.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        let all = &self.0.stores;
        let stores = if all.len() > 1 { &all[1..] } else { &all[..] };
        let start = self.0.next.fetch_add(1, Ordering::Relaxed);
        for k in 0..stores.len() {
            if let Ok(mut s) = stores[(start + k) % stores.len()].try_lock() {
                return f(&mut s);
            }
        }
        let mut s = stores[start % stores.len()]
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        f(&mut s)
    }
}

const CSS: &str = include_str!("../../static/style.css");
const REVIEW_JS: &str = include_str!("../../static/review.js");
const HTMX_JS: &str = include_str!("../../static/vendor/htmx/htmx.min.js");

/// The Content-Security-Policy sent with every response: no inline script or style.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The application: every route, the visitor/CSRF layer, security headers and tracing.
pub fn router(state: AppState) -> Router {
    use axum::handler::Handler as _;
    use handlers::*;
    let security = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(documents_index))
        .route("/healthz", get(|| async { "ok" }))
        .route("/static/style.css", get(style_css))
        .route("/static/review.js", get(|| script(REVIEW_JS)))
        .route("/static/vendor/htmx.min.js", get(|| script(HTMX_JS)))
        .route(
            "/signin",
            get(signin_form).post(signin_submit.layer(axum::middleware::from_fn_with_state(
                throttle::Throttle::new(),
                throttle::signin_throttle,
            ))),
        )
        .route("/signout", post(signout_submit))
        .route("/register", get(register_form).post(register_submit))
        .route("/documents", post(documents_create))
        .route("/documents/new", get(documents_new))
        .route("/documents/{id}", get(documents_show))
        .route("/documents/{id}/delete", post(documents_delete))
        .route("/documents/{id}/export", get(documents_export))
        .route("/documents/{id}/history", get(documents_history))
        .route("/documents/{id}/live", get(live::documents_live))
        .route("/documents/{id}/next", get(documents_next))
        .route(
            "/documents/{id}/compare",
            get(documents_compare_form).post(documents_compare),
        )
        .route("/documents/{id}/beads/{bead}/row", get(beads_row))
        .route("/documents/{id}/restore", post(documents_restore))
        .route("/documents/{id}/beads/{bead}", get(beads_show))
        .route("/documents/{id}/beads/{bead}/vote", post(beads_vote))
        .route("/documents/{id}/beads/{bead}/approve", post(beads_approve))
        .route("/documents/{id}/beads/{bead}/suggest", post(beads_suggest))
        .route("/documents/{id}/beads/{bead}/comment", post(beads_comment))
        .route("/suggestions/{sid}/vote", post(suggestions_vote))
        .route("/suggestions/{sid}/approve", post(suggestions_approve))
        .route("/suggestions/{sid}/reject", post(suggestions_reject))
        .route("/events/{eid}/revert", post(events_revert))
        .route("/admin/users", get(users_index).post(users_create))
        .route("/admin/users/{uid}", post(users_update))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::visitor_layer,
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

async fn script(body: &'static str) -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

async fn style_css() -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}
