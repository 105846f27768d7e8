//! `sverka import`: the pairs of a manifest aligned and stored in the review database.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

use anyhow::Context;

use super::batch::{CommonArgs, tick};
use sverka::batch::{Aligned, Progress};
use sverka::export::Format;
use sverka::storage::StoreError;

/// How many aligned pairs `import` holds in memory before storing them.
const IMPORT_CHUNK: usize = 64;

/// Options of `sverka import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The manifest (as for `sverka batch`): a TSV file or a folder of pairs.
    manifest: PathBuf,
    /// The database file (created if needed).
    #[arg(long, default_value = "sverka.db")]
    db: PathBuf,
    /// Load the alignments that `sverka batch --format json` wrote to DIR (DIR/NAME.json)
    /// instead of aligning the texts again.
    #[arg(long, value_name = "DIR")]
    aligned: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

/// `sverka import`: stores the pairs not yet in the database as documents titled by their
/// names, aligned now or read from `--aligned DIR`. Exit code 0 when every pair is in, 1 when
/// some failed.
pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let manifest = args.common.manifest(&args.manifest)?;
    let mut store = super::open_store(&args.db)?;
    let mut present = 0;
    let mut todo = Vec::new();
    for pair in manifest.pairs() {
        if store.document_by_title(&pair.name)?.is_some() {
            present += 1;
        } else {
            todo.push(pair.clone());
        }
    }
    let batch = args.common.batch(Format::Tsv);
    let bar = args.common.bar(todo.len());
    let sentences = AtomicUsize::new(0);
    let (mut added, mut failures) = (0, Vec::new());
    for chunk in todo.chunks(IMPORT_CHUNK) {
        let results: Vec<sverka::Result<Aligned>> = match &args.aligned {
            Some(dir) => chunk
                .iter()
                .map(|pair| {
                    let a = Aligned::read_json(&dir.join(format!("{}.json", pair.name)));
                    let n = a.as_ref().map_or(0, |a| a.ru.len() + a.en.len());
                    let p = Progress {
                        name: &pair.name,
                        sentences: n,
                        failed: a.is_err(),
                    };
                    tick(&bar, &sentences, p);
                    a
                })
                .collect(),
            None => batch.map(chunk, |_, aligned| Ok(aligned), &|p| {
                tick(&bar, &sentences, p)
            })?,
        };
        for (pair, result) in chunk.iter().zip(results) {
            let a = match result {
                Ok(a) => a,
                Err(error) => {
                    failures.push((pair.name.clone(), error.to_string()));
                    continue;
                }
            };
            match store.import_document(&pair.name, &a.ru, &a.en, &a.beads) {
                Ok(stored) => added += usize::from(stored.is_some()),
                // A pair whose alignment the store refuses (read from a bad file) fails alone.
                Err(StoreError::Invalid(message)) => failures.push((pair.name.clone(), message)),
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot store the pair {}", pair.name));
                }
            }
        }
    }
    bar.finish_and_clear();
    let mut out = io::stdout().lock();
    if let Some(shard) = args.common.shard {
        writeln!(out, "shard: {shard}")?;
    }
    writeln!(
        out,
        "pairs: {added} imported, {present} already in {}, {} failed, {} in all",
        args.db.display(),
        failures.len(),
        manifest.len()
    )?;
    for (name, error) in &failures {
        writeln!(out, "failed: {name}: {error}")?;
    }
    out.flush()?;
    Ok(super::pairs_exit_code(failures.len(), manifest.len()))
}
