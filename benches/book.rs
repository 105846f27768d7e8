//! How long a parallel book of 5,000 sentences a side takes to write as HTML and as EPUB
//! (`cargo bench --bench book`); the budget is one second each (docs/formats.md).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sverka::export::{self, BookStyle, ExportOptions, Format, Layout};
use sverka::{Bead, Document, Lang, corpus};

/// Sentences a side.
const SENTENCES: usize = 5000;

/// A side of `SENTENCES` sentences: the bundled post's paragraphs over and over (each taken as
/// one sentence), five to a paragraph, with a heading every 200 sentences.
fn side(text: &str, heading: &str, lang: Lang) -> Document {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let headings: Vec<String> = (0..SENTENCES / 200)
        .map(|k| format!("{heading} {}", k + 1))
        .collect();
    let mut sentences = Vec::with_capacity(SENTENCES);
    let mut paragraph = 0;
    for i in 0..SENTENCES {
        if i % 200 == 0 {
            sentences.push((headings[i / 200].as_str(), paragraph));
            paragraph += 1;
        } else {
            sentences.push((lines[i % lines.len()], paragraph));
            if i % 5 == 4 {
                paragraph += 1;
            }
        }
    }
    Document::from_sentences(sentences, lang).unwrap()
}

fn books(c: &mut Criterion) {
    let ru = side(corpus::DIGITAL_RESISTANCE_RU, "Глава", Lang::Ru);
    let en = side(corpus::DIGITAL_RESISTANCE_EN, "Chapter", Lang::En);
    assert_eq!((ru.len(), en.len()), (SENTENCES, SENTENCES));
    let beads: Vec<Bead> = (0..SENTENCES)
        .map(|i| Bead::new(i..i + 1, i..i + 1, 0.9))
        .collect();
    let statuses = Some(vec!["automatic".to_string(); SENTENCES]);
    for (name, format, layout) in [
        ("book html 5k sentences", Format::Html, Layout::Columns),
        (
            "book html 5k sentences interleaved",
            Format::Html,
            Layout::Interleaved,
        ),
        ("book epub 5k sentences", Format::Epub, Layout::Columns),
    ] {
        let options = ExportOptions {
            title: Some("Bench".into()),
            statuses: statuses.clone(),
            book: BookStyle {
                layout,
                numbers: true,
                ..BookStyle::default()
            },
            ..ExportOptions::default()
        };
        let mut size = 0;
        c.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                export::write(&mut out, format, black_box(&ru), &en, &beads, &options).unwrap();
                size = out.len();
                out
            })
        });
        if size > 0 {
            println!("{name}: {size} bytes");
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = books
}
criterion_main!(benches);
