//! vecalign's beads format: writer, reader and check.

use std::io::{self, Write};

use super::{BeadIds, ExportOptions, check_input, malformed};
use crate::{Bead, Document, Result};

/// Writes one bead per line in vecalign's format, `[0]:[0, 1]`, with 0-based sentence
/// indices and `[]` for an empty side.
///
/// This is what vecalign prints and what the scorers of vecalign and bertalign read, so a
/// sverka alignment can be scored by them (or by [`crate::eval::score`]). Confidences are not
/// written. Lines end in `\n`.
///
/// # Example
/// ```
/// use sverka::export::{write_beads, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("One.\nTwo.\n", Lang::En).unwrap();
/// let beads = [Bead::new(0..1, 0..2, 0.9), Bead::new(1..2, 2..2, 0.1)];
/// let mut out = Vec::new();
/// write_beads(&mut out, &ru, &en, &beads, &ExportOptions::default()).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "[0]:[0, 1]\n[1]:[]\n");
/// ```
pub fn write_beads(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    for b in beads {
        writeln!(w, "{}:{}", list(&b.span.ru), list(&b.span.en))?;
    }
    Ok(())
}

/// A range as a Python list: `[0, 1]`.
fn list(range: &std::ops::Range<usize>) -> String {
    let items: Vec<String> = range.clone().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// Reads a beads file (vecalign format, one bead per line).
///
/// A line is `[ru ids]:[en ids]` with 0-based, comma-separated indices, `[]` for an empty
/// side, optionally followed by `:cost` as vecalign prints it (the cost is ignored). Blank
/// lines are skipped. A line that cannot be read, or a bead empty on both sides, is an
/// [`Error::Malformed`](crate::Error::Malformed) naming `what` and the 1-based line.
///
/// The indices are not checked against any document; see [`check_beads`].
///
/// # Example
/// ```
/// use sverka::export::{read_beads, BeadIds};
/// let beads = read_beads("[0]:[0, 1]\n\n[1, 2]:[]:0.125\n", "gold.beads").unwrap();
/// assert_eq!(beads, [BeadIds::new([0], [0, 1]), BeadIds::new([1, 2], [])]);
///
/// let err = read_beads("[0]:[0]\n[1]-[1]\n", "gold.beads").unwrap_err();
/// assert_eq!(err.to_string(), "gold.beads, line 2: expected ':' at column 4");
/// ```
pub fn read_beads(text: &str, what: &str) -> Result<Vec<BeadIds>> {
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bead = parse_line(line).map_err(|message| malformed(what, n + 1, message))?;
        beads.push(bead);
    }
    Ok(beads)
}

/// Checks beads read from `what` against documents of `n_ru` Russian and `n_en` English
/// sentences: every index is in range and no sentence is in two beads.
///
/// The error is an [`Error::Malformed`](crate::Error::Malformed) whose `line` is the 1-based
/// position of the offending bead in `beads` (the line number when the file has no blank
/// lines).
///
/// # Example
/// ```
/// use sverka::export::{check_beads, BeadIds};
/// let beads = [BeadIds::new([0], [0]), BeadIds::new([1], [1])];
/// assert!(check_beads(&beads, 2, 2, "gold").is_ok());
/// let err = check_beads(&beads, 2, 1, "gold").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "gold, line 2: English sentence 1 is out of range (the English text has 1 sentences)"
/// );
/// ```
pub fn check_beads(beads: &[BeadIds], n_ru: usize, n_en: usize, what: &str) -> Result<()> {
    let mut seen_ru = vec![false; n_ru];
    let mut seen_en = vec![false; n_en];
    for (k, b) in beads.iter().enumerate() {
        for (side, ids, seen) in [
            ("Russian", &b.ru, &mut seen_ru),
            ("English", &b.en, &mut seen_en),
        ] {
            for &i in ids {
                let Some(slot) = seen.get_mut(i) else {
                    let message = format!(
                        "{side} sentence {i} is out of range (the {side} text has {} sentences)",
                        seen.len()
                    );
                    return Err(malformed(what, k + 1, message));
                };
                if std::mem::replace(slot, true) {
                    let message = format!("{side} sentence {i} is in more than one bead");
                    return Err(malformed(what, k + 1, message));
                }
            }
        }
    }
    Ok(())
}

