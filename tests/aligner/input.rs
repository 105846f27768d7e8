//! Issue 19, the library: every input format gives the same paragraphs as the plain text, the
//! bundled post aligns the same from each, existing alignments import (and a TMX sverka wrote
//! comes back byte for byte), hostile files are clear errors, and generated input never
//! panics a reader.
//!
//! The fixtures in `tests/fixtures/input/` are written by `scripts/make-fixtures.py`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, RngAlgorithm, TestRng, TestRunner};
use sverka::export::{ExportOptions, Format as ExportFormat, write_tmx};
use sverka::input::{
    AlignmentFormat, AlignmentOptions, Format, Limits, ReadOptions, read_alignment,
    read_alignment_file, read_bytes, read_file, read_moses_files,
};
use sverka::review::{ExportRequest, Origin, export_applied};
use sverka::storage::Store;
use sverka::{Error, Lang, align};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

fn read(name: &str) -> sverka::Result<sverka::input::Input> {
    read_file(&fixture(name), &ReadOptions::default())
}

fn paragraphs(name: &str) -> Vec<String> {
    read(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .paragraphs()
        .map(str::to_string)
        .collect()
}

const FORMATS: &[&str] = &["docx", "odt", "epub", "html", "md", "srt"];

#[test]
fn every_reader_gives_the_same_paragraphs() {
    for lang in ["ru", "en"] {
        let expected = paragraphs(&format!("post.{lang}.txt"));
        assert_eq!(expected.len(), 6, "a title and the post's five paragraphs");
        for ext in FORMATS {
            let name = format!("post.{lang}.{ext}");
            assert_eq!(paragraphs(&name), expected, "{name}");
        }
    }
}

#[test]
fn every_encoding_gives_the_same_paragraphs_and_is_reported() {
    let expected = paragraphs("post.ru.txt");
    // KOI8-R and CP866 have no en dash: the fixture script wrote a hyphen there.
    let hyphenated: Vec<String> = expected.iter().map(|p| p.replace('–', "-")).collect();
    for (file, encoding, want) in [
        ("post.ru.txt", "UTF-8", &expected),
        ("post.ru.bom.txt", "UTF-8", &expected),
        ("post.ru.utf16le.txt", "UTF-16LE", &expected),
        ("post.ru.utf16be.txt", "UTF-16BE", &expected),
        ("post.ru.cp1251.txt", "windows-1251", &expected),
        ("post.ru.koi8r.txt", "KOI8-R", &hyphenated),
        ("post.ru.cp866.txt", "IBM866", &hyphenated),
    ] {
        let input = read(file).unwrap();
        assert_eq!(input.encoding(), Some(encoding), "{file}");
        assert!(input.encoding_detected());
        assert_eq!(&paragraphs(file), want, "{file}");
    }
    let input = read("post.ru.cp1251.txt").unwrap();
    assert!(
        input
            .report()
            .ends_with("post.ru.cp1251.txt as windows-1251")
    );
}

#[test]
fn a_named_encoding_overrides_detection() {
    let options = ReadOptions {
        encoding: Some("koi8-r".into()),
        ..ReadOptions::default()
    };
    let input = read_file(&fixture("post.ru.cp1251.txt"), &options).unwrap();
    assert_eq!(input.encoding(), Some("KOI8-R"));
    assert!(!input.encoding_detected());
    // Read in the wrong encoding on purpose: no longer the same text.
    assert_ne!(
        input.paragraphs().next(),
        paragraphs("post.ru.txt").first().map(String::as_str)
    );
    let options = ReadOptions {
        encoding: Some("no-such-encoding".into()),
        ..ReadOptions::default()
    };
    let e = read_file(&fixture("post.ru.txt"), &options).unwrap_err();
    assert!(matches!(e, Error::UnknownEncoding { .. }), "{e}");
}

#[test]
fn srt_keeps_the_timings() {
    let input = read("post.en.srt").unwrap();
    assert_eq!(input.cues().len(), 6);
    assert_eq!(input.cues()[1].timing(), "00:00:05,000 --> 00:00:09,500");
    assert!(read("post.en.txt").unwrap().cues().is_empty());
}

#[test]
fn the_post_aligns_the_same_from_every_format() {
    let doc = |name: &str, lang| read(name).unwrap().document(lang).unwrap();
    let (ru, en) = (doc("post.ru.txt", Lang::Ru), doc("post.en.txt", Lang::En));
    let expected = align(&ru, &en);
    assert!(expected.len() > 10);
    for ext in FORMATS {
        let ru = doc(&format!("post.ru.{ext}"), Lang::Ru);
        let en = doc(&format!("post.en.{ext}"), Lang::En);
        assert_eq!(align(&ru, &en), expected, "{ext}");
    }
    let ru = doc("post.ru.cp1251.txt", Lang::Ru);
    assert_eq!(align(&ru, &en), expected, "windows-1251");
}

/// A TMX imported into a review database and exported from it.
fn tmx_round_trip(tmx: &[u8]) -> Vec<u8> {
    let a = read_alignment("post.tmx", tmx, None, &AlignmentOptions::default()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let doc = store
        .import_alignment("post", &a.ru, &a.en, &a.beads)
        .unwrap()
        .unwrap();
    assert_eq!(store.document_origin(doc).unwrap(), Origin::Imported);
    // A second import of the same title adds nothing.
    assert_eq!(
        store
            .import_alignment("post", &a.ru, &a.en, &a.beads)
            .unwrap(),
        None
    );
    let req = ExportRequest {
        format: ExportFormat::Tmx,
        approved_only: false,
        status_column: false,
        book: Default::default(),
        findings: false,
    };
    export_applied(&store.applied(doc).unwrap(), doc, req)
        .unwrap()
        .0
}

/// A TMX sverka wrote, imported into the review database and exported again, is the same
/// bytes (sverka's TMX has no dates).
#[test]
fn a_tmx_sverka_wrote_comes_back_byte_for_byte() {
    let ru = read("post.ru.txt").unwrap().document(Lang::Ru).unwrap();
    let en = read("post.en.txt").unwrap().document(Lang::En).unwrap();
    let beads = align(&ru, &en);
    let mut tmx = Vec::new();
    write_tmx(&mut tmx, &ru, &en, &beads, &ExportOptions::default()).unwrap();
    // The post leaves sentences unpaired, which have no translation unit: the unit ids of its
    // TMX run 1, 2, 4 …, and the import numbers its units 1, 2, 3. All else is the same.
    assert!(beads.iter().any(|b| b.span.is_one_sided()));
    let again = tmx_round_trip(&tmx);
    let units = |b: &[u8]| -> String {
        String::from_utf8_lossy(b)
            .lines()
            .filter(|l| !l.contains("<tu tuid="))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(units(&again), units(&tmx));
    assert_ne!(again, tmx);
    // A TMX of pairs only (as the server exports it) comes back byte for byte.
    assert_eq!(
        String::from_utf8(tmx_round_trip(&again)).unwrap(),
        String::from_utf8(again).unwrap()
    );
}

#[test]
fn a_translate_toolkit_tmx_imports() {
    let a = read_alignment_file(
        &fixture("translate-toolkit.tmx"),
        None,
        &AlignmentOptions::default(),
    )
    .unwrap();
    assert_eq!((a.ru.len(), a.en.len(), a.beads.len()), (3, 3, 3));
    assert_eq!(a.en.sentence_text(2), "\"Yes,\" he said.");
    assert!(a.ru.sentence_text(0).starts_with("Спасибо за поддержку"));
    // Confidences come from the scorer: the right pair (thank you) above the loose one.
    assert!(a.beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
}

#[test]
fn tsv_csv_and_moses_give_the_same_units() {
    let options = AlignmentOptions::default();
    let tsv = read_alignment_file(&fixture("pairs.tsv"), None, &options).unwrap();
    let csv = read_alignment_file(&fixture("pairs.csv"), None, &options).unwrap();
    let moses = read_moses_files(&fixture("pairs.ru"), &fixture("pairs.en"), &options).unwrap();
    let tmx = read_alignment_file(&fixture("translate-toolkit.tmx"), None, &options).unwrap();
    for other in [&csv, &moses, &tmx] {
        assert_eq!(other.ru, tsv.ru);
        assert_eq!(other.en, tsv.en);
        assert_eq!(other.beads, tsv.beads);
    }
    assert_eq!(tsv.ru.sentence_text(2), "«Да», — сказал он.");
    // --split: the first Russian unit holds two sentences and stays one bead.
    let split = AlignmentOptions {
        split: true,
        ..AlignmentOptions::default()
    };
    let a = read_alignment_file(&fixture("pairs.tsv"), Some(AlignmentFormat::Tsv), &split).unwrap();
    assert_eq!(a.beads.len(), 3);
    assert!(a.ru.len() >= 3);
}

/// The error of reading a hostile fixture.
fn hostile(name: &str) -> Error {
    let path = fixture(&format!("hostile/{name}"));
    let result = match AlignmentFormat::from_name(name) {
        Some(format) => {
            read_alignment_file(&path, Some(format), &AlignmentOptions::default()).map(|_| ())
        }
        None => read_file(&path, &ReadOptions::default()).map(|_| ()),
    };
    let e = result.expect_err(name);
    assert!(e.to_string().contains(name), "{name}: {e}");
    e
}

#[test]
fn zip_bombs_are_refused() {
    let e = hostile("bomb.docx");
    assert!(matches!(e, Error::ArchiveLimit { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("word/document.xml unpacks to more than 100 times"),
        "{e}"
    );
    // Its declared size is checked before unpacking anything.
    let limits = Limits {
        max_unpacked: 1 << 20,
        ..Limits::default()
    };
    let options = ReadOptions {
        limits,
        ..ReadOptions::default()
    };
    let e = read_file(&fixture("hostile/bomb.docx"), &options).unwrap_err();
    assert!(e.to_string().contains("its entries unpack to"), "{e}");
    // Too many entries.
    let options = ReadOptions {
        limits: Limits {
            max_entries: 3,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    let e = read_file(&fixture("post.en.epub"), &options).unwrap_err();
    assert!(
        e.to_string().contains("entries, more than the limit of 3"),
        "{e}"
    );
}

#[test]
fn huge_files_are_refused() {
    let options = ReadOptions {
        limits: Limits {
            max_bytes: 100,
            ..Limits::default()
        },
        ..ReadOptions::default()
    };
    let e = read_file(&fixture("post.ru.txt"), &options).unwrap_err();
    assert!(matches!(e, Error::TooLarge { limit: 100, .. }), "{e}");
    let e = read_bytes("big.html", &[b' '; 101], &options).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e}");
}

#[test]
fn encrypted_and_damaged_archives_are_clear_errors() {
    for name in ["encrypted-entry.docx", "password.docx"] {
        let e = hostile(name);
        assert!(matches!(e, Error::Encrypted { .. }), "{name}: {e}");
        assert!(e.to_string().contains("encrypted (password-protected)"));
    }
    for name in ["truncated.docx", "corrupt.epub"] {
        let e = hostile(name);
        assert!(matches!(e, Error::BadArchive { .. }), "{name}: {e}");
    }
}

#[test]
fn xml_entities_are_never_expanded() {
    for name in ["xxe.docx", "laughs.tmx", "xxe.tmx", "undefined-entity.tmx"] {
        let e = hostile(name);
        assert!(matches!(e, Error::XmlEntity { .. }), "{name}: {e}");
        assert!(e.to_string().contains("never expands XML entities"), "{e}");
    }
}

#[test]
fn a_file_of_another_format_says_what_it_is() {
    let e = hostile("odt-named.docx");
    assert_eq!(
        e.to_string(),
        format!(
            "{} is not a DOCX document: it is an ODT document",
            fixture("hostile/odt-named.docx").display()
        )
    );
    let e = hostile("docx-named.txt");
    assert!(
        e.to_string()
            .ends_with("is not plain text: it is a DOCX document"),
        "{e}"
    );
    let e = hostile("picture.txt");
    assert!(e.to_string().ends_with("it is a PNG picture"), "{e}");
    let e = hostile("binary.txt");
    assert!(matches!(e, Error::NotText { .. }), "{e}");
    let e = read_bytes("a.docx", "plain words".as_bytes(), &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("not a ZIP archive"), "{e}");
}

#[test]
fn scripts_in_html_are_not_text() {
    assert_eq!(paragraphs("hostile/scripts.html"), ["Текст.", "Ещё."]);
}

#[test]
fn bad_alignments_name_the_row_or_language() {
    let e = hostile("no-english.tmx");
    assert!(
        e.to_string()
            .ends_with("has no en text (languages found: de-DE, ru-RU)"),
        "{e}"
    );
    let e = hostile("ragged.tsv");
    assert!(
        matches!(
            e,
            Error::RaggedRow {
                row: 3,
                found: 4,
                expected: 2,
                ..
            }
        ),
        "{e}"
    );
    let e = hostile("one-column.csv");
    assert!(e.to_string().contains("line 1: one cell"), "{e}");
    let e = read_moses_files(
        &fixture("hostile/unequal.ru"),
        &fixture("hostile/unequal.en"),
        &AlignmentOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Error::LineCountMismatch {
                ru_lines: 2,
                en_lines: 1,
                ..
            }
        ),
        "{e}"
    );
    let e = hostile("bad-cue.srt");
    assert!(
        e.to_string().contains("line 6: expected a timing line"),
        "{e}"
    );
}

// ----- fuzzing: generated input never panics a reader (as tests/fuzz_regressions.rs) -----

/// Generated inputs per target in a plain `cargo test` run (`SVERKA_FUZZ_CASES` for more).
const DEFAULT_CASES: u32 = 128;

fn cases() -> u32 {
    crate::fuzz_regressions::cases_or(DEFAULT_CASES)
}

/// Pieces of markup hostile documents are made of.
const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    ";",
    "&amp;",
    "&#",
    "&#x",
    "&lt;",
    "&nbsp;",
    "&x;",
    "\"",
    "'",
    "=",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\0",
    "\u{feff}",
    "<p>",
    "</p>",
    "<div>",
    "<script>",
    "</script>",
    "<style>",
    "<nav>",
    "<header>",
    "<article>",
    "<br>",
    "<td>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [",
    "<!ENTITY a \"b\">",
    "]>",
    "<?xml version=\"1.0\"?>",
    "<tmx>",
    "</tmx>",
    "<tu>",
    "</tu>",
    "<tuv xml:lang=\"ru\">",
    "<tuv xml:lang=\"en-US\">",
    "</tuv>",
    "<seg>",
    "</seg>",
    "<bpt>",
    "<prop type=\"x-confidence\">",
    "</prop>",
    "0.5",
    "Привет.",
    "Hello.",
    "# ",
    "- ",
    "```",
    "---",
    "|",
    "[^1]",
    "![",
    "](",
    "1\n",
    "00:00:01,000 --> 00:00:02,000\n",
    "-->",
    ",",
    "\"\"",
    "\t\"",
    "\"\t",
    "ru\ten\n",
];

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..200)
            .prop_map(|v| v.concat().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..800),
    ]
}

/// The bytes of a fixture archive with a few bytes changed (from the end of its header on,
/// so that most stay ZIP archives).
fn damaged_archive(name: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let len = bytes.len();
    prop::collection::vec((30..len, any::<u8>()), 1..8).prop_map(move |edits| {
        let mut b = bytes.clone();
        for (at, value) in edits {
            b[at] = value;
        }
        b
    })
}

fn run(name: &str, strategy: impl Strategy<Value = Vec<u8>>, target: impl Fn(&[u8])) {
    let mut runner = TestRunner::new_with_rng(
        PropConfig {
            cases: cases(),
            failure_persistence: None,
            ..PropConfig::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed(name)),
    );
    if let Err(e) = runner.run(&strategy, |input| {
        target(&input);
        Ok(())
    }) {
        panic!("{name}: {e}");
    }
}

fn seed(name: &str) -> [u8; 32] {
    let extra = std::env::var("SVERKA_FUZZ_SEED").unwrap_or_default();
    let h = sverka::batch::fnv1a(format!("i19{name}{extra}").as_bytes());
    let mut out = [0u8; 32];
    for (k, chunk) in out.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(h.rotate_left(k as u32 * 16) ^ k as u64).to_le_bytes());
    }
    out
}

