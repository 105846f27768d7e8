//! `sverka backup`: a copy of the review database while it is in use, or a restore.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use sverka::storage::{backup, restore};

/// Options of `sverka backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The live database file.
    #[arg(long, default_value = super::DEFAULT_DB)]
    db: PathBuf,
    /// The backup file to write (must not exist); with --restore, the backup to restore.
    file: PathBuf,
    /// Restore FILE into --db instead (stop the server first). The old database is kept as
    /// DB.pre-restore.
    #[arg(long)]
    restore: bool,
}

/// Runs `sverka backup`.
pub fn run(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let (db, file) = (args.db.display(), args.file.display());
    let (s, verb, to) = if args.restore {
        let s = restore(&args.file, &args.db)
            .with_context(|| format!("cannot restore {file} into {db}"))?;
        (s, "Restored", &args.db)
    } else {
        let s = backup(&args.db, &args.file)
            .with_context(|| format!("cannot back up {db} to {file}"))?;
        (s, "Wrote", &args.file)
    };
    println!(
        "{verb} {}: {} users, {} documents, {} logged changes, {} bytes; integrity ok",
        to.display(),
        s.users,
        s.documents,
        s.events,
        s.bytes
    );
    Ok(ExitCode::SUCCESS)
}
