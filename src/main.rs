//! The `sverka` command line: align, segment, evaluate, batch, import, serve, manage accounts,
//! export and back up. Each subcommand lives in `cli/`; the work is the library's.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// Align Russian and English texts sentence by sentence.
#[derive(Parser, Debug)]
#[command(name = "sverka", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Align a Russian text with its English counterpart (with no files: the bundled post).
    Align(cli::align::AlignArgs),
    /// Split a text into sentences, one per line.
    Segment(cli::segment::SegmentArgs),
    /// Score test alignments against gold ones (strict and lax precision, recall, F1).
    Eval(cli::eval::EvalArgs),
    /// Run the review server (with no options: the bundled post on 127.0.0.1:8080).
    Serve(cli::serve::ServeArgs),
    /// Manage accounts of the review server.
    User(cli::user::UserArgs),
    /// Export a reviewed document from the server's database.
    Export(cli::export::ExportArgs),
    /// Align many pairs listed in a manifest (or a folder of pairs) into an output folder.
    Batch(cli::batch::BatchArgs),
    /// Align the pairs of a manifest and load them into the review database (once per name).
    Import(cli::import::ImportArgs),
    /// Back up the review database while it is in use (or restore a backup with --restore).
    Backup(cli::backup::BackupArgs),
    /// Check a translation bead by bead: numbers, names, omissions, untranslated text…
    Check(cli::check::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(matches!(cli.command, Command::Serve(_)));
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Some(e) = err.downcast_ref::<io::Error>()
                && e.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("sverka: {}", report(&err));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Align(args) => cli::align::run(args),
        Command::Segment(args) => cli::segment::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::User(args) => cli::user::run(args),
        Command::Export(args) => cli::export::run(args),
        Command::Batch(args) => cli::batch::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Backup(args) => cli::backup::run(args),
        Command::Check(args) => cli::check::run(args),
    }
}

/// The error with its chain of causes, each once (a library error may already name its
/// cause).
fn report(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.ends_with(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

/// Sends the library's logs to standard error, filtered by `RUST_LOG` (e.g.
/// `RUST_LOG=sverka=debug`); without it, warnings only, and the server's requests at info.
/// Colour codes only on a terminal.
fn init_logs(serving: bool) {
    let default = if serving {
        "sverka=info,tower_http=info"
    } else {
        "sverka=warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .try_init();
}
