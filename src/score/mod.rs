//! Pair scoring: how likely a run of Russian sentences translates a run of English sentences.
//!
//! [`PairScorer`] reads both documents once and keeps, per sentence, its length, paragraph,
//! numbers, punctuation and *evidence tokens*. A Russian token carries the English keys it may
//! match (identical Latin-script names, numbers, cognates, and the lexical model's translations);
//! an English sentence carries the sorted keys of its tokens. The bead cost combines
//!
//! - a Gale–Church length term with the character ratio estimated from the document,
//! - a bead-type prior and a cost for crossing a paragraph break,
//! - the weighted share of tokens that match across the bead (rare words weigh more),
//! - penalties for numbers and for `?` `!` quotes and brackets that appear on one side only.
//!
//! New evidence plugs in as a [`Matcher`]: it proposes English keys for a Russian token.
//!
//! Reading the documents goes in steps, one file each: `prepare` tokenises the sentences,
//! `english` keys and weighs the English tokens (and finds the names in `vocabulary`),
//! `russian` finds the candidate keys of each Russian word and weighs the tokens, and `side`
//! keeps what is per sentence. The bead cost is here; its lexical part is in `lexical`, its
//! length part in `length`; `evidence` lists the matched word pairs for explanations.

mod english;
mod evidence;
mod length;
mod lexical;
mod prepare;
mod russian;
mod side;
mod vocabulary;

use std::ops::Range;

use crate::Document;
use crate::lexicon::Lexicon;
use english::EnIndex;
use lexical::Lexical;
use prepare::idf;
use russian::RuIndex;
use side::Side;

pub(crate) use length::length_cost;
pub use lexical::Hit;
pub(crate) use lexical::LexicalModel;
pub use vocabulary::Vocabulary;
pub(crate) use vocabulary::sounds_alike;

/// The cost that rules a bead out.
const FORBIDDEN: f64 = 1e3;

/// How much a number found nowhere on the other side counts against a pair, against a number
/// whose counterpart is elsewhere.
const ORPHAN_WEIGHT: f64 = 0.5;

impl Matcher for Lexicon {
    fn kind(&self) -> EvidenceKind {
        EvidenceKind::Lexicon
    }

    fn candidates(&self, word: &str, vocab: &Vocabulary, out: &mut Vec<Key>) -> bool {
        let mut translations = self.translations_of_word(word).peekable();
        let known = translations.peek().is_some();
        out.extend(translations.filter_map(|en| vocab.stem(en)));
        known
    }
}

/// The kind of evidence behind a matched word pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// The same number, in any format (`200,000,000` / `200 000 000`).
    Number,
    /// The same Latin-script word on both sides (a name or term: Telegram, VPN).
    Name,
    /// A transliterated Russian word that looks like the English one (биткоин / bitcoin).
    Cognate,
    /// A translation from a dictionary.
    Lexicon,
    /// A translation learned from the document's own confident pairs.
    Learned,
}

/// A matched word pair: byte spans into the Russian and the English document's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WordMatch {
    /// The Russian word.
    pub ru: std::ops::Range<usize>,
    /// The English word.
    pub en: std::ops::Range<usize>,
    /// Why they match.
    pub kind: EvidenceKind,
}

/// An English-side key a Russian token can match: a normalised word, stem or number.
pub type Key = u32;

/// Proposes English keys for Russian tokens: the extension point for lexical models.
pub trait Matcher: Send + Sync {
    /// The evidence kind this matcher gives.
    fn kind(&self) -> EvidenceKind;

    /// Pushes onto `out` the English strings (looked up with [`Vocabulary::stem`] or
    /// [`Vocabulary::word`]) that the Russian `word` may translate to. Returns whether this is
    /// a dictionary that translates `word` at all, whatever the English text holds (for
    /// [`PairScorer::dictionary_coverage`]).
    fn candidates(&self, word: &str, vocab: &Vocabulary, out: &mut Vec<Key>) -> bool;
}

