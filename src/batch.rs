//! Corpus mode: align many document pairs at once, in parallel, and split a corpus into shards.
//!
//! A [`Manifest`] lists the pairs: a TSV file of `name<TAB>ru_path<TAB>en_path` lines (paths
//! relative to the manifest's folder), or a folder of `NAME.ru.txt` / `NAME.en.txt` files.
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

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::export::{self, ExportOptions, Format};
use crate::{Aligner, Bead, BeadKind, Document, Error, Lang, Result};

/// The longest pair name, in bytes: it must fit in a file name with its extension.
pub const MAX_NAME_BYTES: usize = 200;

/// One document pair of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's name: the output file is `NAME.EXT` and the review document's title is `NAME`.
    pub name: String,
    /// The Russian text.
    pub ru: PathBuf,
    /// The English text.
    pub en: PathBuf,
}

/// The pairs of a corpus, in manifest order, with unique valid names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pairs: Vec<Pair>,
}

impl Manifest {
    /// Reads a manifest file, or a folder of `NAME.ru.txt` / `NAME.en.txt` pairs when `path` is
    /// a folder (see [`Manifest::parse`] and [`Manifest::from_dir`]).
    pub fn read(path: &Path) -> Result<Manifest> {
        if path.is_dir() {
            return Manifest::from_dir(path);
        }
        let text = crate::text::read_utf8(path)?;
        let what = path.display().to_string();
        let base = path.parent().unwrap_or(Path::new(""));
        Manifest::parse(&text, base, &what)
    }

    /// Parses manifest text: one `name<TAB>ru_path<TAB>en_path` line per pair; relative paths
    /// are taken from `base` (the manifest's folder). Blank lines and lines starting with `#`
    /// are skipped, and so is a first line `name<TAB>ru<TAB>en` (or `…ru_path…en_path`), a
    /// header. `what` names the manifest in errors.
    ///
    /// Fails with [`Error::Malformed`] naming the line when a line has not three fields, a
    /// field is empty, a name is not valid ([`check_name`]) or is used twice (ignoring case).
    ///
    /// # Example
    /// ```
    /// use std::path::Path;
    /// use sverka::batch::Manifest;
    ///
    /// let m = Manifest::parse("# corpus\na\ta.ru\ta.en\nb\t/data/b.ru\tb.en\n", Path::new("c"), "m.tsv").unwrap();
    /// assert_eq!(m.pairs()[0].ru, Path::new("c/a.ru"));
    /// assert_eq!(m.pairs()[1].ru, Path::new("/data/b.ru"));
    /// let err = Manifest::parse("a\ta.ru\ta.en\nb\tb.ru\n", Path::new(""), "m.tsv").unwrap_err();
    /// assert_eq!(err.to_string(), "m.tsv, line 2: expected 3 tab-separated fields (name, Russian file, English file), found 2");
    /// ```
    pub fn parse(text: &str, base: &Path, what: &str) -> Result<Manifest> {
        let mut pairs = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if number == 1 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if number == 1 && is_header(&fields) {
                continue;
            }
            if fields.len() != 3 {
                return Err(Error::malformed(
                    what,
                    number,
                    format!(
                        "expected 3 tab-separated fields (name, Russian file, English file), found {}",
                        fields.len()
                    ),
                ));
            }
            let (name, ru, en) = (fields[0], fields[1], fields[2]);
            check_name(name).map_err(|m| Error::malformed(what, number, m))?;
            if ru.is_empty() || en.is_empty() {
                return Err(Error::malformed(
                    what,
                    number,
                    format!("pair “{name}” has an empty file path"),
                ));
            }
            // Ignoring case, so that two pairs never share a file on a case-insensitive disk.
            if let Some(first) = seen.insert(name.to_lowercase(), number) {
                return Err(Error::malformed(
                    what,
                    number,
                    format!(
                        "the name “{name}” is already used on line {first} (names are compared ignoring case)"
                    ),
                ));
            }
            pairs.push(Pair {
                name: name.to_string(),
                ru: base.join(ru),
                en: base.join(en),
            });
        }
        Ok(Manifest { pairs })
    }

    /// The pairs of a folder: every `NAME.ru.txt` with its `NAME.en.txt`, by name. A file
    /// without its counterpart still makes a pair, which then fails as a missing file. Hidden
    /// files (starting with `.`) are ignored; a file name that is not a valid pair name is an
    /// error.
    pub fn from_dir(dir: &Path) -> Result<Manifest> {
        let io_err = |source| Error::Read {
            path: dir.to_path_buf(),
            source,
        };
        let mut names = BTreeMap::new();
        for entry in fs::read_dir(dir).map_err(io_err)? {
            let entry = entry.map_err(io_err)?;
            let file = entry.file_name();
            let Some(file) = file.to_str() else {
                continue;
            };
            let Some(name) = file
                .strip_suffix(".ru.txt")
                .or_else(|| file.strip_suffix(".en.txt"))
            else {
                continue;
            };
            if file.starts_with('.') {
                continue;
            }
            check_name(name).map_err(|m| Error::invalid(&entry.path(), m))?;
            names.insert(name.to_string(), ());
        }
        let pairs = names
            .into_keys()
            .map(|name| Pair {
                ru: dir.join(format!("{name}.ru.txt")),
                en: dir.join(format!("{name}.en.txt")),
                name,
            })
            .collect();
        Ok(Manifest { pairs })
    }

    /// The pairs, in manifest order.
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the manifest holds no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Keeps only the pairs of `shard`, in manifest order.
    ///
    /// # Example
    /// ```
    /// use std::path::Path;
    /// use sverka::batch::{Manifest, Shard};
    ///
    /// let m = Manifest::parse("a\ta\ta\nb\tb\tb\nc\tc\tc\nd\td\td\n", Path::new(""), "m").unwrap();
    /// let sizes: Vec<usize> = (1..=3)
    ///     .map(|i| m.clone().shard(Shard::new(i, 3).unwrap()).len())
    ///     .collect();
    /// assert_eq!(sizes.iter().sum::<usize>(), 4);
    /// ```
    pub fn shard(mut self, shard: Shard) -> Manifest {
        self.pairs.retain(|p| shard.contains(&p.name));
        self
    }
}

