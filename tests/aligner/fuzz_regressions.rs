//! Hostile input, never a panic: property-based fuzzing of the segmenter, the aligner, the
//! beads and manifest readers, the JSON reader of batch output, the TMX writer (read back
//! with an XML parser) and the dictionary importers, plus the checked-in regression corpus in
//! `tests/fuzz_corpus/`.
//!
//! `cargo test --test aligner fuzz` runs [`DEFAULT_CASES`] generated inputs per target
//! (seconds). Set `SVERKA_FUZZ_CASES=N` for a long run; docs/reliability.md lists the runs
//! made. A failing input is minimised by proptest and printed in the failure (the runner saves
//! no regression file: its seeds are fixed); copy it into the corpus as a file.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, RngAlgorithm, TestRng, TestRunner};
use sverka::batch::{Aligned, Manifest};
use sverka::export::{BeadIds, ExportOptions, check_beads, read_beads, write_tmx};
use sverka::lexicon::Lexicon;
use sverka::{Aligner, Document, Lang, segment};

/// Generated inputs per target in a plain `cargo test` run.
const DEFAULT_CASES: u32 = 256;

/// The largest input handed to the aligner in the generated cases, in bytes (the aligner's
/// cost grows with sentence counts; the benchmark `hostile` covers large inputs).
const ALIGN_LIMIT: usize = 4_000;

fn cases() -> u32 {
    cases_or(DEFAULT_CASES)
}

/// Generated inputs per fuzz target: `SVERKA_FUZZ_CASES`, else `default`.
pub(crate) fn cases_or(default: u32) -> u32 {
    std::env::var("SVERKA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces hostile text is made of: sentence ends, paragraph breaks, NUL, BOM, RTL and other
/// direction marks, combining marks, zero-width characters, several scripts, bead and TSV
/// syntax, XML specials, abbreviations and numbers.
const PIECES: &[&str] = &[
    ".",
    "!",
    "?",
    "…",
    "...",
    "?!",
    ". ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "\0",
    "\u{feff}",
    "\u{200f}",
    "\u{200e}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{301}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "Привет",
    "мир",
    "т. е.",
    "г.",
    "см.",
    "Mr.",
    "e.g.",
    "U.S.",
    "hello",
    "World",
    "مرحبا",
    "שלום",
    "中文。",
    "日本語",
    "🙂",
    "👩‍👩‍👧",
    "ё",
    "Й",
    "İ",
    "ß",
    "ﬁ",
    "1",
    "3.14",
    "1,000",
    "2024",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "-",
    "—",
    "@",
    " @ ",
    "#",
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "<seg>",
    "0",
    "[0]:[0]",
    "[0, 1]:[]",
    "[]:[]",
    "[18446744073709551615]:[0]",
    "[-1]:[0]",
    "\u{fffd}",
    "\u{10ffff}",
    "\u{e000}",
    "00000\t",
    "a\tb",
    "a\t",
    "\tb",
    "x\ty\tz",
    "{",
    "}",
    "\"ru\":",
    "null",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..200)
            .prop_map(|v| v.concat()),
        2 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..600)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => hostile_text().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..800),
    ]
}

fn run(name: &str, strategy: impl Strategy<Value = Vec<u8>>, target: fn(&[u8])) {
    let n = cases();
    let mut runner = TestRunner::new_with_rng(
        PropConfig {
            cases: n,
            failure_persistence: None,
            ..PropConfig::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed(name)),
    );
    let start = std::time::Instant::now();
    let result = runner.run(&strategy, |input| {
        target(&input);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!("{name}: {n} cases in {:.1?}", start.elapsed());
}

/// A seed per target, varied by `SVERKA_FUZZ_SEED` for long runs.
fn seed(name: &str) -> [u8; 32] {
    let extra = std::env::var("SVERKA_FUZZ_SEED").unwrap_or_default();
    let h = sverka::batch::fnv1a(format!("{name}{extra}").as_bytes());
    let mut out = [0u8; 32];
    for (k, chunk) in out.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(h.rotate_left(k as u32 * 16) ^ k as u64).to_le_bytes());
    }
    out
}

