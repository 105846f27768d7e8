//! Texts and alignments from the files people have.
//!
//! [`read_file`] and [`read_bytes`] read one side of a pair: plain text in UTF-8 (with or
//! without a byte order mark), UTF-16 with a byte order mark, or a legacy Cyrillic encoding
//! (windows-1251, KOI8-R, CP866 …, detected or named); DOCX, ODT, EPUB, HTML, Markdown and SRT
//! subtitles. The format comes from the file name's extension and is checked against the
//! content. The result is an [`Input`]: one paragraph per line, ready for
//! [`Document::new`](crate::Document::new).
//!
//! [`read_alignment`] and [`read_moses`] read an existing alignment (TMX, TSV/CSV, sverka's
//! JSON, a Moses pair of line files) as an [`Aligned`] pair whose beads are the file's units.
//!
//! Every reader works within [`Limits`] and fails with a typed [`Error`] naming the file and
//! what is wrong (an entry, a row, a line); none expands XML entities. See docs/formats.md.
//!
//! # Example
//! ```
//! use sverka::input::{ReadOptions, read_bytes};
//! use sverka::Lang;
//!
//! let html = "<html><body><nav>Menu</nav><p>Привет.</p><p>Как дела?</p></body></html>";
//! let input = read_bytes("page.html", html.as_bytes(), &ReadOptions::default()).unwrap();
//! assert_eq!(input.paragraphs().collect::<Vec<_>>(), ["Привет.", "Как дела?"]);
//! assert_eq!(input.document(Lang::Ru).unwrap().len(), 2);
//!
//! let cp1251 = encoding_rs::WINDOWS_1251.encode("Здравствуйте, мир! Как поживаете?").0;
//! let input = read_bytes("ru.txt", &cp1251, &ReadOptions::default()).unwrap();
//! assert_eq!(input.encoding(), Some("windows-1251"));
//! ```

mod alignment;
mod archive;
mod decode;
mod delimited;
mod docx;
mod epub;
mod html;
mod markdown;
mod odt;
mod paragraphs;
mod srt;
mod tmx;
mod units;
mod xml;

use std::io::Read;
use std::path::Path;

use archive::{Archive, ZipKind};

pub use crate::batch::Aligned;
pub use alignment::{
    AlignmentFormat, AlignmentOptions, read_alignment, read_alignment_file, read_moses,
    read_moses_files,
};
pub use srt::Cue;

use crate::{Document, Error, Lang, Result};

/// The formats [`read_bytes`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, one paragraph per line.
    Text,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// An EPUB book (`.epub`).
    Epub,
    /// A web page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// SRT subtitles (`.srt`).
    Srt,
}

impl Format {
    /// The format a file name's extension names; any other extension (or none) is plain text.
    ///
    /// # Example
    /// ```
    /// use sverka::input::Format;
    /// assert_eq!(Format::from_name("Глава 1.DOCX"), Format::Docx);
    /// assert_eq!(Format::from_name("ru.txt"), Format::Text);
    /// ```
    pub fn from_name(name: &str) -> Format {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "epub" => Format::Epub,
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "srt" => Format::Srt,
            _ => Format::Text,
        }
    }

    /// How errors and reports name the format: "a DOCX document".
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Docx => "a DOCX document",
            Format::Odt => "an ODT document",
            Format::Epub => "an EPUB book",
            Format::Html => "an HTML page",
            Format::Markdown => "a Markdown text",
            Format::Srt => "SRT subtitles",
        }
    }

    /// Whether the format is a ZIP archive.
    fn is_zip(self) -> bool {
        matches!(self, Format::Docx | Format::Odt | Format::Epub)
    }
}

/// Bounds on what a reader takes in, against huge files and ZIP bombs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file, in bytes. The default is 256 MiB.
    pub max_bytes: u64,
    /// The most bytes unpacked from an archive, all entries together. The default is
    /// 256 MiB.
    pub max_unpacked: u64,
    /// The most entries an archive may hold. The default is 10,000.
    pub max_entries: usize,
    /// The most an entry of over 1 MiB may grow when unpacked, as a multiple of its packed
    /// size. The default is 100 (text and XML compress 3 to 20 times).
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 << 20,
            max_unpacked: 256 << 20,
            max_entries: 10_000,
            max_ratio: 100,
        }
    }
}

