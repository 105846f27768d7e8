//! Writers for aligned output (TSV, JSON, vecalign beads, TMX, cesAlign, and parallel books in
//! HTML and EPUB) and the beads reader.
//!
//! Every writer takes the two documents and their beads and writes one format to a
//! [`Write`]; [`write()`] picks the writer by [`Format`]. The writers check the beads against the
//! documents first, so a bead that points past the end of a document is an
//! [`io::ErrorKind::InvalidInput`] error, never a panic.
//!
//! # Example
//! ```
//! use sverka::export::{self, ExportOptions, Format};
//! use sverka::{Bead, Document, Lang};
//!
//! let ru = Document::presegmented("Привет.\nКак дела?\n", Lang::Ru).unwrap();
//! let en = Document::presegmented("Hello. How are you?\n", Lang::En).unwrap();
//! let beads = [Bead::new(0..2, 0..1, 0.8)];
//! let mut out = Vec::new();
//! export::write(&mut out, Format::Tsv, &ru, &en, &beads, &ExportOptions::default()).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "Привет. Как дела?\tHello. How are you?\t0.800\n");
//! ```

mod beads;
mod book;
mod findings;
mod json;
mod tsv;
mod xml;

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;
use std::str::FromStr;

use crate::{Bead, Document, Error};

pub use beads::{check_beads, read_beads, write_beads};
pub use book::{
    BOOK_CSP, BookStyle, CHAPTER_PARAGRAPHS, HEADING_CHARS, Layout, Order, ParseBookOptionError,
    reads_as_heading, write_epub, write_html,
};
pub use findings::{FINDINGS_HEADER, write_findings_tsv};
pub use json::write_json;
pub use tsv::write_tsv;
pub use xml::{write_ces_sentences, write_cesalign, write_tmx};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Tab-separated: Russian, English, confidence (and optionally status), one bead a line.
    Tsv,
    /// JSON with the sentences of both sides and the beads as sentence indices.
    Json,
    /// vecalign's beads format, `[0]:[0, 1]`, 0-based sentence indices.
    Beads,
    /// TMX 1.4b translation memory, one `<tu>` per two-sided bead.
    Tmx,
    /// OPUS cesAlign (XCES) link file with 1-based `s1` sentence ids.
    Cesalign,
    /// A parallel book to read: one self-contained HTML file, the languages side by side.
    Html,
    /// A parallel book to read as an EPUB 3 file (binary: a ZIP archive).
    Epub,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 7] = [
        Format::Tsv,
        Format::Json,
        Format::Beads,
        Format::Tmx,
        Format::Cesalign,
        Format::Html,
        Format::Epub,
    ];

    /// The format's name as [`FromStr`] takes it: `tsv`, `json`, `beads`, `tmx`, `cesalign`,
    /// `html`, `epub`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Beads => "beads",
            Format::Tmx => "tmx",
            Format::Cesalign => "cesalign",
            Format::Html => "html",
            Format::Epub => "epub",
        }
    }

    /// The usual file name extension, without the dot.
    ///
    /// # Example
    /// ```
    /// assert_eq!(sverka::export::Format::Cesalign.extension(), "xml");
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Beads => "beads",
            Format::Tmx => "tmx",
            Format::Cesalign => "xml",
            Format::Html => "html",
            Format::Epub => "epub",
        }
    }

    /// Whether the format is a book for people to read (HTML or EPUB) rather than a file for
    /// tools.
    pub fn is_book(self) -> bool {
        matches!(self, Format::Html | Format::Epub)
    }

    /// Whether the output is binary (EPUB, a ZIP archive), not text.
    pub fn is_binary(self) -> bool {
        self == Format::Epub
    }

    /// The HTTP `Content-Type` of the format's output.
    ///
    /// # Example
    /// ```
    /// use sverka::export::Format;
    /// assert_eq!(Format::Json.content_type(), "application/json");
    /// ```
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Json => "application/json",
            Format::Beads => "text/plain; charset=utf-8",
            Format::Tmx => "application/x-tmx+xml",
            Format::Cesalign => "application/xml",
            Format::Html => "text/html; charset=utf-8",
            Format::Epub => "application/epub+zip",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Format`] from a name it does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format {0:?} (expected tsv, json, beads, tmx, cesalign, html or epub)")]
pub struct ParseFormatError(pub String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Parses a format name, ignoring ASCII case.
    ///
    /// ```
    /// use sverka::export::Format;
    /// assert_eq!("TMX".parse::<Format>(), Ok(Format::Tmx));
    /// assert!("csv".parse::<Format>().is_err());
    /// ```
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseFormatError(s.to_owned()))
    }
}

