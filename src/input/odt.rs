//! ODT (OpenDocument text): the paragraphs and headings of `content.xml` in order, list items
//! and table cells (row by row) as paragraphs. Footnotes and endnotes (`text:note`), comments
//! (`office:annotation`) and tracked deletions are left out. A line break or tab is a space.

use super::archive::Archive;
use super::paragraphs::Paragraphs;
use super::xml::{Node, XmlReader};
use crate::Result;

const PART: &str = "content.xml";

/// The paragraphs of an ODT document.
pub(super) fn read(what: &str, archive: &mut Archive<'_>) -> Result<Vec<String>> {
    let xml = archive.read_text(PART, "ODT document")?;
    let mut r = XmlReader::new(what, PART, &xml);
    let mut out = Paragraphs::default();
    let mut depth = 0usize;
    while let Some(node) = r.next()? {
        match node {
            Node::Open(e) => match e.local.as_str() {
                "p" | "h" => {
                    depth += 1;
                    out.open();
                }
                "s" | "tab" | "line-break" => out.text(" "),
                "note" | "annotation" | "tracked-changes" => r.skip()?,
                _ => {}
            },
            Node::Close(local) => {
                if matches!(local.as_str(), "p" | "h") {
                    depth = depth.saturating_sub(1);
                    out.close();
                }
            }
            Node::Text(t) if depth > 0 => out.text(&t),
            Node::Text(_) => {}
        }
    }
    Ok(out.finish())
}
