//! The `sverka` subcommands, one file each. The library does the work; these parse options,
//! open files, print results and choose the exit code.

pub mod align;
pub mod backup;
pub mod batch;
pub mod book;
pub mod check;
pub mod eval;
pub mod export;
pub mod import;
pub mod input;
pub mod segment;
pub mod serve;
pub mod user;

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use sverka::storage::Store;

/// The default file of the review database.
pub const DEFAULT_DB: &str = "sverka.db";

/// Opens the output: a file, or standard output.
pub fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(io::BufWriter::new(
            fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

/// Opens the review database at `path`, creating it if needed.
pub fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open the database {}", path.display()))
}

/// Opens the review database at `path`, which must exist.
pub fn open_existing_store(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!("no database at {}", path.display());
    }
    open_store(path)
}

/// Exit code 0 when no pair failed, else 1 after saying how many did.
pub fn pairs_exit_code(failed: usize, total: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("sverka: {failed} of {total} pairs failed");
        ExitCode::from(1)
    }
}
