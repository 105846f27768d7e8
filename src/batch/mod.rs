//! Corpus mode: align many document pairs at once, in parallel, and split a corpus into shards.
//!
//! A [`Manifest`] lists the pairs: a TSV file of `name<TAB>ru_path<TAB>en_path` lines (paths
//! relative to the manifest's folder), or a folder of `NAME.ru.txt` / `NAME.en.txt` files
//! (or `.docx`, `.odt`, `.epub`, `.html`, `.md`, `.srt`: any format [`crate::input`] reads).
//! [`Batch`] aligns them on a thread pool of its own size and writes `DIR/NAME.EXT` per pair
//! ([`Batch::write_all`]) or hands each aligned pair to a function ([`Batch::map`]). A pair that
//! fails (missing file, not UTF-8, no sentence) is reported in the [`Summary`] and the other
//! pairs still finish.
//!
//! [`Shard`] keeps the I-th of N slices of a manifest, chosen by a fixed hash of each pair's
//! name (64-bit FNV-1a, [`fnv1a`]), so a pair's shard depends only on its name and N: not on
//! the manifest's order, nor on the other pairs. Shards are disjoint and together hold every
//! pair; adding pairs to a manifest never moves the old ones to another shard.
//!
//! # Example
//! ```
//! use sverka::batch::{Batch, Manifest};
//! use sverka::export::Format;
//!
//! let dir = std::env::temp_dir().join(format!("sverka-batch-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("hello.ru.txt"), "Привет. Как дела?").unwrap();
//! std::fs::write(dir.join("hello.en.txt"), "Hello. How are you?").unwrap();
//! std::fs::write(dir.join("pairs.tsv"), "hello\thello.ru.txt\thello.en.txt\n").unwrap();
//!
//! let manifest = Manifest::read(&dir.join("pairs.tsv")).unwrap();
//! let out = dir.join("out");
//! let summary = Batch::new(Format::Tsv).jobs(1).write_all(manifest.pairs(), &out, &|_| {}).unwrap();
//! assert_eq!((summary.aligned, summary.failures.len()), (1, 0));
//! assert_eq!(std::fs::read_to_string(out.join("hello.tsv")).unwrap().lines().count(), 2);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod aligned;
mod manifest;
mod shard;
mod summary;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::export::{self, BookStyle, ExportOptions, Format};
use crate::input::ReadOptions;
use crate::{Aligner, Document, Error, Lang, Result};

pub use aligned::Aligned;
pub use manifest::{FOLDER_EXTENSIONS, MAX_NAME_BYTES, Manifest, Pair, check_name};
pub use shard::{ParseShardError, Shard, fnv1a};
pub use summary::{Failure, Stats, Summary};

/// Progress of a batch run, reported once per finished pair (from the worker threads).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The pair just finished.
    pub name: &'a str,
    /// Its sentences (both sides; 0 when it failed).
    pub sentences: usize,
    /// Whether it failed.
    pub failed: bool,
}

/// The error of a batch run as a whole (a failing pair is not one: see [`Summary::failures`]).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The thread pool could not be started.
    #[error("cannot start {jobs} worker threads: {source}")]
    Threads {
        /// The threads asked for.
        jobs: usize,
        /// Why not.
        source: rayon::ThreadPoolBuildError,
    },
    /// The output folder could not be created.
    #[error("cannot create the output folder {}: {source}", path.display())]
    OutputDir {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
}

/// Aligns many pairs on a thread pool: the aligner, the output format and the number of threads.
#[derive(Debug)]
pub struct Batch<'a> {
    aligner: Aligner<'a>,
    format: Format,
    jobs: usize,
    presegmented: bool,
    header: bool,
    read: ReadOptions,
    book: BookStyle,
    title: Option<String>,
    author: Option<String>,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch::new(Format::Tsv)
    }
}

impl<'a> Batch<'a> {
    /// A batch writing `format` with the default aligner on all cores.
    pub fn new(format: Format) -> Self {
        Batch {
            aligner: Aligner::new(),
            format,
            jobs: 0,
            presegmented: false,
            header: false,
            read: ReadOptions::default(),
            book: BookStyle::default(),
            title: None,
            author: None,
        }
    }

    /// Uses this aligner. The default is [`Aligner::new`].
    pub fn aligner(mut self, aligner: Aligner<'a>) -> Self {
        self.aligner = aligner;
        self
    }

