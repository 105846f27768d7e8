//! Two-column TSV and CSV alignments: Russian, English, and an optional third column of
//! confidences; a header row is recognised by its names (`ru`/`en`, `source`/`target` …).
//!
//! Quoting follows RFC 4180 where a cell is quoted: a cell that starts with `"` and whose
//! closing `"` is followed by the delimiter or the end of the line is unquoted (`""` is a
//! quote, and it may span lines); any other cell is taken as it is, so a sentence that opens
//! with a quotation mark stays whole.

use super::units::Unit;
use crate::{Error, Result};

/// Header names of the Russian, English and confidence columns.
const RU_NAMES: &[&str] = &["ru", "rus", "russian", "русский", "source", "src", "ru-ru"];
const EN_NAMES: &[&str] = &[
    "en",
    "eng",
    "english",
    "английский",
    "target",
    "tgt",
    "en-us",
    "en-gb",
];
const SCORE_NAMES: &[&str] = &["confidence", "score", "probability"];

/// A row: its cells and the 1-based line it starts on.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// The units of a TSV (`delimiter` tab) or CSV (`,` or `;`) text.
pub(super) fn units(what: &str, text: &str, delimiter: char) -> Result<Vec<Unit>> {
    let rows = rows(text, delimiter);
    let Some(first) = rows.first() else {
        return Err(Error::EmptyInput {
            what: what.to_string(),
        });
    };
    let expected = first.cells.len();
    if expected < 2 {
        return Err(Error::malformed(
            what,
            first.line,
            format!(
                "one cell where an alignment has two (Russian{}English)",
                shown(delimiter)
            ),
        ));
    }
    let header = is_header(&first.cells);
    let body = &rows[usize::from(header)..];
    for row in &rows {
        if row.cells.len() != expected {
            return Err(Error::RaggedRow {
                what: what.to_string(),
                row: row.line,
                found: row.cells.len(),
                expected,
            });
        }
    }
    // A third column is the confidence when the header names it so, or when every row holds
    // a number in 0..1 there.
    let score = |r: &Row| r.cells.get(2).and_then(|c| c.trim().parse::<f64>().ok());
    let scored = expected >= 3
        && (header && SCORE_NAMES.contains(&first.cells[2].trim().to_lowercase().as_str())
            || !body.is_empty()
                && body
                    .iter()
                    .all(|r| score(r).is_some_and(|s| (0.0..=1.0).contains(&s))));
    body.iter()
        .map(|r| {
            let s = score(r).filter(|_| scored);
            if scored && !s.is_some_and(|s| (0.0..=1.0).contains(&s)) {
                return Err(Error::malformed(
                    what,
                    r.line,
                    format!("confidence “{}” is not a number in 0..1", r.cells[2].trim()),
                ));
            }
            Ok(Unit {
                ru: r.cells[0].clone(),
                en: r.cells[1].clone(),
                score: s,
            })
        })
        .collect()
}

fn shown(delimiter: char) -> &'static str {
    if delimiter == '\t' { " TAB " } else { ", " }
}

fn is_header(cells: &[String]) -> bool {
    let is = |i: usize, names: &[&str]| names.contains(&cells[i].trim().to_lowercase().as_str());
    is(0, RU_NAMES) && is(1, EN_NAMES)
}

/// The rows of `text` (blank lines are skipped).
fn rows(text: &str, delimiter: char) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        let start_line = line;
        let mut cells = Vec::new();
        loop {
            let (cell, after, lines) = cell(rest, delimiter);
            cells.push(cell);
            line += lines;
            rest = after;
            match rest.chars().next() {
                Some(c) if c == delimiter => rest = &rest[c.len_utf8()..],
                Some('\r') | Some('\n') => {
                    rest = rest.strip_prefix("\r\n").unwrap_or(&rest[1..]);
                    line += 1;
                    break;
                }
                None => break,
                Some(_) => unreachable!("a cell ends at a delimiter or a line end"),
            }
        }
        if !(cells.len() == 1 && cells[0].trim().is_empty()) {
            rows.push(Row {
                line: start_line,
                cells,
            });
        }
    }
    rows
}

/// The cell at the start of `s`: its text, the rest of `s` from the delimiter or line end
/// after it, and how many line ends it spans.
fn cell(s: &str, delimiter: char) -> (String, &str, usize) {
    if let Some(quoted) = quoted(s, delimiter) {
        return quoted;
    }
    let end = s.find([delimiter, '\n', '\r']).unwrap_or(s.len());
    (s[..end].to_string(), &s[end..], 0)
}

/// A quoted cell at the start of `s`, if it is one: `"…"` followed by the delimiter or a
/// line end.
fn quoted(s: &str, delimiter: char) -> Option<(String, &str, usize)> {
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        if chars.peek().is_some_and(|&(_, n)| n == '"') {
            chars.next();
            out.push('"');
            continue;
        }
        let after = &body[i + 1..];
        let closes =
            after.is_empty() || after.starts_with(['\n', '\r']) || after.starts_with(delimiter);
        if !closes {
            return None;
        }
        let lines = out.matches('\n').count();
        return Some((out, after, lines));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str, d: char) -> Vec<(String, String, Option<f64>)> {
        units("t", text, d)
            .unwrap()
            .into_iter()
            .map(|u| (u.ru, u.en, u.score))
            .collect()
    }

    #[test]
    fn header_quotes_and_scores() {
        let tsv = "ru\ten\tconfidence\n\"Да\", сказал он.\t\"Yes,\" he said.\t0.900\n\"Раз\tдва\"\t\"One\"\"s\"\t0.5\n";
        assert_eq!(
            pairs(tsv, '\t'),
            [
                (
                    "\"Да\", сказал он.".into(),
                    "\"Yes,\" he said.".into(),
                    Some(0.9)
                ),
                ("Раз\tдва".into(), "One\"s".into(), Some(0.5)),
            ]
        );
        let csv = "Привет,Hello\r\n\"Раз, два\",\"One,\ntwo\"\r\n";
        assert_eq!(
            pairs(csv, ','),
            [
                ("Привет".into(), "Hello".into(), None),
                ("Раз, два".into(), "One,\ntwo".into(), None),
            ]
        );
    }

    #[test]
    fn a_ragged_row_is_named() {
        let e = units("t.tsv", "a\tb\nc\td\n\"x\ny\"\tz\nonly one\n", '\t').unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv, row 5: 1 cells where the first row has 2"
        );
    }
}