/// Options of the writers.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// TSV: write a header row (`ru`, `en`, `confidence`, and `status` with statuses).
    /// The default is `false`.
    pub header: bool,
    /// One review status per bead (such as `approved`), or none. TSV writes them as a fourth
    /// column, JSON as each bead's `"status"`, TMX as a `<prop type="x-status">`.
    /// When given, it must hold exactly one entry per bead. The default is `None`.
    pub statuses: Option<Vec<String>>,
    /// One explanation per bead, written by JSON as each bead's `"evidence"`. When given, it
    /// must hold exactly one entry per bead. The default is `None`.
    pub explain: Option<Vec<serde_json::Value>>,
    /// The findings of the automatic checks ([`crate::qa`]), one list per bead (the list of
    /// bead `k` at `k`, as [`qa::per_bead`](crate::qa::per_bead) groups them). TSV writes
    /// them as a `findings` column (`number:error; omission:warning`), JSON as each bead's
    /// `"findings"`, TMX as a `<note>` and a `<prop type="x-sverka-check">` per finding. When
    /// given, it must hold exactly one entry per bead. The default is `None`.
    pub findings: Option<Vec<Vec<crate::qa::Finding>>>,
    /// cesAlign: the document name in `fromDoc="NAME.ru.xml"` and `toDoc="NAME.en.xml"`.
    /// The default (`None`) is `document`.
    pub doc_name: Option<String>,
    /// HTML and EPUB: the book's title. The default (`None`) is [`ExportOptions::doc_name`],
    /// or else `Parallel text`.
    pub title: Option<String>,
    /// HTML and EPUB: the book's author, shown under the title and written in the metadata.
    /// The default is `None` (no author).
    pub author: Option<String>,
    /// HTML and EPUB: layout, order of the languages, bead numbers, chapter length. With
    /// [`ExportOptions::statuses`], beads whose status is not `approved` are marked.
    pub book: BookStyle,
}

impl ExportOptions {
    /// The document name for cesAlign: [`ExportOptions::doc_name`] or `document`.
    pub fn doc_name(&self) -> &str {
        self.doc_name.as_deref().unwrap_or("document")
    }
}

/// A bead given as lists of sentence indices, as read from a beads file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BeadIds {
    /// Russian (source) sentence indices.
    pub ru: Vec<usize>,
    /// English (target) sentence indices.
    pub en: Vec<usize>,
}

impl BeadIds {
    /// A bead of the given sentence indices.
    pub fn new(ru: impl Into<Vec<usize>>, en: impl Into<Vec<usize>>) -> Self {
        BeadIds {
            ru: ru.into(),
            en: en.into(),
        }
    }

    /// Whether one side (or both) is empty.
    pub fn is_one_sided(&self) -> bool {
        self.ru.is_empty() || self.en.is_empty()
    }

    /// The bead as a [`Bead`] with confidence `score`, when each side is a run of consecutive
    /// indices in increasing order; `None` otherwise.
    ///
    /// An empty side becomes an empty range at `at_ru`/`at_en` (where the side's next sentence
    /// would be).
    ///
    /// # Example
    /// ```
    /// use sverka::Span;
    /// use sverka::export::BeadIds;
    /// let b = BeadIds::new([3, 4], []).to_bead(7, 5, 1.0).unwrap();
    /// assert_eq!(b.span, Span::new(3..5, 5..5));
    /// assert!(BeadIds::new([3, 5], [1]).to_bead(0, 0, 1.0).is_none());
    /// ```
    pub fn to_bead(&self, at_ru: usize, at_en: usize, score: f64) -> Option<Bead> {
        fn run(ids: &[usize], at: usize) -> Option<Range<usize>> {
            match ids.first() {
                None => Some(at..at),
                Some(&first) => ids
                    .iter()
                    .enumerate()
                    .all(|(k, &i)| i == first + k)
                    .then(|| first..first + ids.len()),
            }
        }
        Some(Bead::new(
            run(&self.ru, at_ru)?,
            run(&self.en, at_en)?,
            score,
        ))
    }
}

