//! `sverka user`: accounts of the review server.

use std::path::PathBuf;
use std::process::ExitCode;

use sverka::review::{PasswordCost, Role, hash_password, random_password};

/// Options of `sverka user`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    /// The database file.
    #[arg(long, default_value = super::DEFAULT_DB)]
    db: PathBuf,
    /// What to do.
    #[command(subcommand)]
    action: UserAction,
}

/// `sverka user` actions.
#[derive(Debug, clap::Subcommand)]
enum UserAction {
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

/// Runs `sverka user`.
pub fn run(args: UserArgs) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(&args.db)?;
    match args.action {
        UserAction::Add { name, admin } => {
            let pw = random_password();
            let hash = hash_password(&pw, PasswordCost::Default)?;
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
    Ok(ExitCode::SUCCESS)
}