/// WMT Russian–English development documents (see docs/accuracy.md).
#[derive(Debug, Clone)]
pub struct Params {
    /// Variance per character of the Gale–Church length model. The default is `6.8`.
    pub length_variance: f64,
    /// Cost of leaving a sentence unpaired (1-0 / 0-1).
    pub skip: f64,
    /// Prior cost of 1-2 and 2-1 beads.
    pub one_two: f64,
    /// Prior cost of 2-2 beads.
    pub two_two: f64,
    /// Prior cost of 1-3 and 3-1 beads.
    pub one_three: f64,
    /// Cost of a bead holding sentences of two paragraphs on one side.
    pub paragraph_cross: f64,
    /// Cost of a bead that starts a paragraph on one side only.
    pub paragraph_misaligned: f64,
    /// Weight of lexical similarity (share of matched token weight).
    pub lexical: f64,
    /// Weight of the amount of matched evidence, `ln(1 + matched weight)`.
    pub evidence: f64,
    /// Cost of each number present on one side only.
    pub number_mismatch: f64,
    /// Cost of each `?` `!` quote or bracket present on one side only.
    pub punct_mismatch: f64,
    /// Upper bound of the length cost of one bead.
    pub max_length_cost: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            length_variance: 6.8,
            skip: 5.5,
            one_two: 2.3,
            two_two: 4.4,
            one_three: 5.5,
            paragraph_cross: 1.5,
            paragraph_misaligned: 0.6,
            lexical: 5.0,
            evidence: 0.8,
            number_mismatch: 2.5,
            punct_mismatch: 0.4,
            max_length_cost: 12.0,
        }
    }
}

/// The parts of a two-sided bead's cost (see [`PairScorer::cost_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CostParts {
    /// Prior cost of the bead type.
    pub prior: f64,
    /// Gale–Church length cost.
    pub length: f64,
    /// Cost of crossing or misaligning paragraph breaks.
    pub paragraph: f64,
    /// Bonus for matched words (subtracted).
    pub lexical: f64,
    /// The document lexical model's log-likelihood ratio (subtracted).
    pub llr: f64,
    /// Cost of numbers on one side only.
    pub numbers: f64,
    /// Cost of `?` `!` quotes and brackets on one side only.
    pub punctuation: f64,
    /// Lexical similarity in `0.0..=1.0`.
    pub similarity: f64,
    /// English characters per Russian character.
    pub length_ratio: f64,
}

impl CostParts {
    /// The bead's cost: the sum of its parts.
    pub fn total(&self) -> f64 {
        self.prior + self.length + self.paragraph - self.lexical - self.llr
            + self.numbers
            + self.punctuation
    }
}

/// Scores beads of two documents. Build once per document pair with [`PairScorer::new`].
pub struct PairScorer {
    ru: Side,
    en: Side,
    /// The Russian tokens that may match, with their candidate keys.
    ru_index: RuIndex,
    /// The English tokens with their keys and weights.
    en_index: EnIndex,
    ratio: f64,
    params: Params,
    model: Option<LexicalModel>,
    /// The lowest log-likelihood ratio of a pair (for comparable texts, see
    /// [`PairScorer::set_min_pair_llr`]).
    min_pair_llr: Option<f64>,
    /// The model's log-likelihood ratio at similarities 0, 1/LLR_STEPS, …, 1.
    llr_table: Vec<f64>,
    /// Share of Russian content words that a matcher (dictionary) knows.
    coverage: f64,
}

impl std::fmt::Debug for PairScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairScorer")
            .field("ru", &self.ru.len())
            .field("en", &self.en.len())
            .field("ratio", &self.ratio)
            .finish()
    }
}

impl PairScorer {
    /// Reads both documents with the built-in evidence (numbers, names, cognates) and `matchers`.
    pub fn new(ru: &Document, en: &Document, matchers: &[&dyn Matcher], params: Params) -> Self {
        // The steps' times, for the debug log (the clock is read only when it is on).
        let clock = tracing::enabled!(tracing::Level::DEBUG).then(std::time::Instant::now);
        let lap = |what: &str| {
            if let Some(clock) = clock {
                tracing::debug!("scorer {what}: {:.3} s", clock.elapsed().as_secs_f64());
            }
        };
        let mut vocab = Vocabulary::default();
        // English side: keys of every token (word form and stem, or number), and the names.
        let (mut en_side, en_index, names) = EnIndex::new(en, &mut vocab);
        lap("English side");
        // Russian side: words interned, then the candidates of each distinct word.
        let (mut ru_side, ru_text) = russian::read_words(ru);
        lap("Russian words");
        let candidates = russian::candidates(&ru_text, &vocab, matchers, &names);
        let (ru_index, coverage) = RuIndex::new(ru_text, candidates, &mut ru_side);
        side::match_numbers(&mut ru_side, &mut en_side);
        let ratio = length::start_ratio(&ru_side, &en_side);
        PairScorer {
            ru: ru_side,
            en: en_side,
            ru_index,
            en_index,
            ratio,
            params,
            model: None,
            min_pair_llr: None,
            llr_table: Vec::new(),
            coverage,
        }
    }

    /// The number of Russian sentences.
    pub fn ru_len(&self) -> usize {
        self.ru.len()
    }

    /// The number of English sentences.
    pub fn en_len(&self) -> usize {
        self.en.len()
    }

