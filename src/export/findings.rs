//! The report of a document's findings: one finding a line with its bead's texts.

use std::io::{self, Write};

use super::{ExportOptions, check_input};
use crate::qa::Finding;
use crate::{Bead, Document};

/// The header row of [`write_findings_tsv`]; its names are stable, for tools that read the
/// columns by name.
pub const FINDINGS_HEADER: [&str; 7] = ["bead", "type", "check", "severity", "message", "ru", "en"];

/// Writes the findings of the alignment `beads` of `ru` and `en` as TSV: the header
/// [`FINDINGS_HEADER`], then one finding a line: the bead's number (1-based), its type
/// (`1-1`, `0-1` …), the check, the severity, the message, and the Russian and English text of
/// the finding's spans (several joined by ` … `). Tabs and line breaks inside a cell become
/// spaces. `sverka check --format tsv` and the server's findings report write this.
///
/// Fails with [`io::ErrorKind::InvalidInput`] when a bead does not fit the documents or a
/// finding names a bead past the end; nothing is written then.
///
/// # Example
/// ```
/// use sverka::export::write_findings_tsv;
/// use sverka::{Document, Lang, align, qa};
/// let ru = Document::new("Нас 200 млн.", Lang::Ru).unwrap();
/// let en = Document::new("We are 20 million.", Lang::En).unwrap();
/// let beads = align(&ru, &en);
/// let mut out = Vec::new();
/// write_findings_tsv(&mut out, &ru, &en, &beads, &qa::check(&ru, &en, &beads)).unwrap();
/// let tsv = String::from_utf8(out).unwrap();
/// assert!(tsv.starts_with("bead\ttype\tcheck\tseverity\tmessage\tru\ten\n1\t1-1\tnumber\terror\t"));
/// assert!(tsv.ends_with("\t200 млн\t20 million\n"));
/// ```
pub fn write_findings_tsv(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    findings: &[Finding],
) -> io::Result<()> {
    check_input(ru, en, beads, &ExportOptions::default())?;
    if let Some(f) = findings.iter().find(|f| f.bead >= beads.len()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a finding is about bead {} of {} beads",
                f.bead + 1,
                beads.len()
            ),
        ));
    }
    writeln!(w, "{}", FINDINGS_HEADER.join("\t"))?;
    for f in findings {
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            f.bead + 1,
            beads[f.bead].span.kind(),
            f.check,
            f.severity,
            cell(&f.message),
            spans(ru, &f.ru),
            spans(en, &f.en)
        )?;
    }
    Ok(())
}

/// The texts of `spans` of `doc` joined by ` … `, as one cell.
fn spans(doc: &Document, spans: &[std::ops::Range<usize>]) -> String {
    spans
        .iter()
        .map(|s| cell(doc.text().get(s.clone()).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// `text` with tabs, newlines and carriage returns made spaces.
fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}
