//! The aligner's evidence for each bead, cut into per-sentence highlights for the review pages.
//!
//! [`Aligner::explain`](crate::Aligner::explain) gives byte spans into the whole document; the
//! pages show one sentence at a time, so the spans are moved to sentence offsets. The result
//! is cached per document and recomputed only when its wording or alignment changes.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::score::EvidenceKind;
use crate::storage::{DocId, Store, StoreError};
use crate::{Aligner, Document};

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

/// The evidence of every bead of a document's applied alignment, by bead span
/// `[ru_start, ru_end, en_start, en_end]`.
#[derive(Debug, Default)]
pub(crate) struct DocEvidence {
    pub(crate) beads: HashMap<[usize; 4], BeadEvidence>,
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

/// The kinds in legend order with their descriptions.
pub(crate) const LEGEND: [(&str, &str); 5] = [
    ("lexicon", "dictionary translation"),
    ("learned", "learned from this text"),
    ("cognate", "cognate (looks alike)"),
    ("number", "same number"),
    ("name", "same name"),
];

/// The sentence of `doc` holding byte `at`, and its start.
fn sentence_at(doc: &Document, at: usize) -> Option<(usize, usize)> {
    let s = doc.sentences();
    let i = s.partition_point(|x| x.end <= at);
    s.get(i).filter(|x| x.start <= at).map(|x| (i, x.start))
}

/// Explains every bead of `ru`/`en` and cuts the evidence into sentence marks.
pub(crate) fn compute(ru: &Document, en: &Document, beads: &[crate::Bead]) -> DocEvidence {
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
        out.beads
            .insert([b.ru.start, b.ru.end, b.en.start, b.en.end], ev);
    }
    out
}

/// The per-document cache: the text stamp it was computed at and the evidence.
#[derive(Default)]
pub(crate) struct EvidenceCache {
    docs: std::sync::Mutex<HashMap<DocId, (i64, Arc<DocEvidence>)>>,
}

impl EvidenceCache {
    /// The evidence of `doc`, computed on a miss (blocking; call from the blocking pool).
    pub(crate) fn get(&self, store: &Store, doc: DocId) -> Result<Arc<DocEvidence>, StoreError> {
        let stamp = store.text_stamp(doc)?;
        if let Some((s, ev)) = self.lock().get(&doc)
            && *s == stamp
        {
            return Ok(ev.clone());
        }
        let applied = store.applied(doc)?;
        let ev = Arc::new(compute(&applied.ru, &applied.en, &applied.beads));
        let mut docs = self.lock();
        // Keep the cache small: documents not shown lately are dropped first.
        if docs.len() >= 64 {
            docs.clear();
        }
        docs.insert(doc, (stamp, ev.clone()));
        Ok(ev)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DocId, (i64, Arc<DocEvidence>)>> {
        self.docs.lock().unwrap_or_else(|p| p.into_inner())
    }
}

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
    use crate::Lang;

    #[test]
    fn evidence_lands_on_the_right_words_of_each_sentence() {
        let ru = Document::new("Привет всем. Telegram запущен в 2013 году.", Lang::Ru).unwrap();
        let en = Document::new("Hello everyone. Telegram was launched in 2013.", Lang::En).unwrap();
        let beads = Aligner::new().align(&ru, &en);
        assert_eq!(beads.len(), 2);
        let ev = compute(&ru, &en, &beads);
        let second = &ev.beads[&[1, 2, 1, 2]];
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
