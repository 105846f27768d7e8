//! Parallel books (`export::write_html`, `export::write_epub`): every sentence once in its
//! language's column and in order, one-sided beads, headings and the table of contents,
//! escaping of hostile text, the EPUB's structure read back, and epubcheck.

use std::collections::BTreeSet;

use sverka::export::{self, BookStyle, ExportOptions, Format, Layout, Order};
use sverka::input::ReadOptions;
use sverka::{Aligner, Bead, Document, Lang, corpus};

use crate::support::book::{
    BOOK_TAGS, epub_entries, epub_texts, epubcheck, html_beads, html_body, parse_xml, tag_names,
};

/// The bundled post, aligned.
fn post() -> (Document, Document, Vec<Bead>) {
    let ru = Document::new(corpus::DIGITAL_RESISTANCE_RU, Lang::Ru).unwrap();
    let en = Document::new(corpus::DIGITAL_RESISTANCE_EN, Lang::En).unwrap();
    let beads = Aligner::new().align(&ru, &en);
    (ru, en, beads)
}

/// A text with two chapter headings, paragraphs, an unpaired sentence on each side, and
/// hostile markup in the title, the author, a heading and a sentence.
fn chapters() -> (Document, Document, Vec<Bead>) {
    let ru = Document::presegmented(
        "Глава 1 <script>alert(1)</script>\n\nЭто было давно.\nОчень давно.\nЛишнее.\n\n\
         Второй абзац \"><img src=x onerror=alert(1)>.\n\nГлава 2\n\nКонец & начало.\n",
        Lang::Ru,
    )
    .unwrap();
    let en = Document::presegmented(
        "Chapter 1 <script>alert(1)</script>\n\nIt was long ago.\nVery long ago.\n\n\
         The second paragraph \"><img src=x onerror=alert(1)>.\nAn added line.\n\nChapter 2\n\n\
         The end & the beginning.\n",
        Lang::En,
    )
    .unwrap();
    let beads = vec![
        Bead::new(0..1, 0..1, 0.9),
        Bead::new(1..2, 1..2, 0.9),
        Bead::new(2..3, 2..3, 0.9),
        Bead::new(3..4, 3..3, 0.1),
        Bead::new(4..5, 3..4, 0.8),
        Bead::new(5..5, 4..5, 0.1),
        Bead::new(5..6, 5..6, 0.9),
        Bead::new(6..7, 6..7, 0.9),
    ];
    (ru, en, beads)
}

const HOSTILE_TITLE: &str = "<script>alert('t')</script>\"><img src=x onerror=alert(2)>";

fn options(style: BookStyle) -> ExportOptions {
    ExportOptions {
        title: Some(HOSTILE_TITLE.into()),
        author: Some("<b>A & B</b>".into()),
        book: style,
        ..ExportOptions::default()
    }
}

fn write(format: Format, d: &(Document, Document, Vec<Bead>), o: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(&mut out, format, &d.0, &d.1, &d.2, o).unwrap();
    out
}

fn html(d: &(Document, Document, Vec<Bead>), o: &ExportOptions) -> String {
    String::from_utf8(write(Format::Html, d, o)).unwrap()
}