/// How to read an input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Decode text in this encoding instead of detecting it: a WHATWG label such as `utf-8`,
    /// `utf-16le`, `windows-1251` (`cp1251`), `koi8-r`, `ibm866` (`cp866`). The default is
    /// `None`: detect.
    pub encoding: Option<String>,
    /// Read as this format whatever the extension says. The default is `None`: by extension.
    pub format: Option<Format>,
    /// The limits. The default is [`Limits::default`].
    pub limits: Limits,
}

/// One side of a pair as read from a file: its text with one paragraph per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    what: String,
    text: String,
    format: Format,
    encoding: Option<(&'static str, bool)>,
    cues: Vec<Cue>,
}

impl Input {
    /// The text: a plain text file's as decoded; any other format's paragraphs, one a line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Takes the text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The paragraphs: the text's non-blank lines, trimmed.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.lines().map(str::trim).filter(|l| !l.is_empty())
    }

    /// The format read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The name of the encoding the text was decoded from (`UTF-8`, `windows-1251`,
    /// `KOI8-R`, `IBM866`, `UTF-16LE` …); `None` for formats that carry their own (DOCX,
    /// ODT, EPUB).
    pub fn encoding(&self) -> Option<&'static str> {
        self.encoding.map(|(name, _)| name)
    }

    /// Whether the encoding was detected (rather than named in [`ReadOptions::encoding`]).
    pub fn encoding_detected(&self) -> bool {
        self.encoding.is_some_and(|(_, detected)| detected)
    }

    /// The report of how the file was read: "read ru.txt as windows-1251".
    pub fn report(&self) -> String {
        match self.encoding() {
            Some(e) => format!("read {} as {e}", self.what),
            None => format!("read {} as {}", self.what, self.format.describe()),
        }
    }

    /// SRT subtitles: each paragraph's timings, in order (empty for other formats).
    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// The text segmented into sentences ([`Document::new`]); [`Error::EmptyInput`] naming
    /// the file when it holds none.
    pub fn document(&self, lang: Lang) -> Result<Document> {
        self.named(Document::new(self.text.clone(), lang))
    }

    /// The text taken as one sentence per line ([`Document::presegmented`]).
    pub fn presegmented(&self, lang: Lang) -> Result<Document> {
        self.named(Document::presegmented(self.text.clone(), lang))
    }

    fn named(&self, doc: Result<Document>) -> Result<Document> {
        doc.map_err(|e| match e {
            Error::EmptyInput { .. } => Error::EmptyInput {
                what: self.what.clone(),
            },
            other => other,
        })
    }
}

/// Reads the file at `path` (see [`read_bytes`]); [`Error::Read`] when it cannot be read,
/// [`Error::TooLarge`] when it is larger than [`Limits::max_bytes`].
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Input> {
    let bytes = read_limited(path, options.limits.max_bytes)?;
    read_bytes(&path.display().to_string(), &bytes, options)
}

