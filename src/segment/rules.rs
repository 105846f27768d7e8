//! The Russian/English rule pass: which candidate bounds really end a sentence.
//!
//! Every look at the text around a candidate is bounded (a few dozen characters), so a
//! paragraph is judged in time linear in its length.

use super::abbrev::{Abbr, abbreviation, is_sentence_starter};
use super::candidates::{Candidate, is_paragraph_separator};
use super::chars::{is_period, is_sentence_closer, is_sentence_lead, is_terminal};

/// Most closing quotes and brackets looked through after a terminal.
const MAX_CLOSERS: usize = 16;
/// Most characters looked through before the first word of the next sentence.
const MAX_LEAD: usize = 32;
/// Longest word of the next sentence read (in characters).
const MAX_WORD: usize = 40;
/// Longest token looked at for a URL or domain name (in characters).
const MAX_TOKEN: usize = 64;

/// Splits one paragraph at the candidates the rules keep; returns trimmed byte spans.
pub(super) fn split(line: &str, candidates: &[Candidate], out: &mut Vec<(usize, usize)>) {
    let first = line.len() - line.trim_start().len();
    let last = line.trim_end().len();
    if first >= last {
        return;
    }
    let paragraph_start = out.len();
    let mut start = first;
    let mut piece = PieceScan::new(first);
    for &candidate in candidates {
        piece.scan(line, candidate.pos);
        if !ends_sentence(line, start, candidate, &piece) {
            continue;
        }
        let end = line[..candidate.pos].trim_end().len();
        if piece.alnum {
            out.push((start, end));
        } else if out.len() == paragraph_start {
            // A piece with no letter or digit at the paragraph's start joins the next sentence.
            continue;
        } else if let Some(prev) = out.last_mut() {
            // Elsewhere (`:)`, `❤️`, `…`) it ends the sentence before it.
            prev.1 = end;
        }
        start = candidate.pos;
        piece = PieceScan::new(start);
    }
    piece.scan(line, last);
    let has_prev = out.len() > paragraph_start;
    match out.last_mut() {
        Some(prev) if !piece.alnum && has_prev => prev.1 = last,
        _ => out.push((start, last)),
    }
}

/// What a sentence holds so far: whether it has a letter or digit, and whether its last `)`
/// closes no `(` (a smiley, as in `Отличный магазин) Всем советую`). Remembers how far it
/// scanned, so a paragraph is scanned once.
struct PieceScan {
    scanned: usize,
    alnum: bool,
    depth: usize,
    unmatched_close: bool,
}

impl PieceScan {
    fn new(start: usize) -> Self {
        PieceScan {
            scanned: start,
            alnum: false,
            depth: 0,
            unmatched_close: false,
        }
    }

    fn scan(&mut self, line: &str, pos: usize) {
        if pos <= self.scanned {
            return;
        }
        for c in line[self.scanned..pos].chars() {
            match c {
                '(' => self.depth += 1,
                ')' if self.depth > 0 => {
                    self.depth -= 1;
                    self.unmatched_close = false;
                }
                ')' => self.unmatched_close = true,
                _ => self.alnum |= c.is_alphanumeric(),
            }
        }
        self.scanned = pos;
    }
}

/// The class of the first character of the next sentence, after its dashes and openers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A lowercase letter, or `,` `;` `:` that continue a sentence.
    Lower,
    Upper,
    Digit,
    Other,
}

/// What follows a candidate bound.
#[derive(Debug)]
struct Next<'a> {
    start: Start,
    /// The first word (letters only), when the next sentence starts with a letter.
    word: &'a str,
    /// Whether a period follows that word directly (`А.` of `А. С. Пушкин`).
    dotted: bool,
}

impl<'a> Next<'a> {
    fn read(text: &'a str) -> Self {
        let mut from = text.len();
        for (n, (i, c)) in text.char_indices().enumerate() {
            if n >= MAX_LEAD || !(is_sentence_lead(c) || c.is_whitespace()) {
                from = i;
                break;
            }
        }
        let rest = &text[from..];
        let Some(c) = rest.chars().next() else {
            return Next {
                start: Start::Other,
                word: "",
                dotted: false,
            };
        };
        let start = if c.is_lowercase() || matches!(c, ',' | ';' | ':') {
            Start::Lower
        } else if c.is_uppercase() {
            Start::Upper
        } else if c.is_numeric() {
            Start::Digit
        } else {
            Start::Other
        };
        let mut len = 0;
        for (n, c) in rest.chars().enumerate() {
            if n >= MAX_WORD || !c.is_alphabetic() {
                break;
            }
            len += c.len_utf8();
        }
        let word = &rest[..len];
        let dotted = rest[len..].chars().next().is_some_and(is_period);
        Next {
            start,
            word,
            dotted,
        }
    }