/// A cursor over one line, for error messages with a column.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn column(&self) -> usize {
        self.line[..self.at].chars().count() + 1
    }

    fn skip_space(&mut self) {
        let rest = &self.line[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn peek(&self) -> Option<char> {
        self.line[self.at..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> std::result::Result<(), String> {
        self.skip_space();
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected '{c}' at column {}", self.column()))
        }
    }

    /// A list such as `[0, 1]` or `[]`.
    fn list(&mut self) -> std::result::Result<Vec<usize>, String> {
        self.expect('[')?;
        let mut ids = Vec::new();
        loop {
            self.skip_space();
            if self.eat(']') {
                return Ok(ids);
            }
            let rest = &self.line[self.at..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return Err(format!(
                    "expected a sentence index or ']' at column {}",
                    self.column()
                ));
            }
            let id = rest[..digits]
                .parse()
                .map_err(|_| format!("sentence index at column {} is too big", self.column()))?;
            ids.push(id);
            self.at += digits;
            self.skip_space();
            if !self.eat(',') && self.peek() != Some(']') {
                return Err(format!("expected ',' or ']' at column {}", self.column()));
            }
        }
    }
}

/// Parses one non-blank line.
fn parse_line(line: &str) -> std::result::Result<BeadIds, String> {
    let mut c = Cursor { line, at: 0 };
    let ru = c.list()?;
    c.expect(':')?;
    let en = c.list()?;
    c.skip_space();
    if c.eat(':') {
        let cost = line[c.at..].trim();
        if cost.parse::<f64>().is_err() {
            return Err(format!(
                "expected a number after ':' at column {}, found {cost:?}",
                c.column()
            ));
        }
    } else if c.peek().is_some() {
        return Err(format!(
            "unexpected text at column {} after the bead",
            c.column()
        ));
    }
    if ru.is_empty() && en.is_empty() {
        return Err("the bead is empty on both sides".into());
    }
    Ok(BeadIds { ru, en })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn line_error(text: &str) -> (usize, String) {
        match read_beads(text, "t") {
            Err(Error::Malformed { line, message, .. }) => (line, message),
            other => panic!("expected Malformed for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn tolerant_forms() {
        let text = "  [0,1] : [ 2 ]  \r\n[]:[3]:-0.5\n[2,]:[]\n";
        assert_eq!(
            read_beads(text, "t").unwrap(),
            [
                BeadIds::new([0, 1], [2]),
                BeadIds::new([], [3]),
                BeadIds::new([2], [])
            ]
        );
    }

    #[test]
    fn malformed_lines() {
        assert_eq!(line_error("0:[1]"), (1, "expected '[' at column 1".into()));
        assert_eq!(
            line_error("[0]:[1]\n\n[a]:[1]"),
            (3, "expected a sentence index or ']' at column 2".into())
        );
        assert_eq!(
            line_error("[0 1]:[1]"),
            (1, "expected ',' or ']' at column 4".into())
        );
        assert_eq!(
            line_error("[0]:[1] x"),
            (1, "unexpected text at column 9 after the bead".into())
        );
        assert_eq!(
            line_error("[0]:[1]:cheap"),
            (
                1,
                "expected a number after ':' at column 9, found \"cheap\"".into()
            )
        );
        assert_eq!(
            line_error("[]:[]"),
            (1, "the bead is empty on both sides".into())
        );
        assert_eq!(
            line_error("[0]:[1"),
            (1, "expected ',' or ']' at column 7".into())
        );
        assert_eq!(
            line_error("[99999999999999999999999]:[1]"),
            (1, "sentence index at column 2 is too big".into())
        );
        assert_eq!(line_error("[0]"), (1, "expected ':' at column 4".into()));
    }

    #[test]
    fn check_finds_duplicates() {
        let beads = [BeadIds::new([0], [0]), BeadIds::new([0], [1])];
        let err = check_beads(&beads, 1, 2, "t").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t, line 2: Russian sentence 0 is in more than one bead"
        );
    }
}
