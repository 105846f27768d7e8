//! Parallel books: an alignment written for people to read, as one self-contained HTML file
//! ([`write_html`]) or an EPUB 3 book ([`write_epub`]).
//!
//! Both writers read the same [`Book`]: one row per bead with each side's text, whether the
//! bead opens a paragraph, whether it is a heading, and whether it is marked unapproved.
//!
//! # Headings
//!
//! A bead is a heading when every side it has is one whole paragraph of at most
//! [`HEADING_CHARS`] characters that holds a letter or digit and does not end in sentence
//! punctuation (`.`, `!`, `?`, `…`, `:`, `;`, `,`, looked at behind closing quotes and
//! brackets), and it is not the last bead. "Глава 1" / "Chapter 1" is one; a one-line
//! paragraph that ends in a full stop is not.

mod epub;
mod html;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::{ExportOptions, side_text};
use crate::{Bead, Document, Lang};

pub use epub::write_epub;
pub use html::{BOOK_CSP, write_html};

/// The longest paragraph, in characters, that can be a heading.
pub const HEADING_CHARS: usize = 100;

/// The paragraphs of an EPUB chapter when the text has no heading to start one: a new chapter
/// starts at the first paragraph break after this many paragraphs.
pub const CHAPTER_PARAGRAPHS: usize = 40;

/// How the two languages are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// Two columns, bead by bead (one above the other on a narrow screen). The default.
    #[default]
    Columns,
    /// The sentences of the two languages alternate, one under the other (for phones).
    Interleaved,
}

impl Layout {
    /// The name as [`FromStr`] takes it: `columns` or `interleaved`.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Columns => "columns",
            Layout::Interleaved => "interleaved",
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Layout`] or an [`Order`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {given:?} (expected {expected})")]
pub struct ParseBookOptionError {
    /// Which option ("layout", "order").
    pub what: &'static str,
    /// The value given.
    pub given: String,
    /// The values it takes.
    pub expected: &'static str,
}

impl FromStr for Layout {
    type Err = ParseBookOptionError;

    /// Parses `columns` or `interleaved`, ignoring ASCII case.
    ///
    /// ```
    /// use sverka::export::Layout;
    /// assert_eq!("Interleaved".parse(), Ok(Layout::Interleaved));
    /// assert!("grid".parse::<Layout>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Layout::Columns, Layout::Interleaved]
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseBookOptionError {
                what: "layout",
                given: s.to_owned(),
                expected: "columns or interleaved",
            })
    }
}

/// Which language comes first: the left column, or the first of each pair of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Russian first. The default.
    #[default]
    RuEn,
    /// English first.
    EnRu,
}

impl Order {
    /// The two languages in this order.
    pub fn langs(self) -> [Lang; 2] {
        match self {
            Order::RuEn => [Lang::Ru, Lang::En],
            Order::EnRu => [Lang::En, Lang::Ru],
        }
    }

    /// The name as [`FromStr`] takes it: `ru,en` or `en,ru`.
    pub fn name(self) -> &'static str {
        match self {
            Order::RuEn => "ru,en",
            Order::EnRu => "en,ru",
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Order {
    type Err = ParseBookOptionError;

    /// Parses `ru,en` or `en,ru` (spaces and ASCII case ignored).
    ///
    /// ```
    /// use sverka::export::Order;
    /// assert_eq!("EN, ru".parse(), Ok(Order::EnRu));
    /// assert!("ru,de".parse::<Order>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        match compact.as_str() {
            "ru,en" => Ok(Order::RuEn),
            "en,ru" => Ok(Order::EnRu),
            _ => Err(ParseBookOptionError {
                what: "order",
                given: s.to_owned(),
                expected: "ru,en or en,ru",
            }),
        }
    }
}

/// How a parallel book looks: the options of [`write_html`] and [`write_epub`] besides its
/// title and author (which are [`ExportOptions::title`] and [`ExportOptions::author`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BookStyle {
    /// Two columns or interleaved. The default is [`Layout::Columns`].
    pub layout: Layout,
    /// Which language comes first. The default is [`Order::RuEn`] (Russian left).
    pub order: Order,
    /// Show each bead's number (its position in the alignment, 1-based) beside it. The default
    /// is `false`; every bead has the id `b{number}` either way.
    pub numbers: bool,
    /// EPUB: a chapter ends at the first paragraph break after this many paragraphs, besides
    /// starting at every heading; 0 means [`CHAPTER_PARAGRAPHS`]. The default is 0.
    pub chapter_paragraphs: usize,
}