fn is_header(fields: &[&str]) -> bool {
    matches!(
        fields,
        ["name", "ru", "en"] | ["name", "ru_path", "en_path"]
    )
}

/// Checks a pair name: 1 to [`MAX_NAME_BYTES`] bytes, no `/`, `\`, control character or
/// surrounding space, not `.` or `..` and not starting with `.` (so it is one plain, visible
/// file name on every system). Returns what is wrong.
///
/// # Example
/// ```
/// use sverka::batch::check_name;
/// assert!(check_name("lenta-2023-01").is_ok());
/// assert!(check_name("../etc/passwd").is_err());
/// assert!(check_name("..").is_err());
/// ```
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let problem = if name.is_empty() {
        "the pair name is empty"
    } else if name.len() > MAX_NAME_BYTES {
        "the pair name is longer than 200 bytes"
    } else if name.contains(['/', '\\']) {
        "a pair name may not contain / or \\"
    } else if name.starts_with('.') {
        "a pair name may not start with a dot (no ., .. or hidden files)"
    } else if name.chars().any(char::is_control) {
        "a pair name may not contain control characters"
    } else if name.trim() != name {
        "a pair name may not start or end with a space"
    } else {
        return Ok(());
    };
    Err(format!("{problem}: {name:?}"))
}

/// 64-bit FNV-1a hash: the fixed hash that assigns pairs to shards.
///
/// # Example
/// ```
/// assert_eq!(sverka::batch::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(sverka::batch::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The I-th of N slices of a corpus (1-based): the pairs whose name hashes
/// ([`fnv1a`] of its UTF-8 bytes) to `I − 1` modulo N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// Shard `index` of `count` (1 ≤ index ≤ count), or `None`.
    pub fn new(index: usize, count: usize) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// The shard's 1-based index.
    pub fn index(self) -> usize {
        self.index
    }

    /// The number of shards.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the pair named `name` belongs to this shard.
    ///
    /// # Example
    /// ```
    /// use sverka::batch::Shard;
    /// let shards: Vec<Shard> = (1..=4).map(|i| Shard::new(i, 4).unwrap()).collect();
    /// // Every name is in exactly one shard.
    /// for name in ["a", "b", "news-17", "статья"] {
    ///     assert_eq!(shards.iter().filter(|s| s.contains(name)).count(), 1);
    /// }
    /// ```
    pub fn contains(self, name: &str) -> bool {
        fnv1a(name.as_bytes()) % self.count as u64 == (self.index - 1) as u64
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The error of parsing a [`Shard`] that is not `I/N` with 1 ≤ I ≤ N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid shard {0:?}: expected I/N with 1 ≤ I ≤ N, such as 3/8")]
pub struct ParseShardError(pub String);

impl FromStr for Shard {
    type Err = ParseShardError;

    /// Parses `I/N`.
    ///
    /// ```
    /// use sverka::batch::Shard;
    /// assert_eq!("2/8".parse::<Shard>().unwrap(), Shard::new(2, 8).unwrap());
    /// assert!("0/8".parse::<Shard>().is_err());
    /// assert!("9/8".parse::<Shard>().is_err());
    /// ```
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let err = || ParseShardError(s.to_owned());
        let (i, n) = s.trim().split_once('/').ok_or_else(err)?;
        let (i, n) = (
            i.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        Shard::new(i, n).ok_or_else(err)
    }
}

/// One aligned pair, as [`Batch::map`] hands it over.
#[derive(Debug, Clone)]
pub struct Aligned {
    /// The Russian document.
    pub ru: Document,
    /// The English document.
    pub en: Document,
    /// The alignment.
    pub beads: Vec<Bead>,
}

impl Aligned {
    /// Reads an aligned pair back from the JSON file that `sverka batch --format json` (or
    /// `sverka align --format json`) wrote: its sentences with their paragraphs and its beads
    /// with their confidences. The documents' texts are the sentences joined as
    /// [`Document::from_sentences`] joins them.
    ///
    /// Fails with [`Error::Read`] naming the file when it cannot be read, [`Error::Invalid`]
    /// when it is not such JSON or a bead's sentence indices are not consecutive or out of
    /// range, and with [`Error::NotUtf8`] or [`Error::EmptyInput`] as the other readers do.
    ///
    /// # Example
    /// ```
    /// use sverka::batch::Aligned;
    ///
    /// let path = std::env::temp_dir().join(format!("sverka-aligned-{}.json", std::process::id()));
    /// std::fs::write(&path, r#"{"ru": [{"text": "Да.", "paragraph": 0}],
    ///   "en": [{"text": "Yes.", "paragraph": 0}, {"text": "Sure.", "paragraph": 0}],
    ///   "beads": [{"ru": [0], "en": [0, 1], "score": 0.75}]}"#).unwrap();
    /// let a = Aligned::read_json(&path).unwrap();
    /// assert_eq!((a.ru.len(), a.en.len()), (1, 2));
    /// assert_eq!((a.beads[0].span.en.clone(), a.beads[0].score), (0..2, 0.75));
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn read_json(path: &Path) -> Result<Aligned> {
        #[derive(serde::Deserialize)]
        struct JsonSentence {
            text: String,
            paragraph: usize,
        }
        #[derive(serde::Deserialize)]
        struct JsonBead {
            ru: Vec<usize>,
            en: Vec<usize>,
            score: f64,
        }
        #[derive(serde::Deserialize)]
        struct JsonPair {
            ru: Vec<JsonSentence>,
            en: Vec<JsonSentence>,
            beads: Vec<JsonBead>,
        }
        let invalid = |message: String| Error::invalid(path, message);
        let text = crate::text::read_utf8(path)?;
        let what = path.display().to_string();
        let pair: JsonPair = serde_json::from_str(&text)
            .map_err(|e| invalid(format!("not an aligned pair in JSON: {e}")))?;
        let side = |sentences: &[JsonSentence], lang, name: &str| {
            Document::from_sentences(
                sentences.iter().map(|s| (s.text.as_str(), s.paragraph)),
                lang,
            )
            .map_err(|_| Error::EmptyInput {
                what: format!("the {name} side of {what}"),
            })
            .and_then(|d| {
                // `from_sentences` drops blank sentences, which would shift the indices.
                if d.len() == sentences.len() {
                    Ok(d)
                } else {
                    Err(invalid(format!("a {name} sentence is blank")))
                }
            })
        };
        let ru = side(&pair.ru, Lang::Ru, "Russian")?;
        let en = side(&pair.en, Lang::En, "English")?;
        let range = |ids: &[usize], len: usize, k: usize| {
            let ok =
                ids.windows(2).all(|w| w[1] == w[0] + 1) && ids.last().is_none_or(|&i| i < len);
            match (ok, ids.first()) {
                (false, _) => Err(invalid(format!(
                    "bead {}: sentence indices {ids:?} are not consecutive or out of range",
                    k + 1
                ))),
                (true, Some(&first)) => Ok(first..first + ids.len()),
                // An empty side sits where the side's previous bead ended; fixed below.
                (true, None) => Ok(usize::MAX..usize::MAX),
            }
        };
        let mut beads = Vec::with_capacity(pair.beads.len());
        let (mut r, mut e) = (0, 0);
        for (k, b) in pair.beads.iter().enumerate() {
            let mut ru_range = range(&b.ru, ru.len(), k)?;
            let mut en_range = range(&b.en, en.len(), k)?;
            if ru_range.start == usize::MAX {
                ru_range = r..r;
            }
            if en_range.start == usize::MAX {
                en_range = e..e;
            }
            (r, e) = (ru_range.end, en_range.end);
            if !(0.0..=1.0).contains(&b.score) {
                return Err(invalid(format!(
                    "bead {}: confidence {} is not in 0..1",
                    k + 1,
                    b.score
                )));
            }
            beads.push(Bead::new(ru_range, en_range, b.score));
        }
        Ok(Aligned { ru, en, beads })
    }
}

/// Figures of the pairs aligned so far, merged into a [`Summary`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Russian sentences.
    pub ru_sentences: usize,
    /// English sentences.
    pub en_sentences: usize,
    /// Beads by type.
    pub beads: BTreeMap<BeadKind, usize>,
    /// The sum of the beads' confidences.
    pub confidence_sum: f64,
}

