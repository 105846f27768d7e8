//! Candidate sentence bounds inside one paragraph: unicode-segmentation's bounds plus the ones
//! its rules miss (after `…`, before a digit). The rule pass in `rules` judges every candidate.

use unicode_segmentation::UnicodeSegmentation;

use super::chars::{is_opener, is_sentence_closer, is_terminal};
use super::rules::is_emoji;

/// A place where a sentence may start: a byte offset of a non-space character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Candidate {
    /// Byte offset into the paragraph.
    pub pos: usize,
    /// Whether unicode-segmentation's sentence rules put a bound here.
    pub unicode: bool,
}

/// Longest run of characters that cannot change a sentence bound (spaces, quotes, marks) that
/// is handed to unicode-segmentation as is. Its sentence rules rescan such runs after a period
/// for every character (quadratic time), so longer runs are cut to this length first.
const MAX_INERT_RUN: usize = 16;

/// Longest run of openers stepped over when a bound lands just after them.
const MAX_OPENERS: usize = 8;

/// Collects the candidate bounds of `line` (one paragraph, no line break) into `out`, sorted,
/// without duplicates, each at a non-space character after the paragraph's first one.
pub(super) fn collect(line: &str, out: &mut Vec<Candidate>) {
    out.clear();
    unicode_bounds(line, out);
    own_bounds(line, out);
    for c in out.iter_mut() {
        c.pos = normalize(line, c.pos);
    }
    let first = line.len() - line.trim_start().len();
    out.retain(|c| c.pos > first && c.pos < line.len());
    out.sort_unstable();
    // Sorted by (pos, unicode): keep the last of equal positions, which carries `unicode`
    // if any of them did.
    out.dedup_by(|later, earlier| {
        if later.pos == earlier.pos {
            earlier.unicode |= later.unicode;
            true
        } else {
            false
        }
    });
}