/// The sentences of a side joined by a space, as the book's columns read together.
fn all_sentences(doc: &Document) -> String {
    (0..doc.len())
        .map(|i| doc.sentence_text(i))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The texts of a side's column joined by a space, empty sides left out.
fn column(beads: &[crate::support::book::BookBead], lang: &str) -> String {
    beads
        .iter()
        .map(|b| b.text(lang))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn book_html_of_the_post_has_every_sentence_once_in_its_column() {
    let post = post();
    let html = html(&post, &ExportOptions::default());
    let beads = html_beads(&html);
    assert_eq!(beads.len(), post.2.len());
    for (k, (b, bead)) in beads.iter().zip(&post.2).enumerate() {
        assert_eq!(b.id, format!("b{}", k + 1));
        let langs: Vec<&str> = b.sides.iter().map(|s| s.lang.as_str()).collect();
        assert_eq!(langs, ["ru", "en"], "bead {}", k + 1);
        let want: Vec<&str> = bead
            .span
            .ru
            .clone()
            .map(|i| post.0.sentence_text(i))
            .collect();
        assert_eq!(b.text("ru"), want.join(" "));
        let want: Vec<&str> = bead
            .span
            .en
            .clone()
            .map(|i| post.1.sentence_text(i))
            .collect();
        assert_eq!(b.text("en"), want.join(" "));
    }
    assert_eq!(column(&beads, "ru"), all_sentences(&post.0));
    assert_eq!(column(&beads, "en"), all_sentences(&post.1));
    // Each sentence once: no other element repeats the text.
    let s = post.1.sentence_text(3);
    assert_eq!(html.matches(&export_escape(s)).count(), 1, "{s}");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
    assert!(html.contains("<title>Parallel text</title>"));
    // The post's paragraphs are kept: one paragraph break per new paragraph of either side.
    assert!(beads.iter().filter(|b| b.has_class("pb")).count() >= post.0.paragraphs() - 1);
}

/// Text escaped as the book escapes it (the five XML characters).
fn export_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

#[test]
fn book_html_keeps_one_sided_beads_on_their_side_and_marks_headings() {
    let d = chapters();
    let html = html(&d, &options(BookStyle::default()));
    let beads = html_beads(&html);
    assert_eq!(beads.len(), 8);
    // Bead 4: a Russian sentence alone; bead 6: an English one alone.
    assert_eq!(beads[3].text("ru"), "Лишнее.");
    assert!(beads[3].sides[1].empty && beads[3].text("en").is_empty());
    assert_eq!(beads[5].text("en"), "An added line.");
    assert!(beads[5].sides[0].empty && beads[5].text("ru").is_empty());
    assert_eq!(column(&beads, "ru"), all_sentences(&d.0));
    assert_eq!(column(&beads, "en"), all_sentences(&d.1));
    // Headings: beads 1 and 7; paragraph breaks where a paragraph starts.
    let headings: Vec<usize> = (0..8).filter(|&k| beads[k].has_class("heading")).collect();
    assert_eq!(headings, [0, 6]);
    let breaks: Vec<usize> = (0..8).filter(|&k| beads[k].has_class("pb")).collect();
    assert_eq!(breaks, [1, 4, 6, 7]);
    // The table of contents links to ids that exist, in order.
    let body = html_body(&html);
    let ids = body.ids();
    let toc = body.find_all(&|n| n.name == "nav")[0];
    let links = toc.find_all(&|n| n.name == "a");
    let targets: Vec<&str> = links.iter().map(|a| a.attr("href").unwrap()).collect();
    assert_eq!(targets, ["#h1", "#h2"]);
    for t in targets {
        assert!(ids.contains(&t[1..]), "{t} links nowhere");
    }
    assert_eq!(
        links[1].deep_text(),
        "Глава 2 / Chapter 2",
        "a heading's entry"
    );
    let h2 = body.find_all(&|n| n.attr("id") == Some("h2"))[0];
    assert_eq!((h2.name.as_str(), h2.attr("lang")), ("h2", Some("ru")));
}

#[test]
fn book_html_escapes_hostile_text_and_loads_nothing() {
    let d = chapters();
    for style in [
        BookStyle::default(),
        BookStyle {
            layout: Layout::Interleaved,
            order: Order::EnRu,
            numbers: true,
            ..BookStyle::default()
        },
    ] {
        let html = html(&d, &options(style));
        let tags = tag_names(&html);
        let unexpected: Vec<&String> = tags
            .iter()
            .filter(|t| !BOOK_TAGS.contains(&t.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "tags {unexpected:?} in\n{html}");
        assert!(!html.contains("<script") && !html.contains("<img"));
        // Nothing to load: no src at all, and every link within the page.
        let body = html_body(&html);
        assert!(body.find_all(&|n| n.attr("src").is_some()).is_empty());
        for a in body.find_all(&|n| n.attr("href").is_some()) {
            assert!(a.attr("href").unwrap().starts_with('#'));
        }
        for (i, _) in html.match_indices("http") {
            let before = &html[i.saturating_sub(20)..i];
            assert!(
                !before.contains("src=") && !before.contains("href="),
                "a URL at {i}"
            );
        }
        // The hostile title, author and text are there as text.
        assert!(html.contains(&format!("<title>{}</title>", export_escape(HOSTILE_TITLE))));
        let h1 = body.find_all(&|n| n.name == "h1")[0];
        assert_eq!(h1.deep_text(), HOSTILE_TITLE);
        assert_eq!(
            body.find_all(&|n| n.has_class("author"))[0].deep_text(),
            "<b>A & B</b>"
        );
        let beads = html_beads(&html);
        assert_eq!(beads[0].text("en"), "Chapter 1 <script>alert(1)</script>");
        assert_eq!(
            beads[4].text("ru"),
            "Второй абзац \"><img src=x onerror=alert(1)>."
        );
        assert!(html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
        ));
    }
}

#[test]
fn book_html_options_order_numbers_layout_marks() {
    let d = chapters();
    let style = BookStyle {
        layout: Layout::Interleaved,
        order: Order::EnRu,
        numbers: true,
        ..BookStyle::default()
    };
    let mut o = options(style);
    o.statuses = Some(
        (0..8)
            .map(|k| if k == 2 { "automatic" } else { "approved" }.to_string())
            .collect(),
    );
    let html = html(&d, &o);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<body class=\"interleaved numbered\">"));
    let beads = html_beads(&html);
    for (k, b) in beads.iter().enumerate() {
        let langs: Vec<&str> = b.sides.iter().map(|s| s.lang.as_str()).collect();
        assert_eq!(langs, ["en", "ru"]);
        assert_eq!(b.number.as_deref(), Some((k + 1).to_string().as_str()));
        assert_eq!(b.has_class("unapproved"), k == 2, "bead {}", k + 1);
    }
    assert!(html.contains("not approved yet"));
    // Without numbers and statuses: none shown, none marked.
    let plain = self::html(&d, &ExportOptions::default());
    assert!(html_beads(&plain).iter().all(|b| b.number.is_none()));
    assert!(!plain.contains("unapproved\"") && !plain.contains("not approved yet"));
    assert!(plain.contains("<body class=\"columns\">"));
}