/// Reads `bytes` as every input format; a success must give paragraphs without line breaks.
fn target_inputs(bytes: &[u8]) {
    for name in [
        "x.txt", "x.html", "x.md", "x.srt", "x.docx", "x.odt", "x.epub",
    ] {
        if let Ok(input) = read_bytes(name, bytes, &ReadOptions::default()) {
            assert_eq!(Format::from_name(name), input.format());
            for p in input.paragraphs() {
                assert!(!p.contains('\n'));
            }
            let _ = input.document(Lang::Ru);
        }
    }
}

/// Reads `bytes` as every alignment format; a success must be a valid tiling.
fn target_alignments(bytes: &[u8]) {
    for name in ["x.tmx", "x.tsv", "x.csv", "x.json"] {
        if let Ok(a) = read_alignment(name, bytes, None, &AlignmentOptions::default()) {
            let (mut r, mut e) = (0, 0);
            for b in &a.beads {
                assert_eq!((b.span.ru.start, b.span.en.start), (r, e));
                assert!((0.0..=1.0).contains(&b.score));
                (r, e) = (b.span.ru.end, b.span.en.end);
            }
            assert_eq!((r, e), (a.ru.len(), a.en.len()));
        }
    }
}

#[test]
fn fuzz_text_and_markup_readers() {
    run("inputs", hostile_bytes(), target_inputs);
}

#[test]
fn fuzz_alignment_readers() {
    run("alignments", hostile_bytes(), target_alignments);
}

#[test]
fn fuzz_damaged_archives() {
    for name in ["post.ru.docx", "post.ru.odt", "post.en.epub"] {
        run(name, damaged_archive(name), target_inputs);
    }
}

/// Every hostile fixture goes through every target (the regression corpus of issue 19).
#[test]
fn hostile_fixtures_never_panic() {
    let dir = fixture("hostile");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let caught = std::panic::catch_unwind(|| {
            target_inputs(&bytes);
            target_alignments(&bytes);
        });
        assert!(caught.is_ok(), "panicked on {}", path.display());
    }
}
