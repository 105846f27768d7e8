//! Sentence segmentation for Russian and English.
//!
//! Paragraphs are the non-empty lines of a text. Inside a paragraph, sentence bounds come from
//! unicode-segmentation's sentence rules, then a Russian/English pass repairs the splits those
//! rules get wrong (abbreviations, initials, decimals, ellipses, quotes, brackets).

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

/// Splits `text` into sentences by the rules of `lang`.
///
/// # Example
/// ```
/// use sverka::{segment, Lang};
/// let text = "Mr. Fox jumped. The dog slept.\nНовый абзац.";
/// let s: Vec<&str> = segment(text, Lang::En).iter().map(|s| s.text(text)).collect();
/// assert_eq!(s, ["Mr. Fox jumped.", "The dog slept.", "Новый абзац."]);
/// ```
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    let _ = lang;
    // Placeholder until the rule pass lands: one sentence per unicode sentence bound.
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = Vec::new();
    for (paragraph, (offset, line)) in paragraphs(text).enumerate() {
        for (i, s) in line.split_sentence_bound_indices() {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = s.len() - s.trim_start().len();
            let start = offset + i + lead;
            out.push(Sentence {
                start,
                end: start + trimmed.len(),
                paragraph,
            });
        }
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
pub fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len();
        (!line.trim().is_empty()).then_some((at, line.trim_end_matches(['\n', '\r'])))
    })
}
