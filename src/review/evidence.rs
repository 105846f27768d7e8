//! The aligner's evidence for each bead, cut into per-sentence marks for the review pages.
//!
//! [`Aligner::explain`](crate::Aligner::explain) gives byte spans into the whole document; the
//! pages show one sentence at a time, so the spans are moved to sentence offsets.

use crate::score::EvidenceKind;
use crate::{Aligner, Bead, Document, Span};
use std::collections::HashMap;
use std::ops::Range;

/// A matched word inside one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Byte span inside the sentence's text.
    pub(crate) span: Range<usize>,
    /// The kind of evidence, as its CSS/legend name.
    pub(crate) kind: &'static str,
    /// Number of the word pair within the bead (both words of a pair share it).
    pub(crate) pair: usize,
}

/// The evidence of one bead.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BeadEvidence {
    /// Marks per Russian sentence index.
    pub(crate) ru: HashMap<usize, Vec<Mark>>,
    /// Marks per English sentence index.
    pub(crate) en: HashMap<usize, Vec<Mark>>,
    /// Lexical similarity in `0.0..=1.0`.
    pub(crate) similarity: f64,
    /// English characters per Russian character.
    pub(crate) length_ratio: f64,
    /// The matched pairs as (Russian word, English word, kind).
    pub(crate) pairs: Vec<(String, String, &'static str)>,
}

/// The evidence of every bead of a document's applied alignment, by the bead's sentences.
#[derive(Debug, Default)]
pub(crate) struct DocEvidence {
    pub(crate) beads: HashMap<Span, BeadEvidence>,
}

/// The legend's name of an evidence kind.
pub(crate) fn kind_name(k: EvidenceKind) -> &'static str {
    match k {
        EvidenceKind::Lexicon => "lexicon",
        EvidenceKind::Learned => "learned",
        EvidenceKind::Cognate => "cognate",
        EvidenceKind::Number => "number",
        EvidenceKind::Name => "name",
    }
}

/// The sentence of `doc` holding byte `at`, and its start.
fn sentence_at(doc: &Document, at: usize) -> Option<(usize, usize)> {
    let s = doc.sentences();
    let i = s.partition_point(|x| x.end <= at);
    s.get(i).filter(|x| x.start <= at).map(|x| (i, x.start))
}

/// Explains every bead of `ru`/`en` and cuts the evidence into sentence marks.
pub(crate) fn compute(ru: &Document, en: &Document, beads: &[Bead]) -> DocEvidence {
    let why = Aligner::new().explain(ru, en, beads);
    let mut out = DocEvidence::default();
    for (b, e) in beads.iter().zip(why) {
        let mut ev = BeadEvidence {
            similarity: e.similarity,
            length_ratio: e.length_ratio,
            ..BeadEvidence::default()
        };
        for (pair, m) in e.matches.iter().enumerate() {
            let kind = kind_name(m.kind);
            let (Some((ri, rs)), Some((ei, es))) =
                (sentence_at(ru, m.ru.start), sentence_at(en, m.en.start))
            else {
                continue;
            };
            let (Some(rw), Some(ew)) = (ru.text().get(m.ru.clone()), en.text().get(m.en.clone()))
            else {
                continue;
            };
            ev.ru.entry(ri).or_default().push(Mark {
                span: m.ru.start - rs..m.ru.end - rs,
                kind,
                pair,
            });
            ev.en.entry(ei).or_default().push(Mark {
                span: m.en.start - es..m.en.end - es,
                kind,
                pair,
            });
            ev.pairs.push((rw.to_string(), ew.to_string(), kind));
        }
        for marks in ev.ru.values_mut().chain(ev.en.values_mut()) {
            marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        }
        out.beads.insert(b.span.clone(), ev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn evidence_lands_on_the_right_words_of_each_sentence() {
        let ru = Document::new("Привет всем. Telegram запущен в 2013 году.", Lang::Ru).unwrap();
        let en = Document::new("Hello everyone. Telegram was launched in 2013.", Lang::En).unwrap();
        let beads = Aligner::new().align(&ru, &en);
        assert_eq!(beads.len(), 2);
        let ev = compute(&ru, &en, &beads);
        let second = &ev.beads[&Span::new(1..2, 1..2)];
        let words = |doc: &Document, marks: &HashMap<usize, Vec<Mark>>| -> Vec<(String, &str)> {
            marks[&1]
                .iter()
                .map(|m| (doc.sentence_text(1)[m.span.clone()].to_string(), m.kind))
                .collect()
        };
        let en_words = words(&en, &second.en);
        assert!(
            en_words.contains(&("2013".into(), "number")),
            "{en_words:?}"
        );
        assert!(
            en_words.contains(&("Telegram".into(), "name")),
            "{en_words:?}"
        );
        let ru_words = words(&ru, &second.ru);
        assert!(
            ru_words.contains(&("2013".into(), "number")),
            "{ru_words:?}"
        );
        assert!(second.similarity > 0.0);
        assert!(
            second
                .pairs
                .iter()
                .any(|(r, e, _)| r == "Telegram" && e == "Telegram")
        );
    }
}
