//! Automatic checks of a translation, bead by bead: the numbers, names and terms a sentence
//! should keep, the sentences left out or added, text left untranslated, punctuation and
//! lengths out of line.
//!
//! [`check`] runs every check with the defaults on an alignment (the documents and the beads
//! from [`align`](crate::align())); a [`Checker`] takes a [`Config`] (which checks run, at which
//! severity), a [`Glossary`] and the aligner whose evidence the checks reuse. Each
//! [`Finding`] names its check ([`CheckId`]), its [`Severity`], the bead it is about, a
//! one-line message in plain words and the byte spans it concerns on each side.
//!
//! # Example
//! ```
//! use sverka::{Document, Lang, align, qa};
//! let ru = Document::new("Telegram используют 200 млн человек.", Lang::Ru).unwrap();
//! let en = Document::new("Telegram is used by 20,000,000 people.", Lang::En).unwrap();
//! let beads = align(&ru, &en);
//! let found = qa::check(&ru, &en, &beads);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].check, qa::CheckId::Number);
//! assert_eq!(found[0].severity, qa::Severity::Error);
//! assert_eq!(&en.text()[found[0].en[0].clone()], "20,000,000");
//! ```

mod config;
mod glossary;
mod length;
mod names;
mod numbers;
mod punctuation;
mod record;
mod unpaired;
mod untranslated;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::align::Explanation;
use crate::text::{self, TokenKind};
use crate::{Aligner, Bead, Document};

pub use config::{CheckSetting, Config};
pub use glossary::{Glossary, Term};
pub use record::{FindingRecord, per_bead};

/// The checks, by id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    /// A number on one side without its value on the other, or with a different value.
    Number,
    /// A name, URL, e-mail, @handle or hashtag on one side only.
    Name,
    /// A Russian sentence with no English counterpart, or a pair whose English leaves much out.
    Omission,
    /// An English sentence with no Russian counterpart, or a pair whose English adds much.
    Addition,
    /// English text in Cyrillic or the same as the Russian; English phrases left in the Russian.
    Untranslated,
    /// `?`, `!`, quotes or brackets on one side only.
    Punctuation,
    /// A length ratio beyond what the document's pairs show.
    Length,
    /// A glossary term whose English term is missing.
    Terminology,
}

impl CheckId {
    /// Every check, in the order findings of one bead are listed.
    pub const ALL: [CheckId; 8] = [
        CheckId::Number,
        CheckId::Name,
        CheckId::Omission,
        CheckId::Addition,
        CheckId::Untranslated,
        CheckId::Punctuation,
        CheckId::Length,
        CheckId::Terminology,
    ];

    /// The id as written in configurations and output (`number`, `name` …).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Number => "number",
            CheckId::Name => "name",
            CheckId::Omission => "omission",
            CheckId::Addition => "addition",
            CheckId::Untranslated => "untranslated",
            CheckId::Punctuation => "punctuation",
            CheckId::Length => "length",
            CheckId::Terminology => "terminology",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing an unknown check id or severity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {given:?} (expected one of: {expected})")]
pub struct ParseQaError {
    what: &'static str,
    given: String,
    expected: String,
}

impl FromStr for CheckId {
    type Err = ParseQaError;

    /// # Example
    /// ```
    /// use sverka::qa::CheckId;
    /// assert_eq!("number".parse::<CheckId>().unwrap(), CheckId::Number);
    /// assert!("numbers".parse::<CheckId>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CheckId::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| ParseQaError {
                what: "check",
                given: s.to_string(),
                expected: CheckId::ALL.map(CheckId::as_str).join(", "),
            })
    }
}

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; often a legitimate difference.
    Info,
    /// Likely a fault of the translation.
    Warning,
    /// Almost surely a fault: a different number, a missing URL, text left untranslated.
    Error,
}

impl Severity {
    /// The severity as written (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ParseQaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| ParseQaError {
                what: "severity",
                given: s.to_string(),
                expected: "info, warning, error".into(),
            })
    }
}

