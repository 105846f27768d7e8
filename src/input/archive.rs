//! ZIP archives (DOCX, ODT, EPUB) read within [`Limits`]: a bounded number of entries, a
//! bounded unpacked size and compression ratio, and clear errors for encrypted or damaged
//! archives.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::Limits;
use crate::{Error, Result};

/// Below this many unpacked bytes an entry's compression ratio is not checked (small XML
/// compresses far better than text in bulk).
const RATIO_FLOOR: u64 = 1 << 20;

/// What a ZIP archive holds, judged by its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ZipKind {
    /// `word/document.xml`.
    Docx,
    /// An OpenDocument text (`mimetype` `application/vnd.oasis.opendocument.text`).
    Odt,
    /// `mimetype` `application/epub+zip`, or `META-INF/container.xml`.
    Epub,
    /// Another OpenDocument file (a spreadsheet, a presentation …).
    OtherOpenDocument,
    /// An Excel workbook.
    Xlsx,
    /// A PowerPoint presentation.
    Pptx,
    /// Any other ZIP archive.
    Other,
}

impl ZipKind {
    /// How an error names it: "a DOCX document".
    pub(super) fn describe(self) -> &'static str {
        match self {
            ZipKind::Docx => "a DOCX document",
            ZipKind::Odt => "an ODT document",
            ZipKind::Epub => "an EPUB book",
            ZipKind::OtherOpenDocument => "an OpenDocument file that is not a text (ODT)",
            ZipKind::Xlsx => "an Excel workbook (XLSX)",
            ZipKind::Pptx => "a PowerPoint presentation (PPTX)",
            ZipKind::Other => "a ZIP archive of another kind",
        }
    }
}

/// An open archive and the bytes unpacked from it so far.
pub(super) struct Archive<'a> {
    what: &'a str,
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    unpacked: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a ZIP archive, checking the number of entries and their declared
    /// unpacked size against `limits`.
    pub(super) fn open(what: &'a str, bytes: &'a [u8], limits: &'a Limits) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(what, None, e))?;
        if zip.len() > limits.max_entries {
            return Err(Error::ArchiveLimit {
                what: what.to_string(),
                message: format!(
                    "it holds {} entries, more than the limit of {}",
                    zip.len(),
                    limits.max_entries
                ),
            });
        }
        if let Some(total) = zip.decompressed_size()
            && total > u128::from(limits.max_unpacked)
        {
            return Err(Error::ArchiveLimit {
                what: what.to_string(),
                message: format!(
                    "its entries unpack to {total} bytes, more than the limit of {}",
                    limits.max_unpacked
                ),
            });
        }
        Ok(Archive {
            what,
            zip,
            limits,
            unpacked: 0,
        })
    }

    /// Whether the archive has an entry `name`.
    pub(super) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// What the archive holds.
    pub(super) fn kind(&mut self) -> ZipKind {
        if self.has("mimetype") {
            let mimetype = self.read("mimetype").unwrap_or_default();
            let mimetype = String::from_utf8_lossy(&mimetype);
            match mimetype.trim() {
                "application/epub+zip" => return ZipKind::Epub,
                "application/vnd.oasis.opendocument.text" => return ZipKind::Odt,
                m if m.starts_with("application/vnd.oasis.opendocument.") => {
                    return ZipKind::OtherOpenDocument;
                }
                _ => {}
            }
        }
        if self.has("word/document.xml") {
            ZipKind::Docx
        } else if self.has("META-INF/container.xml") {
            ZipKind::Epub
        } else if self.has("xl/workbook.xml") {
            ZipKind::Xlsx
        } else if self.has("ppt/presentation.xml") {
            ZipKind::Pptx
        } else {
            ZipKind::Other
        }
    }

    /// The entry `name` unpacked, within the limits; [`Error::MissingPart`] when there is
    /// none (`format` names the format in the message).
    pub(super) fn read_part(&mut self, name: &str, format: &str) -> Result<Vec<u8>> {
        if !self.has(name) {
            return Err(Error::MissingPart {
                what: self.what.to_string(),
                part: name.to_string(),
                format: format.to_string(),
            });
        }
        self.read(name)
    }

    /// The entry `name` as text (UTF-8, or UTF-16 with a byte order mark).
    pub(super) fn read_text(&mut self, name: &str, format: &str) -> Result<String> {
        let bytes = self.read_part(name, format)?;
        let (text, _, bad) = encoding_rs::UTF_8.decode(&bytes);
        if bad {
            return Err(Error::NotUtf8 {
                what: format!("{}, {name}", self.what),
                line: super::decode::first_bad_line(&bytes),
            });
        }
        Ok(text.into_owned())
    }

    /// The entry `name` unpacked, counting its bytes against the limits.
    fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let what = self.what;
        let budget = self.limits.max_unpacked.saturating_sub(self.unpacked);
        let ratio = self.limits.max_ratio;
        let mut file = self
            .zip
            .by_name(name)
            .map_err(|e| zip_error(what, Some(name), e))?;
        if file.encrypted() {
            return Err(Error::Encrypted {
                what: what.to_string(),
                entry: Some(name.to_string()),
            });
        }
        let packed = file.compressed_size().max(1);
        let mut out = Vec::new();
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let n = file.read(&mut chunk).map_err(|e| Error::BadArchive {
                what: what.to_string(),
                message: format!("cannot unpack {name}: {e}"),
            })?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
            let size = out.len() as u64;
            if size > budget {
                return Err(Error::ArchiveLimit {
                    what: what.to_string(),
                    message: format!(
                        "unpacking {name} passes the limit of {} bytes unpacked",
                        self.limits.max_unpacked
                    ),
                });
            }
            if size > RATIO_FLOOR && size > packed.saturating_mul(ratio) {
                return Err(Error::ArchiveLimit {
                    what: what.to_string(),
                    message: format!(
                        "{name} unpacks to more than {ratio} times its packed size of {packed} bytes"
                    ),
                });
            }
        }
        self.unpacked += out.len() as u64;
        Ok(out)
    }
}

/// A ZIP error as sverka's: encrypted, damaged, or an unsupported compression.
fn zip_error(what: &str, entry: Option<&str>, e: ZipError) -> Error {
    let at = entry.map(|e| format!("{e}: ")).unwrap_or_default();
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => Error::Encrypted {
            what: what.to_string(),
            entry: entry.map(str::to_string),
        },
        ZipError::InvalidPassword => Error::Encrypted {
            what: what.to_string(),
            entry: entry.map(str::to_string),
        },
        ZipError::CompressionMethodNotSupported(m) => Error::BadArchive {
            what: what.to_string(),
            message: format!("{at}compression method {m} is not supported"),
        },
        other => Error::BadArchive {
            what: what.to_string(),
            message: format!("{at}{other}"),
        },
    }
}