    /// The tuning constants in use.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The cost of a bead (lower is better), given the matched weight of each of its
    /// sentence pairs, `matched(a, b)` for the bead's `a`-th Russian and `b`-th English sentence.
    pub fn bead_cost(
        &self,
        ru: Range<usize>,
        en: Range<usize>,
        matched: impl Fn(usize, usize) -> Hit,
    ) -> f64 {
        if ru.is_empty() || en.is_empty() {
            return self.params.skip * (ru.len() + en.len()) as f64;
        }
        self.cost_parts(ru, en, matched).total()
    }

    /// The parts of a two-sided bead's cost, as [`bead_cost`](Self::bead_cost) adds them.
    pub fn cost_parts(
        &self,
        ru: Range<usize>,
        en: Range<usize>,
        matched: impl Fn(usize, usize) -> Hit,
    ) -> CostParts {
        let p = &self.params;
        let l1: f64 = ru.clone().map(|i| self.ru.chars[i] as f64).sum();
        let l2: f64 = en.clone().map(|j| self.en.chars[j] as f64).sum();
        let Lexical {
            hit,
            similarity,
            stray,
        } = self.lexical(ru.clone(), en.clone(), &matched);
        CostParts {
            prior: self.prior(ru.len(), en.len()),
            length: length_cost(l1, l2, self.ratio, p.length_variance).min(p.max_length_cost),
            paragraph: self.paragraph_cost(&ru, &en),
            lexical: if hit > 0.0 {
                p.lexical * similarity + p.evidence * hit.ln_1p()
            } else {
                0.0
            },
            llr: self.model_llr(similarity, stray, ru.len() + en.len()),
            numbers: self.numbers_cost(ru.clone(), en.clone()),
            punctuation: p.punct_mismatch
                * side::punct_mismatch(&self.ru, &self.en, ru, en).min(4) as f64,
            similarity,
            length_ratio: if l1 > 0.0 { l2 / l1 } else { 0.0 },
        }
    }

    /// The prior cost of a bead of `a` Russian and `b` English sentences.
    fn prior(&self, a: usize, b: usize) -> f64 {
        let p = &self.params;
        match (a, b) {
            (1, 1) => 0.0,
            (1, 2) | (2, 1) => p.one_two,
            (2, 2) => p.two_two,
            _ => p.one_three,
        }
    }

    /// Paragraphs: a bead should not cross a break, and should start paragraphs together.
    fn paragraph_cost(&self, ru: &Range<usize>, en: &Range<usize>) -> f64 {
        let p = &self.params;
        let mut paragraph = 0.0;
        if self.ru.crosses_paragraph(ru) {
            paragraph += p.paragraph_cross;
        }
        if self.en.crosses_paragraph(en) {
            paragraph += p.paragraph_cross;
        }
        if self.ru.starts_paragraph(ru.start) != self.en.starts_paragraph(en.start) {
            paragraph += p.paragraph_misaligned;
        }
        paragraph
    }

    /// The document's own model: how much more alike translations are than neighbours, for a
    /// bead of `sentences` sentences with this `similarity` and `stray` (see [`Lexical`]).
    /// 0 without a model.
    fn model_llr(&self, similarity: f64, stray: f64, sentences: usize) -> f64 {
        self.model.as_ref().map_or(0.0, |_| {
            let llr = self.llr(similarity);
            if self.min_pair_llr.is_some_and(|floor| llr < floor) {
                return -FORBIDDEN;
            }
            // Evidence against pairing counts for every sentence pair the bead claims, and a
            // sentence that shares no more with the other side than a neighbour would counts
            // against the bead as a wrong pair does: it is likelier left unpaired.
            let llr = if llr < 0.0 {
                llr * sentences as f64 / 2.0
            } else {
                llr
            };
            llr + stray
        })
    }

    /// The cost of numbers present on one side only.
    fn numbers_cost(&self, ru: Range<usize>, en: Range<usize>) -> f64 {
        let orphans = self.ru.orphans(ru.clone()) + self.en.orphans(en.clone());
        self.params.number_mismatch
            * (side::number_mismatch(&self.ru, &self.en, ru, en) as f64
                + ORPHAN_WEIGHT * orphans as f64)
                .min(4.0)
    }

    /// The cost of pairing Russian sentence `i` with English sentence `j` alone (a 1-1 bead):
    /// lower is likelier. Ranking English sentences by it ranks candidate translations.
    pub fn pair_cost(&self, i: usize, j: usize) -> f64 {
        self.cost_parts(i..i + 1, j..j + 1, |_, _| self.matched(i, j))
            .total()
    }