// ----- targets: each takes raw bytes, must never panic, and checks what it can -----

fn target_segment(bytes: &[u8]) {
    let Ok(text) = sverka::text::decode_utf8(bytes.to_vec(), "input") else {
        return;
    };
    for lang in [Lang::Ru, Lang::En] {
        for sentences in [segment::segment(&text, lang), segment::presegmented(&text)] {
            let mut last = 0;
            for s in &sentences {
                assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                assert!(!s.text(&text).trim().is_empty());
                last = s.end;
            }
        }
        if let Ok(doc) = Document::new(text.clone(), lang) {
            for i in 0..doc.len() {
                let _ = doc.sentence_text(i);
            }
        }
    }
}

fn halves(text: &str) -> (&str, &str) {
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    text.split_at(mid)
}

fn target_align(bytes: &[u8]) {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(ALIGN_LIMIT)]);
    let (a, b) = halves(&text);
    let (Ok(ru), Ok(en)) = (Document::new(a, Lang::Ru), Document::new(b, Lang::En)) else {
        return;
    };
    let beads = Aligner::new().align(&ru, &en);
    let (mut r, mut e) = (0, 0);
    for bead in &beads {
        assert_eq!(
            (bead.span.ru.start, bead.span.en.start),
            (r, e),
            "beads are monotone and gapless"
        );
        assert!(!bead.span.ru.is_empty() || !bead.span.en.is_empty());
        assert!(bead.score.is_finite());
        (r, e) = (bead.span.ru.end, bead.span.en.end);
    }
    assert_eq!((r, e), (ru.len(), en.len()), "every sentence is in a bead");
    // Fixing an arbitrary bead of the result keeps a valid alignment, or errs.
    if let Some(fixed) = beads.get(beads.len() / 2) {
        let _ = Aligner::new().align_fixed(&ru, &en, std::slice::from_ref(fixed));
    }
    let mut out = Vec::new();
    write_tmx(&mut out, &ru, &en, &beads, &ExportOptions::default()).unwrap();
    check_tmx(&out, &ru, &en, &beads);
}

/// Reads the TMX back with an XML parser: well-formed, and every `<seg>` holds each of its
/// bead's sentences. XML 1.0 cannot carry some characters (NUL and other C0 controls, so the
/// writer drops them), and readers turn a raw `\r` into `\n` (so the writer must send it as
/// `&#13;`): the reading side here does the same.
fn check_tmx(xml: &[u8], ru: &Document, en: &Document, beads: &[sverka::Bead]) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut segs: Vec<String> = Vec::new();
    let mut in_seg = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(Event::Start(s)) if s.name().as_ref() == "seg" => {
                in_seg = true;
                segs.push(String::new());
            }
            Ok(Event::End(s)) if s.name().as_ref() == "seg" => in_seg = false,
            Ok(Event::Text(t)) if in_seg => {
                let raw = t.into_inner();
                segs.last_mut()
                    .unwrap()
                    .push_str(&raw.replace("\r\n", "\n").replace('\r', "\n"));
            }
            Ok(Event::GeneralRef(r)) if in_seg => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .expect("a valid character reference")
                        .expect("a character")
                        .to_string()
                } else {
                    match r.into_inner().as_ref() {
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "amp" => "&".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => panic!("unknown entity &{other};"),
                    }
                };
                segs.last_mut().unwrap().push_str(&c);
            }
            Ok(_) => {}
            Err(e) => panic!("the TMX is not well-formed XML: {e}"),
        }
        buf.clear();
    }
    let two_sided: Vec<_> = beads.iter().filter(|b| !b.span.is_one_sided()).collect();
    assert_eq!(
        segs.len(),
        2 * two_sided.len(),
        "two <seg> per two-sided bead"
    );
    let xml_text = |s: &str| -> String {
        s.chars()
            .filter(|&c| {
                matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
            })
            .collect::<String>()
    };
    for (k, b) in two_sided.iter().enumerate() {
        for (seg, doc, range) in [
            (&segs[2 * k], ru, &b.span.ru),
            (&segs[2 * k + 1], en, &b.span.en),
        ] {
            for i in range.clone() {
                let want = xml_text(doc.sentence_text(i));
                assert!(
                    seg.contains(want.trim()),
                    "<seg>{seg:?}</seg> lacks sentence {i} {want:?}"
                );
            }
        }
    }
}