#[test]
fn book_html_has_print_and_colour_scheme_rules() {
    let html = html(&chapters(), &ExportOptions::default());
    for rule in [
        "@media print",
        "@page",
        "counter(page)",
        "break-inside: avoid",
        "prefers-color-scheme: dark",
        "max-width: 40rem",
    ] {
        assert!(html.contains(rule), "no {rule}");
    }
}

/// The checks of an EPUB every test here makes: the archive's layout, the package document,
/// the navigation document, every XHTML well-formed, and each language's sentences in order
/// in elements with their `xml:lang`.
fn check_epub(bytes: &[u8], d: &(Document, Document, Vec<Bead>)) -> Vec<(String, String)> {
    // mimetype first, stored, with no extra field.
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(
        &bytes[26..30],
        &[8, 0, 0, 0],
        "name length 8, no extra field"
    );
    assert_eq!(&bytes[30..38], b"mimetype");
    let entries = epub_entries(bytes);
    assert_eq!(entries[0].name, "mimetype");
    assert!(entries[0].stored);
    assert_eq!(entries[0].data, b"application/epub+zip");
    let container = parse_xml(crate::support::book::entry(
        &entries,
        "META-INF/container.xml",
    ))
    .unwrap();
    let rootfile = container.find_all(&|n| n.name == "rootfile")[0];
    assert_eq!(rootfile.attr("full-path"), Some("OEBPS/content.opf"));
    let opf_text = crate::support::book::entry(&entries, "OEBPS/content.opf");
    let opf = parse_xml(opf_text).unwrap();
    let langs: Vec<String> = opf
        .find_all(&|n| n.name == "dc:language")
        .iter()
        .map(|n| n.deep_text())
        .collect();
    assert_eq!(
        langs.iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([&"ru".to_string(), &"en".to_string()])
    );
    let id = opf.find_all(&|n| n.name == "dc:identifier")[0].deep_text();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    let modified = opf.find_all(&|n| n.attr("property") == Some("dcterms:modified"))[0];
    assert_eq!(modified.deep_text().len(), 20);
    // Every manifest item is in the archive, every XHTML is well-formed.
    let names: BTreeSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    for item in opf.find_all(&|n| n.name == "item") {
        let href = format!("OEBPS/{}", item.attr("href").unwrap());
        assert!(names.contains(href.as_str()), "{href} missing");
        if href.ends_with(".xhtml") {
            let text = crate::support::book::entry(&entries, &href);
            let doc = parse_xml(text).unwrap_or_else(|e| panic!("{href}: {e}"));
            let html = doc.find_all(&|n| n.name == "html")[0];
            assert_eq!(html.attr("xmlns"), Some("http://www.w3.org/1999/xhtml"));
            assert_eq!(html.attr("xml:lang"), html.attr("lang"));
        }
    }
    let nav = opf.find_all(&|n| n.attr("properties") == Some("nav"));
    assert_eq!(nav.len(), 1);
    let nav = parse_xml(crate::support::book::entry(&entries, "OEBPS/nav.xhtml")).unwrap();
    let toc = nav.find_all(&|n| n.attr("epub:type") == Some("toc"))[0];
    let links = toc.find_all(&|n| n.name == "a");
    assert!(!links.is_empty());
    for a in links {
        let href = a.attr("href").unwrap();
        assert!(names.contains(format!("OEBPS/{}", href.split('#').next().unwrap()).as_str()));
    }
    // The texts: each language's sentences in order, each in an element of its xml:lang.
    let texts = epub_texts(&entries);
    for (lang, doc) in [("ru", &d.0), ("en", &d.1)] {
        let got: Vec<&str> = texts
            .iter()
            .filter(|(l, _)| l == lang)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(got.join(" "), all_sentences(doc), "{lang}");
    }
    texts
}