    /// Whether the next sentence starts with a word that usually starts sentences (`The`, `Он`).
    fn starts_with_function_word(&self) -> bool {
        let initial = self.dotted && self.word.chars().nth(1).is_none();
        !initial && is_sentence_starter(self.word)
    }

    /// Whether the next word looks like `Word`: a capital, then lowercase letters.
    fn is_capitalized_word(&self) -> bool {
        let mut chars = self.word.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
    }
}

/// Decides whether the sentence that started at `start` ends at `candidate`.
fn ends_sentence(line: &str, start: usize, candidate: Candidate, piece: &PieceScan) -> bool {
    let left_full = &line[start..candidate.pos];
    let left = left_full.trim_end();
    let gap = &left_full[left.len()..];
    if gap.chars().any(is_paragraph_separator) {
        return true;
    }
    if is_list_marker(left) {
        return false;
    }
    let right = &line[candidate.pos..];
    let next = Next::read(right);

    let mut core = left;
    for n in 0.. {
        match core.chars().next_back() {
            Some(c) if is_sentence_closer(c) => {
                if n >= MAX_CLOSERS {
                    return candidate.unicode && next.start != Start::Lower;
                }
                core = &core[..core.len() - c.len_utf8()];
            }
            _ => break,
        }
    }
    let last = core.chars().next_back();
    if next.start == Start::Lower {
        // A lowercase word continues the sentence: `Wait... then`, `«Стой!» – крикнул он.`,
        // `"Where?" he asked.`, `Kto Ya? wrapped`.
        return false;
    }
    let Some(last) = last.filter(|&c| is_terminal(c)) else {
        if let Some(smiley) = smiley_end(left) {
            return next.start == Start::Upper
                && (smiley != Smiley::Bracket || piece.unmatched_close);
        }
        // Unicode knows more terminals than we do; never split after a letter or digit.
        return candidate.unicode && last.is_some_and(|c| !c.is_alphanumeric());
    };
    if last == '…' {
        // An ellipsis ends a sentence before a capital, not before a number: `от 5… 10 тысяч`.
        return next.start != Start::Digit;
    }
    if !is_period(last) {
        return true;
    }
    let body = &core[..core.len() - last.len_utf8()];
    if body
        .chars()
        .next_back()
        .is_some_and(|c| is_terminal(c) || is_sentence_closer(c))
    {
        // An ellipsis `...` or `?..` before a capital (not before a number).
        return next.start != Start::Digit;
    }
    let glued = gap.is_empty()
        && core.len() == left.len()
        && right.chars().next().is_some_and(char::is_alphabetic);
    if glued && !glued_sentence_start(body, right, &next) {
        return false;
    }
    if is_inline_list_number(body) {
        // `… следующим способом: 1. Проверка …; 2. Если …`
        return false;
    }
    match abbreviation(body) {
        None => true,
        Some(Abbr::Always) => false,
        // `5 млрд. долл. США` is one phrase.
        Some(Abbr::Ending) => next.start != Start::Digit && next.word != "США",
        Some(Abbr::BeforeName) => match next.start {
            Start::Upper => next.starts_with_function_word(),
            Start::Digit => false,
            Start::Lower | Start::Other => true,
        },
    }
}

/// How a sentence without a terminal may end: with an emoji, an emoticon, or a Russian `)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Smiley {
    /// `❤️`, `🙂`
    Emoji,
    /// `:)`, `;-)`, `:(`
    Emoticon,
    /// `)`, `)))` after a word: a smiley if no `(` opened before it.
    Bracket,
}

/// The smiley `text` ends with, if any.
fn smiley_end(text: &str) -> Option<Smiley> {
    let text = trim_end_bounded(text, |c| matches!(c, '\u{FE0F}' | '\u{200D}'));
    let last = text.chars().next_back()?;
    if is_emoji(last) {
        return Some(Smiley::Emoji);
    }
    let mouth = trim_end_bounded(text, |c| matches!(c, ')' | '('));
    if mouth.len() == text.len() {
        return None;
    }
    let eyes = trim_end_bounded(mouth, |c| c == '-');
    if eyes.ends_with([':', ';', '=']) {
        Some(Smiley::Emoticon)
    } else if !text.ends_with('(') && mouth.chars().next_back().is_some_and(|c| c != '(') {
        Some(Smiley::Bracket)
    } else {
        None
    }
}

