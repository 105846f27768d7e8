//! Exports of the applied alignment, shared by the web route and `sverka export`.
//!
//! This is a thin adapter over [`crate::export::write`]: the cesAlign writer, the format names,
//! content types and the TSV status column live here until `sverka::export` provides them
//! (`Format::Cesalign`, `Format::from_str`, `content_type()`, `extension()`,
//! `ExportOptions { statuses, doc_name, .. }`); then this module shrinks to the call.

use std::fmt::Write as _;
use std::str::FromStr;

use crate::export::{self, ExportOptions, Format};
use crate::storage::{DocId, Status, Store, StoreError};

/// A format a document can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Tab-separated values: Russian, English, confidence (and status on request).
    Tsv,
    /// TMX 1.4b.
    Tmx,
    /// JSON with sentences and beads.
    Json,
    /// vecalign beads, `[0]:[0, 1]`.
    Beads,
    /// XCES cesAlign links (`xtargets="s1 s2;s1"`).
    Cesalign,
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "tsv" => Ok(ExportFormat::Tsv),
            "tmx" => Ok(ExportFormat::Tmx),
            "json" => Ok(ExportFormat::Json),
            "beads" => Ok(ExportFormat::Beads),
            "cesalign" | "ces" | "xces" => Ok(ExportFormat::Cesalign),
            _ => Err(format!(
                "unknown export format “{s}” (use tsv, tmx, json, beads or cesalign)"
            )),
        }
    }
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Tsv,
        ExportFormat::Tmx,
        ExportFormat::Json,
        ExportFormat::Beads,
        ExportFormat::Cesalign,
    ];

    /// The name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Tsv => "tsv",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Json => "json",
            ExportFormat::Beads => "beads",
            ExportFormat::Cesalign => "cesalign",
        }
    }

    /// The HTTP Content-Type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            ExportFormat::Tmx | ExportFormat::Cesalign => "application/xml; charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::Beads => "text/plain; charset=utf-8",
        }
    }

    /// The file name extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Tsv => "tsv",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Json => "json",
            ExportFormat::Beads => "beads.txt",
            ExportFormat::Cesalign => "ces.xml",
        }
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// Only approved beads. The default is `false`.
    pub approved_only: bool,
    /// TSV: add a status column. The default is `false`.
    pub status_column: bool,
}

/// Exports the applied wording and alignment of a document; returns the bytes and a download
/// file name such as `document-1.tsv`.
pub fn export_document(
    store: &Store,
    doc: DocId,
    req: ExportRequest,
) -> Result<(Vec<u8>, String), StoreError> {
    let applied = store.applied(doc)?;
    let (beads, statuses): (Vec<_>, Vec<_>) = applied
        .beads
        .into_iter()
        .zip(applied.statuses)
        .filter(|(_, s)| !req.approved_only || *s == Status::Approved)
        .unzip();
    let name = format!("document-{doc}");
    let mut out = Vec::new();
    let io = |e: std::io::Error| StoreError::Invalid(format!("export failed: {e}"));
    let format = match req.format {
        ExportFormat::Tsv => Some(Format::Tsv),
        ExportFormat::Tmx => Some(Format::Tmx),
        ExportFormat::Json => Some(Format::Json),
        ExportFormat::Beads => Some(Format::Beads),
        ExportFormat::Cesalign => None,
    };
    match format {
        Some(f) => {
            export::write(
                &mut out,
                f,
                &applied.ru,
                &applied.en,
                &beads,
                &ExportOptions::default(),
            )
            .map_err(io)?;
        }
        None => out = cesalign(&name, &beads).into_bytes(),
    }
    if req.format == ExportFormat::Tsv && req.status_column {
        let text = String::from_utf8_lossy(&out).into_owned();
        let mut with = String::with_capacity(text.len() + 12 * statuses.len());
        for (line, status) in text.lines().zip(&statuses) {
            let _ = writeln!(with, "{line}\t{status}");
        }
        out = with.into_bytes();
    }
    Ok((out, format!("{name}.{}", req.format.extension())))
}

fn cesalign(name: &str, beads: &[crate::Bead]) -> String {
    let ids = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|i| format!("s{}", i + 1))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE cesAlign PUBLIC \"-//CES//DTD XML cesAlign//EN\" \"\">\n<cesAlign version=\"1.0\">\n",
    );
    let _ = writeln!(
        x,
        "  <linkGrp targType=\"s\" fromDoc=\"ru/{name}.xml\" toDoc=\"en/{name}.xml\">"
    );
    for (i, b) in beads.iter().enumerate() {
        let _ = writeln!(
            x,
            "    <link id=\"SL{}\" xtargets=\"{};{}\" certainty=\"{:.3}\"/>",
            i + 1,
            ids(&b.ru),
            ids(&b.en),
            b.score
        );
    }
    x.push_str("  </linkGrp>\n</cesAlign>\n");
    x
}
