//! The `serve`, `user` and `export` subcommands.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

use super::{AppState, Config, PasswordCost};
use crate::export::Format;
use crate::review::{ExportRequest, export_applied};
use crate::storage::{Role, Store};

/// Options of `sverka serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The database file (created on first start).
    #[arg(long, default_value = "sverka.db")]
    pub db: PathBuf,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Only signed-in users may read.
    #[arg(long)]
    pub private: bool,
    /// Close registration: admins create accounts.
    #[arg(long)]
    pub invite_only: bool,
    /// Apply a suggestion without an admin once its net votes reach N (off by default).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..))]
    pub auto_approve: Option<i64>,
    /// Mark cookies Secure (use when served behind TLS).
    #[arg(long)]
    pub secure_cookies: bool,
}

/// Options of `sverka user`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    /// The database file.
    #[arg(long, default_value = "sverka.db")]
    pub db: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub action: UserAction,
}

/// `sverka user` actions.
#[derive(Debug, clap::Subcommand)]
pub enum UserAction {
    /// Create an account and print its one-time password.
    Add {
        /// The sign-in name.
        name: String,
        /// Make the account an admin.
        #[arg(long)]
        admin: bool,
    },
    /// List the accounts.
    List,
}

/// Options of `sverka export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The database file.
    #[arg(long, default_value = "sverka.db")]
    pub db: PathBuf,
    /// The document id.
    #[arg(long)]
    pub doc: i64,
    /// tsv, tmx, json, beads or cesalign.
    #[arg(long, default_value = "tsv")]
    pub format: String,
    /// Export approved beads only.
    #[arg(long)]
    pub approved_only: bool,
    /// TSV: add a status column.
    #[arg(long)]
    pub status_column: bool,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Creates the database if needed: imports and aligns the bundled post as document 1 and
/// creates an `admin` account, returning its one-time password. Does nothing (returns
/// `None`) for a database that already has users or documents.
pub fn bootstrap(store: &mut Store, cost: PasswordCost) -> anyhow::Result<Option<String>> {
    let mut password = None;
    if store.user_count()? == 0 {
        let pw = super::random_password();
        let hash = super::hash_password(&pw, cost)?;
        store.create_user("admin", &hash, Role::Admin)?;
        password = Some(pw);
    }
    if store.documents()?.is_empty() {
        let ru = crate::Document::new(crate::corpus::DIGITAL_RESISTANCE_RU, crate::Lang::Ru)?;
        let en = crate::Document::new(crate::corpus::DIGITAL_RESISTANCE_EN, crate::Lang::En)?;
        let beads = crate::Aligner::new().align(&ru, &en);
        store.create_document(
            None,
            crate::corpus::DIGITAL_RESISTANCE_TITLE,
            &ru,
            &en,
            &beads,
        )?;
    }
    Ok(password)
}

/// Runs `sverka serve` until Ctrl-C.
pub fn run_serve(args: ServeArgs) -> anyhow::Result<()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "sverka=info,tower_http=info".into()),
        )
        .try_init();
    let mut store = Store::open(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    if let Some(pw) = bootstrap(&mut store, PasswordCost::Default)? {
        println!("Created the admin account “admin” with the one-time password: {pw}");
        println!("Sign in and keep it safe; it is not shown again.");
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
        tracing::info!("serving on http://{}", listener.local_addr()?);
        let app = super::router(state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                tracing::info!("shutting down");
                live.close_live();
            })
            .await
            .context("the server failed")
    })
}

/// Runs `sverka user`.
pub fn run_user(args: UserArgs) -> anyhow::Result<()> {
    let mut store = Store::open(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    match args.action {
        UserAction::Add { name, admin } => {
            let pw = super::random_password();
            let hash = super::hash_password(&pw, PasswordCost::Default)?;
            let role = if admin { Role::Admin } else { Role::Reviewer };
            store.create_user(&name, &hash, role)?;
            println!("Created {role} “{name}” with the one-time password: {pw}");
        }
        UserAction::List => {
            for u in store.users()? {
                let state = if u.active { "" } else { " (inactive)" };
                println!("{}\t{}{state}", u.name, u.role);
            }
        }
    }
    Ok(())
}

/// Runs `sverka export`.
pub fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    let format: Format = args.format.parse()?;
    if !args.db.exists() {
        anyhow::bail!("no database at {}", args.db.display());
    }
    let store = Store::open(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    let req = ExportRequest {
        format,
        approved_only: args.approved_only,
        status_column: args.status_column,
    };
    let applied = store
        .applied(args.doc)
        .with_context(|| format!("cannot export document {}", args.doc))?;
    let (bytes, _) = export_applied(&applied, args.doc, req)
        .with_context(|| format!("cannot export document {}", args.doc))?;
    match &args.output {
        Some(p) => {
            std::fs::write(p, &bytes).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}
