//! `name`: a name or token on one side of a pair only. URLs, e-mail addresses, @handles and
//! hashtags must be copied as they are (an error when missing); a Latin-script word of the
//! Russian (Telegram, VPN, proxy) must be in the English; an English name (a word written with
//! a capital wherever it occurs, inside a sentence) must be in the Russian, in Latin letters or
//! transliterated; a Russian name (capitalised, unknown to the dictionary) must be in the English
//! transliterated (Дуров: Durov). Counterparts are found by the scorer's evidence and its rules
//! for names and cognates.

use std::collections::HashSet;
use std::ops::Range;

use super::{BeadSide, Context, Finding, Severity, Word, finding, quote};
use crate::lexicon::Lexicon;
use crate::score::sounds_alike;
use crate::text::{self, TokenKind};
use crate::{Document, Lang};

/// What a [`Special`] token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpecialKind {
    Url,
    Email,
    Handle,
    Hashtag,
}

impl SpecialKind {
    fn name(self) -> &'static str {
        match self {
            SpecialKind::Url => "the link",
            SpecialKind::Email => "the e-mail address",
            SpecialKind::Handle => "the handle",
            SpecialKind::Hashtag => "the hashtag",
        }
    }
}

/// A URL, e-mail address, @handle or hashtag, with its span and its form for comparing.
#[derive(Debug, Clone, PartialEq)]
struct Special {
    span: Range<usize>,
    key: String,
    kind: SpecialKind,
}

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let ru_lower = lowercase_forms(ctx.ru);
    let ru_latin = latin_keys(ctx.ru);
    let en_lower = lowercase_forms(ctx.en);
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let (ru, en) = (ctx.ru_side(b), ctx.en_side(b));
        let (ru_sp, en_sp) = (specials(&ru), specials(&en));
        specials_alone(k, ctx, &ru_sp, &en_sp, &mut out);
        let matched = |ru_word: Option<&Word>, en_word: Option<&Word>| {
            ctx.explanation(k).is_some_and(|e| {
                e.matches.iter().any(|m| {
                    ru_word.is_some_and(|w| m.ru.contains(&w.start))
                        || en_word.is_some_and(|w| m.en.contains(&w.start))
                })
            })
        };
        let ru_words: Vec<Word> = outside(ru.words(), &ru_sp);
        let en_words: Vec<Word> = outside(en.words(), &en_sp);
        let keys = english_keys(&en_words);
        // Latin-script words of the Russian.
        let latin: Vec<Word> = latin_words(&ru_words)
            .into_iter()
            .filter(|w| !matched(Some(w), None) && !keys.contains(&key(w.text)))
            .collect();
        report(
            k,
            ctx,
            &latin,
            Side::Ru,
            "{} is in the Russian only",
            &mut out,
        );
        // English names.
        let names: Vec<Word> = en_words
            .iter()
            .filter(|w| is_english_name(w, &en_lower, &ru_latin))
            .filter(|w| !matched(None, Some(w)) && !in_russian(w, &ru_words))
            .copied()
            .collect();
        report(
            k,
            ctx,
            &names,
            Side::En,
            "{} is in the English only",
            &mut out,
        );
        // Russian names.
        let names: Vec<Word> = ru_words
            .iter()
            .filter(|w| is_russian_name(w, &ru_lower))
            .filter(|w| {
                !matched(Some(w), None) && !en_words.iter().any(|e| sounds_alike(w.text, e.text))
            })
            .copied()
            .collect();
        report(
            k,
            ctx,
            &names,
            Side::Ru,
            "the name {} is not in the English",
            &mut out,
        );
    }
    out
}

/// Which side a finding's spans are on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Ru,
    En,
}