impl From<&Bead> for BeadIds {
    fn from(b: &Bead) -> Self {
        BeadIds {
            ru: b.span.ru.clone().collect(),
            en: b.span.en.clone().collect(),
        }
    }
}

/// Writes `beads` in `format`.
///
/// Fails with [`io::ErrorKind::InvalidInput`] when a bead does not fit the documents or
/// `options` hold a per-bead list of the wrong length; nothing is written then.
pub fn write(
    w: &mut dyn Write,
    format: Format,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    match format {
        Format::Tsv => write_tsv(w, ru, en, beads, options),
        Format::Json => write_json(w, ru, en, beads, options),
        Format::Beads => write_beads(w, ru, en, beads, options),
        Format::Tmx => write_tmx(w, ru, en, beads, options),
        Format::Cesalign => write_cesalign(w, ru, en, beads, options),
        Format::Html => write_html(w, ru, en, beads, options),
        Format::Epub => write_epub(w, ru, en, beads, options),
    }
}

/// Checks that every bead fits the documents and per-bead options have one entry per bead.
fn check_input(
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
    for (k, b) in beads.iter().enumerate() {
        for (side, range, doc) in [("Russian", &b.span.ru, ru), ("English", &b.span.en, en)] {
            if range.start > range.end || range.end > doc.len() {
                return Err(invalid(format!(
                    "bead {} takes {side} sentences {}..{}, but the {side} text has {}",
                    k + 1,
                    range.start,
                    range.end,
                    doc.len()
                )));
            }
        }
    }
    let lengths = [
        ("statuses", options.statuses.as_ref().map(Vec::len)),
        ("explanations", options.explain.as_ref().map(Vec::len)),
        ("finding lists", options.findings.as_ref().map(Vec::len)),
    ];
    for (name, len) in lengths {
        if let Some(len) = len.filter(|&len| len != beads.len()) {
            return Err(invalid(format!(
                "{len} {name} given for {} beads",
                beads.len()
            )));
        }
    }
    Ok(())
}

/// The sentences of `range` in `doc` joined by one space.
fn side_text(doc: &Document, range: &Range<usize>) -> String {
    let mut out = String::new();
    for i in range.clone() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(doc.sentence_text(i));
    }
    out
}

/// The error for a beads line that cannot be read.
fn malformed(what: &str, line: usize, message: impl Into<String>) -> Error {
    Error::malformed(what, line, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        let err = "xlsx".parse::<Format>().unwrap_err();
        assert_eq!(err, ParseFormatError("xlsx".into()));
        assert!(err.to_string().contains("cesalign"));
    }

    #[test]
    fn out_of_range_bead_is_an_error_not_a_panic() {
        let ru = Document::presegmented("Один.\nДва.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let beads = [Bead::new(0..2, 0..2, 1.0)];
        for f in Format::ALL {
            let mut out = Vec::new();
            let err = write(&mut out, f, &ru, &en, &beads, &ExportOptions::default()).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{f}");
            assert!(err.to_string().contains("English text has 1"), "{err}");
            assert!(out.is_empty(), "{f} wrote before failing");
        }
    }

    #[test]
    fn wrong_number_of_statuses_is_an_error() {
        let ru = Document::presegmented("Один.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let options = ExportOptions {
            statuses: Some(vec![]),
            ..Default::default()
        };
        let beads = [Bead::new(0..1, 0..1, 1.0)];
        let err = write_tsv(&mut Vec::new(), &ru, &en, &beads, &options).unwrap_err();
        assert_eq!(err.to_string(), "0 statuses given for 1 beads");
    }

    #[test]
    fn bead_ids_to_bead() {
        let b = BeadIds::new([], [2]).to_bead(4, 9, 0.5).unwrap();
        assert_eq!((b.span.ru, b.span.en, b.score), (4..4, 2..3, 0.5));
        assert!(BeadIds::new([2, 1], [0]).to_bead(0, 0, 1.0).is_none());
        let back = BeadIds::from(&Bead::new(1..3, 0..0, 1.0));
        assert_eq!(back, BeadIds::new([1, 2], []));
    }
}
