//! Reading user dictionaries: TSV, hunalign and dictd.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::text::decode_utf8;
use crate::{Error, Result};

use super::gloss::drop_notes;
use super::{Builder, Lexicon};

/// Whether `text` has a Cyrillic letter.
fn has_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}'))
}

/// Whether `text` has a Latin letter.
fn has_latin(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}'))
}

/// Orders a pair as (Russian, English) by script; `None` when no side is Russian only.
fn orient<'t>(a: &'t str, b: &'t str) -> Option<(&'t str, &'t str)> {
    match (has_cyrillic(a), has_cyrillic(b)) {
        (true, false) => Some((a, b)),
        (false, true) => Some((b, a)),
        _ => None,
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn gunzip(bytes: &[u8], path: &Path) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(out)
}

fn name_ends_with(path: &Path, suffix: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() > suffix.len() && n.ends_with(suffix))
}

/// The base name `NAME` of a dictd dictionary given as `NAME.index`, `NAME.dict`,
/// `NAME.dict.dz` or `NAME` (when `NAME.index` exists), or `None` for a file of another
/// format.
fn dictd_base(path: &Path) -> Option<PathBuf> {
    let s = path.to_str()?;
    for suffix in [".index", ".dict.dz", ".dict", ".dz"] {
        if name_ends_with(path, suffix) {
            return Some(PathBuf::from(&s[..s.len() - suffix.len()]));
        }
    }
    if path.extension().is_none() && Path::new(&format!("{s}.index")).is_file() {
        return Some(path.to_path_buf());
    }
    None
}

pub(super) fn load(path: &Path) -> Result<Lexicon> {
    if let Some(base) = dictd_base(path) {
        return load_dictd(&base);
    }
    let what = path.display().to_string();
    let mut bytes = read(path)?;
    if name_ends_with(path, ".gz") {
        bytes = gunzip(&bytes, path)?;
    }
    let text = decode_utf8(bytes, &what)?;
    let sniffed = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    match sniffed {
        Some(line) if line.contains(" @ ") => parse_hunalign(&text, &what),
        Some(line) if line.contains('\t') => parse_tsv(&text, &what),
        Some(_) => {
            let line = 1 + text
                .lines()
                .position(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .unwrap_or(0);
            Err(Error::malformed(
                what,
                line,
                "not a dictionary: expected `russian<TAB>english` (TSV) or `english @ russian` (hunalign)",
            ))
        }
        None => Ok(Lexicon::empty()),
    }
}

/// Yields `(1-based line number, line)` for lines that are neither blank nor `#` comments.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i + 1,
                l.strip_prefix('\u{feff}')
                    .unwrap_or(l)
                    .trim_end_matches('\r'),
            )
        })
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

pub(super) fn parse_tsv(text: &str, what: &str) -> Result<Lexicon> {
    let mut lexicon = Lexicon::empty();
    let mut builder = Builder::new(&mut lexicon);
    for (n, line) in content_lines(text) {
        let mut cols = line.split('\t');
        let (Some(a), Some(b)) = (cols.next(), cols.next()) else {
            return Err(Error::malformed(
                what,
                n,
                "expected two tab-separated columns: russian<TAB>english",
            ));
        };
        if a.trim().is_empty() || b.trim().is_empty() {
            return Err(Error::malformed(
                what,
                n,
                "empty column: expected russian<TAB>english",
            ));
        }
        if let Some((ru, en)) = orient(a, b) {
            builder.insert(ru, en);
        }
    }
    not_empty(lexicon, text, what)
}

pub(super) fn parse_hunalign(text: &str, what: &str) -> Result<Lexicon> {
    let mut lexicon = Lexicon::empty();
    let mut builder = Builder::new(&mut lexicon);
    for (n, line) in content_lines(text) {
        let Some((a, b)) = line.split_once(" @ ") else {
            return Err(Error::malformed(what, n, "expected `english @ russian`"));
        };
        if a.trim().is_empty() || b.trim().is_empty() {
            return Err(Error::malformed(
                what,
                n,
                "empty side: expected `english @ russian`",
            ));
        }
        if let Some((ru, en)) = orient(a, b) {
            builder.insert(ru, en);
        }
    }
    not_empty(lexicon, text, what)
}