/// Pictographs, dingbats and emoji.
pub(super) fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Whether `word.Next`, with no space after the period, starts a new sentence: only after a
/// lowercase word of two or more letters, before a capitalized word (`штатов.Эксперты`), or
/// before a word that usually starts a sentence (`Конец.Он`); never inside a URL, a domain
/// name or an e-mail address, nor in names like `Gazeta.Ru`, `Яндекс.Такси`, `ASP.NET`,
/// `П.Дуров`.
fn glued_sentence_start(body: &str, right: &str, next: &Next) -> bool {
    if !next.is_capitalized_word() {
        return false;
    }
    let before = last_token(body);
    let after = first_token(right);
    let url_mark = |c: char| matches!(c, '/' | '@' | ':' | '\\' | '=' | '_');
    if before.chars().any(url_mark) || after.chars().any(url_mark) {
        return false;
    }
    let mut after_chars = after.chars().peekable();
    while let Some(c) = after_chars.next() {
        if is_period(c) && after_chars.peek().is_some_and(|c| c.is_alphanumeric()) {
            return false;
        }
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    if word.chars().count() < 2 || before.to_lowercase().starts_with("www") {
        return false;
    }
    word.chars().next().is_some_and(char::is_lowercase) || next.starts_with_function_word()
}

/// `text` without the characters matching `strip` at its end, at most [`MAX_CLOSERS`] of them.
fn trim_end_bounded(text: &str, strip: impl Fn(char) -> bool) -> &str {
    let mut end = text.len();
    for c in text.chars().rev().take(MAX_CLOSERS) {
        if !strip(c) {
            break;
        }
        end -= c.len_utf8();
    }
    &text[..end]
}

/// The text after the last space of `text`, at most [`MAX_TOKEN`] characters.
fn last_token(text: &str) -> &str {
    let mut from = text.len();
    for (n, (i, c)) in text.char_indices().rev().enumerate() {
        if n >= MAX_TOKEN || c.is_whitespace() {
            break;
        }
        from = i;
    }
    &text[from..]
}

/// The text before the first space of `text`, at most [`MAX_TOKEN`] characters.
fn first_token(text: &str) -> &str {
    let mut to = 0;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n >= MAX_TOKEN || c.is_whitespace() {
            break;
        }
        to = i + c.len_utf8();
    }
    &text[..to]
}

/// Whether `body` (the text before a period) ends with a list number inside a sentence: one to
/// three digits after `:` or `;` and a space (not a time such as `12:39`).
fn is_inline_list_number(body: &str) -> bool {
    let number = trim_end_bounded(body, |c| c.is_ascii_digit());
    let digits = body.len() - number.len();
    let before = number.trim_end();
    (1..=3).contains(&digits) && before.len() < number.len() && before.ends_with([':', ';'])
}

/// A list number standing alone before its item: `1.`, `2)`, `(3)`, `IV.`, `a)`.
fn is_list_marker(piece: &str) -> bool {
    if piece.len() > 12 {
        return false;
    }
    let piece = piece.trim_start_matches('(');
    let Some(mark) = piece.chars().next_back() else {
        return false;
    };
    if !(is_period(mark) || mark == ')') {
        return false;
    }
    let number = &piece[..piece.len() - mark.len_utf8()];
    let count = number.chars().count();
    let digits = (1..=3).contains(&count) && number.chars().all(|c| c.is_ascii_digit());
    let roman = (1..=4).contains(&count) && number.chars().all(|c| "IVXLCivxlc".contains(c));
    let letter = count == 1 && mark == ')' && number.chars().all(char::is_alphabetic);
    digits || roman || letter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_next_word_through_dashes_and_quotes() {
        let next = Next::read("– «Да», – сказал он.");
        assert_eq!(
            (next.start, next.word, next.dotted),
            (Start::Upper, "Да", false)
        );
        let next = Next::read("С. Пушкин");
        assert_eq!(
            (next.start, next.word, next.dotted),
            (Start::Upper, "С", true)
        );
        let next = Next::read("5 лет");
        assert_eq!(next.start, Start::Digit);
        assert_eq!(Next::read("").start, Start::Other);
    }

    #[test]
    fn list_markers() {
        for m in ["1.", "12)", "(3)", "IV.", "a)", "б)"] {
            assert!(is_list_marker(m), "{m}");
        }
        for m in ["1990.", "Я.", "Конец.", "A.", "1"] {
            assert!(!is_list_marker(m), "{m}");
        }
    }

    #[test]
    fn glued_words() {
        let glued = |l: &str, r: &str| glued_sentence_start(l, r, &Next::read(r));
        assert!(glued("конец", "Он пришёл."));
        assert!(glued("штатов", "Эксперты Bloomberg"));
        assert!(!glued("Нева", "Тудей."));
        assert!(glued("end", "The next one."));
        assert!(!glued("Газету", "Ru"));
        assert!(!glued("Яндекс", "Такси"));
        assert!(!glued("www", "Telegram.org"));
        assert!(!glued("ASP", "NET"));
        assert!(!glued("П", "Дуров"));
        assert!(!glued("see https://example", "Com/x"));
        assert!(!glued("end", "lower"));
    }
}
