//! How long parsing the bundled lexicon takes, and how fast lookups are.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use sverka::Lang;
use sverka::lexicon::Lexicon;
use sverka::text::stem;

fn load(c: &mut Criterion) {
    // The builtin lexicon is parsed once and never dropped, so the drop is not timed.
    c.bench_function("lexicon load_builtin", |b| {
        b.iter_with_large_drop(Lexicon::load_builtin)
    });
}

fn lookup(c: &mut Criterion) {
    let lex = Lexicon::builtin();
    let stems: Vec<String> = [
        "миллионов",
        "пользователей",
        "рынке",
        "свободы",
        "блокировки",
        "телеграм",
    ]
    .iter()
    .map(|w| stem(w, Lang::Ru))
    .collect();
    c.bench_function("lexicon translations x6", |b| {
        b.iter(|| {
            stems
                .iter()
                .map(|s| lex.translations(black_box(s)).count())
                .sum::<usize>()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = load, lookup
}
criterion_main!(benches);
