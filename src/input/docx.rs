//! DOCX (Word 2007 and later): the paragraphs of `word/document.xml` in order, headings and list
//! items as paragraphs, table cells row by row. Footnotes, endnotes, comments, headers and
//! footers live in other parts and are left out; so are deleted text (tracked changes) and
//! field codes. A line break inside a paragraph is a space.

use super::archive::Archive;
use super::paragraphs::Paragraphs;
use super::xml::{Node, XmlReader};
use crate::Result;

const PART: &str = "word/document.xml";

/// The paragraphs of a DOCX document.
pub(super) fn read(what: &str, archive: &mut Archive<'_>) -> Result<Vec<String>> {
    let xml = archive.read_text(PART, "DOCX document")?;
    let mut r = XmlReader::new(what, PART, &xml);
    let mut out = Paragraphs::default();
    let mut in_text = false;
    while let Some(node) = r.next()? {
        match node {
            Node::Open(e) => match e.local.as_str() {
                "p" => out.open(),
                "t" => in_text = true,
                "tab" | "br" | "cr" => out.text(" "),
                // The Fallback repeats the Choice (text boxes in older markup); the rest is not
                // the document's text.
                "Fallback" | "delText" | "instrText" | "rPr" | "pPr" => r.skip()?,
                _ => {}
            },
            Node::Close(local) => match local.as_str() {
                "p" => out.close(),
                "t" => in_text = false,
                _ => {}
            },
            Node::Text(t) if in_text => out.text(&t),
            Node::Text(_) => {}
        }
    }
    Ok(out.finish())
}