/// One finding of a check on one bead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The index of the bead in the alignment (0-based).
    pub bead: usize,
    /// The check that found it.
    pub check: CheckId,
    /// How much it matters (the check's own, or the one the [`Config`] sets).
    pub severity: Severity,
    /// What is wrong, in one line of plain words.
    pub message: String,
    /// The byte spans it concerns in the Russian document's text (may be empty).
    pub ru: Vec<Range<usize>>,
    /// The byte spans it concerns in the English document's text (may be empty).
    pub en: Vec<Range<usize>>,
}

/// Runs every check with the defaults ([`Checker::new`]) on the alignment `beads` of `ru` and
/// `en`. Findings come in bead order.
pub fn check(ru: &Document, en: &Document, beads: &[Bead]) -> Vec<Finding> {
    Checker::new().check(ru, en, beads)
}

/// The checks with their options: which run at which severity, the glossary, and the aligner
/// whose evidence (matched words, similarity) they read.
#[derive(Debug, Default)]
pub struct Checker<'a> {
    config: Config,
    glossary: Option<&'a Glossary>,
    aligner: Option<&'a Aligner<'a>>,
}

impl<'a> Checker<'a> {
    /// Every check at its own severities, no glossary, the evidence of the default aligner.
    pub fn new() -> Self {
        Checker::default()
    }

    /// Which checks run and at which severity. The default is [`Config::default`]: all.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The glossary of the `terminology` check (without one, that check finds nothing).
    pub fn glossary(mut self, glossary: &'a Glossary) -> Self {
        self.glossary = Some(glossary);
        self
    }

    /// The aligner whose evidence the checks read (the one that aligned, with its
    /// dictionaries). The default is [`Aligner::new`].
    pub fn aligner(mut self, aligner: &'a Aligner<'a>) -> Self {
        self.aligner = Some(aligner);
        self
    }

    /// Runs the enabled checks on the alignment `beads` of `ru` and `en` (which must tile
    /// both documents, as the aligner's do). Findings come in bead order; within a bead, by
    /// check ([`CheckId::ALL`]), then as found.
    pub fn check(&self, ru: &Document, en: &Document, beads: &[Bead]) -> Vec<Finding> {
        let explanations = match self.aligner {
            Some(a) => a.explain(ru, en, beads),
            None => Aligner::new().explain(ru, en, beads),
        };
        self.check_explained(ru, en, beads, &explanations)
    }

    /// [`check`](Self::check) with the beads' explanations already at hand (one per bead,
    /// from [`Aligner::explain`]).
    pub fn check_explained(
        &self,
        ru: &Document,
        en: &Document,
        beads: &[Bead],
        explanations: &[Explanation],
    ) -> Vec<Finding> {
        let ctx = Context::new(ru, en, beads, explanations, self.glossary);
        let mut out = Vec::new();
        for id in CheckId::ALL {
            let setting = self.config.get(id);
            if !setting.enabled {
                continue;
            }
            let found = match id {
                CheckId::Number => numbers::run(&ctx),
                CheckId::Name => names::run(&ctx),
                CheckId::Omission => unpaired::run(&ctx, unpaired::Direction::Omission),
                CheckId::Addition => unpaired::run(&ctx, unpaired::Direction::Addition),
                CheckId::Untranslated => untranslated::run(&ctx),
                CheckId::Punctuation => punctuation::run(&ctx),
                CheckId::Length => length::run(&ctx),
                CheckId::Terminology => glossary::run(&ctx),
            };
            out.extend(found.into_iter().map(|mut f| {
                f.check = id;
                if let Some(s) = setting.severity {
                    f.severity = s;
                }
                f
            }));
        }
        // Stable: the order of checks, then as found, within each bead.
        out.sort_by_key(|f| f.bead);
        out
    }
}

/// What every check reads: the documents, the beads and their evidence.
pub(crate) struct Context<'a> {
    pub(crate) ru: &'a Document,
    pub(crate) en: &'a Document,
    pub(crate) beads: &'a [Bead],
    pub(crate) explanations: &'a [Explanation],
    pub(crate) glossary: Option<&'a Glossary>,
}

