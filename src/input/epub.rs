//! EPUB: the XHTML documents of the spine, in reading order (items marked `linear="no"` are
//! left out), each read as [HTML](super::html).

use super::archive::Archive;
use super::html;
use super::xml::{Node, XmlReader};
use crate::{Error, Result};

const CONTAINER: &str = "META-INF/container.xml";
const FORMAT: &str = "EPUB book";

/// A manifest item: its id, path in the archive and media type.
struct Item {
    id: String,
    path: String,
    media_type: String,
}

/// The paragraphs of an EPUB book.
pub(super) fn read(what: &str, archive: &mut Archive<'_>) -> Result<Vec<String>> {
    let container = archive.read_text(CONTAINER, FORMAT)?;
    let opf_path = rootfile(what, &container)?;
    let opf = archive.read_text(&opf_path, FORMAT)?;
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let (items, spine) = package(what, &opf_path, &opf, base)?;
    let mut out = Vec::new();
    for idref in spine {
        let item = items
            .iter()
            .find(|i| i.id == idref)
            .ok_or_else(|| Error::MissingPart {
                what: what.to_string(),
                part: format!("the manifest item “{idref}” of its spine"),
                format: FORMAT.into(),
            })?;
        if !matches!(
            item.media_type.as_str(),
            "application/xhtml+xml" | "text/html"
        ) {
            continue;
        }
        let page = archive.read_text(&item.path, FORMAT)?;
        out.extend(html::paragraphs(&page));
    }
    Ok(out)
}

/// The path of the package document named by `META-INF/container.xml`.
fn rootfile(what: &str, container: &str) -> Result<String> {
    let mut r = XmlReader::new(what, CONTAINER, container);
    while let Some(node) = r.next()? {
        if let Node::Open(e) = node
            && e.local == "rootfile"
            && let Some(path) = e.attr("full-path")
        {
            return Ok(path.to_string());
        }
    }
    Err(Error::MissingPart {
        what: what.to_string(),
        part: format!("rootfile in {CONTAINER}"),
        format: FORMAT.into(),
    })
}

/// The manifest items and the spine's item ids (linear ones, in order) of a package document.
fn package(what: &str, entry: &str, opf: &str, base: &str) -> Result<(Vec<Item>, Vec<String>)> {
    let mut r = XmlReader::new(what, entry, opf);
    let (mut items, mut spine) = (Vec::new(), Vec::new());
    while let Some(node) = r.next()? {
        let Node::Open(e) = node else { continue };
        match e.local.as_str() {
            "item" => {
                if let (Some(id), Some(href)) = (e.attr("id"), e.attr("href")) {
                    items.push(Item {
                        id: id.to_string(),
                        path: resolve(base, href),
                        media_type: e.attr("media-type").unwrap_or_default().to_string(),
                    });
                }
            }
            "itemref" if e.attr("linear") != Some("no") => {
                if let Some(idref) = e.attr("idref") {
                    spine.push(idref.to_string());
                }
            }
            _ => {}
        }
    }
    Ok((items, spine))
}

/// The archive path of `href` (percent-encoded, relative to the folder `base`).
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let decoded = percent_decode(href);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `%20` and the like decoded (bytes that do not make UTF-8 stay as they were).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            resolve("OEBPS", "text/ch%201.xhtml#x"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(resolve("OEBPS/text", "../ch.xhtml"), "OEBPS/ch.xhtml");
        assert_eq!(resolve("", "ch.xhtml"), "ch.xhtml");
    }
}