    /// Aligns on `jobs` threads; 0 means one per core. The default is 0.
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs;
        self
    }

    /// Takes the texts as one sentence per line (blank lines separate paragraphs). The default
    /// is `false` (the texts are segmented).
    pub fn presegmented(mut self, yes: bool) -> Self {
        self.presegmented = yes;
        self
    }

    /// How to read the pairs' files (any format [`crate::input`] reads; an encoding to use
    /// instead of detecting it). The default is [`ReadOptions::default`].
    pub fn read_options(mut self, options: ReadOptions) -> Self {
        self.read = options;
        self
    }

    /// TSV: writes a header row in each file. The default is `false`.
    pub fn header(mut self, yes: bool) -> Self {
        self.header = yes;
        self
    }

    /// HTML and EPUB: the books' style, title (the default, `None`, titles each book with its
    /// pair's name) and author (the default is none). The default style is
    /// [`BookStyle::default`].
    pub fn book(mut self, style: BookStyle, title: Option<String>, author: Option<String>) -> Self {
        self.book = style;
        self.title = title;
        self.author = author;
        self
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads, segments and aligns one pair.
    ///
    /// Fails with [`Error::Read`] when a file cannot be read, [`Error::EmptyInput`] when it
    /// holds no sentence, and with the errors of [`crate::input::read_bytes`] when it cannot be
    /// read as its format (each naming the file).
    pub fn align_pair(&self, pair: &Pair) -> Result<Aligned> {
        let ru = self.load(&pair.ru, Lang::Ru)?;
        let en = self.load(&pair.en, Lang::En)?;
        let beads = self.aligner.align(&ru, &en);
        Ok(Aligned { ru, en, beads })
    }

    fn load(&self, path: &Path, lang: Lang) -> Result<Document> {
        let input = crate::input::read_file(path, &self.read)?;
        if self.presegmented {
            input.presegmented(lang)
        } else {
            input.document(lang)
        }
    }

    /// Writes one aligned pair in the batch's format to `out_dir/NAME.EXT`, atomically: the
    /// text goes to a hidden temporary file in `out_dir` that is then renamed, so a killed run
    /// never leaves a partial file under the final name. Returns the file's path.
    pub fn write_pair(&self, name: &str, aligned: &Aligned, out_dir: &Path) -> Result<PathBuf> {
        let mut buf = Vec::new();
        let options = ExportOptions {
            header: self.header,
            doc_name: Some(name.to_string()),
            title: self.title.clone(),
            author: self.author.clone(),
            book: self.book,
            ..ExportOptions::default()
        };
        let path = out_dir.join(format!("{name}.{}", self.format.extension()));
        export::write(
            &mut buf,
            self.format,
            &aligned.ru,
            &aligned.en,
            &aligned.beads,
            &options,
        )
        .map_err(Error::Export)?;
        write_atomically(&path, &buf)?;
        Ok(path)
    }

    /// Aligns every pair on the pool and hands each aligned pair to `f` (on a worker thread).
    /// Returns one result per pair, in the order of `pairs`. `progress` is called once per pair.
    pub fn map<T, F>(
        &self,
        pairs: &[Pair],
        f: F,
        progress: &(dyn Fn(Progress<'_>) + Sync),
    ) -> std::result::Result<Vec<Result<T>>, BatchError>
    where
        T: Send,
        F: Fn(&Pair, Aligned) -> Result<T> + Sync,
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|i| format!("sverka-batch-{i}"))
            .build()
            .map_err(|source| BatchError::Threads {
                jobs: self.jobs,
                source,
            })?;
        Ok(pool.install(|| {
            pairs
                .par_iter()
                .with_max_len(1)
                .map(|pair| {
                    let result = self.align_pair(pair).and_then(|a| {
                        let sentences = a.ru.len() + a.en.len();
                        f(pair, a).map(|t| (t, sentences))
                    });
                    progress(Progress {
                        name: &pair.name,
                        sentences: result.as_ref().map_or(0, |r| r.1),
                        failed: result.is_err(),
                    });
                    result.map(|r| r.0)
                })
                .collect()
        }))
    }

    /// Aligns every pair and writes `out_dir/NAME.EXT` for each (see [`Batch::write_pair`]),
    /// creating `out_dir` if needed. A pair that fails is listed in the summary and the others
    /// still finish. The files do not depend on the number of threads or on the other pairs.
    pub fn write_all(
        &self,
        pairs: &[Pair],
        out_dir: &Path,
        progress: &(dyn Fn(Progress<'_>) + Sync),
    ) -> std::result::Result<Summary, BatchError> {
        fs::create_dir_all(out_dir).map_err(|source| BatchError::OutputDir {
            path: out_dir.to_path_buf(),
            source,
        })?;
        let results = self.map(
            pairs,
            |pair, aligned| {
                self.write_pair(&pair.name, &aligned, out_dir)?;
                Ok(Stats::of(&aligned))
            },
            progress,
        )?;
        let mut summary = Summary {
            pairs: pairs.len(),
            ..Summary::default()
        };
        for (pair, result) in pairs.iter().zip(results) {
            match result {
                Ok(stats) => {
                    summary.aligned += 1;
                    summary.stats.add(&stats);
                }
                Err(error) => summary.failures.push(Failure {
                    name: pair.name.clone(),
                    error,
                }),
            }
        }
        Ok(summary)
    }
}

/// Distinguishes the temporary files of concurrent writers in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` through a hidden temporary file beside it and a rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{file}.{}.{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Write { path: p, source }
    };
    let written = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_data()
        })
        .map_err(io_err(&tmp))
        .and_then(|()| fs::rename(&tmp, path).map_err(io_err(path)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_names_the_file_and_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("sverka-batch-unit-{}", std::process::id()));
        let missing = dir.join("no-such-folder");
        let batch = Batch::new(Format::Beads);
        let ru = Document::new("Один. Два.", Lang::Ru).unwrap();
        let en = Document::new("One. Two.", Lang::En).unwrap();
        let beads = Aligner::new().align(&ru, &en);
        let err = batch
            .write_pair("x", &Aligned { ru, en, beads }, &missing)
            .unwrap_err();
        match err {
            Error::Write { path, .. } => assert!(path.starts_with(&missing), "{}", path.display()),
            other => panic!("unexpected {other}"),
        }
        assert!(!missing.exists());
    }
}
