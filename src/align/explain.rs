//! Explanations: why the aligner paired a bead, as the reviewers see it.

use super::learned::Learned;
use super::{Aligner, MIN_LEARNING_PAIRS};
use crate::score::{Matcher, PairScorer, WordMatch};
use crate::{Bead, Document, Span};

/// The confidence from which [`Aligner::explain`] learns translations from a bead.
const EXPLAIN_CONFIDENCE: f64 = 0.9;

/// Why a bead was paired: the word pairs that match across it and its length ratio.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// Matched word pairs with their kind and byte spans into each document's text.
    pub matches: Vec<WordMatch>,
    /// English characters per Russian character (0 for a one-sided bead).
    pub length_ratio: f64,
    /// Lexical similarity in `0.0..=1.0`: the weighted share of the bead's words that match.
    pub similarity: f64,
}

impl Aligner<'_> {
    /// Explains each of `beads` (an alignment of `ru` and `en`): the evidence the reviewers see.
    ///
    /// With learning on and at least [`MIN_LEARNING_PAIRS`] beads of confidence 0.9 or more,
    /// the translations learned from those beads count as evidence (kind `learned`).
    ///
    /// # Example
    /// ```
    /// use sverka::{Aligner, Document, Lang};
    /// let ru = Document::new("Telegram запущен в 2013 году.", Lang::Ru).unwrap();
    /// let en = Document::new("Telegram was launched in 2013.", Lang::En).unwrap();
    /// let aligner = Aligner::new();
    /// let beads = aligner.align(&ru, &en);
    /// let why = aligner.explain(&ru, &en, &beads);
    /// let words: Vec<&str> = why[0].matches.iter().map(|m| &en.text()[m.en.clone()]).collect();
    /// assert!(words.contains(&"Telegram") && words.contains(&"2013"));
    /// ```
    pub fn explain(&self, ru: &Document, en: &Document, beads: &[Bead]) -> Vec<Explanation> {
        // Translations learned from the confident beads given, as the aligner learns them from
        // its first pass, so that explanations show the learned evidence too.
        let confident: Vec<Span> = beads
            .iter()
            .filter(|b| !b.span.is_one_sided() && b.score >= EXPLAIN_CONFIDENCE)
            .map(|b| b.span.clone())
            .collect();
        let learned = (self.learn && confident.len() >= MIN_LEARNING_PAIRS)
            .then(|| Learned::from_beads(ru, en, &confident));
        let mut matchers = self.matchers.clone();
        matchers.extend(learned.as_ref().map(|l| l as &dyn Matcher));
        let scorer = PairScorer::new(ru, en, &matchers, self.params.clone());
        beads
            .iter()
            .map(|b| {
                if b.span.is_one_sided() {
                    return Explanation {
                        matches: Vec::new(),
                        length_ratio: 0.0,
                        similarity: 0.0,
                    };
                }
                let (l1, l2) = scorer.lengths(b.span.ru.clone(), b.span.en.clone());
                Explanation {
                    matches: scorer.evidence(b.span.ru.clone(), b.span.en.clone()),
                    length_ratio: if l1 > 0 { l2 as f64 / l1 as f64 } else { 0.0 },
                    similarity: scorer.similarity(b.span.ru.clone(), b.span.en.clone()),
                }
            })
            .collect()
    }
}