/// Moves a bound forward past spaces, then back before opening quotes and brackets that
/// unicode-segmentation glued to the end of the previous sentence (`конец.«Начало`).
fn normalize(line: &str, pos: usize) -> usize {
    let rest = &line[pos..];
    let mut pos = pos + (rest.len() - rest.trim_start().len());
    if pos >= line.len() {
        return pos;
    }
    for _ in 0..MAX_OPENERS {
        match line[..pos].chars().next_back() {
            Some(c) if is_opener(c) && pos > c.len_utf8() => pos -= c.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// Characters whose long runs unicode-segmentation rescans: anything but letters, digits,
/// sentence terminals and paragraph separators.
fn is_inert(c: char) -> bool {
    !c.is_alphanumeric() && !is_terminal(c) && !is_paragraph_separator(c)
}

/// Unicode's paragraph separators (besides `\n`, which never occurs inside a paragraph).
pub(super) fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Adds unicode-segmentation's sentence bounds. Runs of inert characters longer than
/// [`MAX_INERT_RUN`] are shortened first (and bounds mapped back), to keep this linear; where a
/// bound may sit inside a shortened run, a candidate is added for the rules to judge.
fn unicode_bounds(line: &str, out: &mut Vec<Candidate>) {
    let mut run = 0;
    let needs_cut = line.chars().any(|c| {
        run = if is_inert(c) { run + 1 } else { 0 };
        run > MAX_INERT_RUN
    });
    if !needs_cut {
        out.extend(
            line.split_sentence_bound_indices()
                .map(|(pos, _)| pos)
                .filter(|&pos| pos > 0)
                .map(|pos| Candidate { pos, unicode: true }),
        );
        return;
    }

    // `short` is `line` with long inert runs cut; `shifts` holds (offset in `short`, bytes cut
    // before it in total), one entry for each place where bytes were cut.
    let mut short = String::with_capacity(line.len().min(1 << 20));
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    let (mut run, mut cut, mut pending) = (0, 0, 0);
    let mut after_space = false;
    let mut found_in_run = false;
    for (i, c) in line.char_indices() {
        if is_inert(c) {
            run += 1;
        } else {
            run = 0;
            found_in_run = false;
        }
        if run > MAX_INERT_RUN {
            // A bound inside the cut part would fall on the first non-space after a space.
            if after_space && !c.is_whitespace() && !found_in_run {
                out.push(Candidate {
                    pos: i,
                    unicode: false,
                });
                found_in_run = true;
            }
            pending += c.len_utf8();
        } else {
            if pending > 0 {
                cut += pending;
                pending = 0;
                shifts.push((short.len(), cut));
                out.push(Candidate {
                    pos: i,
                    unicode: false,
                });
            }
            short.push(c);
        }
        after_space = c.is_whitespace();
    }
    if pending > 0 {
        cut += pending;
        shifts.push((short.len(), cut));
    }
    let mut shift = shifts.iter().peekable();
    let mut delta = 0;
    for (pos, _) in short.split_sentence_bound_indices() {
        while let Some(&&(at, total)) = shift.peek() {
            if at > pos {
                break;
            }
            delta = total;
            shift.next();
        }
        if pos > 0 {
            out.push(Candidate {
                pos: pos + delta,
                unicode: true,
            });
        }
    }
}

/// Adds the bounds unicode's rules miss: after `…` (not a sentence terminal for unicode), after
/// a period followed by a space and a digit (`… в 2013 году. 5 лет спустя …`), after any
/// terminal followed directly by a capital letter or an opening quote, and after a smiley or
/// emoji followed by a space and a capital (`Отличный магазин) Всем советую`, `Great :) We`).
fn own_bounds(line: &str, out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < line.len() {
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let terminal = is_terminal(c);
        if !terminal && !is_smiley_part(c) {
            continue;
        }
        let mut end = i;
        for d in line[i..].chars() {
            let more = if terminal {
                is_terminal(d) || is_sentence_closer(d)
            } else {
                is_smiley_part(d)
            };
            if !more {
                break;
            }
            end += d.len_utf8();
        }
        let rest = &line[end..];
        let next = end + (rest.len() - rest.trim_start().len());
        if let Some(d) = line[next..].chars().next() {
            let spaced = next > end;
            let capital = d.is_uppercase() || is_opener(d);
            if (terminal && (spaced || capital)) || (spaced && capital) {
                out.push(Candidate {
                    pos: next,
                    unicode: false,
                });
            }
        }
        i = end;
    }
}

/// Parts of smileys and emoji: brackets, pictographs, variation selectors, joiners.
fn is_smiley_part(c: char) -> bool {
    matches!(c, ')' | '(' | '\u{FE0F}' | '\u{200D}') || is_emoji(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(line: &str) -> Vec<usize> {
        let mut out = Vec::new();
        collect(line, &mut out);
        out.iter().map(|c| c.pos).collect()
    }

    #[test]
    fn unicode_bounds_are_candidates() {
        assert_eq!(positions("One. Two! Three"), [5, 10]);
    }

    #[test]
    fn ellipsis_char_is_a_candidate() {
        let line = "Ну… Ладно.";
        assert_eq!(positions(line), [line.find('Л').unwrap()]);
    }

    #[test]
    fn glued_opening_quote_moves_to_the_next_sentence() {
        let line = "Конец.«Начало»";
        assert_eq!(positions(line), [line.find('«').unwrap()]);
    }

    #[test]
    fn long_space_runs_keep_their_bounds() {
        let line = format!("One.{}Two.", " ".repeat(100));
        assert_eq!(positions(&line), [line.find('T').unwrap()]);
        let line = format!("One.{}(Two).", " ".repeat(100));
        assert_eq!(positions(&line), [line.find('(').unwrap()]);
        let line = format!("One.{})) Two. Three.", ")".repeat(100));
        let two = line.find('T').unwrap();
        assert_eq!(positions(&line), [two, two + 5]);
    }
}
