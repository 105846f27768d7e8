//! The parallel book (issue 23) in Debian's Chromium over WebDriver: two columns on a desktop,
//! stacked on a phone, no script; printed to PDF (WebDriver's print, A4 and Letter), every bead
//! of a short fixture on one page, with page numbers. The screenshots go to
//! `docs/screenshots/` with `SVERKA_UPDATE_SCREENSHOTS=1`.
//!
//! Skipped with a printed reason when Chromium, chromedriver or `pdftotext`/`pdftoppm`
//! (Debian's poppler-utils, which `.ci/browser-setup.sh` installs) are missing, unless
//! `SVERKA_REQUIRE_BROWSER=1`.

use std::path::PathBuf;
use std::process::Command;

use fantoccini::Client;
use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use serde_json::Value;

use crate::support::browser::{Driver, eval, screenshot, serve, skip};

async fn number(c: &Client, js: &str) -> f64 {
    eval(c, js)
        .await
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {js}"))
}

/// Whether poppler's `pdftotext` and `pdftoppm` run here; otherwise the skip-or-fail rule.
fn poppler() -> bool {
    let ok = ["pdftotext", "pdftoppm"].iter().all(|p| {
        Command::new(p)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    });
    if !ok {
        crate::support::data::skip_or_fail(
            "SVERKA_REQUIRE_BROWSER",
            "pdftotext or pdftoppm is missing (Debian's poppler-utils; .ci/browser-setup.sh installs it)",
        );
    }
    ok
}

/// The text of each page of a PDF, by `pdftotext -layout`.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The short fixture: 9 beads, each side one paragraph of a marker (`B3` … `E3`, `Н3` … `К3`)
/// around some 90 words, so that two or three beads fill a page.
fn fixture() -> (String, String) {
    let mut ru = String::new();
    let mut en = String::new();
    for k in 1..=9 {
        let words_ru = "Каждое слово этого абзаца стоит здесь лишь для того, чтобы он занял место на странице. "
            .repeat(7);
        let words_en =
            "Every word of this paragraph is here only so that it takes room on the page. "
                .repeat(7);
        ru += &format!("Н{k} {}К{k}.\n", words_ru);
        en += &format!("B{k} {}E{k}.\n", words_en);
    }
    (ru, en)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn book_browser_columns_phone_and_print() {
    if skip() || !poppler() {
        return;
    }
    let (base, state, _, post) = serve().await;
    let (ru, en) = fixture();
    let short = state
        .write(move |s| {
            let ru = sverka::Document::new(ru, sverka::Lang::Ru).unwrap();
            let en = sverka::Document::new(en, sverka::Lang::En).unwrap();
            // One bead per paragraph: every sentence of paragraph k on each side.
            let mut beads = Vec::new();
            let (mut r, mut e) = (0, 0);
            for p in 0..9 {
                let r_end = r + ru.sentences()[r..]
                    .iter()
                    .take_while(|s| s.paragraph == p)
                    .count();
                let e_end = e + en.sentences()[e..]
                    .iter()
                    .take_while(|s| s.paragraph == p)
                    .count();
                beads.push(sverka::Bead::new(r..r_end, e..e_end, 0.9));
                (r, e) = (r_end, e_end);
            }
            s.create_document(None, "Print fixture", &ru, &en, &beads)
        })
        .await
        .unwrap()
        .unwrap();
    let driver = Driver::start();

    // A desktop: two columns, Russian left, no script.
    let wide = driver.browser("book-wide").await;
    wide.goto(&format!("{base}/documents/{post}/book"))
        .await
        .unwrap();
    assert_eq!(number(&wide, "document.scripts.length").await, 0.0);
    let first: Value = eval(
        &wide,
        "(() => { const b = Array.from(document.querySelectorAll('.bead')).find(b => !b.querySelector('.empty'));\
         const [r, e] = b.querySelectorAll('.side'); const a = r.getBoundingClientRect(), c = e.getBoundingClientRect();\
         return [r.lang, e.lang, a.left, c.left, a.top, c.top]; })()",
    )
    .await;
    assert_eq!(
        (first[0].as_str(), first[1].as_str()),
        (Some("ru"), Some("en"))
    );
    assert!(
        first[2].as_f64() < first[3].as_f64(),
        "Russian left of English: {first}"
    );
    assert_eq!(first[4], first[5], "side by side: {first}");
    screenshot(&wide, "screenshots/book-1400.png").await;
    wide.close().await.unwrap();

    // A phone: each bead's sides one under the other, nothing wider than the screen.
    let phone = driver.browser_sized("book-phone", 400, 800).await;
    phone
        .goto(&format!("{base}/documents/{post}/book"))
        .await
        .unwrap();
    let stacked: Value = eval(
        &phone,
        "(() => { const b = Array.from(document.querySelectorAll('.bead')).find(b => !b.querySelector('.empty'));\
         const [r, e] = b.querySelectorAll('.side'); const a = r.getBoundingClientRect(), c = e.getBoundingClientRect();\
         return [a.left, c.left, a.bottom, c.top]; })()",
    )
    .await;
    assert_eq!(stacked[0], stacked[1], "one column: {stacked}");
    assert!(
        stacked[2].as_f64() <= stacked[3].as_f64(),
        "stacked: {stacked}"
    );
    let overflow = number(
        &phone,
        "document.documentElement.scrollWidth - Math.min(window.innerWidth, 400)",
    )
    .await;
    assert!(overflow <= 0.5, "wider than the phone by {overflow} px");
    screenshot(&phone, "screenshots/book-400.png").await;
    phone.close().await.unwrap();

    // Printed: every bead on one page, pages numbered, on A4 and on Letter.
    let printer = driver.browser("book-print").await;
    printer
        .goto(&format!("{base}/documents/{short}/book"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, size) in [("a4", PrintSize::A4), ("letter", PrintSize::US_LETTER)] {
        let config = PrintConfiguration::builder()
            .size(size)
            .margins(PrintMargins {
                top: 0.0,
                bottom: 0.0,
                left: 0.0,
                right: 0.0,
            })
            .build()
            .unwrap();
        let pdf = printer.print(config).await.unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let file = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&file, &pdf).unwrap();
        let pages = pages(&file);
        assert!(
            (3..=9).contains(&pages.len()),
            "{name}: {} pages for 9 beads of a third to half a page",
            pages.len()
        );
        for k in 1..=9 {
            for (start, end) in [
                (format!("Н{k} "), format!("К{k}.")),
                (format!("B{k} "), format!("E{k}.")),
            ] {
                let page = pages
                    .iter()
                    .position(|p| p.contains(&start))
                    .unwrap_or_else(|| panic!("{name}: no {start}"));
                assert!(
                    pages[page].contains(&end),
                    "{name}: bead {k} split across pages {} and {}",
                    page + 1,
                    page + 2
                );
            }
        }
        // Page numbers at the foot of every page but the first (@page margin boxes).
        for (i, p) in pages.iter().enumerate().skip(1) {
            let last = p.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
            assert_eq!(last.trim(), (i + 1).to_string(), "{name}: page {}", i + 1);
        }
        if name == "a4" {
            printed_page(&file, &dir.path().join("page")).await;
        }
    }
    printer.close().await.unwrap();
}

/// Renders the first page of `pdf` as the printed-page picture of the docs.
async fn printed_page(pdf: &std::path::Path, prefix: &std::path::Path) {
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(prefix)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let png = std::fs::read(prefix.with_extension("png")).unwrap();
    let dir = if std::env::var("SVERKA_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs")
    } else {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    let file = dir.join("screenshots/book-print.png");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, png).unwrap();
}
