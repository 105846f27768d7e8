//! The parallel book as one self-contained HTML file.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Book, Layout, escape};
use crate::export::{ExportOptions, check_input};
use crate::{Bead, Document};

/// The style sheet of the HTML book: two columns (one on a narrow screen) or interleaved,
/// light and dark schemes, and print rules (margins that fit A4 and Letter, page numbers,
/// no bead split across pages).
const CSS: &str = include_str!("book.css");

/// The Content-Security-Policy the HTML book carries in a `<meta>`: its inline style sheet
/// and nothing else (no script, no request).
pub const BOOK_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Writes the alignment as a parallel book in one self-contained HTML file: the title (and
/// author), a table of contents of the headings, then one block per bead with the two
/// languages side by side (or one under the other with [`Layout::Interleaved`]).
///
/// The file has no script and loads nothing: its style sheet is inline, and a
/// Content-Security-Policy `<meta>` forbids anything else. Every text is escaped. Each bead is
/// a `<div class="bead" id="b{n}">` holding one `<div class="side ru" lang="ru">` and one
/// `<div class="side en" lang="en">` in [`Order`](crate::export::Order) (the side a one-sided bead
/// lacks is there, empty, with the class `empty`); a bead that opens a paragraph has the
/// class `pb`, a heading the class `heading` (its sides are `<h2>`, the first with the id the
/// table of contents links to, `h1`, `h2`, …), and a bead whose status is given and not
/// `approved` the class `unapproved`. With [`BookStyle::numbers`](crate::export::BookStyle::numbers)
/// each bead starts with `<span class="n">{n}</span>`.
///
/// # Example
/// ```
/// use sverka::export::{write_html, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Привет.\nЕщё.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("Hello.\n", Lang::En).unwrap();
/// let beads = [Bead::new(0..1, 0..1, 0.9), Bead::new(1..2, 1..1, 0.2)];
/// let options = ExportOptions { title: Some("<Greetings>".into()), ..Default::default() };
/// let mut out = Vec::new();
/// write_html(&mut out, &ru, &en, &beads, &options).unwrap();
/// let html = String::from_utf8(out).unwrap();
/// assert!(html.contains("<title>&lt;Greetings&gt;</title>"));
/// assert!(html.contains(r#"<div class="side ru" lang="ru">Привет.</div><div class="side en" lang="en">Hello.</div>"#));
/// assert!(html.contains(r#"<div class="side en empty" lang="en"></div>"#));
/// assert!(!html.contains("<script"));
/// ```
pub fn write_html(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let book = Book::new(ru, en, beads, options);
    w.write_all(html(&book).as_bytes())
}

/// The whole file.
fn html(book: &Book<'_>) -> String {
    let [first, _] = book.langs();
    let text_bytes: usize = book.rows.iter().map(|r| r.ru.len() + r.en.len()).sum();
    let mut s = String::with_capacity(CSS.len() + text_bytes * 11 / 10 + book.rows.len() * 120);
    let title = escape(&book.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{BOOK_CSP}\">\n\
         <meta name=\"generator\" content=\"sverka {version}\">\n",
        lang = first.code(),
        version = env!("CARGO_PKG_VERSION"),
    );
    if let Some(author) = &book.author {
        let _ = writeln!(s, "<meta name=\"author\" content=\"{}\">", escape(author));
    }
    let _ = write!(
        s,
        "<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n"
    );
    let layout = match book.style.layout {
        Layout::Columns => "columns",
        Layout::Interleaved => "interleaved",
    };
    let numbered = if book.style.numbers { " numbered" } else { "" };
    let _ = write!(
        s,
        "<body class=\"{layout}{numbered}\">\n<header class=\"title\">\n<h1>{title}</h1>\n"
    );
    if let Some(author) = &book.author {
        let _ = writeln!(s, "<p class=\"author\">{}</p>", escape(author));
    }
    if book.any_unapproved {
        s.push_str("<p class=\"note\">Beads with a mark at their left are not approved yet.</p>\n");
    }
    s.push_str("</header>\n");
    toc(&mut s, book);
    s.push_str("<main>\n");
    let mut headings = 0;
    for row in &book.rows {
        let mut class = String::from("bead");
        for (yes, name) in [
            (row.paragraph_break, " pb"),
            (row.heading, " heading"),
            (row.unapproved, " unapproved"),
        ] {
            if yes {
                class.push_str(name);
            }
        }
        let _ = write!(s, "<div class=\"{class}\" id=\"b{}\">", row.number);
        if book.style.numbers {
            let _ = write!(s, "<span class=\"n\">{}</span>", row.number);
        }
        let tag = if row.heading { "h2" } else { "div" };
        for (k, lang) in book.langs().into_iter().enumerate() {
            let text = row.text(lang);
            let code = lang.code();
            let empty = if text.is_empty() { " empty" } else { "" };
            let id = if row.heading && k == 0 {
                headings += 1;
                format!(" id=\"h{headings}\"")
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "<{tag} class=\"side {code}{empty}\" lang=\"{code}\"{id}>{}</{tag}>",
                escape(text)
            );
        }
        s.push_str("</div>\n");
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// The table of contents: one link per heading, none when the text has no heading.
fn toc(s: &mut String, book: &Book<'_>) {
    let headings: Vec<String> = book
        .rows
        .iter()
        .filter(|r| r.heading)
        .map(|r| book.label(r))
        .collect();
    if headings.is_empty() {
        return;
    }
    s.push_str("<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Contents</h2>\n<ol>\n");
    for (k, label) in headings.iter().enumerate() {
        let _ = writeln!(s, "<li><a href=\"#h{}\">{}</a></li>", k + 1, escape(label));
    }
    s.push_str("</ol>\n</nav>\n");
}
