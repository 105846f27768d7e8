//! The library's error type.

use std::path::PathBuf;

/// A specialised `Result` for sverka's library functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
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
    /// A beads file (vecalign format) could not be read.
    #[error("{what}, line {line}: {message}")]
    Malformed {
        /// Which input.
        what: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// Fixed beads do not fit the documents (out of range, overlapping, out of order).
    #[error("fixed beads do not fit the documents: {0}")]
    BadFixedBeads(String),
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
}