fn load_dictd(base: &Path) -> Result<Lexicon> {
    let index_path = PathBuf::from(format!("{}.index", base.display()));
    let dz = PathBuf::from(format!("{}.dict.dz", base.display()));
    let plain = PathBuf::from(format!("{}.dict", base.display()));
    let what = index_path.display().to_string();
    let index = decode_utf8(read(&index_path)?, &what)?;
    let dict = if dz.is_file() {
        gunzip(&read(&dz)?, &dz)?
    } else {
        read(&plain)?
    };
    parse_dictd(&index, &dict, &what)
}

/// Decodes a number in dictd's base64: digits `A-Za-z0-9+/` are 0..63, most significant
/// first.
fn dictd_number(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    s.bytes().try_fold(0usize, |n, c| {
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(n * 64 + usize::from(digit))
    })
}

pub(super) fn parse_dictd(index: &str, dict: &[u8], what: &str) -> Result<Lexicon> {
    let mut lexicon = Lexicon::empty();
    let mut builder = Builder::new(&mut lexicon);
    for (n, line) in index.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(Error::malformed(
                what,
                n,
                "expected headword<TAB>offset<TAB>length",
            ));
        }
        let (headword, offset, length) = (cols[0], cols[1], cols[2]);
        let (Some(offset), Some(length)) = (dictd_number(offset), dictd_number(length)) else {
            return Err(Error::malformed(
                what,
                n,
                "offset or length is not dictd base64",
            ));
        };
        let Some(body) = offset
            .checked_add(length)
            .and_then(|end| dict.get(offset..end))
        else {
            return Err(Error::malformed(
                what,
                n,
                format!(
                    "entry {offset}+{length} lies outside the {}-byte data file",
                    dict.len()
                ),
            ));
        };
        if headword.starts_with("00-database") || headword.starts_with("00database") {
            continue;
        }
        let body = std::str::from_utf8(body).map_err(|_| Error::NotUtf8 {
            what: format!("{what}: entry {headword:?}"),
            line: n,
        })?;
        add_dictd_entry(&mut builder, headword, body);
    }
    not_empty(lexicon, index, what)
}

/// Fails when a dictionary with lines yields no Russian–English pair: it is most likely
/// another language pair, or the wrong file.
fn not_empty(lexicon: Lexicon, text: &str, what: &str) -> Result<Lexicon> {
    match content_lines(text).next() {
        Some((line, _)) if lexicon.is_empty() => Err(Error::malformed(
            what,
            line,
            "no Russian–English pair in this dictionary (no line has a Cyrillic side and a Latin side)",
        )),
        _ => Ok(lexicon),
    }
}

