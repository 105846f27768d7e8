//! A safe pull reader over quick-xml for the XML inside DOCX, ODT, EPUB and TMX files.
//!
//! It never expands an entity: character references and the five predefined entities are
//! resolved, a reference to any other entity is an error, and so is a DOCTYPE that declares
//! entities (an internal subset), which rules out external entities and billion laughs.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::{Error, Result};

/// One step through an XML document.
#[derive(Debug)]
pub(super) enum Node<'a> {
    /// An element opens (an empty element opens and closes).
    Open(Element),
    /// An element closes: its local name.
    Close(String),
    /// Text, with references resolved.
    Text(Cow<'a, str>),
}

/// An element's local name (without its namespace prefix) and attributes (qualified names).
#[derive(Debug)]
pub(super) struct Element {
    /// The local name, `p` for `<w:p>`.
    pub(super) local: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute of qualified name `name` (`xml:lang`, `w:val`), if any.
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the XML `text` of `entry` (an archive entry, or the input itself) in the input
/// `what`, one [`Node`] at a time.
pub(super) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    what: &'a str,
    entry: &'a str,
}

impl<'a> XmlReader<'a> {
    /// A reader over `text`.
    pub(super) fn new(what: &'a str, entry: &'a str, text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        XmlReader {
            reader,
            what,
            entry,
        }
    }

    /// The next node, or `None` at the end of the document.
    pub(super) fn next(&mut self) -> Result<Option<Node<'a>>> {
        loop {
            let event = self.reader.read_event().map_err(|e| self.malformed(e))?;
            return Ok(Some(match event {
                Event::Start(e) => Node::Open(self.element(&e)?),
                Event::End(e) => Node::Close(e.local_name().into_inner().to_string()),
                Event::Text(t) => Node::Text(t.xml10_content()),
                Event::CData(t) => Node::Text(Cow::Owned(t.into_inner().into_owned())),
                Event::GeneralRef(r) => Node::Text(Cow::Owned(self.reference(&r)?)),
                Event::DocType(d) => {
                    if d.contains('[') {
                        return Err(self.entity("its DOCTYPE declares entities".into()));
                    }
                    continue;
                }
                Event::Eof => return Ok(None),
                Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            }));
        }
    }

    /// Skips the rest of the element just opened (its children and its end).
    pub(super) fn skip(&mut self) -> Result<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Some(Node::Open(_)) => depth += 1,
                Some(Node::Close(_)) => depth -= 1,
                Some(Node::Text(_)) => {}
                None => return Err(self.error("the document ends inside an element".into())),
            }
        }
        Ok(())
    }

    /// The text inside the element just opened, up to its end (nested elements' text
    /// included).
    pub(super) fn text_content(&mut self) -> Result<String> {
        let mut out = String::new();
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Some(Node::Open(_)) => depth += 1,
                Some(Node::Close(_)) => depth -= 1,
                Some(Node::Text(t)) => out.push_str(&t),
                None => return Err(self.error("the document ends inside an element".into())),
            }
        }
        Ok(out)
    }

    fn element(&self, e: &BytesStart<'_>) -> Result<Element> {
        let mut attributes = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| self.error(err.to_string()))?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| self.entity(format!("an attribute {err}")))?;
            attributes.push((a.key.into_inner().to_string(), value.into_owned()));
        }
        Ok(Element {
            local: e.local_name().into_inner().to_string(),
            attributes,
        })
    }

    /// A character reference or one of the five predefined entities; any other is an error.
    fn reference(&self, r: &quick_xml::events::BytesRef<'_>) -> Result<String> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(c.to_string()),
                _ => Err(self.error(format!("bad character reference &{};", &**r))),
            };
        }
        match resolve_predefined_entity(r) {
            Some(s) => Ok(s.to_string()),
            None => Err(self.entity(format!("it refers to the undefined entity &{};", &**r))),
        }
    }

    fn malformed(&self, e: quick_xml::Error) -> Error {
        Error::Xml {
            what: self.what.to_string(),
            entry: self.entry.to_string(),
            position: self.reader.error_position(),
            message: e.to_string(),
        }
    }

    fn error(&self, message: String) -> Error {
        Error::Xml {
            what: self.what.to_string(),
            entry: self.entry.to_string(),
            position: self.reader.buffer_position(),
            message,
        }
    }

    fn entity(&self, message: String) -> Error {
        Error::XmlEntity {
            what: self.what.to_string(),
            entry: self.entry.to_string(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String> {
        let mut r = XmlReader::new("t.xml", "t.xml", xml);
        let mut out = String::new();
        while let Some(n) = r.next()? {
            if let Node::Text(t) = n {
                out.push_str(&t);
            }
        }
        Ok(out)
    }

    #[test]
    fn predefined_and_character_references_resolve() {
        assert_eq!(texts("<a>&lt;&#1044;&#x430;&amp;</a>").unwrap(), "<Да&");
    }

    #[test]
    fn entities_are_never_expanded() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        assert!(matches!(texts(laughs), Err(Error::XmlEntity { .. })));
        let external = r#"<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#;
        assert!(matches!(texts(external), Err(Error::XmlEntity { .. })));
        // Without a declaration, an unknown entity is refused too.
        assert!(matches!(texts("<a>&x;</a>"), Err(Error::XmlEntity { .. })));
        // A DOCTYPE without an internal subset is harmless.
        assert_eq!(
            texts(r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "x.dtd"><a>ok</a>"#)
                .unwrap(),
            "ok"
        );
    }

    #[test]
    fn malformed_xml_names_the_entry() {
        let e = texts("<a><b></a>").unwrap_err().to_string();
        assert!(e.starts_with("t.xml, t.xml: malformed XML"), "{e}");
    }
}