    /// Whether Russian sentences `a` and `b` are in the same paragraph.
    pub(crate) fn same_paragraph_ru(&self, a: usize, b: usize) -> bool {
        self.ru.paragraph[a] == self.ru.paragraph[b]
    }

    /// Whether English sentences `a` and `b` are in the same paragraph.
    pub(crate) fn same_paragraph_en(&self, a: usize, b: usize) -> bool {
        self.en.paragraph[a] == self.en.paragraph[b]
    }

    /// Sets the cost of leaving a sentence unpaired (see [`Params::skip`]).
    pub(crate) fn set_skip(&mut self, skip: f64) {
        self.params.skip = skip;
    }

    /// The share of Russian content words (not numbers, not function words) that a dictionary
    /// matcher knows, in `0.0..=1.0`.
    pub fn dictionary_coverage(&self) -> f64 {
        self.coverage
    }

    /// Keys of rare evidence (words seen in at most two sentences of a side) of every sentence,
    /// Russian then English: the anchors of the coarse search.
    pub(crate) fn rare_keys(&self) -> (Vec<Vec<Key>>, Vec<Vec<Key>>) {
        let ru_min = idf(2, self.ru_len());
        let en_min = idf(2, self.en_len());
        let ru = (0..self.ru_len())
            .map(|i| {
                let mut k: Vec<Key> = self
                    .ru_index
                    .tokens_of(i)
                    .iter()
                    .filter(|t| t.weight >= ru_min && t.cand_len <= 4)
                    .flat_map(|t| self.ru_index.cands_of(t).iter().map(|c| c.0))
                    .collect();
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect();
        let en = (0..self.en_len())
            .map(|j| {
                self.en_index
                    .keys_of(j)
                    .iter()
                    .filter(|(_, w)| *w >= en_min)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .collect();
        (ru, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use vocabulary::name_shape;

    /// A scorer of two small texts with a dictionary of `pairs`.
    fn small(pairs: &[(&str, &str)], ru: &str, en: &str) -> PairScorer {
        let mut lex = Lexicon::empty();
        for (r, e) in pairs {
            lex.insert(r, e);
        }
        let ru = Document::new(ru, Lang::Ru).unwrap();
        let en = Document::new(en, Lang::En).unwrap();
        PairScorer::new(&ru, &en, &[&lex], Params::default())
    }

    #[test]
    fn a_sentence_matching_one_word_of_the_other_is_not_its_match() {
        let s = small(
            &[("кот", "cat")],
            "Кот, кота, коту.",
            "Cat.\n\nCat, cat, cat.",
        );
        let (one, three) = (s.matched(0, 0), s.matched(0, 1));
        assert!(one.ru > 0.0 && one.en > 0.0, "{one:?}");
        assert!(three.ru > 2.5 * one.ru, "{one:?} {three:?}");
        assert!(s.pair_cost(0, 1) < s.pair_cost(0, 0));
    }

    #[test]
    fn a_capitalised_name_is_not_a_dictionary_word() {
        let s = small(
            &[("том", "that")],
            "Вот Том.\n\nО том.",
            "Here is Tom.\n\nAbout that.",
        );
        assert!(s.matched(0, 0).ru > 0.0, "Том matches Tom");
        assert_eq!(s.matched(0, 1), Hit::default(), "Том does not match that");
        assert!(s.matched(1, 1).ru > 0.0, "том still matches that");
    }

    #[test]
    fn explanations_pair_each_english_word_once() {
        let text_ru = "Я не знал, что я сделал.";
        let text_en = "I didn't know what I'd done.";
        let s = small(
            &[
                ("не", "not"),
                ("знать", "know"),
                ("что", "what"),
                ("сделать", "do"),
            ],
            text_ru,
            text_en,
        );
        let pairs: Vec<(&str, &str)> = s
            .evidence(0..1, 0..1)
            .iter()
            .map(|m| (&text_ru[m.ru.clone()], &text_en[m.en.clone()]))
            .collect();
        // сделал could take didn't (did) as не does; it takes done, and the two я take the
        // two I's (I'd by its host word), whichever each.
        let en: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        assert_eq!(en.len(), 6, "{pairs:?}");
        let mut unique = en.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 6, "an English word matched twice: {pairs:?}");
        assert!(pairs.contains(&("не", "didn't")) && pairs.contains(&("сделал", "done")));
        let i_s: Vec<&str> = pairs
            .iter()
            .filter(|p| p.0 == "Я" || p.0 == "я")
            .map(|p| p.1)
            .collect();
        assert!(i_s.contains(&"I") && i_s.contains(&"I'd"), "{pairs:?}");
    }

    #[test]
    fn inflected_names_match_the_english_name() {
        // Тому, Тома and Джону are Tom, Tom's and John, inside a sentence; a capitalised word
        // that begins a sentence (Там) is no name for it, and Джейн is not John.
        let s = small(
            &[("там", "there")],
            "Я дал книгу Тому.\n\nЭто машина Тома.\n\nТам Джону хорошо.\n\nЭто Джейн.",
            "I gave Tom a book.\n\nThis is Tom's car.\n\nJohn is fine there.\n\nThis is John.",
        );
        let names = |i: usize, j: usize| {
            s.evidence(i..i + 1, j..j + 1)
                .into_iter()
                .filter(|m| m.kind == EvidenceKind::Name)
                .count()
        };
        assert_eq!(names(0, 0), 1, "Тому: Tom");
        assert_eq!(names(1, 1), 1, "Тома: Tom's");
        assert_eq!(names(2, 2), 1, "Джону: John");
        assert_eq!(names(2, 0), 0, "Там is not Tom");
        assert_eq!(names(3, 3), 0, "Джейн is not John");
        assert_eq!(name_shape("Джексон"), name_shape("Jackson"));
        assert_eq!(name_shape("Tom"), name_shape("Том"));
        assert_eq!(name_shape("Мэри"), name_shape("Mary"));
        assert_eq!(name_shape("Anna"), name_shape("Анна"));
    }

    #[test]
    fn contractions_match_their_host_word() {
        let s = small(
            &[("ты", "you"), ("прав", "right")],
            "Ты прав.",
            "You’re right.\n\nRight.",
        );
        assert!(s.matched(0, 0).ru > s.matched(0, 1).ru);
        assert_eq!(s.evidence(0..1, 0..1).len(), 2);
    }

    #[test]
    fn negated_contractions_mean_not() {
        // не is `not`: it matches didn't and won’t as it matches `not`, and matches nothing
        // in a sentence without a negation.
        let s = small(
            &[("не", "not"), ("знал", "know")],
            "Не знал.",
            "I didn't know.\n\nI won’t know.\n\nI know.",
        );
        for j in 0..2 {
            assert_eq!(s.evidence(0..1, j..j + 1).len(), 2, "sentence {j}");
        }
        assert_eq!(s.evidence(0..1, 2..3).len(), 1);
        assert!(s.matched(0, 0).ru > s.matched(0, 2).ru);
    }

    #[test]
    fn spelled_out_numbers_match_their_digits() {
        // No dictionary: only the number can match. A number in words is the same number as
        // its digits, in either text, and counts no more as a number on one side only.
        let s = small(
            &[],
            "Стол стоил двадцать тысяч иен.\n\nПришли 3 миллиона.\n\nЭто было 20 лет назад.",
            "The desk cost 20,000 yen.\n\nThree million came.\n\nIt was twenty years ago.",
        );
        for i in 0..3 {
            let found = s.evidence(i..i + 1, i..i + 1);
            let numbers = found.iter().filter(|m| m.kind == EvidenceKind::Number);
            assert_eq!(numbers.count(), 1, "sentence {i}: {found:?}");
            assert_eq!(
                side::number_mismatch(&s.ru, &s.en, i..i + 1, i..i + 1),
                0,
                "sentence {i}"
            );
            for j in (0..3).filter(|&j| j != i) {
                assert!(s.pair_cost(i, i) < s.pair_cost(i, j), "{i} {j}");
            }
        }
        // The match spans the words of the number (миллиона is also a cognate of million).
        let found = &s.evidence(0..1, 0..1)[0];
        assert_eq!(
            found.ru,
            "Стол стоил ".len().."Стол стоил двадцать тысяч".len()
        );
        assert_eq!(s.evidence(1..2, 1..2)[0].en, 27..40, "Three million");
    }

    #[test]
    fn shared_names_and_numbers_match() {
        let ru = Document::new(
            "Telegram заблокировали на 24 часа. Погода хорошая.",
            Lang::Ru,
        )
        .unwrap();
        let en = Document::new(
            "Telegram was banned for 24 hours. The weather is nice.",
            Lang::En,
        )
        .unwrap();
        let s = PairScorer::new(&ru, &en, &[], Params::default());
        assert!(s.matched(0, 0).ru > 0.0 && s.matched(0, 0).en > 0.0);
        assert_eq!(s.matched(0, 1), Hit::default());
        let good = s.bead_cost(0..1, 0..1, |x, y| s.matched(x, y));
        let bad = s.bead_cost(0..1, 1..2, |x, y| s.matched(x, 1 + y));
        assert!(good < bad, "{good} < {bad}");
    }
}