impl Stats {
    /// The figures of one aligned pair.
    pub fn of(aligned: &Aligned) -> Stats {
        let mut s = Stats {
            ru_sentences: aligned.ru.len(),
            en_sentences: aligned.en.len(),
            ..Stats::default()
        };
        for b in &aligned.beads {
            *s.beads.entry(b.span.kind()).or_default() += 1;
            s.confidence_sum += b.score;
        }
        s
    }

    /// Adds `other`'s figures to these.
    pub fn add(&mut self, other: &Stats) {
        self.ru_sentences += other.ru_sentences;
        self.en_sentences += other.en_sentences;
        for (&k, &n) in &other.beads {
            *self.beads.entry(k).or_default() += n;
        }
        self.confidence_sum += other.confidence_sum;
    }

    /// The number of beads.
    pub fn bead_count(&self) -> usize {
        self.beads.values().sum()
    }

    /// The mean confidence of the beads, or `None` without beads.
    pub fn mean_confidence(&self) -> Option<f64> {
        let n = self.bead_count();
        (n > 0).then(|| self.confidence_sum / n as f64)
    }
}

/// A pair that could not be aligned or written.
#[derive(Debug)]
pub struct Failure {
    /// The pair's name.
    pub name: String,
    /// What went wrong.
    pub error: Error,
}

