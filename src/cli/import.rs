//! `sverka import`: the pairs of a manifest aligned and stored in the review database, or an
//! existing alignment (TMX, TSV/CSV, a Moses pair, sverka's JSON) stored as it is.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

use anyhow::Context;

use super::batch::{CommonArgs, tick};
use sverka::batch::{Aligned, Progress};
use sverka::export::Format;
use sverka::input::{self, AlignmentFormat, AlignmentOptions};
use sverka::storage::StoreError;

/// How many aligned pairs `import` holds in memory before storing them.
const IMPORT_CHUNK: usize = 64;

/// Options of `sverka import`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true)
    .args(["manifest", "tmx", "tsv", "json", "moses"])))]
pub struct ImportArgs {
    /// The manifest (as for `sverka batch`): a TSV file or a folder of pairs.
    manifest: Option<PathBuf>,
    /// Load an existing alignment from a TMX file (its Russian and English variants, matched
    /// by language code: ru, ru-RU, en-US …) instead of aligning texts.
    #[arg(long, value_name = "FILE")]
    tmx: Option<PathBuf>,
    /// Load an existing alignment from a two-column TSV file (or CSV, by its .csv extension):
    /// Russian, English, and an optional confidence; a header row is recognised.
    #[arg(long, value_name = "FILE")]
    tsv: Option<PathBuf>,
    /// Load an existing alignment from the JSON of `sverka align --format json`.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Load an existing alignment from a Moses pair of line-aligned files (line i of RU is
    /// the translation of line i of EN).
    #[arg(long, num_args = 2, value_names = ["RU", "EN"])]
    moses: Option<Vec<PathBuf>>,
    /// With --tmx, --tsv or --moses: split each unit into sentences, keeping the unit as one
    /// bead.
    #[arg(long)]
    split: bool,
    /// With --tmx, --tsv, --json or --moses: the document's title. The default is the file's
    /// name without its extension.
    #[arg(long)]
    title: Option<String>,
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
    let Some(path) = &args.manifest else {
        return run_alignment(&args);
    };
    let manifest = args.common.manifest(path)?;
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

/// `sverka import --tmx/--tsv/--json/--moses`: one existing alignment stored as a document
/// whose beads are the file's units and whose origin is `imported`; nothing when a document
/// of its title is there already. Bad input stores nothing and exits 2.
fn run_alignment(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let options = AlignmentOptions {
        split: args.split,
        encoding: args.common.encoding.clone(),
        ..AlignmentOptions::default()
    };
    let (file, aligned) = match (&args.tmx, &args.tsv, &args.json, &args.moses) {
        (Some(f), ..) => (
            f,
            input::read_alignment_file(f, Some(AlignmentFormat::Tmx), &options)?,
        ),
        (_, Some(f), ..) => {
            let format = match AlignmentFormat::from_name(&f.to_string_lossy()) {
                Some(AlignmentFormat::Csv) => AlignmentFormat::Csv,
                _ => AlignmentFormat::Tsv,
            };
            (f, input::read_alignment_file(f, Some(format), &options)?)
        }
        (_, _, Some(f), _) => (
            f,
            input::read_alignment_file(f, Some(AlignmentFormat::Json), &options)?,
        ),
        (_, _, _, Some(pair)) => (
            &pair[0],
            input::read_moses_files(&pair[0], &pair[1], &options)?,
        ),
        _ => unreachable!("clap requires one source"),
    };
    let title = match &args.title {
        Some(t) => t.clone(),
        None => default_title(file),
    };
    let mut store = super::open_store(&args.db)?;
    let stored = store
        .import_alignment(&title, &aligned.ru, &aligned.en, &aligned.beads)
        .with_context(|| format!("cannot store {}", file.display()))?;
    let mut out = io::stdout().lock();
    match stored {
        Some(doc) => writeln!(
            out,
            "imported {} as document {doc} “{title}”: {} beads, {} Russian and {} English sentences",
            file.display(),
            aligned.beads.len(),
            aligned.ru.len(),
            aligned.en.len()
        )?,
        None => writeln!(
            out,
            "“{title}” is already in {}: nothing imported",
            args.db.display()
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The file name without its extension (and without `.ru` for a Moses file `NAME.ru`).
fn default_title(file: &std::path::Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".into());
    match stem.strip_suffix(".ru") {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => stem,
    }
}
