//! `--format html` and `--format epub` of `sverka align`, `batch` and `export`: the book of the
//! bundled post matches its TSV bead for bead, the book options, EPUB refused on standard
//! output, and the errors of bad options.

use std::ffi::OsStr;
use std::path::Path;

use crate::support::book::{entry, epub_entries, html_beads};
use crate::support::run::{stderr, stdout, sverka};

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// Runs sverka, requires success, returns standard output.
fn ok<S: AsRef<OsStr>>(args: &[S]) -> String {
    let o = sverka(args);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// Runs sverka, requires exit code 2 and nothing on standard output; returns standard error.
fn fails<S: AsRef<OsStr>>(args: &[S]) -> String {
    let o = sverka(args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "wrote {} bytes", o.stdout.len());
    stderr(&o)
}

#[test]
fn book_html_of_the_post_matches_its_tsv() {
    let tsv = ok(&["align"]);
    let html = ok(&["align", "-f", "html"]);
    let beads = html_beads(&html);
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(beads.len(), rows.len());
    for (b, row) in beads.iter().zip(rows) {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!((b.text("ru"), b.text("en")), (cells[0], cells[1]));
    }
    assert!(html.contains("<title>Digital Resistance (Pavel Durov, April 2018)</title>"));
    assert!(html.contains("<body class=\"columns\">"));
}

#[test]
fn book_options_reach_the_html() {
    let html = ok(&[
        "align",
        "-f",
        "html",
        "--order",
        "en,ru",
        "--numbers",
        "--layout",
        "interleaved",
        "--title",
        "<Мой> текст",
        "--author",
        "Павел Дуров",
    ]);
    assert!(html.contains("<body class=\"interleaved numbered\">"));
    assert!(html.contains("<title>&lt;Мой&gt; текст</title>"));
    assert!(html.contains("<p class=\"author\">Павел Дуров</p>"));
    let beads = html_beads(&html);
    assert_eq!(beads[0].sides[0].lang, "en");
    assert_eq!(beads[0].number.as_deref(), Some("1"));
}

#[test]
fn book_epub_is_refused_on_standard_output() {
    let err = fails(&["align", "-f", "epub"]);
    assert!(
        err.contains("EPUB is a binary file") && err.contains("-o FILE"),
        "{err}"
    );
    let err = fails(&[
        "export",
        "--db",
        "no-such.db",
        "--doc",
        "1",
        "--format",
        "epub",
    ]);
    assert!(err.contains("-o FILE"), "{err}");
}

#[test]
fn book_bad_options_are_errors() {
    let err = fails(&["align", "-f", "html", "--order", "ru,de"]);
    assert!(err.contains("ru,en or en,ru"), "{err}");
    let err = fails(&["align", "-f", "html", "--layout", "grid"]);
    assert!(err.contains("columns or interleaved"), "{err}");
    let err = fails(&["align", "--layout", "interleaved"]);
    assert!(
        err.contains("--layout goes with --format html or --format epub"),
        "{err}"
    );
    let err = fails(&["align", "-f", "tmx", "--numbers"]);
    assert!(err.contains("--numbers goes with"), "{err}");
    let err = fails(&[
        "align",
        "-f",
        "epub",
        "-o",
        "x.epub",
        "--chapter-paragraphs",
        "0",
    ]);
    assert!(err.contains("at least 1"), "{err}");
}

/// Copies the bundled post into `dir` as NAME.ru.txt and NAME.en.txt.
fn post_pair(dir: &Path, name: &str) {
    for lang in ["ru", "en"] {
        std::fs::copy(
            crate::support::package_path(&format!("corpus/digital-resistance.{lang}.txt")),
            dir.join(format!("{name}.{lang}.txt")),
        )
        .unwrap();
    }
}

#[test]
fn book_epub_from_align_and_batch() {
    let tmp = tempfile::tempdir().unwrap();
    post_pair(tmp.path(), "resistance");
    let epub = tmp.path().join("book.epub");
    let ru = tmp.path().join("resistance.ru.txt");
    let en = tmp.path().join("resistance.en.txt");
    let out = ok(&[
        os("align"),
        ru.as_os_str(),
        en.as_os_str(),
        os("-f"),
        os("epub"),
        os("-o"),
        epub.as_os_str(),
    ]);
    assert!(out.is_empty());
    let bytes = std::fs::read(&epub).unwrap();
    let entries = epub_entries(&bytes);
    assert_eq!(entries[0].name, "mimetype");
    // The title is the Russian file's name without `.ru.txt`.
    assert!(entry(&entries, "OEBPS/content.opf").contains("<dc:title>resistance</dc:title>"));

    // Files named ru.txt and en.txt: both names.
    std::fs::copy(&ru, tmp.path().join("ru.txt")).unwrap();
    std::fs::copy(&en, tmp.path().join("en.txt")).unwrap();
    let html = ok(&[
        os("align"),
        tmp.path().join("ru.txt").as_os_str(),
        tmp.path().join("en.txt").as_os_str(),
        os("-f"),
        os("html"),
    ]);
    assert!(html.contains("<title>ru.txt ↔ en.txt</title>"));
    std::fs::remove_file(tmp.path().join("ru.txt")).unwrap();
    std::fs::remove_file(tmp.path().join("en.txt")).unwrap();

    let books = tmp.path().join("books");
    let report = ok(&[
        os("batch"),
        tmp.path().as_os_str(),
        os("--out"),
        books.as_os_str(),
        os("-f"),
        os("html"),
        os("--numbers"),
        os("-q"),
    ]);
    assert!(report.contains("1 aligned, 0 failed"), "{report}");
    let html = std::fs::read_to_string(books.join("resistance.html")).unwrap();
    assert!(html.contains("<title>resistance</title>"));
    assert_eq!(html_beads(&html)[0].number.as_deref(), Some("1"));
}

#[test]
fn book_export_from_the_review_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("review.db");
    let tsv = tmp.path().join("greetings.tsv");
    std::fs::write(&tsv, "Привет.\tHello.\nПока.\tBye.\n").unwrap();
    ok(&[
        os("import"),
        os("--tsv"),
        tsv.as_os_str(),
        os("--db"),
        db.as_os_str(),
    ]);
    let html = ok(&[
        os("export"),
        os("--db"),
        db.as_os_str(),
        os("--doc"),
        os("1"),
        os("--format"),
        os("html"),
    ]);
    assert!(html.contains("<title>greetings</title>"), "{html}");
    let beads = html_beads(&html);
    assert_eq!(
        beads
            .iter()
            .map(|b| (b.text("ru"), b.text("en")))
            .collect::<Vec<_>>(),
        [("Привет.", "Hello."), ("Пока.", "Bye.")]
    );
    // Nothing approved yet: every bead marked.
    assert!(beads.iter().all(|b| b.has_class("unapproved")));
    let epub = tmp.path().join("g.epub");
    ok(&[
        os("export"),
        os("--db"),
        db.as_os_str(),
        os("--doc"),
        os("1"),
        os("--format"),
        os("epub"),
        os("--title"),
        os("Приветствия"),
        os("-o"),
        epub.as_os_str(),
    ]);
    let entries = epub_entries(&std::fs::read(&epub).unwrap());
    assert!(entry(&entries, "OEBPS/content.opf").contains("<dc:title>Приветствия</dc:title>"));
}
