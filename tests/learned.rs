//! Translations learned from a document's own confident pairs (`sverka::align::learned`).

use std::ops::Range;

use sverka::align::learned::{Learned, MIN_PAIRS};
use sverka::text::stem;
use sverka::{Document, Lang};

fn one_to_one(n: usize) -> Vec<(Range<usize>, Range<usize>)> {
    (0..n).map(|k| (k..k + 1, k..k + 1)).collect()
}

fn learned(l: &Learned, ru: &str) -> Vec<String> {
    l.translations(&stem(ru, Lang::Ru)).to_vec()
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
    let one_sided: Vec<_> = (0..ru.len()).map(|k| (k..k + 1, 0..0)).collect();
    assert!(Learned::from_beads(&ru, &en, &one_sided).is_empty());
    // Shifted by one: кварк now meets a different English sentence each time.
    let shifted: Vec<_> = (0..ru.len() - 1)
        .map(|k| (k..k + 1, k + 1..k + 2))
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
