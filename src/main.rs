//! The `sverka` command line.

use std::process::ExitCode;

use clap::Parser;

/// Align Russian and English texts sentence by sentence, review the alignment, export it.
#[derive(Debug, Parser)]
#[command(version, about)]
enum Cli {
    /// Run the review server.
    Serve(sverka::web::cli::ServeArgs),
    /// Manage accounts of the review server.
    User(sverka::web::cli::UserArgs),
    /// Export a reviewed document from the server's database.
    Export(sverka::web::cli::ExportArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse() {
        Cli::Serve(a) => sverka::web::cli::run_serve(a),
        Cli::User(a) => sverka::web::cli::run_user(a),
        Cli::Export(a) => sverka::web::cli::run_export(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sverka: {e:#}");
            ExitCode::from(2)
        }
    }
}
