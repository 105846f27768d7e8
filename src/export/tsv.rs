//! The TSV writer.

use std::io::{self, Write};

use super::{ExportOptions, check_input, side_text};
use crate::{Bead, Document};

/// Writes one bead per line: Russian text, English text, confidence with 3 decimals, the
/// status when [`ExportOptions::statuses`] are given, and the findings when
/// [`ExportOptions::findings`] are.
///
/// The sentences of one side are joined by one space; a missing side is an empty cell. Tabs,
/// newlines and carriage returns inside a text become spaces, so every line has the same
/// number of cells. [`ExportOptions::header`] adds the row `ru`, `en`, `confidence` (and
/// `status`, `findings`). Lines end in `\n`.
///
/// The `findings` cell lists the bead's findings as `check:severity` joined by `; `
/// (`number:error; omission:warning`), in the order of the checks; it is empty for a bead
/// without findings.
///
/// # Example
/// ```
/// use sverka::export::{write_tsv, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("One.\n", Lang::En).unwrap();
/// let beads = [Bead::new(0..1, 0..1, 0.9), Bead::new(1..2, 1..1, 0.25)];
/// let options = ExportOptions { header: true, ..Default::default() };
/// let mut out = Vec::new();
/// write_tsv(&mut out, &ru, &en, &beads, &options).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "ru\ten\tconfidence\nРаз.\tOne.\t0.900\nДва.\t\t0.250\n"
/// );
/// ```
pub fn write_tsv(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let statuses = options.statuses.as_deref();
    let findings = options.findings.as_deref();
    if options.header {
        let status = if statuses.is_some() { "\tstatus" } else { "" };
        let found = if findings.is_some() { "\tfindings" } else { "" };
        writeln!(w, "ru\ten\tconfidence{status}{found}")?;
    }
    for (k, b) in beads.iter().enumerate() {
        write!(
            w,
            "{}\t{}\t{:.3}",
            cell(&side_text(ru, &b.span.ru)),
            cell(&side_text(en, &b.span.en)),
            b.score
        )?;
        if let Some(statuses) = statuses {
            write!(w, "\t{}", cell(&statuses[k]))?;
        }
        if let Some(findings) = findings {
            let tags: Vec<String> = findings[k].iter().map(|f| f.tag()).collect();
            write!(w, "\t{}", tags.join("; "))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// `text` with tabs, newlines and carriage returns made spaces.
fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn cell_cleans_separators() {
        assert_eq!(cell("a\tb\r\nc"), "a b  c");
    }

    #[test]
    fn status_column() {
        let ru = Document::presegmented("Раз.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let options = ExportOptions {
            header: true,
            statuses: Some(vec!["approved".into()]),
            ..Default::default()
        };
        let mut out = Vec::new();
        write_tsv(&mut out, &ru, &en, &[Bead::new(0..1, 0..1, 1.0)], &options).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ru\ten\tconfidence\tstatus\nРаз.\tOne.\t1.000\tapproved\n"
        );
    }
}