/// What a batch run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Pairs given.
    pub pairs: usize,
    /// Pairs aligned (and written).
    pub aligned: usize,
    /// The figures of the aligned pairs.
    pub stats: Stats,
    /// The pairs that failed, in manifest order.
    pub failures: Vec<Failure>,
}

impl Summary {
    /// Whether every pair was aligned.
    pub fn is_success(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Summary {
    /// Several lines: pairs, sentences, beads by type, mean confidence, then each failure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        writeln!(
            f,
            "pairs: {} aligned, {} failed, {} in all",
            self.aligned,
            self.failures.len(),
            self.pairs
        )?;
        writeln!(
            f,
            "sentences: {} Russian, {} English",
            s.ru_sentences, s.en_sentences
        )?;
        let kinds: Vec<String> = s
            .beads
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        if kinds.is_empty() {
            writeln!(f, "beads: 0")?;
        } else {
            writeln!(f, "beads: {} ({})", s.bead_count(), kinds.join(", "))?;
        }
        match s.mean_confidence() {
            Some(c) => writeln!(f, "mean confidence: {c:.3}")?,
            None => writeln!(f, "mean confidence: -")?,
        }
        for failure in &self.failures {
            writeln!(f, "failed: {}: {}", failure.name, failure.error)?;
        }
        Ok(())
    }
}

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

    /// TSV: writes a header row in each file. The default is `false`.
    pub fn header(mut self, yes: bool) -> Self {
        self.header = yes;
        self
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads, segments and aligns one pair.
    ///
    /// Fails with [`Error::Read`] when a file cannot be read, [`Error::NotUtf8`] when it is not
    /// UTF-8 and [`Error::EmptyInput`] when it holds no sentence (each naming the file).
    pub fn align_pair(&self, pair: &Pair) -> Result<Aligned> {
        let ru = self.load(&pair.ru, Lang::Ru)?;
        let en = self.load(&pair.en, Lang::En)?;
        let beads = self.aligner.align(&ru, &en);
        Ok(Aligned { ru, en, beads })
    }

    fn load(&self, path: &Path, lang: Lang) -> Result<Document> {
        let text = crate::text::read_utf8(path)?;
        let what = path.display().to_string();
        let doc = if self.presegmented {
            Document::presegmented(text, lang)
        } else {
            Document::new(text, lang)
        };
        doc.map_err(|e| match e {
            Error::EmptyInput { .. } => Error::EmptyInput { what },
            other => other,
        })
    }

    /// Writes one aligned pair in the batch's format to `out_dir/NAME.EXT`, atomically: the
    /// text goes to a hidden temporary file in `out_dir` that is then renamed, so a killed run
    /// never leaves a partial file under the final name. Returns the file's path.
    pub fn write_pair(&self, name: &str, aligned: &Aligned, out_dir: &Path) -> Result<PathBuf> {
        let mut buf = Vec::new();
        let options = ExportOptions {
            header: self.header,
            doc_name: Some(name.to_string()),
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
    fn header_comments_and_crlf_are_skipped() {
        let m = Manifest::parse(
            "\u{feff}name\tru\ten\r\n\r\n# a comment\r\nx\tx.ru\tx.en\r\n",
            Path::new("base"),
            "m",
        )
        .unwrap();
        assert_eq!(
            m.pairs(),
            [Pair {
                name: "x".into(),
                ru: "base/x.ru".into(),
                en: "base/x.en".into()
            }]
        );
    }

    #[test]
    fn bad_lines_name_their_number() {
        for (text, line, needle) in [
            ("a\ta\ta\n\n../x\tb\tb\n", 3, "may not contain /"),
            ("a\ta\ta\nb\t\tb\n", 2, "empty file path"),
            ("a\ta\ta\na\tb\tb\n", 2, "already used on line 1"),
            ("Доклад\ta\ta\nдоклад\tb\tb\n", 2, "already used on line 1"),
            ("a b c\n", 1, "found 1"),
            ("a\tb\tc\td\n", 1, "found 4"),
            (".hidden\tb\tc\n", 1, "start with a dot"),
        ] {
            let err = Manifest::parse(text, Path::new(""), "m").unwrap_err();
            match &err {
                Error::Malformed {
                    line: l, message, ..
                } => {
                    assert_eq!(*l, line, "{text:?}: {err}");
                    assert!(message.contains(needle), "{text:?}: {err}");
                }
                other => panic!("{text:?}: unexpected {other}"),
            }
        }
    }

    #[test]
    fn shards_depend_on_the_name_only() {
        let names: Vec<String> = (0..500).map(|i| format!("doc-{i}")).collect();
        let n = 7;
        let mut counts = vec![0usize; n];
        for name in &names {
            let owners: Vec<usize> = (1..=n)
                .filter(|&i| Shard::new(i, n).unwrap().contains(name))
                .collect();
            assert_eq!(owners.len(), 1, "{name}");
            counts[owners[0] - 1] += 1;
        }
        // FNV-1a spreads similar names evenly enough: no shard gets under half its share.
        assert!(counts.iter().all(|&c| c > 500 / n / 2), "{counts:?}");
    }

    #[test]
    fn shard_parsing() {
        assert_eq!("1/1".parse::<Shard>().unwrap().to_string(), "1/1");
        assert_eq!(
            " 3 / 4 ".parse::<Shard>().unwrap(),
            Shard::new(3, 4).unwrap()
        );
        for bad in ["", "1", "1/0", "0/0", "a/b", "2/1", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad:?}");
        }
    }

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

    #[test]
    fn stats_add_up() {
        let mut a = Stats::default();
        a.beads.insert(BeadKind::new(1, 1), 3);
        a.confidence_sum = 2.4;
        let mut b = Stats::default();
        b.beads.insert(BeadKind::new(1, 1), 1);
        b.beads.insert(BeadKind::new(1, 0), 1);
        b.confidence_sum = 0.6;
        a.add(&b);
        assert_eq!(a.bead_count(), 5);
        assert!((a.mean_confidence().unwrap() - 0.6).abs() < 1e-12);
        assert_eq!(Stats::default().mean_confidence(), None);
    }
}
