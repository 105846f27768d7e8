//! The units of an existing alignment turned into two documents and their beads, with each
//! bead's confidence from sverka's scorer where the file gave none.

use crate::align::{bead_features, calibrated};
use crate::batch::Aligned;
use crate::segment::segment;
use crate::{Aligner, Bead, Document, Error, Lang, Result};

/// Above this many sentences a side, the confidence of imported beads is computed without
/// fitting the document model (which means aligning the texts once more).
const MAX_MODEL_SENTENCES: usize = 20_000;

/// One unit of an alignment: a Russian and an English text (either may be empty) and the
/// confidence the file gave it, if any.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Unit {
    pub(super) ru: String,
    pub(super) en: String,
    pub(super) score: Option<f64>,
}

/// The sentences of one side of a unit: the unit itself, or its sentences when `split`.
fn sentences(text: &str, lang: Lang, split: bool) -> Vec<String> {
    let clean = super::paragraphs::collapse(text);
    if clean.is_empty() {
        return Vec::new();
    }
    if !split {
        return vec![clean];
    }
    segment(&clean, lang)
        .iter()
        .map(|s| s.text(&clean).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Two documents whose paragraphs are the units, and one bead per unit (units empty on both
/// sides are left out). With `split`, each unit is split into sentences and stays one bead.
pub(super) fn aligned(what: &str, units: &[Unit], split: bool) -> Result<Aligned> {
    let (mut ru_sentences, mut en_sentences) = (Vec::new(), Vec::new());
    let mut beads = Vec::with_capacity(units.len());
    let mut scores = Vec::with_capacity(units.len());
    for u in units {
        let ru = sentences(&u.ru, Lang::Ru, split);
        let en = sentences(&u.en, Lang::En, split);
        if ru.is_empty() && en.is_empty() {
            continue;
        }
        let paragraph = beads.len();
        let (r, e) = (ru_sentences.len(), en_sentences.len());
        beads.push(Bead::new(r..r + ru.len(), e..e + en.len(), 0.0));
        scores.push(u.score);
        ru_sentences.extend(ru.into_iter().map(|s| (s, paragraph)));
        en_sentences.extend(en.into_iter().map(|s| (s, paragraph)));
    }
    let side = |sentences: &[(String, usize)], lang: Lang, name: &str| {
        Document::from_sentences(sentences.iter().map(|(s, p)| (s.as_str(), *p)), lang).map_err(
            |_| Error::EmptyInput {
                what: format!("the {name} side of {what}"),
            },
        )
    };
    let ru = side(&ru_sentences, Lang::Ru, "Russian")?;
    let en = side(&en_sentences, Lang::En, "English")?;
    if scores.iter().any(Option::is_none) {
        score(&ru, &en, &mut beads)?;
    }
    for (b, given) in beads.iter_mut().zip(scores) {
        if let Some(s) = given {
            b.score = s;
        }
    }
    Ok(Aligned { ru, en, beads })
}

/// Sets each bead's confidence as the aligner would: its features under the scorer of the
/// documents (with their document model when they are not too long), calibrated.
fn score(ru: &Document, en: &Document, beads: &mut [Bead]) -> Result<()> {
    let aligner = Aligner::new();
    let scorer = if ru.len().max(en.len()) <= MAX_MODEL_SENTENCES {
        aligner.align_with_scorer(ru, en, beads)?.1
    } else {
        aligner.scorer(ru, en)
    };
    for b in beads {
        let one_sided = b.span.is_one_sided();
        let c = calibrated(bead_features(&scorer, &b.span), one_sided);
        b.score = (c * 1000.0).round() / 1000.0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(ru: &str, en: &str) -> Unit {
        Unit {
            ru: ru.into(),
            en: en.into(),
            score: None,
        }
    }

    #[test]
    fn units_are_beads_and_split_keeps_them_whole() {
        let units = [
            unit("Первое. Второе.", "First and second."),
            unit("", ""),
            unit("Третье.", ""),
            unit("Четвёртое.", "Fourth."),
        ];
        let a = aligned("x.tsv", &units, false).unwrap();
        let spans: Vec<_> = a
            .beads
            .iter()
            .map(|b| (b.span.ru.clone(), b.span.en.clone()))
            .collect();
        assert_eq!(spans, [(0..1, 0..1), (1..2, 1..1), (2..3, 1..2)]);
        assert!(a.beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
        let a = aligned("x.tsv", &units, true).unwrap();
        assert_eq!(a.beads[0].span.ru, 0..2);
        assert_eq!(a.ru.sentence_text(1), "Второе.");
        assert_eq!(a.beads[2].span.ru, 3..4);
    }

    #[test]
    fn a_wrong_pair_scores_below_a_right_one() {
        let units = [
            unit("Мы выросли на 7% за 2023 год.", "We grew by 7% in 2023."),
            unit(
                "Спасибо за поддержку!",
                "The weather in London is rainy today.",
            ),
        ];
        let a = aligned("x.tsv", &units, false).unwrap();
        assert!(a.beads[0].score > a.beads[1].score, "{:?}", a.beads);
    }

    #[test]
    fn given_scores_are_kept() {
        let mut u = unit("Да.", "Yes.");
        u.score = Some(0.25);
        assert_eq!(aligned("x.tmx", &[u], false).unwrap().beads[0].score, 0.25);
    }
}
