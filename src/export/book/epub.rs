//! The parallel book as an EPUB 3 file.

use std::fmt::Write as _;
use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{Book, Layout, Row, escape};
use crate::export::{ExportOptions, check_input};
use crate::{Bead, Document, Lang};

/// The style sheet of the EPUB book's chapters.
const CSS: &str = "\
body { margin: 0 .5em; line-height: 1.45; }
table.book { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.book td { vertical-align: top; padding: .15em .5em .15em 0; width: 50%; }
table.book td.n { width: 2.5em; color: #777; font-size: .7em; text-align: right; padding-top: .5em; }
table.book tr.pb td { padding-top: .8em; }
tr, .bead { page-break-inside: avoid; break-inside: avoid; }
h1 { font-size: 1.5em; text-align: center; }
h2 { font-size: 1.2em; margin: .8em 0 .3em; page-break-after: avoid; }
.bead { margin: 0; }
.bead p { margin: 0 0 .15em; text-indent: 0; }
.bead p.second { color: #555; }
.bead.pb { margin-top: .9em; }
.empty { display: none; }
.n { color: #777; font-size: .7em; }
.unapproved { border-left: 2px dotted #b07000; padding-left: .3em; }
.author { text-align: center; font-style: italic; }
";

/// Writes the alignment as an EPUB 3 book: a chapter per heading (see
/// [`reads_as_heading`](crate::export::reads_as_heading) for what a heading is), and one more wherever a run of
/// [`BookStyle::chapter_paragraphs`](crate::export::BookStyle::chapter_paragraphs) paragraphs
/// has no heading; a navigation document listing the chapters (and the title and author);
/// a package document with the title, author, both languages and a stable `urn:uuid`
/// identifier made from the content.
///
/// With [`Layout::Columns`] each chapter is a table, one row per bead; with
/// [`Layout::Interleaved`] each bead is a `<div>` of one paragraph per language. Every text
/// carries its `xml:lang` (and `lang`). The archive starts with the `mimetype` entry, stored
/// uncompressed, as EPUB requires; the other entries are deflated.
///
/// # Example
/// ```
/// use sverka::export::{write_epub, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Привет.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("Hello.\n", Lang::En).unwrap();
/// let mut out = Vec::new();
/// write_epub(&mut out, &ru, &en, &[Bead::new(0..1, 0..1, 0.9)], &ExportOptions::default()).unwrap();
/// assert_eq!(&out[..2], b"PK");
/// assert_eq!(&out[30..38], b"mimetype");
/// assert_eq!(&out[38..58], b"application/epub+zip");
/// ```
pub fn write_epub(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let book = Book::new(ru, en, beads, options);
    w.write_all(&epub(&book, &modified_now())?)
}

/// A chapter: its rows and its label in the navigation document.
struct Chapter<'b, 'a> {
    label: String,
    rows: &'b [Row<'a>],
}

/// The chapters of the book: a new one at every heading, and at the first paragraph break
/// after [`BookStyle::chapter_paragraphs`](crate::export::BookStyle::chapter_paragraphs) paragraphs.
fn chapters<'b, 'a>(book: &'b Book<'a>) -> Vec<Chapter<'b, 'a>> {
    let limit = book.style.chapter_paragraphs();
    let mut starts = vec![0];
    let mut paragraphs = 1;
    for (i, r) in book.rows.iter().enumerate().skip(1) {
        if r.paragraph_break {
            paragraphs += 1;
        }
        if r.heading || (r.paragraph_break && paragraphs > limit) {
            starts.push(i);
            paragraphs = 1;
        }
    }
    starts.push(book.rows.len());
    starts
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let rows = &book.rows[w[0]..w[1]];
            let label = match rows.first() {
                Some(r) if r.heading => book.label(r),
                Some(r) => excerpt(&book.label(r), k + 1),
                None => format!("{}", k + 1),
            };
            Chapter { label, rows }
        })
        .collect()
}

/// A label for a chapter without a heading: its number and the first words of its text (at
/// most 8 words and 60 characters, so that no text is copied whole into the navigation).
fn excerpt(text: &str, number: usize) -> String {
    const WORDS: usize = 8;
    const CHARS: usize = 60;
    let words: Vec<&str> = text.split_whitespace().take(WORDS + 1).collect();
    let mut s = words[..words.len().min(WORDS)].join(" ");
    let mut cut = words.len() > WORDS;
    if let Some((at, _)) = s.char_indices().nth(CHARS) {
        s.truncate(at);
        cut = true;
    }
    if cut {
        s.push('…');
    }
    format!("{number}. {s}")
}

/// The file name of chapter `k` (0-based).
fn chapter_file(k: usize) -> String {
    format!("c{:04}.xhtml", k + 1)
}

/// The EPUB archive.
fn epub(book: &Book<'_>, modified: &str) -> io::Result<Vec<u8>> {
    let chapters = chapters(book);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let at = DateTime::default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(at);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(at);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;
    zip.start_file("OEBPS/content.opf", deflated)?;
    zip.write_all(package(book, chapters.len(), modified).as_bytes())?;
    zip.start_file("OEBPS/nav.xhtml", deflated)?;
    zip.write_all(nav(book, &chapters).as_bytes())?;
    zip.start_file("OEBPS/style.css", deflated)?;
    zip.write_all(CSS.as_bytes())?;
    let mut headings = 0;
    for (k, c) in chapters.iter().enumerate() {
        zip.start_file(format!("OEBPS/{}", chapter_file(k)), deflated)?;
        zip.write_all(chapter(book, c, &mut headings).as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `META-INF/container.xml`: where the package document is.
const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// The package document: metadata, manifest, spine.
fn package(book: &Book<'_>, chapters: usize, modified: &str) -> String {
    let [first, second] = book.langs();
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"{first}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         <dc:identifier id=\"book-id\">urn:uuid:{uuid}</dc:identifier>\n\
         <dc:title>{title}</dc:title>\n",
        first = first.code(),
        uuid = book.uuid(),
        title = escape(&book.title),
    );
    if let Some(author) = &book.author {
        let _ = writeln!(s, "<dc:creator>{}</dc:creator>", escape(author));
    }
    let _ = write!(
        s,
        "<dc:language>{}</dc:language>\n<dc:language>{}</dc:language>\n\
         <meta property=\"dcterms:modified\">{modified}</meta>\n\
         <meta name=\"generator\" content=\"sverka {}\"/>\n</metadata>\n<manifest>\n\
         <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n",
        first.code(),
        second.code(),
        env!("CARGO_PKG_VERSION"),
    );
    for k in 0..chapters {
        let _ = writeln!(
            s,
            "<item id=\"c{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>",
            k + 1,
            chapter_file(k)
        );
    }
    s.push_str("</manifest>\n<spine>\n<itemref idref=\"nav\"/>\n");
    for k in 0..chapters {
        let _ = writeln!(s, "<itemref idref=\"c{}\"/>", k + 1);
    }
    s.push_str("</spine>\n</package>\n");
    s
}

/// The start of an XHTML file up to `<body>`, in the book's first language.
fn xhtml_head(book: &Book<'_>, title: &str, class: &str) -> String {
    let lang = book.langs()[0].code();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{lang}\" lang=\"{lang}\">\n\
         <head>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n\
         <body class=\"{class}\">\n",
        escape(title)
    )
}

/// The navigation document: the title, the author and the chapters.
fn nav(book: &Book<'_>, chapters: &[Chapter<'_, '_>]) -> String {
    let mut s = xhtml_head(book, &book.title, "nav");
    let _ = writeln!(s, "<h1>{}</h1>", escape(&book.title));
    if let Some(author) = &book.author {
        let _ = writeln!(s, "<p class=\"author\">{}</p>", escape(author));
    }
    s.push_str("<nav epub:type=\"toc\" id=\"toc\">\n<h2>Contents</h2>\n<ol>\n");
    for (k, c) in chapters.iter().enumerate() {
        let _ = writeln!(
            s,
            "<li><a href=\"{}\">{}</a></li>",
            chapter_file(k),
            escape(&c.label)
        );
    }
    s.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    s
}

/// `xml:lang="ru" lang="ru"`.
fn lang_attrs(lang: Lang) -> String {
    format!("xml:lang=\"{0}\" lang=\"{0}\"", lang.code())
}

/// One chapter file; `headings` counts the headings written so far (their ids go on).
fn chapter(book: &Book<'_>, c: &Chapter<'_, '_>, headings: &mut usize) -> String {
    let layout = match book.style.layout {
        Layout::Columns => "columns",
        Layout::Interleaved => "interleaved",
    };
    let mut s = xhtml_head(book, &c.label, layout);
    let columns = book.style.layout == Layout::Columns;
    if columns {
        s.push_str("<table class=\"book\">\n<tbody>\n");
    }
    for row in c.rows {
        let mut class = Vec::new();
        if row.paragraph_break {
            class.push("pb");
        }
        if row.heading {
            class.push("heading");
        }
        if row.unapproved {
            class.push("unapproved");
        }
        let heading_id = row.heading.then(|| {
            *headings += 1;
            format!("h{headings}")
        });
        if columns {
            table_row(&mut s, book, row, &class, heading_id.as_deref());
        } else {
            interleaved_row(&mut s, book, row, class, heading_id.as_deref());
        }
    }
    if columns {
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// A bead as a table row: a cell per language (a heading's text in an `<h2>`, the first
/// carrying the heading's id), after its number with `numbers`.
fn table_row(
    s: &mut String,
    book: &Book<'_>,
    row: &Row<'_>,
    class: &[&str],
    heading: Option<&str>,
) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", class.join(" "))
    };
    let _ = write!(s, "<tr id=\"b{}\"{class}>", row.number);
    if book.style.numbers {
        let _ = write!(s, "<td class=\"n\">{}</td>", row.number);
    }
    for (k, lang) in book.langs().into_iter().enumerate() {
        let text = escape(row.text(lang));
        let attrs = lang_attrs(lang);
        match heading {
            Some(id) if !text.is_empty() => {
                let id = if k == 0 {
                    format!(" id=\"{id}\"")
                } else {
                    String::new()
                };
                let _ = write!(s, "<td {attrs}><h2{id}>{text}</h2></td>");
            }
            _ => {
                let _ = write!(s, "<td {attrs}>{text}</td>");
            }
        }
    }
    s.push_str("</tr>\n");
}

/// A bead as a `<div>` of one paragraph (or heading) per language that has text.
fn interleaved_row(
    s: &mut String,
    book: &Book<'_>,
    row: &Row<'_>,
    mut class: Vec<&str>,
    heading: Option<&str>,
) {
    class.insert(0, "bead");
    let _ = write!(
        s,
        "<div id=\"b{}\" class=\"{}\">",
        row.number,
        class.join(" ")
    );
    if book.style.numbers {
        let _ = write!(s, "<span class=\"n\">{}</span>", row.number);
    }
    let tag = if row.heading { "h2" } else { "p" };
    for (k, lang) in book.langs().into_iter().enumerate() {
        let text = row.text(lang);
        if text.is_empty() {
            continue;
        }
        let id = match (heading, k) {
            (Some(id), 0) => format!(" id=\"{id}\""),
            _ => String::new(),
        };
        let second = if k == 1 { " class=\"second\"" } else { "" };
        let _ = write!(
            s,
            "<{tag}{id}{second} {}>{}</{tag}>",
            lang_attrs(lang),
            escape(text)
        );
    }
    s.push_str("</div>\n");
}

/// The current time as `dcterms:modified` wants it: `2026-12-05T12:00:00Z`.
fn modified_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(secs)
}

/// Seconds since 1970 as a UTC date and time, `YYYY-MM-DDThh:mm:ssZ` (the proleptic
/// Gregorian calendar, by days from the epoch).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn excerpt_is_short() {
        assert_eq!(excerpt("a b c", 2), "2. a b c");
        assert_eq!(excerpt("1 2 3 4 5 6 7 8 9 10", 1), "1. 1 2 3 4 5 6 7 8…");
        let long = "ж".repeat(10_000);
        assert_eq!(excerpt(&long, 3), format!("3. {}…", "ж".repeat(60)));
    }
}