/// Reports `words` (runs of neighbouring words together) with `message`, whose `{}` is the
/// quoted run.
fn report(
    k: usize,
    ctx: &Context,
    words: &[Word],
    side: Side,
    message: &str,
    out: &mut Vec<Finding>,
) {
    let text = if side == Side::Ru {
        ctx.ru.text()
    } else {
        ctx.en.text()
    };
    let mut runs: Vec<Range<usize>> = Vec::new();
    for w in words {
        match runs.last_mut() {
            Some(r) if text[r.end..w.start].chars().all(|c| c == ' ') => r.end = w.end,
            _ => runs.push(w.span()),
        }
    }
    for r in runs {
        let mut said = message.replace("{}", &quote(&text[r.clone()]));
        if side == Side::Ru && message.starts_with("the name") {
            said.push_str(&format!(" (as {})", quote(&romanized(&text[r.clone()]))));
        }
        let (ru, en) = if side == Side::Ru {
            (vec![r], Vec::new())
        } else {
            (Vec::new(), vec![r])
        };
        out.push(finding(k, Severity::Warning, said, ru, en));
    }
}

/// A Russian name in Latin letters, each word capitalised (`Павел Дуров`: `Pavel Durov`).
fn romanized(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let latin = text::transliterate(w);
            let mut chars = latin.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Errors for the URLs, e-mail addresses, handles and hashtags of one side missing on the other.
fn specials_alone(k: usize, ctx: &Context, ru: &[Special], en: &[Special], out: &mut Vec<Finding>) {
    for s in ru.iter().filter(|s| !en.iter().any(|o| o.key == s.key)) {
        let q = quote(&ctx.ru.text()[s.span.clone()]);
        out.push(finding(
            k,
            Severity::Error,
            format!("{} {q} is in the Russian only", s.kind.name()),
            vec![s.span.clone()],
            Vec::new(),
        ));
    }
    for s in en.iter().filter(|s| !ru.iter().any(|o| o.key == s.key)) {
        let q = quote(&ctx.en.text()[s.span.clone()]);
        out.push(finding(
            k,
            Severity::Error,
            format!("{} {q} is in the English only", s.kind.name()),
            Vec::new(),
            vec![s.span.clone()],
        ));
    }
}

/// The URLs, e-mail addresses, @handles and hashtags of a side.
fn specials(side: &BeadSide) -> Vec<Special> {
    let mut out = Vec::new();
    for &(base, s) in &side.sentences {
        let mut at = 0;
        for chunk in s.split(char::is_whitespace) {
            let start = at;
            at += chunk.len()
                + s[at + chunk.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            let lead = chunk.len()
                - chunk
                    .trim_start_matches(['(', '«', '"', '“', '[', '\''])
                    .len();
            let body = chunk[lead..].trim_end_matches(|c: char| ".,;:!?)»\"”]'…".contains(c));
            if let Some(kind) = special_kind(body) {
                let begin = base + start + lead;
                out.push(Special {
                    span: begin..begin + body.len(),
                    key: body.to_lowercase().trim_end_matches('/').to_string(),
                    kind,
                });
            }
        }
    }
    out
}

fn special_kind(body: &str) -> Option<SpecialKind> {
    let lower = body.to_lowercase();
    let word = |s: &str| s.len() >= 2 && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return Some(SpecialKind::Url);
    }
    if let Some(rest) = body.strip_prefix('@') {
        return word(rest).then_some(SpecialKind::Handle);
    }
    if let Some(rest) = body.strip_prefix('#') {
        return (word(rest) && rest.chars().any(char::is_alphabetic))
            .then_some(SpecialKind::Hashtag);
    }
    let (user, host) = body.split_once('@')?;
    let ok = !user.is_empty()
        && host.contains('.')
        && !host.ends_with('.')
        && body
            .chars()
            .all(|c| c.is_alphanumeric() || "@._-+".contains(c));
    ok.then_some(SpecialKind::Email)
}

/// The words outside the special tokens.
fn outside<'a>(words: Vec<Word<'a>>, specials: &[Special]) -> Vec<Word<'a>> {
    words
        .into_iter()
        .filter(|w| !specials.iter().any(|s| s.span.contains(&w.start)))
        .collect()
}

/// The form a Latin-script word is compared by: lowercase, without a possessive or the plural
/// of an abbreviation (VPNs), stemmed.
fn key(word: &str) -> String {
    let word = match word.strip_suffix('s') {
        Some(abbr) if abbr.len() >= 2 && abbr.chars().all(|c| c.is_ascii_uppercase()) => abbr,
        _ => word,
    };
    let w = text::normalize(word);
    let bare = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(&w);
    text::stem(bare, Lang::En)
}

