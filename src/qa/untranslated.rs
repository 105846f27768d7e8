//! `untranslated`: an English side written in Cyrillic or the same as the Russian (an
//! error), Russian words left in the English, and English phrases left in the Russian beyond
//! names (warnings).

use std::ops::Range;

use super::{Context, Finding, Severity, Word, finding, quote};
use crate::text::{self, TokenKind};

/// The fewest words of a Latin-script phrase in the Russian, or a Cyrillic one in the English,
/// that count as text left untranslated.
const MIN_RUN: usize = 3;

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let (ru, en) = (ctx.ru_side(b), ctx.en_side(b));
        let (ru_words, en_words) = (ru.words(), en.words());
        let en_spans: Vec<Range<usize>> = en
            .sentences
            .iter()
            .map(|&(base, s)| base..base + s.len())
            .collect();
        let letters = |ws: &[Word]| ws.iter().filter(|w| w.kind != TokenKind::Number).count();
        if letters(&en_words) >= 2 && same_words(&ru_words, &en_words) {
            out.push(finding(
                k,
                Severity::Error,
                "the English is the same as the Russian".into(),
                Vec::new(),
                en_spans,
            ));
            continue;
        }
        let cyrillic = en_words
            .iter()
            .filter(|w| w.kind == TokenKind::Cyrillic)
            .count();
        if cyrillic >= 2 && 2 * cyrillic >= letters(&en_words) {
            out.push(finding(
                k,
                Severity::Error,
                "the English is written in Cyrillic".into(),
                Vec::new(),
                en_spans,
            ));
            continue;
        }
        for r in runs(&en_words, TokenKind::Cyrillic, |_| true) {
            let q = quote(&ctx.en.text()[r.clone()]);
            out.push(finding(
                k,
                Severity::Warning,
                format!("Russian words left in the English: {q}"),
                Vec::new(),
                vec![r],
            ));
        }
        // A phrase of names (New York Times) is kept as it is; one with small words is not.
        let lower = |w: &Word| w.text.chars().next().is_some_and(char::is_lowercase);
        for r in runs(&ru_words, TokenKind::Latin, lower) {
            let q = quote(&ctx.ru.text()[r.clone()]);
            out.push(finding(
                k,
                Severity::Warning,
                format!("English words left in the Russian: {q}"),
                vec![r],
                Vec::new(),
            ));
        }
    }
    out
}

/// Whether the two sides have the same words (case and ё aside).
fn same_words(ru: &[Word], en: &[Word]) -> bool {
    ru.len() == en.len()
        && ru
            .iter()
            .zip(en)
            .all(|(a, b)| text::normalize(a.text) == text::normalize(b.text))
}

/// The spans of runs of at least [`MIN_RUN`] neighbouring words of `kind` in one sentence,
/// with at least two words for which `small` holds.
fn runs(words: &[Word], kind: TokenKind, small: impl Fn(&Word) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i].kind != kind {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() && words[j].kind == kind && !words[j].initial {
            j += 1;
        }
        let run = &words[i..j];
        if run.len() >= MIN_RUN && run.iter().filter(|w| small(w)).count() >= 2 {
            out.push(run[0].start..run[run.len() - 1].end);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::qa::CheckId;
    use crate::qa::Severity;
    use crate::qa::testing::{messages, pair};

    #[test]
    fn an_english_side_in_cyrillic_or_copied() {
        let found = pair(
            "Спасибо за поддержку и преданность.",
            "Спасибо за поддержку и преданность.",
            CheckId::Untranslated,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "the English is the same as the Russian");
        assert_eq!(found[0].severity, Severity::Error);
        let found = messages(
            "Спасибо за поддержку и преданность.",
            "Спасибо за вашу поддержку.",
            CheckId::Untranslated,
        );
        assert_eq!(found, ["the English is written in Cyrillic"]);
    }

    #[test]
    fn phrases_left_in_the_other_language() {
        let found = messages(
            "Он сказал: it is what it is.",
            "He said: it is what it is.",
            CheckId::Untranslated,
        );
        assert_eq!(
            found,
            ["English words left in the Russian: \u{201c}it is what it is\u{201d}"]
        );
        let found = messages(
            "Мы благодарны за поддержку.",
            "We are thankful for поддержку и преданность.",
            CheckId::Untranslated,
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn names_and_terms_are_not_untranslated() {
        for (ru, en) in [
            (
                "Статья вышла в The New York Times.",
                "The article ran in The New York Times.",
            ),
            (
                "Администраторам proxy и vpn.",
                "To those who run socks5 proxies and VPN.",
            ),
            ("Telegram", "Telegram"),
            (
                "Сервисы proxy/VPN перестают работать.",
                "Proxy/VPN services stop working.",
            ),
        ] {
            let found = messages(ru, en, CheckId::Untranslated);
            assert!(found.is_empty(), "{ru} | {en}: {found:?}");
        }
    }
}
