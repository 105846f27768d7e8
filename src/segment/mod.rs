//! Sentence segmentation for Russian and English.
//!
//! Paragraphs are the non-empty lines of a text. Inside a paragraph, candidate sentence bounds
//! come from unicode-segmentation's sentence rules plus the few places those rules miss
//! (after `…`, a period before a digit, `word.Next`). A Russian/English rule pass then keeps
//! the candidates that really end a sentence. It does not split
//!
//! - after abbreviations: `т. е.`, `т. д.`, `г.`, `им.`, `ул.`, `напр.`, `Mr.`, `Dr.`, `e.g.`,
//!   `i.e.`, `vs.`, `No. 5`, `стр. 12`;
//! - after initials: `П.Дуров`, `А. С. Пушкин`, `J. R. R. Tolkien`, `U.S. Army`, unless the
//!   next word usually starts a sentence (`Plan B. The`, `in the U.S. It`);
//! - inside numbers (`3.14`, `200,000,000`, `~7%`), domains and URLs (`telegram.org`);
//! - before a lowercase word: `Wait... then`, `«Стой!» – крикнул он.`;
//! - before a piece with no letter or digit (`…`, `:)`), or after a list number (`1.`).
//!
//! Abbreviations that may end a sentence (`etc.`, `и т. д.`, `в 2013 г.`, `Inc.`) end it
//! before a capital letter. Closing quotes and brackets after a terminal (`.»`, `?”`, `.)`) stay
//! with the sentence they close; a sentence may start with an opening quote or a dialogue dash.
//!
//! Every step looks at a bounded stretch of text around a candidate, so segmentation takes
//! time linear in the text's length.

mod abbrev;
mod candidates;
mod chars;
mod rules;

use crate::Lang;

/// One sentence: a byte span into the source text and the paragraph it belongs to.
///
/// The span starts at the first and ends after the last non-space character of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// Byte offset of the sentence's first character.
    pub start: usize,
    /// Byte offset just past the sentence's last character.
    pub end: usize,
    /// 0-based index of the paragraph (non-empty line) holding the sentence.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence's text in `source`, the text it was segmented from.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Splits `text` into sentences by the Russian and English rules.
///
/// Every non-space character of `text` lies in exactly one sentence; sentences come in text
/// order, each within one paragraph (non-empty line; `\n` and `\r\n` line ends). The rules are
/// keyed by script (Cyrillic or Latin abbreviations), since Russian texts quote English names
/// and English texts Russian ones; `lang` names the text's language and today changes nothing.
///
/// # Example
/// ```
/// use sverka::{segment, Lang};
/// let text = "Mr. Fox jumped. The dog slept.\nА. С. Пушкин родился в 1799 г. в Москве. Это факт.";
/// let s: Vec<&str> = segment(text, Lang::En).iter().map(|s| s.text(text)).collect();
/// assert_eq!(
///     s,
///     ["Mr. Fox jumped.", "The dog slept.", "А. С. Пушкин родился в 1799 г. в Москве.", "Это факт."]
/// );
/// ```
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    let _ = lang;
    let mut out = Vec::new();
    let mut found = Vec::new();
    let mut spans = Vec::new();
    for (paragraph, (offset, line)) in paragraphs(text).enumerate() {
        candidates::collect(line, &mut found);
        spans.clear();
        rules::split(line, &found, &mut spans);
        out.extend(spans.iter().map(|&(start, end)| Sentence {
            start: offset + start,
            end: offset + end,
            paragraph,
        }));
    }
    out
}

/// Takes `text` as one sentence per line, as it is (`--presegmented`).
///
/// Blank lines separate paragraphs; a text without blank lines is one paragraph.
///
/// # Example
/// ```
/// let text = "Один.\nДва.\n\nТри.\n";
/// let s = sverka::segment::presegmented(text);
/// assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1]);
/// ```
pub fn presegmented(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if out
                .last()
                .is_some_and(|s: &Sentence| s.paragraph == paragraph)
            {
                paragraph += 1;
            }
        } else {
            let start = offset + (line.len() - line.trim_start().len());
            out.push(Sentence {
                start,
                end: start + trimmed.len(),
                paragraph,
            });
        }
        offset += line.len();
    }
    out
}

/// The non-empty lines of `text` with their byte offsets: sverka's paragraphs.
///
/// Lines end at `\n`; a `\r` before it is dropped. A line of only whitespace is no paragraph.
/// Each line keeps its leading and trailing spaces.
///
/// # Example
/// ```
/// let text = "Один.\r\n \t\r\n  Два.\n";
/// let p: Vec<(usize, &str)> = sverka::segment::paragraphs(text).collect();
/// assert_eq!(p, [(0, "Один."), (15, "  Два.")]);
/// ```
pub fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len();
        (!line.trim().is_empty()).then_some((at, line.trim_end_matches(['\n', '\r'])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, usize)> {
        segment(text, Lang::Ru)
            .iter()
            .map(|s| (s.text(text), s.paragraph))
            .collect()
    }

    #[test]
    fn sentences_stay_within_their_line() {
        assert_eq!(
            texts("Первый абзац. Без точки\r\n\r\nВторой абзац… Всё."),
            [
                ("Первый абзац.", 0),
                ("Без точки", 0),
                ("Второй абзац…", 1),
                ("Всё.", 1)
            ]
        );
    }

    #[test]
    fn unicode_paragraph_separators_inside_a_line_split_sentences() {
        assert_eq!(
            texts("Строка без точки\u{2029}Другая строка"),
            [("Строка без точки", 0), ("Другая строка", 0)]
        );
    }

    #[test]
    fn presegmented_counts_blank_lines_once() {
        let text = "a\n\n\n\nb\r\n \r\nc";
        let p: Vec<usize> = presegmented(text).iter().map(|s| s.paragraph).collect();
        assert_eq!(p, [0, 1, 2]);
    }
}
