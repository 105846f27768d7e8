//! `sverka batch` and `sverka import`: corpus mode on the command line.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use sverka::batch::{Aligned, Batch, Manifest, Progress, Shard};
use sverka::export::Format;
use sverka::storage::{Store, StoreError};

/// How many aligned pairs `import` holds in memory before storing them.
const IMPORT_CHUNK: usize = 64;

#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// The manifest: a TSV file of `name<TAB>ru_path<TAB>en_path` lines (paths relative to the
    /// manifest's folder; `#` starts a comment), or a folder of NAME.ru.txt / NAME.en.txt pairs.
    manifest: PathBuf,
    /// The output folder (created if needed): each pair is written to DIR/NAME.EXT.
    #[arg(long, short = 'o', value_name = "DIR")]
    out: PathBuf,
    /// The output format: tsv, json, beads, tmx or cesalign.
    #[arg(long, short = 'f', default_value = "tsv")]
    format: Format,
    #[command(flatten)]
    common: CommonArgs,
    /// TSV: write a header row in each file.
    #[arg(long)]
    header: bool,
}

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

#[derive(clap::Args, Debug)]
struct CommonArgs {
    /// Align on N threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Process only the I-th of N slices of the manifest (1-based). A pair's slice depends on
    /// its name only (FNV-1a hash modulo N), so the N shards are disjoint and cover the manifest.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// The texts are one sentence per line, used as is (blank lines separate paragraphs).
    #[arg(long)]
    presegmented: bool,
    /// Show no progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

impl CommonArgs {
    /// The manifest's pairs in this shard; a manifest with no pair at all is an error.
    fn manifest(&self, path: &std::path::Path) -> anyhow::Result<Manifest> {
        let manifest = Manifest::read(path)?;
        if manifest.is_empty() {
            bail!("{} lists no pair", path.display());
        }
        Ok(match self.shard {
            Some(shard) => manifest.shard(shard),
            None => manifest,
        })
    }

    fn batch(&self, format: Format) -> Batch<'static> {
        Batch::new(format)
            .jobs(self.jobs)
            .presegmented(self.presegmented)
    }

    /// A progress bar over `pairs` pairs whose message counts sentences; hidden when
    /// standard error is not a terminal or with `--quiet`.
    fn bar(&self, pairs: usize) -> ProgressBar {
        let bar = ProgressBar::new(pairs as u64);
        if self.quiet || !io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {pos}/{len} pairs, {msg} (eta {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_message("0 sentences");
        bar
    }
}

/// Advances `bar` by one pair and counts its sentences.
fn tick(bar: &ProgressBar, sentences: &AtomicUsize, p: Progress<'_>) {
    let total = sentences.fetch_add(p.sentences, Ordering::Relaxed) + p.sentences;
    bar.set_message(format!("{total} sentences"));
    bar.inc(1);
}

fn exit_code(failed: usize, total: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("sverka: {failed} of {total} pairs failed");
        ExitCode::from(1)
    }
}

/// `sverka batch`: exit code 0 when every pair was written, 1 when some failed.
pub fn run_batch(args: BatchArgs) -> anyhow::Result<ExitCode> {
    let manifest = args.common.manifest(&args.manifest)?;
    let batch = args.common.batch(args.format).header(args.header);
    let bar = args.common.bar(manifest.len());
    let sentences = AtomicUsize::new(0);
    let summary = batch.write_all(manifest.pairs(), &args.out, &|p| tick(&bar, &sentences, p))?;
    bar.finish_and_clear();
    let mut out = io::stdout().lock();
    if let Some(shard) = args.common.shard {
        writeln!(out, "shard: {shard}")?;
    }
    write!(out, "{summary}")?;
    out.flush()?;
    Ok(exit_code(summary.failures.len(), summary.pairs))
}

/// `sverka import`: stores the pairs not yet in the database as documents titled by their
/// names, aligned now or read from `--aligned DIR`. Exit code 0 when every pair is in, 1 when
/// some failed.
pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let manifest = args.common.manifest(&args.manifest)?;
    let mut store = Store::open(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
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
    Ok(exit_code(failures.len(), manifest.len()))
}
