//! Reading parallel books back in tests: the beads of an HTML book, the tags it uses, the
//! entries and texts of an EPUB, and epubcheck (skipped by the rule of
//! [`super::data::skip_or_fail`] with `SVERKA_REQUIRE_EPUBCHECK`).

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An XML element: name, attributes, children and its own text (of all its text nodes).
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the `class` attribute holds `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }

    /// The text of the element and its descendants, in document order.
    pub fn deep_text(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s += &c.deep_text();
        }
        s
    }

    /// Every element below this one (itself included) for which `f` holds, in document order;
    /// the descendants of a match are not searched.
    pub fn find_all(&self, f: &dyn Fn(&Node) -> bool) -> Vec<&Node> {
        let mut out = Vec::new();
        self.walk(f, &mut out);
        out
    }

    fn walk<'a>(&'a self, f: &dyn Fn(&Node) -> bool, out: &mut Vec<&'a Node>) {
        if f(self) {
            out.push(self);
            return;
        }
        for c in &self.children {
            c.walk(f, out);
        }
    }

    /// Every element below this one with an `id`, and the ids.
    pub fn ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        if let Some(id) = self.attr("id") {
            ids.insert(id.to_string());
        }
        for c in &self.children {
            ids.extend(c.ids());
        }
        ids
    }
}

/// Parses well-formed XML (end names checked); an error names the position. The returned node
/// is an unnamed root holding the document's elements.
pub fn parse_xml(xml: &str) -> Result<Node, String> {
    fn element(e: &BytesStart) -> Result<Node, String> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a
                .normalized_value(XmlVersion::Explicit1_0)
                .map_err(|e| e.to_string())?;
            attrs.push((a.key.0.to_owned(), value.into_owned()));
        }
        Ok(Node {
            name: e.name().0.to_owned(),
            attrs,
            ..Default::default()
        })
    }
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("near byte {at}: {e}"))?;
        match event {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)?),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .ok_or("an end tag too many")?
                    .children
                    .push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.xml10_content(),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r.into_inner())
                        .ok_or("an entity that is not predefined")?
                        .to_owned(),
                };
                stack.last_mut().unwrap().text += &c;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(format!("{} elements left open", stack.len() - 1));
    }
    Ok(stack.pop().unwrap())
}

/// The `<body>` of an HTML book, which sverka writes as well-formed XML.
pub fn html_body(html: &str) -> Node {
    let start = html.find("<body").expect("a <body>");
    let end = html.find("</body>").expect("a </body>") + "</body>".len();
    parse_xml(&html[start..end]).expect("the body is well-formed")
}

/// The names of every tag in an HTML text (`<!DOCTYPE` as `!doctype`), lowercased.
pub fn tag_names(html: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in html.match_indices('<') {
        let rest = html[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        names.insert(name.to_ascii_lowercase());
    }
    names
}

/// The tags an HTML book may use: nothing that runs, loads or submits anything.
pub const BOOK_TAGS: &[&str] = &[
    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "nav",
    "ol", "li", "a", "main", "div", "span",
];

/// One side of a bead of an HTML book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub lang: String,
    pub empty: bool,
    pub text: String,
}

/// One bead of an HTML book.
#[derive(Debug, Clone)]
pub struct BookBead {
    pub id: String,
    pub classes: Vec<String>,
    pub number: Option<String>,
    pub sides: Vec<Side>,
}

impl BookBead {
    /// The text of the side in `lang`.
    pub fn text(&self, lang: &str) -> &str {
        &self.sides.iter().find(|s| s.lang == lang).unwrap().text
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }
}

/// The beads of an HTML book, in order.
pub fn html_beads(html: &str) -> Vec<BookBead> {
    let body = html_body(html);
    body.find_all(&|n| n.has_class("bead"))
        .into_iter()
        .map(|b| BookBead {
            id: b.attr("id").unwrap_or_default().to_string(),
            classes: b
                .attr("class")
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            number: b
                .children
                .iter()
                .find(|c| c.has_class("n"))
                .map(|c| c.deep_text()),
            sides: b
                .children
                .iter()
                .filter(|c| c.has_class("side"))
                .map(|c| Side {
                    lang: c.attr("lang").expect("a side has lang").to_string(),
                    empty: c.has_class("empty"),
                    text: c.deep_text(),
                })
                .collect(),
        })
        .collect()
}

/// An entry of a ZIP archive.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    pub stored: bool,
    pub data: Vec<u8>,
}

/// The entries of an EPUB, in archive order.
pub fn epub_entries(bytes: &[u8]) -> Vec<Entry> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            Entry {
                name: f.name().unwrap().to_string(),
                stored: f.compression() == zip::CompressionMethod::Stored,
                data,
            }
        })
        .collect()
}

/// The entry named `name`, as UTF-8.
pub fn entry<'a>(entries: &'a [Entry], name: &str) -> &'a str {
    let e = entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    std::str::from_utf8(&e.data).expect("UTF-8")
}

/// The texts of an EPUB's chapters in spine order, each with the `xml:lang` of the element
/// that holds it (a table cell, a paragraph or a heading that carries `xml:lang`).
pub fn epub_texts(entries: &[Entry]) -> Vec<(String, String)> {
    let opf = parse_xml(entry(entries, "OEBPS/content.opf")).unwrap();
    let items = opf.find_all(&|n| n.name == "item");
    let spine = opf.find_all(&|n| n.name == "itemref");
    let mut out = Vec::new();
    for r in spine {
        let idref = r.attr("idref").unwrap();
        let item = items.iter().find(|i| i.attr("id") == Some(idref)).unwrap();
        if item.attr("properties") == Some("nav") {
            continue;
        }
        let href = format!("OEBPS/{}", item.attr("href").unwrap());
        let doc = parse_xml(entry(entries, &href)).unwrap();
        let body = doc.find_all(&|n| n.name == "body")[0];
        for n in body.find_all(&|n| n.attr("xml:lang").is_some()) {
            let text = n.deep_text();
            if !text.is_empty() {
                out.push((n.attr("xml:lang").unwrap().to_string(), text));
            }
        }
    }
    out
}

/// How to run epubcheck here: the program on the `PATH`, through `java -jar` when it is a jar
/// (Debian's `/usr/bin/epubcheck` is a link to one); `None` when it is missing.
fn epubcheck_command() -> Option<Command> {
    let path = std::env::var_os("PATH")?;
    let found: PathBuf = std::env::split_paths(&path)
        .map(|d| d.join("epubcheck"))
        .find(|p| p.is_file())?;
    let mut head = [0u8; 2];
    let is_jar = std::fs::File::open(&found)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"PK";
    if is_jar {
        let mut c = Command::new("java");
        c.arg("-jar").arg(found);
        Some(c)
    } else {
        Some(Command::new(found))
    }
}

/// Runs epubcheck on `file`; returns its report and whether it found no error (nor fatal
/// error), or `None` when epubcheck is missing (then the test skips, or fails with
/// `SVERKA_REQUIRE_EPUBCHECK=1`).
pub fn epubcheck(file: &Path) -> Option<(bool, String)> {
    let Some(mut c) = epubcheck_command() else {
        super::data::skip_or_fail(
            "SVERKA_REQUIRE_EPUBCHECK",
            "epubcheck is not installed (apt-get install epubcheck)",
        );
        return None;
    };
    let out = match c.arg(file).output() {
        Ok(out) => out,
        Err(e) => {
            super::data::skip_or_fail(
                "SVERKA_REQUIRE_EPUBCHECK",
                &format!("epubcheck cannot run ({e}; it needs java)"),
            );
            return None;
        }
    };
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = out.status.success()
        && report.contains("0 fatals / 0 errors")
        && !report.contains("ERROR(");
    Some((clean, report))
}
