//! Existing alignments read as an [`Aligned`] pair: TMX, TSV/CSV, sverka's JSON, and Moses
//! pairs of line files.

use super::units::{self, Unit};
use super::{Limits, decode, delimited, tmx};
use crate::batch::Aligned;
use crate::{Error, Result};

/// The formats of an existing alignment in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlignmentFormat {
    /// A TMX translation memory (`.tmx`).
    Tmx,
    /// Tab-separated Russian and English (`.tsv`, `.tab`).
    Tsv,
    /// Comma-separated (`.csv`); a first line with more `;` than `,` is read with `;`.
    Csv,
    /// The JSON of `sverka align --format json` (`.json`).
    Json,
}

impl AlignmentFormat {
    /// The format a file name's extension names, if any.
    ///
    /// # Example
    /// ```
    /// use sverka::input::AlignmentFormat;
    /// assert_eq!(AlignmentFormat::from_name("memory.TMX"), Some(AlignmentFormat::Tmx));
    /// assert_eq!(AlignmentFormat::from_name("ru.txt"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<AlignmentFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "tmx" => AlignmentFormat::Tmx,
            "tsv" | "tab" => AlignmentFormat::Tsv,
            "csv" => AlignmentFormat::Csv,
            "json" => AlignmentFormat::Json,
            _ => return None,
        })
    }
}

/// How to read an existing alignment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignmentOptions {
    /// Split each unit into sentences; the unit stays one bead (2-1, 3-2 …). The default is
    /// `false`: a unit is one sentence a side. It does not apply to JSON, whose sentences are
    /// given.
    pub split: bool,
    /// Decode TSV, CSV and Moses files in this encoding instead of detecting it (see
    /// [`ReadOptions::encoding`](super::ReadOptions::encoding)); TMX and JSON carry their own.
    /// The default is `None`.
    pub encoding: Option<String>,
    /// The limits. Only [`Limits::max_bytes`] applies. The default is [`Limits::default`].
    pub limits: Limits,
}

/// Reads an existing alignment from its bytes: `name` (the file name) gives the format unless
/// `format` does, and names the file in errors.
///
/// The Russian and English documents have one paragraph per unit, and the beads are the units
/// in order (a unit empty on one side is an unpaired sentence; one empty on both sides is left
/// out). A bead's confidence is the file's (a TMX `x-confidence` prop, a third TSV column,
/// the JSON's scores) or else the one sverka's scorer gives it, so the review order puts the
/// least likely pairs first.
///
/// Fails with [`Error::MissingLanguage`] (a TMX without Russian or English),
/// [`Error::RaggedRow`], [`Error::Malformed`] (a TSV row), [`Error::BadUnit`] (a TMX unit),
/// [`Error::Xml`], [`Error::XmlEntity`], [`Error::Invalid`] (JSON of another shape),
/// [`Error::EmptyInput`] or [`Error::TooLarge`], each naming the file.
///
/// # Example
/// ```
/// use sverka::input::{AlignmentOptions, read_alignment};
///
/// let tsv = "ru\ten\nПривет. Как дела?\tHello. How are you?\nПока.\tBye.\n";
/// let options = AlignmentOptions { split: true, ..Default::default() };
/// let a = read_alignment("pairs.tsv", tsv.as_bytes(), None, &options).unwrap();
/// assert_eq!((a.ru.len(), a.en.len(), a.beads.len()), (3, 3, 2));
/// assert_eq!(a.beads[0].span.ru, 0..2);
/// ```
pub fn read_alignment(
    name: &str,
    bytes: &[u8],
    format: Option<AlignmentFormat>,
    options: &AlignmentOptions,
) -> Result<Aligned> {
    check_size(name, bytes, &options.limits)?;
    let format = format
        .or_else(|| AlignmentFormat::from_name(name))
        .ok_or_else(|| Error::Invalid {
            what: name.to_string(),
            message: "not an alignment file (give a .tmx, .tsv, .csv or .json file)".into(),
        })?;
    let units = match format {
        AlignmentFormat::Json => {
            let text = crate::text::decode_utf8(bytes.to_vec(), name)?;
            return Aligned::from_json(name, &text);
        }
        AlignmentFormat::Tmx => tmx::units(name, &xml_text(name, bytes)?)?,
        AlignmentFormat::Tsv => {
            let text = decode::decode(name, bytes, options.encoding.as_deref())?.text;
            delimited::units(name, &text, '\t')?
        }
        AlignmentFormat::Csv => {
            let text = decode::decode(name, bytes, options.encoding.as_deref())?.text;
            let first = text.lines().next().unwrap_or_default();
            let delimiter = if first.matches(';').count() > first.matches(',').count() {
                ';'
            } else {
                ','
            };
            delimited::units(name, &text, delimiter)?
        }
    };
    units::aligned(name, &units, options.split)
}

