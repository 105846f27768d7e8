//! The library's error type: one variant per kind of failure, each naming what it concerns.

use std::path::PathBuf;

/// A specialised `Result` for sverka's library functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library (the review database and server have their own
/// errors, [`crate::storage::StoreError`] and [`crate::web::WebError`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file or folder could not be written or created.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Input bytes are not valid UTF-8.
    #[error("{what} is not UTF-8 text (invalid byte on line {line})")]
    NotUtf8 {
        /// Which input (a file name or "Russian text").
        what: String,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// An input holds no sentence.
    #[error("{what} is empty: it holds no sentence")]
    EmptyInput {
        /// Which input.
        what: String,
    },
    /// A line of a beads file, dictionary or manifest could not be read.
    #[error("{what}, line {line}: {message}")]
    Malformed {
        /// Which input.
        what: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// An input was read whole but does not hold what it should (an aligned pair's JSON of
    /// another shape, a pair name that is not allowed …).
    #[error("{what}: {message}")]
    Invalid {
        /// Which input.
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// Fixed beads do not fit the documents (out of range, overlapping, out of order).
    #[error("fixed beads do not fit the documents: {0}")]
    BadFixedBeads(String),
    /// Beads or per-bead options given to an exporter do not fit its documents.
    #[error("cannot export: {0}")]
    Export(std::io::Error),
    /// An encoding name given to override detection is not one sverka knows.
    #[error("unknown encoding “{name}” (try utf-8, utf-16le, windows-1251, koi8-r or ibm866)")]
    UnknownEncoding {
        /// The name as given.
        name: String,
    },
    /// A file holds no text at all (binary data).
    #[error("{what} is not text: {reason}")]
    NotText {
        /// Which input.
        what: String,
        /// What was found instead.
        reason: String,
    },
    /// A file's content is not the format its extension names.
    #[error("{what} is not {expected}: it is {found}")]
    WrongFormat {
        /// Which input.
        what: String,
        /// The format the extension names ("a DOCX document").
        expected: String,
        /// What the content is ("an EPUB book", "a PDF file" …).
        found: String,
    },
    /// A ZIP archive (DOCX, ODT, EPUB) is damaged or truncated.
    #[error("{what} is a damaged archive: {message}")]
    BadArchive {
        /// Which input.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A file is encrypted (password-protected).
    #[error("{what} is encrypted (password-protected){}; save it without a password", entry.as_ref().map(|e| format!(" at {e}")).unwrap_or_default())]
    Encrypted {
        /// Which input.
        what: String,
        /// The encrypted entry of the archive, if known.
        entry: Option<String>,
    },
    /// An input is larger than the limit on its size.
    #[error("{what} is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Which input.
        what: String,
        /// Its size (or the size read so far).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// An archive breaks a limit of unpacking (entries, unpacked size, compression ratio):
    /// a ZIP bomb, or a file too large to read.
    #[error("{what}: {message}; refused (a ZIP bomb?)")]
    ArchiveLimit {
        /// Which input.
        what: String,
        /// Which limit, and where.
        message: String,
    },
    /// A part that the format needs is missing (a DOCX without `word/document.xml` …).
    #[error("{what} has no {part}: it is not a complete {format}")]
    MissingPart {
        /// Which input.
        what: String,
        /// The missing part.
        part: String,
        /// The format ("DOCX document").
        format: String,
    },
    /// XML inside an input is malformed.
    #[error("{what}, {entry}: malformed XML near byte {position}: {message}")]
    Xml {
        /// Which input.
        what: String,
        /// The XML file (an archive entry, or the input itself).
        entry: String,
        /// Byte offset of the error in that XML.
        position: u64,
        /// What the parser said.
        message: String,
    },
    /// XML that declares entities or refers to one that is not predefined: sverka never
    /// expands entities (no external entities, no billion laughs).
    #[error("{what}, {entry}: {message}; sverka never expands XML entities")]
    XmlEntity {
        /// Which input.
        what: String,
        /// The XML file.
        entry: String,
        /// What was found.
        message: String,
    },
    /// An alignment holds no text in one of the two languages.
    #[error("{what} has no {lang} text (languages found: {found})")]
    MissingLanguage {
        /// Which input.
        what: String,
        /// The language missing (`ru` or `en`).
        lang: crate::Lang,
        /// The languages the file holds, comma-separated, or "none".
        found: String,
    },
    /// A row of a TSV or CSV alignment has another number of cells than the first row.
    #[error("{what}, row {row}: {found} cells where the first row has {expected}")]
    RaggedRow {
        /// Which input.
        what: String,
        /// 1-based row number (the line the row starts on).
        row: usize,
        /// Cells in this row.
        found: usize,
        /// Cells in the first row.
        expected: usize,
    },
    /// The two files of a line-aligned (Moses) pair have different numbers of lines.
    #[error(
        "{ru} has {ru_lines} lines but {en} has {en_lines}: line-aligned files must have as many"
    )]
    LineCountMismatch {
        /// The Russian file.
        ru: String,
        /// Its lines.
        ru_lines: usize,
        /// The English file.
        en: String,
        /// Its lines.
        en_lines: usize,
    },
    /// A translation unit of a TMX file cannot be used.
    #[error("{what}, translation unit {unit}: {message}")]
    BadUnit {
        /// Which input.
        what: String,
        /// 1-based number of the `<tu>`.
        unit: usize,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Builds a [`Error::Malformed`].
    pub fn malformed(what: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Error::Malformed {
            what: what.into(),
            line,
            message: message.into(),
        }
    }

    /// Builds an [`Error::Invalid`] about the file at `path`.
    pub(crate) fn invalid(path: &std::path::Path, message: impl Into<String>) -> Self {
        Error::Invalid {
            what: path.display().to_string(),
            message: message.into(),
        }
    }
}
