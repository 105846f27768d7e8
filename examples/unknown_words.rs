//! Diagnostic (not shipped): how many lowercase Russian words of the WMT documents the bundled
//! lexicon finds no translation for, by their Snowball stem alone and with the headword
//! guesses of `Lexicon::translations_of_word`; and every ninth word the guesses found, with
//! its first translations, to judge by eye.
#[path = "../tests/support/data.rs"]
mod data;

use std::collections::BTreeMap;

use data::wmt::read_documents;
use sverka::Lang;
use sverka::lexicon::Lexicon;
use sverka::text::{TokenKind, normalize, stem, tokens};

fn main() {
    let Some(dir) = data::data_dir("wmt-ru-en") else {
        return;
    };
    let docs = read_documents(&dir).expect("the WMT files");
    let lex = Lexicon::builtin();
    let (mut words, mut by_stem, mut guessed) = (0, 0, 0);
    let mut found = BTreeMap::new();
    for row in docs.iter().flat_map(|d| &d.rows) {
        for (k, t) in tokens(&row.ru).into_iter().enumerate() {
            let raw = t.text(&row.ru);
            // Capitalised inside a sentence: a name, not a dictionary word.
            if t.kind != TokenKind::Cyrillic || k > 0 && raw.starts_with(char::is_uppercase) {
                continue;
            }
            let w = normalize(raw);
            words += 1;
            if lex.translations(&stem(&w, Lang::Ru)).next().is_some() {
                continue;
            }
            by_stem += 1;
            let en: Vec<&str> = lex.translations_of_word(&w).take(6).collect();
            if en.is_empty() {
                guessed += 1;
            } else {
                found.insert(w, en.join(","));
            }
        }
    }
    println!(
        "{words} lowercase Russian words; no translation by stem: {by_stem}; \
         with pronouns and headword guesses: {guessed}; {} distinct words found by them",
        found.len()
    );
    for (w, en) in found.iter().step_by(9) {
        println!("{w}: {en}");
    }
}
