//! `sverka batch`: many pairs aligned into an output folder.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::bail;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use sverka::batch::{Batch, Manifest, Progress, Shard};
use sverka::export::Format;
use sverka::input::ReadOptions;

/// Options of `sverka batch`.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// The manifest: a TSV file of `name<TAB>ru_path<TAB>en_path` lines (paths relative to the
    /// manifest's folder; `#` starts a comment), or a folder of NAME.ru.txt / NAME.en.txt pairs
    /// (or .docx, .odt, .epub, .html, .md, .srt). The files may be of any format sverka reads.
    manifest: PathBuf,
    /// The output folder (created if needed): each pair is written to DIR/NAME.EXT.
    #[arg(long, short = 'o', value_name = "DIR")]
    out: PathBuf,
    /// The output format: tsv, json, beads, tmx, cesalign, html or epub.
    #[arg(long, short = 'f', default_value = "tsv")]
    format: Format,
    #[command(flatten)]
    common: CommonArgs,
    /// TSV: write a header row in each file.
    #[arg(long)]
    header: bool,
    /// HTML and EPUB: each book's title is the pair's name unless `--title` is given.
    #[command(flatten)]
    book: super::book::BookArgs,
}

/// Options shared by `sverka batch` and `sverka import`.
#[derive(clap::Args, Debug)]
pub struct CommonArgs {
    /// Align on N threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Process only the I-th of N slices of the manifest (1-based). A pair's slice depends on
    /// its name only (FNV-1a hash modulo N), so the N shards are disjoint and cover the manifest.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// The texts are one sentence per line, used as is (blank lines separate paragraphs).
    #[arg(long)]
    pub presegmented: bool,
    /// Show no progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Read plain text in this encoding instead of detecting it (utf-8, windows-1251,
    /// koi8-r, cp866 …).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

impl CommonArgs {
    /// The manifest's pairs in this shard; a manifest with no pair at all is an error.
    pub fn manifest(&self, path: &Path) -> anyhow::Result<Manifest> {
        let manifest = Manifest::read(path)?;
        if manifest.is_empty() {
            bail!("{} lists no pair", path.display());
        }
        Ok(match self.shard {
            Some(shard) => manifest.shard(shard),
            None => manifest,
        })
    }

    pub fn batch(&self, format: Format) -> Batch<'static> {
        Batch::new(format)
            .jobs(self.jobs)
            .presegmented(self.presegmented)
            .read_options(ReadOptions {
                encoding: self.encoding.clone(),
                ..ReadOptions::default()
            })
    }

    /// A progress bar over `pairs` pairs whose message counts sentences; hidden when
    /// standard error is not a terminal or with `--quiet`.
    pub fn bar(&self, pairs: usize) -> ProgressBar {
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
pub fn tick(bar: &ProgressBar, sentences: &AtomicUsize, p: Progress<'_>) {
    let total = sentences.fetch_add(p.sentences, Ordering::Relaxed) + p.sentences;
    bar.set_message(format!("{total} sentences"));
    bar.inc(1);
}

/// `sverka batch`: exit code 0 when every pair was written, 1 when some failed.
pub fn run(args: BatchArgs) -> anyhow::Result<ExitCode> {
    let style = args.book.style(Some(args.format))?;
    let manifest = args.common.manifest(&args.manifest)?;
    let batch = args.common.batch(args.format).header(args.header).book(
        style,
        args.book.title.clone(),
        args.book.author.clone(),
    );
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
    Ok(super::pairs_exit_code(
        summary.failures.len(),
        summary.pairs,
    ))
}
