//! `sverka serve`: the review server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use sverka::review::PasswordCost;
use sverka::web::{AppState, Config, bootstrap, router};

/// Options of `sverka serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The database file (created on first start).
    #[arg(long, default_value = super::DEFAULT_DB)]
    db: PathBuf,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Only signed-in users may read.
    #[arg(long)]
    private: bool,
    /// Close registration: admins create accounts.
    #[arg(long)]
    invite_only: bool,
    /// Apply a suggestion without an admin once its net votes reach N (off by default).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..))]
    auto_approve: Option<i64>,
    /// Mark cookies Secure (use when served behind TLS).
    #[arg(long)]
    secure_cookies: bool,
}

/// Runs `sverka serve` until Ctrl-C. On first start it imports the bundled post and creates
/// the `admin` account, printing its one-time password.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(&args.db)?;
    if let Some(pw) = bootstrap(&mut store, PasswordCost::Default)? {
        println!("Created the admin account “admin” with the one-time password: {pw}");
        println!("Sign in with it and choose your own password; it is not shown again.");
    }
    drop(store);
    let config = Config {
        private: args.private,
        invite_only: args.invite_only,
        auto_approve: args.auto_approve,
        secure_cookies: args.secure_cookies,
        password_cost: PasswordCost::Default,
    };
    let state = AppState::open(&args.db, config)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let live = state.clone();
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        // On standard output whatever the log level: the address is what the user needs.
        println!("serving on http://{}", listener.local_addr()?);
        let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                tracing::info!("shutting down");
                live.close_live();
            })
            .await
            .context("the server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}
