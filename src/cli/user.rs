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
    /// Create an account and print its one-time password (changed at the first sign-in).
    Add {
        /// The sign-in name.
        name: String,
        /// Make the account an admin.
        #[arg(long)]
        admin: bool,
    },
    /// Give an account a new one-time password (printed; changed at the next sign-in) and
    /// sign it out everywhere.
    Reset {
        /// The sign-in name.
        name: String,
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
            store.create_user_one_time(None, &name, &hash, role)?;
            println!("Created {role} “{name}” with the one-time password: {pw}");
            println!("It must be changed at the first sign-in.");
        }
        UserAction::Reset { name } => {
            let Some(account) = store.credentials(&name)? else {
                anyhow::bail!("no account is named “{name}”");
            };
            let pw = random_password();
            let hash = hash_password(&pw, PasswordCost::Default)?;
            store.set_password(None, account.user.id, &hash, true)?;
            println!(
                "Reset “{}”: the new one-time password is: {pw}",
                account.user.name
            );
            println!("Its sessions were signed out; it must be changed at the next sign-in.");
        }
        UserAction::List => {
            for u in store.users()? {
                let state = if u.active { "" } else { " (inactive)" };
                let one_time = if u.must_change_password {
                    " (one-time password)"
                } else {
                    ""
                };
                println!("{}\t{}{state}{one_time}", u.name, u.role);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