#[test]
fn book_epub_structure_in_both_layouts() {
    let d = chapters();
    for layout in [Layout::Columns, Layout::Interleaved] {
        let style = BookStyle {
            layout,
            numbers: true,
            ..BookStyle::default()
        };
        let bytes = write(Format::Epub, &d, &options(style));
        check_epub(&bytes, &d);
        let entries = epub_entries(&bytes);
        // A chapter per heading: the two headings start the two chapters.
        let chapters: Vec<&str> = entries
            .iter()
            .map(|e| e.name.as_str())
            .filter(|n| n.starts_with("OEBPS/c0"))
            .collect();
        assert_eq!(chapters, ["OEBPS/c0001.xhtml", "OEBPS/c0002.xhtml"]);
        let opf = crate::support::book::entry(&entries, "OEBPS/content.opf");
        assert!(opf.contains(&format!(
            "<dc:title>{}</dc:title>",
            export_escape(HOSTILE_TITLE)
        )));
        assert!(opf.contains("<dc:creator>&lt;b&gt;A &amp; B&lt;/b&gt;</dc:creator>"));
        for e in &entries {
            let text = String::from_utf8_lossy(&e.data);
            assert!(
                !text.contains("<script") && !text.contains("<img"),
                "{}",
                e.name
            );
        }
    }
}