impl<'a> Context<'a> {
    fn new(
        ru: &'a Document,
        en: &'a Document,
        beads: &'a [Bead],
        explanations: &'a [Explanation],
        glossary: Option<&'a Glossary>,
    ) -> Self {
        Context {
            ru,
            en,
            beads,
            explanations,
            glossary,
        }
    }

    /// The two-sided beads with their index: the pairs.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (usize, &'a Bead)> + 'a {
        self.beads
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.span.is_one_sided())
    }

    /// The Russian side of bead `b`.
    pub(crate) fn ru_side(&self, b: &Bead) -> BeadSide<'a> {
        BeadSide::new(self.ru, b.span.ru.clone())
    }

    /// The English side of bead `b`.
    pub(crate) fn en_side(&self, b: &Bead) -> BeadSide<'a> {
        BeadSide::new(self.en, b.span.en.clone())
    }

    /// The explanation of bead `k`, if the caller gave one.
    pub(crate) fn explanation(&self, k: usize) -> Option<&'a Explanation> {
        self.explanations.get(k)
    }
}

/// A finding with the default severity; the check id is set by [`Checker::check_explained`].
pub(crate) fn finding(
    bead: usize,
    severity: Severity,
    message: String,
    ru: Vec<Range<usize>>,
    en: Vec<Range<usize>>,
) -> Finding {
    Finding {
        bead,
        check: CheckId::Number,
        severity,
        message,
        ru,
        en,
    }
}

/// A word or number of a bead's side, with its byte span in the document's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: &'a str,
    pub(crate) kind: TokenKind,
    /// The first word of its sentence.
    pub(crate) initial: bool,
}

impl Word<'_> {
    /// The span in the document's text.
    pub(crate) fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Written with a capital first letter.
    pub(crate) fn capital(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The sentences of one side of a bead.
pub(crate) struct BeadSide<'a> {
    /// Each sentence's byte offset in the document's text and its text.
    pub(crate) sentences: Vec<(usize, &'a str)>,
}

impl<'a> BeadSide<'a> {
    fn new(doc: &'a Document, range: Range<usize>) -> Self {
        BeadSide {
            sentences: range
                .map(|i| (doc.sentences()[i].start, doc.sentence_text(i)))
                .collect(),
        }
    }

    /// The words and numbers, in order, with spans in the document's text.
    pub(crate) fn words(&self) -> Vec<Word<'a>> {
        let mut out = Vec::new();
        for &(base, s) in &self.sentences {
            for (n, t) in text::tokens(s).into_iter().enumerate() {
                out.push(Word {
                    start: base + t.start,
                    end: base + t.end,
                    text: t.text(s),
                    kind: t.kind,
                    initial: n == 0,
                });
            }
        }
        out
    }

    /// The characters (without spaces) of the side.
    pub(crate) fn chars(&self) -> usize {
        self.sentences
            .iter()
            .map(|(_, s)| s.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }
}

/// `text` quoted for a message, shortened to about 40 characters.
pub(crate) fn quote(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("\u{201c}{short}…\u{201d}")
    } else {
        format!("\u{201c}{short}\u{201d}")
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers of the checks' unit tests: one pair of sentences aligned as one bead.

    use super::*;
    use crate::Lang;

    /// The findings of `config`'s checks on `ru` and `en` taken as one 1-1 bead (or as
    /// presegmented documents aligned by the aligner when `align` is set).
    pub(crate) fn pair(ru: &str, en: &str, id: CheckId) -> Vec<Finding> {
        let ru = Document::presegmented(ru, Lang::Ru).unwrap();
        let en = Document::presegmented(en, Lang::En).unwrap();
        let beads = vec![Bead::new(0..ru.len(), 0..en.len(), 1.0)];
        Checker::new()
            .config(Config::only(&[id]))
            .check(&ru, &en, &beads)
    }

    /// The messages of [`pair`].
    pub(crate) fn messages(ru: &str, en: &str, id: CheckId) -> Vec<String> {
        pair(ru, en, id).into_iter().map(|f| f.message).collect()
    }
}