fn target_beads(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(beads) = read_beads(&text, "input") {
        for (n_ru, n_en) in [(0, 0), (3, 5), (1_000, 1_000)] {
            let _ = check_beads(&beads, n_ru, n_en, "input");
        }
        let _: Vec<bool> = beads.iter().map(BeadIds::is_one_sided).collect();
    }
}

fn target_manifest(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(m) = Manifest::parse(&text, Path::new("base"), "input") {
        for p in m.pairs() {
            assert!(sverka::batch::check_name(&p.name).is_ok());
        }
    }
}

fn target_aligned_json(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(a) = Aligned::read_json(&path) {
        for b in &a.beads {
            assert!(b.span.ru.end <= a.ru.len() && b.span.en.end <= a.en.len());
        }
    }
}

fn target_dictionaries(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = Lexicon::parse_tsv(&text, "input");
    let _ = Lexicon::parse_hunalign(&text, "input");
    let (index, _) = halves(&text);
    let _ = Lexicon::parse_dictd(index, bytes, "input");
    let _ = Lexicon::parse_dictd(&text, b"", "input");
    let mut lex = Lexicon::empty();
    let (a, b) = halves(&text);
    lex.insert(a, b);
}

/// A fuzz target: raw input in, a panic on a bug.
type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("segment", target_segment),
    ("align", target_align),
    ("beads", target_beads),
    ("manifest", target_manifest),
    ("aligned_json", target_aligned_json),
    ("dictionaries", target_dictionaries),
];

#[test]
fn fuzz_segmenter() {
    run("segment", hostile_bytes(), target_segment);
}

#[test]
fn fuzz_aligner_and_tmx() {
    run("align", hostile_bytes(), target_align);
}

#[test]
fn fuzz_beads_reader() {
    let beadish = prop::collection::vec(
        prop::sample::select(
            &[
                "[",
                "]",
                ":",
                ",",
                " ",
                "\n",
                "0",
                "1",
                "2",
                "99",
                "-",
                "18446744073709551616",
                "x",
                "\t",
                "[0]:[0]\n",
                "[]:[]\n",
            ][..],
        ),
        0..120,
    )
    .prop_map(|v| v.concat().into_bytes());
    run("beads", prop_oneof![beadish, hostile_bytes()], target_beads);
}

#[test]
fn fuzz_manifest_reader() {
    run("manifest", hostile_bytes(), target_manifest);
}

#[test]
fn fuzz_aligned_json_reader() {
    let jsonish = prop::collection::vec(
        prop::sample::select(
            &[
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"ru\"",
                "\"en\"",
                "\"beads\"",
                "\"text\"",
                "\"paragraph\"",
                "\"score\"",
                "0",
                "1",
                "-1",
                "1e999",
                "null",
                "\"x\"",
                "[0]",
            ][..],
        ),
        0..120,
    )
    .prop_map(|v| v.concat().into_bytes());
    run(
        "aligned_json",
        prop_oneof![jsonish, hostile_bytes()],
        target_aligned_json,
    );
}

#[test]
fn fuzz_dictionary_importers() {
    run("dictionaries", hostile_bytes(), target_dictionaries);
}

/// Every file in `tests/fuzz_corpus/` goes through every target.
#[test]
fn regression_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is in {}", dir.display());
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for (name, target) in TARGETS {
            let caught = std::panic::catch_unwind(|| target(&bytes));
            assert!(caught.is_ok(), "{name} panicked on {}", path.display());
        }
    }
}