/// Removes `/…/` pronunciations (spans between slashes with no Cyrillic letter and no space
/// run of words) from a line.
fn drop_pronunciations(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('/') {
        let after = &rest[start + 1..];
        match after.find('/') {
            Some(end) if !has_cyrillic(&after[..end]) && !after[..end].contains(' ') => {
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a word of a dictd entry marks a sense: `1.`, `2)`, `а)`, `b)`.
fn is_sense_mark(word: &str) -> bool {
    let Some(body) = word.strip_suffix(['.', ')']) else {
        return false;
    };
    (!body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()))
        || (word.ends_with(')')
            && body.chars().count() == 1
            && body.chars().all(char::is_alphabetic))
}

/// Splits the body of a dictd entry (after its headword line) into translation pieces:
/// at `,` and `;`, at sense marks (`1.`, `2)`, `а)`) and at grammar marks (`_v.`, `_n.`,
/// `_attr.`). Lines are joined first, since long entries wrap mid-phrase; notes in
/// parentheses or brackets and `/…/` pronunciations are dropped.
fn dictd_pieces(body: &str) -> Vec<String> {
    let joined: Vec<String> = body.lines().map(drop_pronunciations).collect();
    let text = drop_notes(&joined.join(" "));
    let mut pieces = vec![String::new()];
    for word in text.split_whitespace() {
        if is_sense_mark(word) || word.starts_with('_') || word.starts_with('=') {
            pieces.push(String::new());
            continue;
        }
        let bare = word.trim_end_matches([',', ';']);
        let current = pieces.last_mut().expect("never empty");
        if !bare.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(bare);
        }
        if bare.len() < word.len() {
            pieces.push(String::new());
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// Adds one dictd entry: the headword line, then translations separated by `,`, `;`,
/// numbered senses or grammar marks. Pieces that mix both scripts (usage examples) and
/// pieces in the headword's own language are skipped.
fn add_dictd_entry(builder: &mut Builder<'_>, headword: &str, body: &str) {
    let head_is_ru = has_cyrillic(headword);
    let body = body.trim_start_matches('\n');
    // The first line repeats the headword (with a pronunciation): skip it.
    let first = body.lines().next().unwrap_or("");
    let body = if first
        .trim_start()
        .to_lowercase()
        .starts_with(&headword.to_lowercase())
    {
        &body[first.len()..]
    } else {
        body
    };
    for piece in dictd_pieces(body) {
        let translation_is_ru = has_cyrillic(&piece);
        if (translation_is_ru && has_latin(&piece)) || translation_is_ru == head_is_ru {
            continue;
        }
        if head_is_ru {
            builder.insert(headword, &piece);
        } else {
            builder.insert(&piece, headword);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::text::stem;

    #[test]
    fn dictd_numbers() {
        assert_eq!(dictd_number("A"), Some(0));
        assert_eq!(dictd_number("/"), Some(63));
        assert_eq!(dictd_number("BA"), Some(64));
        assert_eq!(dictd_number("CpQ"), Some(2 * 4096 + 41 * 64 + 16));
        assert_eq!(dictd_number("a-b"), None);
        assert_eq!(dictd_number(""), None);
    }

    #[test]
    fn sense_marks_and_pronunciations() {
        for mark in ["1.", "12)", "а)", "b)"] {
            assert!(is_sense_mark(mark), "{mark}");
        }
        for word in ["т.е.", "кот", "a.", "1", ")"] {
            assert!(!is_sense_mark(word), "{word}");
        }
        assert_eq!(drop_pronunciations("a /ə/").trim(), "a");
        assert_eq!(drop_pronunciations("и/или"), "и/или");
    }

    #[test]
    fn entry_bodies_split_into_pieces() {
        assert_eq!(dictd_pieces("1. в, на\n2. кто‐то\n"), ["в", "на", "кто‐то"]);
        assert_eq!(
            dictd_pieces(
                "  1) рынок, базар\n  2) сбыт; to put on the\n  market пустить в продажу\n"
            ),
            [
                "рынок",
                "базар",
                "сбыт",
                "to put on the market пустить в продажу"
            ]
        );
        assert_eq!(
            dictd_pieces("[ə'bændən] _v. покидать (корабль, дом)"),
            ["покидать"]
        );
    }

    #[test]
    fn dictd_entries_in_both_directions() {
        let mut lex = Lexicon::empty();
        let mut b = Builder::new(&mut lex);
        add_dictd_entry(&mut b, "act", "act /ækt/\n1. акт\n2. делать, сделать\n");
        add_dictd_entry(
            &mut b,
            "abandon",
            "abandon\n  [ə'bændən] _v. 1) покидать, оставлять; to abandon ship покидать корабль\n",
        );
        add_dictd_entry(&mut b, "кошка", "кошка\n  cat; (female) she-cat\n");
        let ru = |w| stem(w, Lang::Ru);
        assert!(lex.has_translation(&ru("делать"), "act"));
        assert!(lex.has_translation(&ru("акт"), "act"));
        assert!(lex.has_translation(&ru("оставлять"), "abandon"));
        assert!(!lex.contains(&ru("корабль")), "usage examples are skipped");
        assert!(lex.has_translation(&ru("кошка"), "cat"));
        assert!(lex.has_translation(&ru("кошка"), "she-cat"));
    }
}
