//! A few entries of sverka's own that the OpenRussian data lacks and news text needs:
//! common abbreviations, and inflected forms Snowball cannot bring back to their
//! dictionary word (suppletive plurals, numerals, irregular verbs).

use crate::Lang;
use crate::text::stem;

use super::Lexicon;

/// Russian abbreviations and acronyms with their English equivalents.
#[rustfmt::skip]
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("тыс", "thousand"), ("млн", "million; mln"), ("млрд", "billion; bln"), ("трлн", "trillion"),
    ("руб", "rouble; ruble; rub"), ("долл", "dollar; usd"), ("км", "km; kilometre"),
    ("кг", "kg; kilogram"), ("см", "cm; centimetre"), ("мм", "mm; millimetre"),
    ("сша", "us; usa; united states; america"), ("ес", "eu; european union"),
    ("рф", "russia; russian federation"), ("оон", "un; united nations"), ("нато", "nato"),
    ("ссср", "ussr; soviet union"), ("снг", "cis"), ("мвф", "imf"), ("вто", "wto"),
    ("фрг", "germany; frg"), ("сми", "media"), ("ии", "ai; artificial intelligence"),
    ("мид", "foreign ministry"), ("фсб", "fsb"), ("мчс", "emergencies ministry"),
];

/// Russian dictionary words, forms of them that Snowball stems apart, and English
/// translations to add to the dictionary's own.
#[rustfmt::skip]
const FORMS: &[(&str, &str, &str)] = &[
    ("человек", "люди людей людям людьми людях", "people"),
    ("ребенок", "дети детей детям детьми детях", "child"),
    ("один", "одна одно одни одного одной одному одним одном одних одну", "one"),
    ("два", "две двух двум двумя", ""),
    ("три", "трех трем тремя", ""),
    ("четыре", "четырех четырем четырьмя", ""),
    ("оба", "обе обоих обеих обоим обеим", ""),
    ("сто", "ста", ""),
    ("идти", "идет идут иду идем шел шла шло шли", ""),
    ("хотеть", "хочет хочу хочешь хотим хотят хотел хотела хотели", ""),
    ("дать", "дает дают даст дадут дал дала дали", ""),
    ("взять", "возьмет возьмут возьму взял взяла взяли", ""),
    ("брать", "берет берут беру брал брала брали", ""),
    ("жить", "живет живут живу жил жила жили", ""),
    ("стать", "станет станут стану стал стала стало стали", "become"),
    ("данные", "данных данным данными", "data"),
    // OpenRussian's first sense is "endow"; "donate" is the common one today.
    ("пожертвовать", "", "donate"),
    ("жертвовать", "", "donate"),
];

/// Adds [`ABBREVIATIONS`] and [`FORMS`] to the bundled lexicon.
pub(super) fn add_extras(lexicon: &mut Lexicon) {
    for (ru, en) in ABBREVIATIONS {
        lexicon.insert(ru, en);
    }
    for (lemma, forms, extra) in FORMS {
        if !extra.is_empty() {
            lexicon.insert(lemma, extra);
        }
        let en: Vec<Box<str>> = lexicon
            .translations(&stem(lemma, Lang::Ru))
            .map(Box::from)
            .collect();
        for form in forms.split(' ').filter(|f| !f.is_empty()) {
            let key = stem(form, Lang::Ru);
            for e in &en {
                lexicon.add_stems(&key, e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_of_forms_are_in_the_builtin() {
        let lex = Lexicon::builtin();
        assert!(!lex.contains(""));
        for (lemma, _, _) in FORMS {
            assert!(lex.contains(&stem(lemma, Lang::Ru)), "{lemma}");
        }
    }

    #[test]
    fn forms_share_the_translations() {
        let lex = Lexicon::builtin();
        let en = |w| stem(w, Lang::En);
        for (ru, e) in [
            ("людей", "people"),
            ("дети", "children"),
            ("двух", "two"),
            ("одной", "one"),
            ("стал", "became"),
            ("шли", "went"),
            ("данных", "data"),
            ("млн", "million"),
            ("сша", "us"),
        ] {
            assert!(
                lex.has_translation(&stem(ru, Lang::Ru), &en(e)),
                "{ru} → {e}"
            );
        }
    }
}