/// The keys of the English words and of the parts of hyphenated ones.
fn english_keys(words: &[Word]) -> HashSet<String> {
    words
        .iter()
        .flat_map(|w| std::iter::once(w.text).chain(w.text.split(['-', '‐'])))
        .map(key)
        .collect()
}

/// The Latin-script words of the Russian (and Latin parts of mixed words, `IP-адресов`), of
/// two letters or more, not Roman numerals.
fn latin_words<'a>(words: &[Word<'a>]) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    for w in words {
        match w.kind {
            TokenKind::Latin => out.push(*w),
            TokenKind::Other => {
                let mut at = w.start;
                for part in w.text.split(['-', '‐']) {
                    if !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()) {
                        out.push(Word {
                            start: at,
                            end: at + part.len(),
                            text: part,
                            kind: TokenKind::Latin,
                            initial: false,
                        });
                    }
                    at += part.len() + 1;
                }
            }
            _ => {}
        }
    }
    out.retain(|w| {
        w.text.chars().filter(char::is_ascii_alphabetic).count() >= 2
            && !w.text.chars().all(|c| "IVXLCDM".contains(c))
    });
    out
}

/// The stems of the words a document writes in lower case at least once (цифровых makes
/// Цифрового no name).
fn lowercase_forms(doc: &Document) -> HashSet<String> {
    text::tokens(doc.text())
        .iter()
        .map(|t| t.text(doc.text()))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(|w| text::stem(w, doc.lang()))
        .collect()
}

/// The keys of the Latin-script words of a Russian document.
fn latin_keys(doc: &Document) -> HashSet<String> {
    text::tokens(doc.text())
        .iter()
        .filter(|t| t.kind == TokenKind::Latin)
        .map(|t| key(t.text(doc.text())))
        .collect()
}

/// An English name: a word with a capital inside a sentence, never written in lower case in
/// the document (the scorer's rule), not `I`; and either unknown to the dictionary or written
/// in Latin letters in the Russian document too (Telegram). A word the dictionary translates
/// (Russia, Russian, Digital) is translated, not kept, and its absence is no name's.
fn is_english_name(w: &Word, lowercase: &HashSet<String>, ru_latin: &HashSet<String>) -> bool {
    let known = || {
        Lexicon::builtin()
            .en_id(&text::stem(w.text, Lang::En))
            .is_some()
    };
    w.kind == TokenKind::Latin
        && w.capital()
        && !w.initial
        && w.text.chars().count() >= 2
        && !w.text.starts_with("I'")
        && !w.text.starts_with("I’")
        && !w.text.chars().all(|c| "IVXLCDM".contains(c))
        && !lowercase.contains(&text::stem(w.text, Lang::En))
        && (ru_latin.contains(&key(w.text)) || !known())
}

/// Whether the English name `w` has a counterpart in the Russian words: the same word in
/// Latin letters, a transliteration, or a dictionary translation.
fn in_russian(w: &Word, ru: &[Word]) -> bool {
    let k = key(w.text);
    let en_stem = text::stem(w.text, Lang::En);
    let lexicon = Lexicon::builtin();
    ru.iter().any(|r| match r.kind {
        TokenKind::Latin | TokenKind::Other => {
            key(r.text) == k || r.text.split(['-', '‐']).any(|p| key(p) == k)
        }
        TokenKind::Cyrillic => {
            sounds_alike(r.text, w.text)
                || lexicon
                    .translations_of_word(r.text)
                    .any(|t| text::stem(t, Lang::En) == en_stem)
        }
        TokenKind::Number => false,
    })
}

