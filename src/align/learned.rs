//! Word translations learned from a document's own confident pairs, as hunalign's `-realign`
//! does: after the first alignment, stems that keep appearing together in paired sentences
//! are taken for translations of each other, and the document is aligned again with them.
//!
//! The association is the Dice coefficient over stems, `2·c(r, e) / (c(r) + c(e))`, counted in
//! the confident two-sided beads: a Russian stem `r` learns the English stems `e` that share at
//! least [`MIN_PAIRS`] beads with it and reach [`MIN_DICE`]. Numbers, function words and stems
//! found in more than a tenth of the beads are left out: numbers match by value already, and
//! function words pair with everything.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{MAX_LEARNING_SENTENCES, MIN_LEARNING_PAIRS};
use crate::lexicon::stopwords::is_function_word;
use crate::score::{EvidenceKind, Key, Matcher, PairScorer, Vocabulary};
use crate::text::{self, TokenKind};
use crate::{Document, Lang, Span};

/// The fewest confident beads a pair of stems must share to be learned.
const MIN_PAIRS: u32 = 2;

/// The lowest Dice coefficient of a learned pair.
const MIN_DICE: f64 = 0.5;

/// The document model's log-likelihood ratio from which a first-pass pair counts as confident.
const LEARNING_LLR: f64 = 1.0;

/// Stems found in more than this share of the beads are not learned (function words of
/// languages the stop-word lists do not know).
const MAX_SHARE: f64 = 0.1;

/// The most English stems a Russian stem learns (the strongest associations).
const MAX_PER_STEM: usize = 3;

/// Word translations learned from the first pass's confident pairs (`first`, scored by the
/// document model), when there are enough of them, the documents are not too long to read
/// again, and something was learned.
pub(super) fn learn_from_first_pass(
    ru: &Document,
    en: &Document,
    scorer: &PairScorer,
    first: &[Span],
) -> Option<Learned> {
    let model = scorer.lexical_model()?;
    let confident: Vec<Span> = first
        .iter()
        .filter(|s| !s.is_one_sided())
        .filter(|s| model.llr(scorer.similarity(s.ru.clone(), s.en.clone())) >= LEARNING_LLR)
        .cloned()
        .collect();
    if confident.len() < MIN_LEARNING_PAIRS || ru.len().max(en.len()) > MAX_LEARNING_SENTENCES {
        return None;
    }
    let learned = Learned::from_beads(ru, en, &confident);
    tracing::debug!(
        "learned translations of {} stems from {} confident pairs",
        learned.len(),
        confident.len()
    );
    (!learned.is_empty()).then_some(learned)
}

/// Word translations learned from one document pair: Russian stem → English stems.
///
/// A [`Matcher`] of kind [`EvidenceKind::Learned`], used by the aligner's second pass.
#[derive(Debug, Default, Clone)]
pub(super) struct Learned {
    table: FxHashMap<String, Vec<String>>,
}

impl Learned {
    /// Learns from `beads` (two-sided beads believed right): stems of both sides that
    /// co-occur in them.
    pub(super) fn from_beads(ru: &Document, en: &Document, beads: &[Span]) -> Self {
        let mut ru_stems = StemCache::new(Lang::Ru);
        let mut en_stems = StemCache::new(Lang::En);
        let mut ru_count: FxHashMap<u32, u32> = FxHashMap::default();
        let mut en_count: FxHashMap<u32, u32> = FxHashMap::default();
        let mut joint: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let (mut rs, mut es) = (Vec::new(), Vec::new());
        for b in beads {
            if b.is_one_sided() {
                continue;
            }
            ru_stems.bead(ru, b.ru.clone(), &mut rs);
            en_stems.bead(en, b.en.clone(), &mut es);
            for &a in &rs {
                *ru_count.entry(a).or_default() += 1;
            }
            for &b in &es {
                *en_count.entry(b).or_default() += 1;
            }
            for &a in &rs {
                for &b in &es {
                    *joint.entry((a, b)).or_default() += 1;
                }
            }
        }
        // Words in a large share of the beads are the other language's function words.
        let common = (MAX_SHARE * beads.len() as f64).max(f64::from(MIN_PAIRS)) as u32;
        let mut found: FxHashMap<u32, Vec<(f64, u32)>> = FxHashMap::default();
        for (&(a, b), &c) in &joint {
            if c < MIN_PAIRS || ru_count[&a] > common || en_count[&b] > common {
                continue;
            }
            let dice = 2.0 * f64::from(c) / f64::from(ru_count[&a] + en_count[&b]);
            if dice >= MIN_DICE {
                found.entry(a).or_default().push((dice, b));
            }
        }
        let mut table = FxHashMap::default();
        for (a, mut list) in found {
            // The strongest first; ties in a fixed order, so runs are reproducible.
            list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            list.truncate(MAX_PER_STEM);
            table.insert(
                ru_stems.names[a as usize].clone(),
                list.into_iter()
                    .map(|(_, b)| en_stems.names[b as usize].clone())
                    .collect(),
            );
        }
        Learned { table }
    }

    /// The English stems learned for a Russian stem (empty when none).
    fn translations(&self, ru_stem: &str) -> &[String] {
        self.table.get(ru_stem).map_or(&[], Vec::as_slice)
    }

