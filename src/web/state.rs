//! The server's shared state: the database connections, the options, the caches and the hub
//! of live updates.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::{WebError, cache, live};
use crate::review::PasswordCost;
use crate::storage::{Store, StoreError};

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

pub(crate) struct Inner {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
    config: Config,
    hub: live::Hub,
    caches: cache::Caches,
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
            caches: cache::Caches::default(),
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

    /// Runs the CPU-heavy `f` (aligning, say) on the blocking thread pool, holding no
    /// database connection.
    pub(crate) async fn compute<T, F>(&self, f: F) -> Result<T, WebError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |_| f()).await
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

    /// The caches of what the review pages compute from a document.
    pub(crate) fn caches(&self) -> &cache::Caches {
        &self.0.caches
    }

    /// The hub of live updates.
    pub(crate) fn hub(&self) -> &live::Hub {
        &self.0.hub
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
