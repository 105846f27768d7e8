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