    /// How many Russian stems learned a translation.
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether nothing was learned.
    pub(super) fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl Matcher for Learned {
    fn kind(&self) -> EvidenceKind {
        EvidenceKind::Learned
    }

    fn candidates(&self, word: &str, vocab: &Vocabulary, out: &mut Vec<Key>) -> bool {
        let stem = text::stem(word, Lang::Ru);
        out.extend(
            self.translations(&stem)
                .iter()
                .filter_map(|e| vocab.stem(e)),
        );
        // Learned from this document: no dictionary.
        false
    }
}

/// Content-word stems of sentences, each distinct word stemmed once.
struct StemCache {
    lang: Lang,
    ids: FxHashMap<String, Option<u32>>,
    names: Vec<String>,
    stem_ids: FxHashMap<String, u32>,
}

impl StemCache {
    fn new(lang: Lang) -> Self {
        StemCache {
            lang,
            ids: FxHashMap::default(),
            names: Vec::new(),
            stem_ids: FxHashMap::default(),
        }
    }

    /// The distinct content stems of the sentences `range` of `doc`, into `out`.
    fn bead(&mut self, doc: &Document, range: Range<usize>, out: &mut Vec<u32>) {
        out.clear();
        for i in range {
            let s = doc.sentence_text(i);
            for t in text::tokens(s) {
                if t.kind == TokenKind::Number {
                    continue;
                }
                let w = text::normalize(t.text(s));
                let id = match self.ids.get(&w) {
                    Some(&id) => id,
                    None => {
                        let id = self.intern(&w);
                        self.ids.insert(w, id);
                        id
                    }
                };
                out.extend(id);
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    fn intern(&mut self, word: &str) -> Option<u32> {
        if word.chars().count() < 2 || is_function_word(word, self.lang) {
            return None;
        }
        let stem = text::stem(word, self.lang);
        if let Some(&id) = self.stem_ids.get(&stem) {
            return Some(id);
        }
        let id = self.names.len() as u32;
        self.names.push(stem.clone());
        self.stem_ids.insert(stem, id);
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stem;

    fn one_to_one(n: usize) -> Vec<Span> {
        (0..n).map(|k| Span::new(k..k + 1, k..k + 1)).collect()
    }

    fn learned(l: &Learned, ru: &str) -> Vec<String> {
        l.translations(&stem(ru, Lang::Ru)).to_vec()
    }

    #[test]
    fn stems_that_pair_in_confident_beads_are_translations() {
        let ru = Document::new("Гора высокая. Гора красивая. Река длинная.", Lang::Ru).unwrap();
        let en = Document::new(
            "The berg is high. The berg is fair. The river is long.",
            Lang::En,
        )
        .unwrap();
        let l = Learned::from_beads(&ru, &en, &one_to_one(3));
        assert!(learned(&l, "гора").iter().any(|e| e == "berg"), "{l:?}");
    }

    /// Made-up words the bundled lexicon cannot know: `кварк`/`zorb` pair in three beads,
    /// `глимс`/`frell` in one only, among 30 numbered filler pairs.
    fn invented() -> (Document, Document) {
        let mut ru: Vec<String> = (0..30).map(|k| format!("Строка номер {k}.")).collect();
        let mut en: Vec<String> = (0..30).map(|k| format!("Line number {k}.")).collect();
        for (k, (r, e)) in [
            ("Кварк стоит у моста.", "The zorb stands by the bridge."),
            ("Кварк ушёл к реке.", "The zorb went to the river."),
            ("Глимс лежит на столе.", "The frell lies on the table."),
            ("Кварк вернулся домой.", "The zorb came back home."),
        ]
        .into_iter()
        .enumerate()
        {
            ru[k * 5] = r.to_string();
            en[k * 5] = e.to_string();
        }
        (
            Document::presegmented(ru.join("\n"), Lang::Ru).unwrap(),
            Document::presegmented(en.join("\n"), Lang::En).unwrap(),
        )
    }

    #[test]
    fn stems_that_keep_pairing_are_learned() {
        let (ru, en) = invented();
        let l = Learned::from_beads(&ru, &en, &one_to_one(ru.len()));
        assert!(
            learned(&l, "кварка").contains(&stem("zorbs", Lang::En)),
            "{l:?}"
        );
    }

    #[test]
    fn a_pair_seen_once_is_not_learned() {
        assert_eq!(MIN_PAIRS, 2);
        let (ru, en) = invented();
        let l = Learned::from_beads(&ru, &en, &one_to_one(ru.len()));
        assert!(learned(&l, "глимс").is_empty(), "{l:?}");
    }

    #[test]
    fn nothing_is_learned_from_unpaired_sentences_or_misaligned_beads() {
        let (ru, en) = invented();
        // Only one-sided beads: no pairs to learn from.
        let one_sided: Vec<_> = (0..ru.len()).map(|k| Span::new(k..k + 1, 0..0)).collect();
        assert!(Learned::from_beads(&ru, &en, &one_sided).is_empty());
        // Shifted by one: кварк now meets a different English sentence each time.
        let shifted: Vec<_> = (0..ru.len() - 1)
            .map(|k| Span::new(k..k + 1, k + 1..k + 2))
            .collect();
        let l = Learned::from_beads(&ru, &en, &shifted);
        assert!(
            !learned(&l, "кварк").contains(&stem("zorb", Lang::En)),
            "{l:?}"
        );
    }

    #[test]
    fn function_words_and_words_in_most_beads_are_not_learned() {
        // "и"/"and" pair in every bead but are function words; "дом"/"house" is in every bead too.
        let ru: Vec<String> = (0..20).map(|k| format!("Дом и сад номер {k}.")).collect();
        let en: Vec<String> = (0..20)
            .map(|k| format!("House and garden number {k}."))
            .collect();
        let ru = Document::presegmented(ru.join("\n"), Lang::Ru).unwrap();
        let en = Document::presegmented(en.join("\n"), Lang::En).unwrap();
        let l = Learned::from_beads(&ru, &en, &one_to_one(20));
        assert!(l.is_empty(), "{l:?}");
    }
}