#[test]
fn book_epub_of_the_post_reads_back_in_order() {
    let post = post();
    let bytes = write(Format::Epub, &post, &ExportOptions::default());
    check_epub(&bytes, &post);
    // Chapters of at most 2 paragraphs: more chapters, the same text.
    let short = ExportOptions {
        book: BookStyle {
            chapter_paragraphs: 2,
            ..BookStyle::default()
        },
        ..ExportOptions::default()
    };
    let bytes_short = write(Format::Epub, &post, &short);
    check_epub(&bytes_short, &post);
    let count = |b: &[u8]| {
        epub_entries(b)
            .iter()
            .filter(|e| e.name.starts_with("OEBPS/c0"))
            .count()
    };
    // The post has no heading: chapters of 40 paragraphs, or of 2.
    assert_eq!(count(&bytes), post.0.paragraphs().div_ceil(40));
    assert!(count(&bytes_short) >= post.0.paragraphs() / 3);
    // sverka's own EPUB reader (an independent path: html5ever over the spine) finds every
    // sentence of both languages, in order.
    let input = sverka::input::read_bytes("post.epub", &bytes, &ReadOptions::default()).unwrap();
    let read: String = input.paragraphs().collect::<Vec<_>>().join(" ");
    for doc in [&post.0, &post.1] {
        let mut at = 0;
        for i in 0..doc.len() {
            let s = doc.sentence_text(i);
            let found = read[at..]
                .find(s)
                .unwrap_or_else(|| panic!("{s:?} missing or out of order"));
            at += found + s.len();
        }
    }
    // The identifier depends on the content only.
    let opf = |b: &[u8]| {
        let e = epub_entries(b);
        let opf = parse_xml(crate::support::book::entry(&e, "OEBPS/content.opf")).unwrap();
        opf.find_all(&|n| n.name == "dc:identifier")[0].deep_text()
    };
    assert_eq!(
        opf(&bytes),
        opf(&write(Format::Epub, &post, &ExportOptions::default()))
    );
    assert_ne!(
        opf(&bytes),
        opf(&write(Format::Epub, &chapters(), &ExportOptions::default()))
    );
}

#[test]
fn book_epubcheck_finds_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("post.epub", post(), ExportOptions::default()),
        ("chapters.epub", chapters(), options(BookStyle::default())),
        (
            "chapters-interleaved.epub",
            chapters(),
            options(BookStyle {
                layout: Layout::Interleaved,
                order: Order::EnRu,
                numbers: true,
                chapter_paragraphs: 1,
            }),
        ),
    ];
    for (name, d, o) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, write(Format::Epub, &d, &o)).unwrap();
        let Some((clean, report)) = epubcheck(&path) else {
            return;
        };
        assert!(clean, "epubcheck on {name}:\n{report}");
    }
}

#[test]
fn book_size_is_linear_in_the_text() {
    // 2,000 sentences a side, each a long word with markup characters and no space.
    let sentence = |k: usize, c: &str| format!("{}{k}.", c.repeat(300));
    let ru: Vec<String> = (0..2000).map(|k| sentence(k, "<ж&>")).collect();
    let en: Vec<String> = (0..2000).map(|k| sentence(k, "<w&>")).collect();
    let ru = Document::from_sentences(ru.iter().map(|s| (s.as_str(), 0)), Lang::Ru).unwrap();
    let en = Document::from_sentences(en.iter().map(|s| (s.as_str(), 0)), Lang::En).unwrap();
    let beads: Vec<Bead> = (0..2000)
        .map(|i| Bead::new(i..i + 1, i..i + 1, 0.5))
        .collect();
    let d = (ru, en, beads);
    let escaped: usize = [&d.0, &d.1]
        .iter()
        .map(|doc| export_escape(doc.text()).len())
        .sum();
    let o = ExportOptions {
        book: BookStyle {
            numbers: true,
            chapter_paragraphs: 1,
            ..BookStyle::default()
        },
        ..ExportOptions::default()
    };
    let html = write(Format::Html, &d, &o);
    assert!(
        html.len() <= escaped + 200 * d.2.len() + 20_000,
        "{} bytes of HTML for {escaped} bytes of escaped text",
        html.len()
    );
    let epub = write(Format::Epub, &d, &o);
    let unpacked: usize = epub_entries(&epub).iter().map(|e| e.data.len()).sum();
    assert!(
        unpacked <= escaped + 200 * d.2.len() + 20_000,
        "{unpacked} bytes unpacked for {escaped} bytes of escaped text"
    );
}