impl BookStyle {
    /// The paragraphs of a chapter without headings ([`BookStyle::chapter_paragraphs`] or
    /// [`CHAPTER_PARAGRAPHS`]).
    pub fn chapter_paragraphs(&self) -> usize {
        match self.chapter_paragraphs {
            0 => CHAPTER_PARAGRAPHS,
            n => n,
        }
    }
}

/// One bead as the book shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row<'a> {
    /// The bead's 1-based number in the alignment.
    pub(crate) number: usize,
    /// The Russian text (empty for an unpaired English sentence).
    pub(crate) ru: Cow<'a, str>,
    /// The English text.
    pub(crate) en: Cow<'a, str>,
    /// The bead opens a paragraph (on either side); never the first row.
    pub(crate) paragraph_break: bool,
    /// The bead is a heading (see the module docs).
    pub(crate) heading: bool,
    /// The bead's review status is given and is not `approved`.
    pub(crate) unapproved: bool,
}

impl Row<'_> {
    /// The text of `lang`.
    pub(crate) fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// What both book writers read: title, author and rows.
#[derive(Debug, Clone)]
pub(crate) struct Book<'a> {
    pub(crate) title: String,
    pub(crate) author: Option<String>,
    pub(crate) style: BookStyle,
    pub(crate) rows: Vec<Row<'a>>,
    /// Whether any row is marked unapproved.
    pub(crate) any_unapproved: bool,
}

impl<'a> Book<'a> {
    /// The book of `beads` (already checked against the documents).
    pub(crate) fn new(
        ru: &'a Document,
        en: &'a Document,
        beads: &[Bead],
        options: &ExportOptions,
    ) -> Self {
        let mut last_paragraph: [Option<usize>; 2] = [None, None];
        let mut rows = Vec::with_capacity(beads.len());
        for (k, b) in beads.iter().enumerate() {
            let mut paragraph_break = false;
            for (slot, doc, range) in [(0, ru, &b.span.ru), (1, en, &b.span.en)] {
                if range.is_empty() {
                    continue;
                }
                let first = doc.sentences()[range.start].paragraph;
                if last_paragraph[slot].is_some_and(|p| first != p) {
                    paragraph_break = true;
                }
                last_paragraph[slot] = Some(doc.sentences()[range.end - 1].paragraph);
            }
            let ru_text = side(ru, &b.span.ru);
            let en_text = side(en, &b.span.en);
            let heading = k + 1 < beads.len()
                && is_heading_side(ru, &b.span.ru, &ru_text)
                && is_heading_side(en, &b.span.en, &en_text);
            let unapproved = options
                .statuses
                .as_ref()
                .is_some_and(|s| s[k] != "approved");
            rows.push(Row {
                number: k + 1,
                ru: ru_text,
                en: en_text,
                paragraph_break: paragraph_break && k > 0,
                heading,
                unapproved,
            });
        }
        let title = options
            .title
            .clone()
            .or_else(|| options.doc_name.clone())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "Parallel text".to_string());
        Book {
            title,
            author: options.author.clone().filter(|a| !a.trim().is_empty()),
            style: options.book,
            any_unapproved: rows.iter().any(|r| r.unapproved),
            rows,
        }
    }

    /// The two languages in the book's order.
    pub(crate) fn langs(&self) -> [Lang; 2] {
        self.style.order.langs()
    }

    /// A heading's label in the table of contents: the first language's text, with the
    /// second's after a slash when it differs.
    pub(crate) fn label(&self, row: &Row<'_>) -> String {
        let [a, b] = self.langs();
        let (a, b) = (row.text(a).trim(), row.text(b).trim());
        match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_string(),
            (false, true) => a.to_string(),
            (false, false) if a == b => a.to_string(),
            (false, false) => format!("{a} / {b}"),
        }
    }

    /// A stable identifier for the book: a UUID made of a BLAKE2s hash of its title, author,
    /// texts and bead boundaries, so the same book gets the same identifier every time.
    pub(crate) fn uuid(&self) -> String {
        use blake2::{Blake2s256, Digest};
        let mut h = Blake2s256::new();
        for part in [self.title.as_str(), self.author.as_deref().unwrap_or("")] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        for r in &self.rows {
            for part in [&r.ru, &r.en] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        // RFC 9562: version 8 (custom), variant 10.
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

/// The text of a side: one sentence borrowed, several joined by a space.
fn side<'a>(doc: &'a Document, range: &std::ops::Range<usize>) -> Cow<'a, str> {
    match range.len() {
        0 => Cow::Borrowed(""),
        1 => Cow::Borrowed(doc.sentence_text(range.start)),
        _ => Cow::Owned(side_text(doc, range)),
    }
}