/// Reads a Moses pair: line `i` of the Russian file is the translation of line `i` of the
/// English one. The files must have as many lines ([`Error::LineCountMismatch`]); a pair of
/// blank lines is left out, a line blank on one side is an unpaired sentence.
///
/// # Example
/// ```
/// use sverka::input::{AlignmentOptions, read_moses};
///
/// let a = read_moses(("c.ru", "Да.\nНет.\n".as_bytes()), ("c.en", "Yes.\nNo.\n".as_bytes()),
///                    &AlignmentOptions::default()).unwrap();
/// assert_eq!(a.beads.len(), 2);
/// let e = read_moses(("c.ru", b"a\nb\n"), ("c.en", b"a\n"), &AlignmentOptions::default());
/// assert_eq!(e.unwrap_err().to_string(),
///            "c.ru has 2 lines but c.en has 1: line-aligned files must have as many");
/// ```
pub fn read_moses(
    ru: (&str, &[u8]),
    en: (&str, &[u8]),
    options: &AlignmentOptions,
) -> Result<Aligned> {
    let lines = |(name, bytes): (&str, &[u8])| -> Result<Vec<String>> {
        check_size(name, bytes, &options.limits)?;
        let text = decode::decode(name, bytes, options.encoding.as_deref())?.text;
        Ok(text.lines().map(str::to_string).collect())
    };
    let (ru_lines, en_lines) = (lines(ru)?, lines(en)?);
    if ru_lines.len() != en_lines.len() {
        return Err(Error::LineCountMismatch {
            ru: ru.0.to_string(),
            ru_lines: ru_lines.len(),
            en: en.0.to_string(),
            en_lines: en_lines.len(),
        });
    }
    let units: Vec<Unit> = ru_lines
        .into_iter()
        .zip(en_lines)
        .map(|(ru, en)| Unit {
            ru,
            en,
            score: None,
        })
        .collect();
    units::aligned(ru.0, &units, options.split)
}

/// Reads the alignment file at `path` (see [`read_alignment`]).
pub fn read_alignment_file(
    path: &std::path::Path,
    format: Option<AlignmentFormat>,
    options: &AlignmentOptions,
) -> Result<Aligned> {
    let bytes = super::read_limited(path, options.limits.max_bytes)?;
    read_alignment(&path.display().to_string(), &bytes, format, options)
}

/// Reads the Moses pair of files at `ru` and `en` (see [`read_moses`]).
pub fn read_moses_files(
    ru: &std::path::Path,
    en: &std::path::Path,
    options: &AlignmentOptions,
) -> Result<Aligned> {
    let ru_bytes = super::read_limited(ru, options.limits.max_bytes)?;
    let en_bytes = super::read_limited(en, options.limits.max_bytes)?;
    read_moses(
        (&ru.display().to_string(), &ru_bytes),
        (&en.display().to_string(), &en_bytes),
        options,
    )
}

fn check_size(name: &str, bytes: &[u8], limits: &Limits) -> Result<()> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Error::TooLarge {
            what: name.to_string(),
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

/// XML bytes as text: by byte order mark, else the encoding its declaration names, else
/// UTF-8.
fn xml_text(name: &str, bytes: &[u8]) -> Result<String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(encoding.decode_with_bom_removal(bytes).0.into_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let declared = head
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
        .and_then(|d| d.split("encoding=").nth(1))
        .and_then(|v| v.trim_start_matches(['"', '\'']).split(['"', '\'']).next())
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
        }
        _ => crate::text::decode_utf8(bytes.to_vec(), name),
    }
}
