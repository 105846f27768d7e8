//! `terminology`: a user glossary (TSV, `ru<TAB>en` a line) and the check that a Russian
//! term found in a pair has its English term in the English. Terms match by their words'
//! stems ([`stem`](crate::text::stem)), so inflected forms count: `блокировки` is
//! `блокировка`, `bans` is `ban`.

use std::ops::Range;
use std::path::Path;

use super::{BeadSide, Context, Finding, Severity, finding, quote};
use crate::text::{self, TokenKind};
use crate::{Error, Lang, Result};

/// A glossary entry: a Russian term and the English terms that translate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The Russian term as written in the glossary.
    pub ru: String,
    /// Its English translations as written (several lines for one Russian term give several).
    pub en: Vec<String>,
    ru_stems: Vec<String>,
    en_stems: Vec<Vec<String>>,
}

/// A glossary of terms for the `terminology` check.
///
/// # Example
/// ```
/// use sverka::qa::Glossary;
/// let g = Glossary::parse("# ru\ten\nблокировка\tban\nблокировка\tblocking\n", "glossary").unwrap();
/// assert_eq!(g.terms().len(), 1);
/// assert_eq!(g.terms()[0].en, ["ban", "blocking"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    terms: Vec<Term>,
}

impl Glossary {
    /// Parses a glossary: a `ru<TAB>en` pair a line; blank lines and lines starting with `#`
    /// are skipped. `what` names the input in errors (a line without a tab, an empty term).
    pub fn parse(text: &str, what: &str) -> Result<Glossary> {
        let mut g = Glossary::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((ru, en)) = line.split_once('\t') else {
                return Err(Error::malformed(
                    what,
                    n + 1,
                    "expected a Russian term, a tab and an English term",
                ));
            };
            let (ru, en) = (ru.trim(), en.trim());
            let (ru_stems, en_stems) = (stems(ru, Lang::Ru), stems(en, Lang::En));
            if ru_stems.is_empty() || en_stems.is_empty() {
                return Err(Error::malformed(what, n + 1, "a term without a word"));
            }
            match g.terms.iter_mut().find(|t| t.ru_stems == ru_stems) {
                Some(t) => {
                    t.en.push(en.to_string());
                    t.en_stems.push(en_stems);
                }
                None => g.terms.push(Term {
                    ru: ru.to_string(),
                    en: vec![en.to_string()],
                    ru_stems,
                    en_stems: vec![en_stems],
                }),
            }
        }
        Ok(g)
    }

    /// Reads and parses the glossary file at `path` (UTF-8).
    pub fn load(path: &Path) -> Result<Glossary> {
        let text = text::read_utf8(path)?;
        Glossary::parse(&text, &path.display().to_string())
    }

    /// The terms, in the order of the file.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
}

/// The stems of the words and numbers of `s`.
fn stems(s: &str, lang: Lang) -> Vec<String> {
    text::tokens(s)
        .iter()
        .map(|t| stem_of(t.text(s), t.kind, lang))
        .collect()
}

fn stem_of(word: &str, kind: TokenKind, lang: Lang) -> String {
    match kind {
        TokenKind::Number => word.to_string(),
        _ => text::stem(word, lang),
    }
}

/// The stems of a side's words with their spans.
fn side_stems(side: &BeadSide, lang: Lang) -> Vec<(String, Range<usize>)> {
    side.words()
        .iter()
        .map(|w| (stem_of(w.text, w.kind, lang), w.span()))
        .collect()
}

/// Where the stems `term` occur in a row in `words`: the span of each occurrence.
fn occurrences(words: &[(String, Range<usize>)], term: &[String]) -> Vec<Range<usize>> {
    if term.is_empty() || words.len() < term.len() {
        return Vec::new();
    }
    (0..=words.len() - term.len())
        .filter(|&i| {
            words[i..i + term.len()]
                .iter()
                .zip(term)
                .all(|(w, t)| &w.0 == t)
        })
        .map(|i| words[i].1.start..words[i + term.len() - 1].1.end)
        .collect()
}

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let Some(glossary) = ctx.glossary else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let ru = side_stems(&ctx.ru_side(b), Lang::Ru);
        let en = side_stems(&ctx.en_side(b), Lang::En);
        for term in &glossary.terms {
            let found = occurrences(&ru, &term.ru_stems);
            if found.is_empty()
                || term
                    .en_stems
                    .iter()
                    .any(|e| !occurrences(&en, e).is_empty())
            {
                continue;
            }
            let english: Vec<String> = term.en.iter().map(|e| quote(e)).collect();
            out.push(finding(
                k,
                Severity::Warning,
                format!(
                    "the glossary term {} is not translated as {}",
                    quote(&ctx.ru.text()[found[0].clone()]),
                    english.join(" or ")
                ),
                found,
                Vec::new(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckId, Checker, Config};
    use crate::{Bead, Document};

    fn check(glossary: &str, ru: &str, en: &str) -> Vec<String> {
        let g = Glossary::parse(glossary, "test").unwrap();
        let ru = Document::presegmented(ru, Lang::Ru).unwrap();
        let en = Document::presegmented(en, Lang::En).unwrap();
        let beads = vec![Bead::new(0..1, 0..1, 1.0)];
        Checker::new()
            .config(Config::only(&[CheckId::Terminology]))
            .glossary(&g)
            .check(&ru, &en, &beads)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    const GLOSSARY: &str = "блокировка\tban\nнадзорные органы\tregulators\n";

    #[test]
    fn a_term_translated_otherwise() {
        assert_eq!(
            check(
                GLOSSARY,
                "Мы пережили первые 24 часа блокировки.",
                "We survived the first 24 hours of the blocking."
            ),
            [
                "the glossary term \u{201c}блокировки\u{201d} is not translated as \u{201c}ban\u{201d}"
            ]
        );
        assert_eq!(
            check(
                GLOSSARY,
                "Надзорные органы России готовы блокировать миллионы адресов.",
                "Russian authorities are ready to block millions of addresses."
            )
            .len(),
            1
        );
    }

    #[test]
    fn inflected_terms_match() {
        for (ru, en) in [
            (
                "Мы пережили первые 24 часа блокировки.",
                "We survived the first 24 hours of the ban.",
            ),
            ("Против блокировок.", "Against bans."),
            ("Надзорными органами.", "By the regulators."),
            ("Погода хорошая.", "The weather is fine."),
        ] {
            let found = check(GLOSSARY, ru, en);
            assert!(found.is_empty(), "{ru} | {en}: {found:?}");
        }
    }

    #[test]
    fn bad_lines_name_their_line() {
        let err = Glossary::parse("блокировка\tban\nбез табуляции\n", "g.tsv").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
