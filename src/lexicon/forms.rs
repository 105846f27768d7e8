//! Guesses at the headword of a Russian word form whose Snowball stem is not its headword's,
//! for [`Lexicon::translations_of_word`](super::Lexicon::translations_of_word) to try when
//! the form's own stem is unknown.
//!
//! Snowball reads some noun endings as adjective or verb endings (систему stems to `сист`,
//! система to `систем`), and it does not undo the stem changes of Russian verbs: the
//! consonant that alternates in the present tense (скажут: сказать, ищешь: искать, куплю:
//! купить), the `д` of verbs in `-ти` (пройдет: пройти, проведет: провести), the `н`/`м` of
//! начать and нажать (начнут, нажмите), the `г`/`к` of verbs in `-чь` (поможет: помочь),
//! short participles (установлен: установить) and gerunds (учитывая: учитывать).
//!
//! The guesses are many and most are no words at all: the lexicon keeps the first whose
//! stem it knows, so they are tried from the most specific rule to the most general.

/// Case endings of nouns, longest first; `""` for a form with none (the genitive plural систем).
const CASE_ENDINGS: &[&str] = &[
    "ами", "ями", "ах", "ях", "ам", "ям", "ом", "ем", "ой", "ей", "ов", "ев", "ью", "а", "я", "у",
    "ю", "ы", "и", "е", "о", "ь", "",
];

/// Endings of the nominative singular.
const NOMINATIVE: &[&str] = &["", "а", "я", "ь", "й", "о", "е"];

/// Personal endings of the present (or perfective future) and of the imperative, longest first.
const PRESENT_ENDINGS: &[&str] = &[
    "ите", "йте", "ьте", "ешь", "ишь", "ете", "ем", "ет", "ут", "ют", "ит", "им", "ат", "ят", "у",
    "ю", "и", "й", "ь",
];

/// Endings of short passive participles: установлен, сделана, запрещено, выявлены.
const PARTICIPLE_ENDINGS: &[&str] = &["ена", "ено", "ены", "ен", "ана", "ано", "аны", "ан"];

/// Endings of gerunds after the stem vowel: учитыва-я, име-я, пыта-ясь, достигну-в.
const GERUND_ENDINGS: &[&str] = &["вшись", "вши", "ясь", "ась", "я", "а", "в"];

/// Infinitive endings to try after a present or participle stem.
const INFINITIVES: &[&str] = &[
    "ить",
    "ать",
    "ять",
    "еть",
    "оть",
    "овать",
    "ти",
    "сти",
    "чь",
    "нуть",
];

/// Consonants that alternate in the present (the form's, the infinitive's): скаж-у /
/// сказ-ать, ищ-у / иск-ать, купл-ю / куп-ить.
const ALTERNATIONS: &[(&str, &[&str])] = &[
    ("вл", &["в"]),
    ("бл", &["б"]),
    ("пл", &["п"]),
    ("мл", &["м"]),
    ("фл", &["ф"]),
    ("жд", &["д"]),
    ("ж", &["з", "г", "д"]),
    ("ш", &["с", "х"]),
    ("ч", &["т", "к"]),
    ("щ", &["ст", "ск", "т"]),
];

/// Nominatives a noun form may come from: `систему` gives `систем`, `система`, …
pub(super) fn noun_headwords(word: &str) -> impl Iterator<Item = String> + '_ {
    CASE_ENDINGS
        .iter()
        .filter_map(move |e| word.strip_suffix(e))
        .filter(|base| base.chars().count() >= 3)
        .flat_map(|base| NOMINATIVE.iter().map(move |n| format!("{base}{n}")))
}

/// Infinitives a verb form may come from, the likeliest rules first.
pub(super) fn verb_headwords(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let verb = word
        .strip_suffix("ся")
        .or_else(|| word.strip_suffix("сь"))
        .unwrap_or(word);
    let reflexive = if verb.len() < word.len() { "ся" } else { "" };
    let long_enough = |base: &&str| base.chars().count() >= 2;
    for base in PRESENT_ENDINGS
        .iter()
        .chain(PARTICIPLE_ENDINGS)
        .filter_map(|e| verb.strip_suffix(e))
        .filter(long_enough)
    {
        present_stem_infinitives(base, &mut out);
    }
    // Past tense without -л of verbs in -чь: помог, испек, лег.
    if let Some(base) = verb.strip_suffix(['г', 'к']).filter(long_enough) {
        out.push(format!("{base}чь"));
    }
    for base in GERUND_ENDINGS
        .iter()
        .filter_map(|e| verb.strip_suffix(e))
        .filter(long_enough)
    {
        out.push(format!("{base}ть"));
    }
    if !reflexive.is_empty() {
        for form in &mut out {
            form.push_str(reflexive);
        }
    }
    out
}

/// Infinitives of a present (or participle) stem, such as `пройд`, `начн`, `скаж`, `купл`.
fn present_stem_infinitives(base: &str, out: &mut Vec<String>) {
    // The д of -ти verbs: пройд-ет (пройти), провед-ет (провести), ид-ет (идти).
    if let Some(b) = base.strip_suffix('д') {
        out.push(format!("{b}ти"));
        out.push(format!("{b}сти"));
        out.push(format!("{base}ти"));
    }
    // The н and м of начать, нажать, принять: начн-ут, нажм-ите.
    if let Some(b) = base.strip_suffix(['н', 'м']) {
        out.push(format!("{b}ать"));
        out.push(format!("{b}ять"));
    }
    // The г/ж and к/ч of -чь verbs: помог-ут, помож-ет, испеч-ет.
    if let Some(b) = base.strip_suffix(['г', 'ж', 'к', 'ч']) {
        out.push(format!("{b}чь"));
    }
    for (now, before) in ALTERNATIONS {
        if let Some(b) = base.strip_suffix(now) {
            for c in *before {
                for inf in ["ать", "ить", "еть"] {
                    out.push(format!("{b}{c}{inf}"));
                }
            }
        }
    }
    for inf in INFINITIVES {
        out.push(format!("{base}{inf}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guesses(word: &str) -> Vec<String> {
        verb_headwords(word)
    }

    #[test]
    fn verb_forms_lead_back_to_their_infinitive() {
        for (form, infinitive) in [
            ("пройдет", "пройти"),
            ("проведет", "провести"),
            ("начнут", "начать"),
            ("нажмите", "нажать"),
            ("поможет", "помочь"),
            ("смогут", "смочь"),
            ("испек", "испечь"),
            ("скажут", "сказать"),
            ("ищешь", "искать"),
            ("куплю", "купить"),
            ("хожу", "ходить"),
            ("установлен", "установить"),
            ("запрещено", "запретить"),
            ("сделана", "сделать"),
            ("настройте", "настроить"),
            ("учитывая", "учитывать"),
            ("пытаясь", "пытаться"),
            ("борется", "бороться"),
        ] {
            assert!(
                guesses(form).iter().any(|g| g == infinitive),
                "{form}: {:?}",
                guesses(form)
            );
        }
    }

    #[test]
    fn the_specific_rule_comes_before_the_general_one() {
        // ведет is вести, not ведать: the rule of -ти verbs is tried first.
        let g = guesses("ведет");
        let at = |w: &str| g.iter().position(|x| x == w).unwrap();
        assert!(at("вести") < at("ведать"), "{g:?}");
    }

    #[test]
    fn noun_forms_lead_back_to_their_nominative() {
        let g: Vec<String> = noun_headwords("систему").collect();
        assert!(g.contains(&"система".to_string()) && g.contains(&"систем".to_string()));
        assert_eq!(noun_headwords("ду").count(), 0, "too short to guess");
    }
}
