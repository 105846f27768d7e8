//! `sverka eval`: test alignments scored against gold ones.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use sverka::{eval, export, text};

/// Options of `sverka eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Pairs of beads files: GOLD TEST [GOLD TEST ...].
    #[arg(required = true, num_args = 2.., value_names = ["GOLD", "TEST"])]
    files: Vec<PathBuf>,
    /// Coarse gold: its beads are translation units that may hold several sentences. A test
    /// bead is right if all its sentences lie in one gold bead (and it is one-sided only where
    /// that bead is).
    #[arg(long)]
    coarse: bool,
}

/// Runs `sverka eval`: prints strict and lax (or coarse) precision, recall and F1.
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    if !args.files.len().is_multiple_of(2) {
        bail!("give beads files in pairs: GOLD TEST [GOLD TEST ...]");
    }
    let mut docs = Vec::new();
    for pair in args.files.chunks(2) {
        let read = |p: &PathBuf| -> anyhow::Result<_> {
            Ok(export::read_beads(
                &text::read_utf8(p)?,
                &p.display().to_string(),
            )?)
        };
        docs.push((read(&pair[0])?, read(&pair[1])?));
    }
    let mut out = super::output(None)?;
    writeln!(out, "         precision  recall      F1")?;
    let rows = if args.coarse {
        vec![("coarse", eval::score_coarse(&docs))]
    } else {
        let s = eval::score(&docs);
        vec![("strict", s.strict), ("lax", s.lax)]
    };
    for (name, p) in rows {
        writeln!(
            out,
            "{name:<8} {:>9.4} {:>7.4} {:>7.4}",
            p.precision, p.recall, p.f1
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