/// Whether a side of a bead may be a heading: empty, or one whole paragraph that reads as a
/// heading ([`reads_as_heading`]).
fn is_heading_side(doc: &Document, range: &std::ops::Range<usize>, text: &str) -> bool {
    if range.is_empty() {
        return true;
    }
    let s = doc.sentences();
    let p = s[range.start].paragraph;
    s[range.end - 1].paragraph == p
        && (range.start == 0 || s[range.start - 1].paragraph != p)
        && (range.end == s.len() || s[range.end].paragraph != p)
        && reads_as_heading(text)
}

/// Whether a paragraph's text reads as a heading: at most [`HEADING_CHARS`] characters, with a
/// letter or digit, and no sentence punctuation at its end (`.`, `!`, `?`, `…`, `:`, `;`, `,`,
/// looked at behind closing quotes and brackets).
///
/// A bead of a parallel book is a heading when every side it has is one whole paragraph that
/// reads as a heading, and it is not the last bead.
///
/// # Example
/// ```
/// use sverka::export::reads_as_heading;
/// assert!(reads_as_heading("Глава 1"));
/// assert!(reads_as_heading("Chapter One: The Beginning"));
/// assert!(!reads_as_heading("It was a dark night."));
/// assert!(!reads_as_heading("«Кто там?»"));
/// assert!(!reads_as_heading("* * *"));
/// ```
pub fn reads_as_heading(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty()
        || text.chars().count() > HEADING_CHARS
        || !text.chars().any(char::is_alphanumeric)
    {
        return false;
    }
    let end = text.trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | ')' | ']' | '»' | '”' | '’' | '“' | '„' | '›'
        ) || c.is_whitespace()
    });
    !end.ends_with(['.', '!', '?', '…', ':', ';', ','])
}

/// Text escaped for HTML and XML (content and attribute values), with the characters XML 1.0
/// forbids dropped.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    match super::xml::xml_chars(s) {
        Cow::Borrowed(b) => quick_xml::escape::escape(b),
        Cow::Owned(o) => Cow::Owned(quick_xml::escape::escape(&o).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book<'a>(ru: &'a Document, en: &'a Document, beads: &[Bead]) -> Book<'a> {
        Book::new(ru, en, beads, &ExportOptions::default())
    }

    #[test]
    fn headings_and_paragraph_breaks() {
        let ru = Document::presegmented("Глава 1\n\nРаз.\nДва.\n\nТри.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("Chapter 1\n\nOne.\nTwo.\n\nThree.\n", Lang::En).unwrap();
        let beads = [
            Bead::new(0..1, 0..1, 1.0),
            Bead::new(1..2, 1..2, 1.0),
            Bead::new(2..3, 2..3, 1.0),
            Bead::new(3..4, 3..4, 1.0),
        ];
        let b = book(&ru, &en, &beads);
        let flags: Vec<(bool, bool)> = b
            .rows
            .iter()
            .map(|r| (r.heading, r.paragraph_break))
            .collect();
        assert_eq!(
            flags,
            [(true, false), (false, true), (false, false), (false, true)]
        );
        assert_eq!(b.label(&b.rows[0]), "Глава 1 / Chapter 1");
        assert_eq!(b.title, "Parallel text");
    }

    #[test]
    fn a_short_last_line_is_no_heading() {
        let ru = Document::presegmented("Раз.\n\nПавел Дуров\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n\nPavel Durov\n", Lang::En).unwrap();
        let beads = [Bead::new(0..1, 0..1, 1.0), Bead::new(1..2, 1..2, 1.0)];
        assert!(book(&ru, &en, &beads).rows.iter().all(|r| !r.heading));
    }

    #[test]
    fn uuid_is_stable_and_shaped() {
        let ru = Document::presegmented("Раз.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let beads = [Bead::new(0..1, 0..1, 1.0)];
        let a = book(&ru, &en, &beads).uuid();
        assert_eq!(a, book(&ru, &en, &beads).uuid());
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        let en2 = Document::presegmented("Uno.\n", Lang::En).unwrap();
        assert_ne!(a, book(&ru, &en2, &beads).uuid());
    }

    #[test]
    fn escape_drops_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{0}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert!(matches!(escape("чисто"), Cow::Borrowed(_)));
    }
}