/// The bytes of the file at `path`, refusing more than `max` of them.
pub(crate) fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let too_large = |size| Error::TooLarge {
        what: path.display().to_string(),
        size,
        limit: max,
    };
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads an input from its bytes; `name` is the file name (its extension gives the format
/// unless [`ReadOptions::format`] does) and names the input in errors.
///
/// Fails with [`Error::TooLarge`], [`Error::WrongFormat`] (a `.docx` that is an ODT, a `.txt`
/// that is a ZIP archive or a PDF …), [`Error::Encrypted`], [`Error::BadArchive`],
/// [`Error::ArchiveLimit`], [`Error::MissingPart`], [`Error::Xml`], [`Error::XmlEntity`],
/// [`Error::NotText`], [`Error::NotUtf8`], [`Error::UnknownEncoding`] or
/// [`Error::Malformed`] (an SRT cue), each naming the file.
pub fn read_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Input> {
    let limits = &options.limits;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Error::TooLarge {
            what: name.to_string(),
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let format = options.format.unwrap_or_else(|| Format::from_name(name));
    let input = |paragraphs: Vec<String>, encoding, cues| Input {
        what: name.to_string(),
        text: paragraphs.join("\n"),
        format,
        encoding,
        cues,
    };
    if format.is_zip() {
        let paragraphs = read_zip(name, bytes, format, limits)?;
        return Ok(input(paragraphs, None, Vec::new()));
    }
    if let Some(found) = sniff(name, bytes, limits) {
        return Err(Error::WrongFormat {
            what: name.to_string(),
            expected: format.describe().to_string(),
            found,
        });
    }
    let decoded = decode::decode(name, bytes, options.encoding.as_deref())?;
    let encoding = Some((decoded.encoding.name(), decoded.detected));
    Ok(match format {
        Format::Html => input(html::paragraphs(&decoded.text), encoding, Vec::new()),
        Format::Markdown => input(markdown::paragraphs(&decoded.text), encoding, Vec::new()),
        Format::Srt => {
            let (paragraphs, cues) = srt::cues(name, &decoded.text)?;
            input(paragraphs, encoding, cues)
        }
        _ => Input {
            what: name.to_string(),
            text: decoded.text,
            format,
            encoding,
            cues: Vec::new(),
        },
    })
}

/// The paragraphs of a DOCX, ODT or EPUB file, after checking that it is one.
fn read_zip(name: &str, bytes: &[u8], format: Format, limits: &Limits) -> Result<Vec<String>> {
    if is_encrypted_office(bytes) {
        return Err(Error::Encrypted {
            what: name.to_string(),
            entry: None,
        });
    }
    if !bytes.starts_with(b"PK") {
        let found = sniff(name, bytes, limits)
            .unwrap_or_else(|| "not a ZIP archive (perhaps plain text)".to_string());
        return Err(Error::WrongFormat {
            what: name.to_string(),
            expected: format.describe().to_string(),
            found,
        });
    }
    let mut archive = Archive::open(name, bytes, limits)?;
    let kind = archive.kind();
    let wanted = match format {
        Format::Docx => ZipKind::Docx,
        Format::Odt => ZipKind::Odt,
        _ => ZipKind::Epub,
    };
    if kind != wanted {
        return Err(Error::WrongFormat {
            what: name.to_string(),
            expected: format.describe().to_string(),
            found: kind.describe().to_string(),
        });
    }
    match format {
        Format::Docx => docx::read(name, &mut archive),
        Format::Odt => odt::read(name, &mut archive),
        _ => epub::read(name, &mut archive),
    }
}

/// What `bytes` are when they are no text: a ZIP archive (and of which kind), a PDF, an
/// encrypted Office file … `None` for anything else.
fn sniff(name: &str, bytes: &[u8], limits: &Limits) -> Option<String> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(match Archive::open(name, bytes, limits) {
            Ok(mut archive) => archive.kind().describe().to_string(),
            Err(_) => "a damaged ZIP archive".to_string(),
        });
    }
    if bytes.starts_with(OLE) {
        return Some(if is_encrypted_office(bytes) {
            "an encrypted (password-protected) Office document; save it without a password"
                .to_string()
        } else {
            "an old Office file (Word 97–2003 .doc or similar); save it as DOCX".to_string()
        });
    }
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF file"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"\x89PNG", "a PNG picture"),
        (b"\xff\xd8\xff", "a JPEG picture"),
        (b"{\\rtf", "an RTF document; save it as DOCX or plain text"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
    ];
    magic
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| what.to_string())
}

/// The signature of an OLE compound file (old Office files, and encrypted new ones).
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether `bytes` are a password-protected Office document: an OLE file holding the
/// `EncryptedPackage` stream.
fn is_encrypted_office(bytes: &[u8]) -> bool {
    if !bytes.starts_with(OLE) {
        return false;
    }
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(marker.len()).any(|w| w == marker)
}