/// A Russian name: a capitalised Cyrillic word inside a sentence, not an abbreviation, never
/// written in lower case in the document, and unknown to the dictionary or shaped like a
/// surname (Дуров, whose stem is also дура's).
fn is_russian_name(w: &Word, lowercase: &HashSet<String>) -> bool {
    w.kind == TokenKind::Cyrillic
        && w.capital()
        && !w.initial
        && w.text.chars().count() >= 3
        && !w.text.chars().all(char::is_uppercase)
        && !lowercase.contains(&text::stem(w.text, Lang::Ru))
        && (is_surname(&text::normalize(w.text))
            || Lexicon::builtin()
                .translations_of_word(&text::normalize(w.text))
                .next()
                .is_none())
}

/// Whether a lowercase Russian word looks like a surname in any case: Дуров, Дурова,
/// Дуровым, Путину, Достоевского, Толстой.
fn is_surname(word: &str) -> bool {
    const BASES: [&str; 6] = ["ов", "ев", "ин", "ын", "ск", "цк"];
    const ENDINGS: [&str; 14] = [
        "", "а", "у", "ым", "ом", "е", "ой", "ы", "ых", "ими", "ий", "ая", "ого", "ому",
    ];
    word.chars().count() >= 5
        && ENDINGS.iter().any(|e| {
            word.strip_suffix(e)
                .is_some_and(|base| BASES.iter().any(|b| base.ends_with(b)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::CheckId;
    use crate::qa::testing::{messages, pair};

    fn none(ru: &str, en: &str) {
        let found = messages(ru, en, CheckId::Name);
        assert!(found.is_empty(), "{ru} | {en}: {found:?}");
    }

    #[test]
    fn names_kept_are_no_finding() {
        none(
            "Спасибо за поддержку и преданность Telegram.",
            "Thank you for your support and loyalty, Russian users of Telegram.",
        );
        none(
            "Власти борются с сервисами proxy/VPN.",
            "Russians bypass the ban with VPNs and proxies.",
        );
        none(
            "Об этом заявил Павел Дуров.",
            "This was announced by Pavel Durov.",
        );
        none(
            "Спасибо компаниям Эппл и Гугл.",
            "Thank you, Apple and Google.",
        );
        none(
            "Пишите на press@telegram.org или @durov.",
            "Write to press@telegram.org or @durov.",
        );
        none(
            "Подробности на https://telegram.org/blog.",
            "Details at https://telegram.org/blog/.",
        );
        none("Я видел Тома вчера.", "I saw Tom yesterday.");
    }

    #[test]
    fn a_latin_word_of_the_russian_missing_in_the_english() {
        let found = pair(
            "Отключите прокси в настройках Telegram.",
            "Turn off the proxy in the settings.",
            CheckId::Name,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "\u{201c}Telegram\u{201d} is in the Russian only"
        );
    }

    #[test]
    fn an_english_name_missing_in_the_russian() {
        let found = messages(
            "Спасибо компаниям, которые не участвуют в цензуре.",
            "Thank you, Apple, Google, Amazon, Microsoft – for not taking part in censorship.",
            CheckId::Name,
        );
        // Apple and Amazon are dictionary words, and might be translated.
        assert!(found.len() >= 2, "{found:?}");
        assert!(found.contains(&"\u{201c}Google\u{201d} is in the English only".to_string()));
        assert!(found.contains(&"\u{201c}Microsoft\u{201d} is in the English only".to_string()));
    }

    #[test]
    fn a_russian_name_without_its_transliteration() {
        let found = messages(
            "Об этом заявил Павел Дуров.",
            "This was announced by the founder.",
            CheckId::Name,
        );
        assert_eq!(
            found,
            [
                "the name \u{201c}Павел Дуров\u{201d} is not in the English (as \u{201c}Pavel Durov\u{201d})"
            ]
        );
    }

    #[test]
    fn links_and_handles_must_be_copied() {
        let found = pair(
            "Подробности на https://telegram.org/blog и у @durov.",
            "Details on our blog.",
            CheckId::Name,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert_eq!(
            found[0].message,
            "the link \u{201c}https://telegram.org/blog\u{201d} is in the Russian only"
        );
        assert_eq!(
            found[1].message,
            "the handle \u{201c}@durov\u{201d} is in the Russian only"
        );
        let found = messages(
            "Следите за #DigitalResistance.",
            "Follow #DigitalResistance.",
            CheckId::Name,
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
