//! `punctuation`: a question mark, an exclamation mark, quotes or brackets on one side of a
//! pair only (as the scorer counts them: quotes and brackets by pairs, «a» agreeing with “a”).

use std::ops::Range;

use super::{BeadSide, Context, Finding, Severity, finding};

/// The marks compared, by class, with the class's name in messages.
const CLASSES: [(&str, &[char]); 4] = [
    ("a question mark", &['?']),
    ("an exclamation mark", &['!']),
    ("quotes", &['"', '«', '»', '“', '”', '„']),
    ("brackets", &['(', ')', '[', ']']),
];

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let (ru, en) = (ctx.ru_side(b), ctx.en_side(b));
        for (name, marks) in CLASSES {
            let (r, e) = (marks_of(&ru, marks), marks_of(&en, marks));
            match (r.is_empty(), e.is_empty()) {
                (false, true) => out.push(finding(
                    k,
                    Severity::Info,
                    format!("{name} in the Russian only"),
                    r,
                    Vec::new(),
                )),
                (true, false) => out.push(finding(
                    k,
                    Severity::Info,
                    format!("{name} in the English only"),
                    Vec::new(),
                    e,
                )),
                _ => {}
            }
        }
    }
    out
}

/// The spans of the marks of `side` that are in `marks`.
fn marks_of(side: &BeadSide, marks: &[char]) -> Vec<Range<usize>> {
    side.sentences
        .iter()
        .flat_map(|&(base, s)| {
            s.char_indices()
                .filter(|(_, c)| marks.contains(c))
                .map(move |(i, c)| base + i..base + i + c.len_utf8())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::qa::CheckId;
    use crate::qa::testing::messages;

    #[test]
    fn marks_on_one_side_only() {
        assert_eq!(
            messages("Ты придешь?", "You will come.", CheckId::Punctuation),
            ["a question mark in the Russian only"]
        );
        assert_eq!(
            messages(
                "Отключите прокси (если это произошло).",
                "Turn off the proxy if this happened.",
                CheckId::Punctuation
            ),
            ["brackets in the Russian only"]
        );
    }

    #[test]
    fn marks_in_either_style_agree() {
        for (ru, en) in [
            ("Он сказал «да».", "He said “yes”."),
            ("Правда?!", "Really?!"),
            ("Это (почти) всё.", "That is (almost) all."),
        ] {
            let found = messages(ru, en, CheckId::Punctuation);
            assert!(found.is_empty(), "{ru} | {en}: {found:?}");
        }
    }
}
