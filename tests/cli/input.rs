//! Issue 19, the program: `sverka align`, `segment`, `batch` and `import` on every input
//! format; the encoding report and `--encoding`; existing alignments imported into the review
//! database (once per title); exit code 2 with a clear message on bad input, nothing stored.

use std::path::{Path, PathBuf};

use sverka::review::Origin;

use crate::support::run::{stderr, stdout, sverka};
use sverka::storage::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

/// Runs `sverka args…`, checks that it succeeds, and returns its standard output.
fn ok(args: &[&std::ffi::OsStr]) -> String {
    let o = sverka(args);
    assert!(o.status.success(), "sverka {args:?}: {}", stderr(&o));
    stdout(&o)
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn align(ru: &str, en: &str) -> String {
    ok(&[
        os("align"),
        fixture(ru).as_os_str(),
        fixture(en).as_os_str(),
    ])
}

#[test]
fn align_reads_every_format() {
    let expected = align("post.ru.txt", "post.en.txt");
    assert!(expected.lines().count() > 10);
    for ext in ["docx", "odt", "epub", "html", "md", "srt"] {
        let got = align(&format!("post.ru.{ext}"), &format!("post.en.{ext}"));
        assert_eq!(got, expected, "{ext}");
    }
    assert_eq!(align("post.ru.docx", "post.en.html"), expected);
}

#[test]
fn the_encoding_is_reported_on_stderr_and_can_be_named() {
    let o = sverka(&[
        os("align"),
        fixture("post.ru.cp1251.txt").as_os_str(),
        fixture("post.en.txt").as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), align("post.ru.txt", "post.en.txt"));
    let report = stderr(&o);
    assert!(
        report.contains("post.ru.cp1251.txt as windows-1251"),
        "{report}"
    );
    // UTF-8 is not worth a line.
    let o = sverka(&[
        os("segment"),
        fixture("post.ru.txt").as_os_str(),
        os("-l"),
        os("ru"),
    ]);
    assert_eq!(stderr(&o), "");
    let utf8 = stdout(&o);
    // Named: the file is read as KOI8-R, and says so.
    let o = sverka(&[
        os("segment"),
        fixture("post.ru.cp1251.txt").as_os_str(),
        os("-l"),
        os("ru"),
        os("--encoding"),
        os("koi8-r"),
    ]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("as KOI8-R"), "{}", stderr(&o));
    assert_ne!(stdout(&o), utf8);
    let o = sverka(&[
        os("segment"),
        fixture("post.ru.cp1251.txt").as_os_str(),
        os("-l"),
        os("ru"),
        os("--encoding"),
        os("cp1251"),
    ]);
    assert_eq!(stdout(&o), utf8);
    let o = sverka(&[
        os("segment"),
        fixture("post.ru.txt").as_os_str(),
        os("-l"),
        os("ru"),
        os("--encoding"),
        os("klingon"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown encoding “klingon”"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    for (ru, message) in [
        (
            "hostile/odt-named.docx",
            "is not a DOCX document: it is an ODT document",
        ),
        ("hostile/bomb.docx", "refused (a ZIP bomb?)"),
        ("hostile/password.docx", "is encrypted (password-protected)"),
        ("hostile/xxe.docx", "sverka never expands XML entities"),
        ("hostile/truncated.docx", "is a damaged archive"),
        ("hostile/binary.txt", "is not text"),
    ] {
        let o = sverka(&[
            os("align"),
            fixture(ru).as_os_str(),
            fixture("post.en.txt").as_os_str(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{ru}");
        let err = stderr(&o);
        assert!(
            err.starts_with("sverka: ") && err.contains(message),
            "{ru}: {err}"
        );
        assert!(err.contains(ru), "{err}");
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn import_tmx_twice_then_export_the_same_tmx() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("review.db");
    let tmx = tmp.path().join("post.tmx");
    ok(&[
        os("align"),
        fixture("post.ru.txt").as_os_str(),
        fixture("post.en.txt").as_os_str(),
        os("-f"),
        os("tmx"),
        os("-o"),
        tmx.as_os_str(),
    ]);
    let args = [
        os("import"),
        os("--tmx"),
        tmx.as_os_str(),
        os("--db"),
        db.as_os_str(),
    ];
    let first = ok(&args);
    assert!(
        first.starts_with("imported ") && first.contains("as document 1 “post”"),
        "{first}"
    );
    let second = ok(&args);
    assert!(second.contains("“post” is already in"), "{second}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.documents().unwrap().len(), 1);
    assert_eq!(store.document_origin(1).unwrap(), Origin::Imported);
    drop(store);
    let exported = ok(&[
        os("export"),
        os("--db"),
        db.as_os_str(),
        os("--doc"),
        os("1"),
        os("--format"),
        os("tmx"),
    ]);
    let written = std::fs::read_to_string(&tmx).unwrap();
    // Unit ids are renumbered when the aligner left sentences unpaired (no unit for them).
    let units = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.contains("<tu tuid="))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(units(&exported), units(&written));
}

#[test]
fn import_tsv_csv_moses_and_a_translate_toolkit_tmx() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("review.db");
    for (flag, files, title) in [
        ("--tsv", vec!["pairs.tsv"], "pairs"),
        ("--tmx", vec!["translate-toolkit.tmx"], "translate-toolkit"),
    ] {
        let mut args = vec![os("import"), os(flag)];
        let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
        args.extend(paths.iter().map(|p| p.as_os_str()));
        args.extend([os("--db"), db.as_os_str()]);
        let out = ok(&args);
        assert!(out.contains(&format!("“{title}”: 3 beads")), "{out}");
    }
    let out = ok(&[
        os("import"),
        os("--tsv"),
        fixture("pairs.csv").as_os_str(),
        os("--title"),
        os("CSV"),
        os("--split"),
        os("--db"),
        db.as_os_str(),
    ]);
    assert!(out.contains("“CSV”: 3 beads"), "{out}");
    let out = ok(&[
        os("import"),
        os("--moses"),
        fixture("pairs.ru").as_os_str(),
        fixture("pairs.en").as_os_str(),
        os("--title"),
        os("Moses"),
        os("--db"),
        db.as_os_str(),
    ]);
    assert!(out.contains("“Moses”: 3 beads"), "{out}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.documents().unwrap().len(), 4);
}

#[test]
fn a_bad_alignment_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("review.db");
    for (flag, files, message) in [
        (
            "--tmx",
            &["no-english.tmx"][..],
            "has no en text (languages found: de-DE, ru-RU)",
        ),
        (
            "--tsv",
            &["ragged.tsv"],
            "row 3: 4 cells where the first row has 2",
        ),
        ("--tmx", &["laughs.tmx"], "never expands XML entities"),
        ("--moses", &["unequal.ru", "unequal.en"], "has 2 lines but"),
    ] {
        let mut all: Vec<std::ffi::OsString> = vec!["import".into(), flag.into()];
        all.extend(
            files
                .iter()
                .map(|f| fixture(&format!("hostile/{f}")).into_os_string()),
        );
        all.extend(["--db".into(), db.clone().into_os_string()]);
        let o = sverka(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
    }
    // The input is read before the database is opened: none was created.
    assert!(!db.exists());
    let o = sverka(&[os("import"), os("--db"), db.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "a source is required");
}

#[test]
fn batch_pairs_a_folder_of_any_format() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = tmp.path().join("pairs");
    std::fs::create_dir(&pairs).unwrap();
    for (from, to) in [
        ("post.ru.docx", "a.ru.docx"),
        ("post.en.epub", "a.en.epub"),
        ("post.ru.cp1251.txt", "b.ru.txt"),
        ("post.en.md", "b.en.md"),
    ] {
        std::fs::copy(fixture(from), pairs.join(to)).unwrap();
    }
    let out = tmp.path().join("out");
    let report = ok(&[
        os("batch"),
        pairs.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("-q"),
    ]);
    assert!(report.contains("2 aligned, 0 failed"), "{report}");
    let expected = align("post.ru.txt", "post.en.txt");
    for name in ["a", "b"] {
        let got = std::fs::read_to_string(out.join(format!("{name}.tsv"))).unwrap();
        assert_eq!(got, expected, "{name}");
    }
}
