//! Pieces of views shared by several pages: a sentence cut into plain text and matched words.

use crate::review::evidence::Mark;

/// The kinds in legend order with their descriptions.
pub(crate) const LEGEND: [(&str, &str); 5] = [
    ("lexicon", "dictionary translation"),
    ("learned", "learned from this text"),
    ("cognate", "cognate (looks alike)"),
    ("number", "same number"),
    ("name", "same name"),
];

/// A piece of a sentence for the template: plain text, or a matched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    /// The evidence kind of a matched word.
    pub(crate) kind: Option<&'static str>,
    /// The pair number (matched words only).
    pub(crate) pair: usize,
}

/// Cuts `text` into pieces at the (sorted) marks; overlapping or broken marks are skipped.
pub(crate) fn pieces(text: &str, marks: Option<&Vec<Mark>>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = 0;
    let plain = |s: &str| Piece {
        text: s.to_string(),
        kind: None,
        pair: 0,
    };
    for m in marks.into_iter().flatten() {
        if m.span.start < at
            || m.span.end > text.len()
            || !text.is_char_boundary(m.span.start)
            || !text.is_char_boundary(m.span.end)
        {
            continue;
        }
        if m.span.start > at {
            out.push(plain(&text[at..m.span.start]));
        }
        out.push(Piece {
            text: text[m.span.clone()].to_string(),
            kind: Some(m.kind),
            pair: m.pair,
        });
        at = m.span.end;
    }
    if at < text.len() || out.is_empty() {
        out.push(plain(&text[at..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_skip_bad_marks() {
        let marks = vec![
            Mark {
                span: 0..3,
                kind: "name",
                pair: 0,
            },
            Mark {
                span: 1..2,
                kind: "number",
                pair: 1,
            },
            Mark {
                span: 4..6,
                kind: "lexicon",
                pair: 2,
            },
            Mark {
                span: 7..99,
                kind: "lexicon",
                pair: 3,
            },
        ];
        let p = pieces("abc de fg", Some(&marks));
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "abc de fg");
        let kinds: Vec<_> = p.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Some("name"), None, Some("lexicon"), None]);
        // A mark inside a multi-byte character is skipped, not a panic.
        let m = vec![Mark {
            span: 1..2,
            kind: "name",
            pair: 0,
        }];
        assert_eq!(pieces("Ж", Some(&m)).len(), 1);
    }
}
