//! `sverka export`: a reviewed document from the server's database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use sverka::export::Format;
use sverka::review::{DocId, ExportRequest, export_applied};

/// Options of `sverka export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The database file.
    #[arg(long, default_value = super::DEFAULT_DB)]
    db: PathBuf,
    /// The document id.
    #[arg(long)]
    doc: DocId,
    /// tsv, tmx, json, beads, cesalign, html or epub (epub needs -o FILE).
    #[arg(long, default_value = "tsv")]
    format: Format,
    /// Export approved beads only.
    #[arg(long)]
    approved_only: bool,
    /// TSV: add a status column.
    #[arg(long)]
    status_column: bool,
    /// Run the automatic checks (see `sverka check`) and add each bead's findings: TSV a
    /// `findings` column, JSON a `findings` list per bead, TMX notes.
    #[arg(long)]
    checks: bool,
    /// Write here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// HTML and EPUB: the title is the document's unless `--title` is given; beads not yet
    /// approved are marked.
    #[command(flatten)]
    book: super::book::BookArgs,
}

/// Runs `sverka export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let book = args.book.style(Some(args.format))?;
    super::book::check_binary_output(args.format, args.output.as_deref())?;
    let store = super::open_existing_store(&args.db)?;
    let req = ExportRequest {
        format: args.format,
        approved_only: args.approved_only,
        status_column: args.status_column,
        book,
        findings: args.checks,
    };
    let what = || format!("cannot export document {}", args.doc);
    let mut applied = store.applied(args.doc).with_context(what)?;
    if let Some(title) = &args.book.title {
        applied.title = title.clone();
    }
    let (bytes, _) = export_applied(&applied, args.doc, req).with_context(what)?;
    match &args.output {
        Some(p) => {
            std::fs::write(p, &bytes).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
