//! Diagnostic (not shipped): prints the Tatoeba sentences whose translation does not rank first,
//! and how many of those misses chose a near-duplicate of the translation.
#[path = "../tests/support/data.rs"]
mod data;

use std::collections::HashSet;

use data::tatoeba::{ranks_first, read_documents};
use sverka::Aligner;

/// Whether two English sentences share at least half the distinct words of the one with more.
fn near_duplicates(a: &str, b: &str) -> bool {
    let words = |s: &str| -> HashSet<String> {
        s.split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    2 * a.intersection(&b).count() >= a.len().max(b.len())
}

fn main() {
    let Some(dir) = data::data_dir("tatoeba-ru-en") else {
        return;
    };
    let (ru, en) = read_documents(&dir).expect("the Tatoeba files");
    let mut lex = sverka::lexicon::Lexicon::builtin().clone();
    if let Ok(extra) = std::env::var("EXTRA_DICT") {
        lex.merge(&sverka::lexicon::Lexicon::load(std::path::Path::new(&extra)).unwrap());
    }
    let aligner = Aligner::without_lexicon().matcher(&lex);
    let scorer = aligner.scorer(&ru, &en);
    let show = |i: usize, j: usize| {
        let ev = scorer.evidence(i..i + 1, j..j + 1);
        ev.iter()
            .map(|m| format!("{}~{}", &ru.text()[m.ru.clone()], &en.text()[m.en.clone()]))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let parts = |i: usize, j: usize| {
        let p = scorer.cost_parts(i..i + 1, j..j + 1, |_, _| scorer.matched(i, j));
        format!(
            "len {:.2} lex {:.2} sim {:.2} num {:.2} punct {:.2}",
            p.length, p.lexical, p.similarity, p.numbers, p.punctuation
        )
    };
    let (mut right, mut near) = (0, 0);
    for i in 0..ru.len() {
        let cost = |j: usize| scorer.pair_cost(i, j);
        let own = cost(i);
        if ranks_first(&scorer, &en, i) {
            right += 1;
            continue;
        }
        // The best rival (on a tie, the first).
        let best = (0..en.len())
            .filter(|&j| en.sentence_text(j) != en.sentence_text(i))
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
            .unwrap();
        near += usize::from(near_duplicates(en.sentence_text(i), en.sentence_text(best)));
        println!(
            "RU {}\n  EN {:.2} {}\n     [{}] {}\n  XX {:.2} {}\n     [{}] {}",
            ru.sentence_text(i),
            own,
            en.sentence_text(i),
            show(i, i),
            parts(i, i),
            cost(best),
            en.sentence_text(best),
            show(i, best),
            parts(i, best)
        );
    }
    println!(
        "right {right}; of the {} misses, {near} chose a near-duplicate English sentence \
         (sharing at least half the words of the longer)",
        ru.len() - right
    );
}
