//! Development aid: prints the cost parts of chosen beads of the bundled post.
//! `cargo run --release --example debug_cost -- 3:3 3:6-8`
use sverka::{Aligner, Document, Lang, corpus};
fn main() {
    let ru = Document::new(corpus::DIGITAL_RESISTANCE_RU, Lang::Ru).unwrap();
    let en = Document::new(corpus::DIGITAL_RESISTANCE_EN, Lang::En).unwrap();
    let aligner = Aligner::new();
    let s = aligner.scorer(&ru, &en);
    for (i, t) in (0..ru.len()).map(|i| (i, ru.sentence_text(i))) {
        println!("RU{i} {}", t.chars().take(60).collect::<String>());
    }
    for (i, t) in (0..en.len()).map(|i| (i, en.sentence_text(i))) {
        println!("EN{i} {}", t.chars().take(60).collect::<String>());
    }
    let parse = |x: &str| -> std::ops::Range<usize> {
        let mut p = x.split('-');
        let a: usize = p.next().unwrap().parse().unwrap();
        let b: usize = p.next().map_or(a, |b| b.parse().unwrap());
        a..b + 1
    };
    for arg in std::env::args().skip(1) {
        let (r, e) = arg.split_once(':').unwrap();
        let (r, e) = (parse(r), parse(e));
        let parts = s.cost_parts(r.clone(), e.clone(), |x, y| {
            s.matched(r.start + x, e.start + y)
        });
        println!("{arg}: total {:.2} {parts:?}", parts.total());
        for m in s.evidence(r.clone(), e.clone()) {
            println!(
                "   {} ~ {} {:?}",
                &ru.text()[m.ru.clone()],
                &en.text()[m.en.clone()],
                m.kind
            );
        }
    }
}
