//! The XML writers: TMX 1.4b and OPUS cesAlign.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{ExportOptions, check_input, side_text};
use crate::{Bead, Document};

/// The DOCTYPE of a cesAlign file, as OPUS writes it.
const CES_DOCTYPE: &str = r#"cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" """#;

/// Writes a TMX 1.4b translation memory: one `<tu>` per two-sided bead, with the Russian
/// `<tuv xml:lang="ru">` first and the English `<tuv xml:lang="en">` second.
///
/// One-sided beads (an unpaired sentence) are skipped: a translation unit needs both
/// languages. Each `<tu>` has `tuid` = the 1-based bead number and a
/// `<prop type="x-confidence">` with the confidence to 3 decimals, plus a
/// `<prop type="x-status">` when [`ExportOptions::statuses`] are given; with
/// [`ExportOptions::findings`], each finding of the bead adds a
/// `<prop type="x-sverka-check">number:error</prop>` (its [tag](crate::qa::Finding::tag)) and a
/// `<note>number (error): the message</note>`, all before the `<tuv>`s as the DTD wants, the
/// props first (the findings of a skipped one-sided bead, an omission or an addition, are not
/// written). The `<header>` has every attribute the TMX 1.4b DTD requires (`srclang="ru"`,
/// `datatype="plaintext"`, `segtype="sentence"`, …). Text is escaped, and characters XML 1.0 forbids (control
/// characters other than tab, newline and carriage return; U+FFFE, U+FFFF) are dropped.
///
/// # Example
/// ```
/// use sverka::export::{write_tmx, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("«Да» & нет.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("<Yes> & no.\n", Lang::En).unwrap();
/// let mut out = Vec::new();
/// write_tmx(&mut out, &ru, &en, &[Bead::new(0..1, 0..1, 0.9)], &ExportOptions::default()).unwrap();
/// let tmx = String::from_utf8(out).unwrap();
/// assert!(tmx.contains("<seg>&lt;Yes&gt; &amp; no.</seg>"));
/// ```
pub fn write_tmx(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    x.write_event(Event::Start(
        BytesStart::new("tmx").with_attributes([("version", "1.4")]),
    ))?;
    x.create_element("header")
        .with_attributes([
            ("creationtool", "sverka"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "sverka"),
            ("adminlang", "en"),
            ("srclang", "ru"),
            ("datatype", "plaintext"),
        ])
        .write_empty()?;
    x.write_event(Event::Start(BytesStart::new("body")))?;
    for (k, b) in beads.iter().enumerate() {
        if b.span.is_one_sided() {
            continue;
        }
        let tuid = (k + 1).to_string();
        x.write_event(Event::Start(
            BytesStart::new("tu").with_attributes([("tuid", tuid.as_str())]),
        ))?;
        prop(&mut x, "x-confidence", &format!("{:.3}", b.score))?;
        if let Some(statuses) = &options.statuses {
            prop(&mut x, "x-status", &statuses[k])?;
        }
        if let Some(findings) = &options.findings {
            for f in &findings[k] {
                prop(&mut x, "x-sverka-check", &f.tag())?;
            }
            for f in &findings[k] {
                let note = format!("{} ({}): {}", f.check, f.severity, f.message);
                x.create_element("note").write_text_content(text(&note))?;
            }
        }
        for (lang, doc, range) in [("ru", ru, &b.span.ru), ("en", en, &b.span.en)] {
            x.write_event(Event::Start(
                BytesStart::new("tuv").with_attributes([("xml:lang", lang)]),
            ))?;
            x.create_element("seg")
                .write_text_content(text(&side_text(doc, range)))?;
            x.write_event(Event::End(BytesEnd::new("tuv")))?;
        }
        x.write_event(Event::End(BytesEnd::new("tu")))?;
    }
    x.write_event(Event::End(BytesEnd::new("body")))?;
    x.write_event(Event::End(BytesEnd::new("tmx")))?;
    writeln!(x.get_mut())
}

/// Writes `<prop type="{kind}">{value}</prop>`.
fn prop<W: Write>(x: &mut Writer<W>, kind: &str, value: &str) -> io::Result<()> {
    x.create_element("prop")
        .with_attribute(("type", kind))
        .write_text_content(text(value))?;
    Ok(())
}

/// Escaped text content with the characters XML 1.0 forbids dropped.
fn text(s: &str) -> BytesText<'static> {
    BytesText::from_escaped(partial_escape(xml_chars(s)).into_owned())
}

/// `s` without the characters XML 1.0 does not allow in a document.
pub(super) fn xml_chars(s: &str) -> Cow<'_, str> {
    fn allowed(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    }
    if s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| allowed(c)).collect())
    }
}

/// Writes an OPUS cesAlign (XCES) link file: one `<link>` per bead.
///
/// Sentence ids are 1-based with an `s` prefix, as in the sentence files that
/// [`write_ces_sentences`] writes; `xtargets` lists the Russian ids (of `fromDoc`) before the
/// `;` and the English ids (of `toDoc`) after it, with an empty side for an unpaired sentence
/// (`"s4;"`, `";s3"`). Each link has `id="SL1"`, `SL2`, … and `certainty` = the confidence to
/// 3 decimals. `fromDoc` and `toDoc` are `NAME.ru.xml` and `NAME.en.xml` with NAME from
/// [`ExportOptions::doc_name`].
///
/// # Example
/// ```
/// use sverka::export::{write_cesalign, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("One, two.\n", Lang::En).unwrap();
/// let options = ExportOptions { doc_name: Some("doc1".into()), ..Default::default() };
/// let mut out = Vec::new();
/// write_cesalign(&mut out, &ru, &en, &[Bead::new(0..2, 0..1, 0.5)], &options).unwrap();
/// let xml = String::from_utf8(out).unwrap();
/// assert!(xml.contains(r#"<linkGrp targType="s" fromDoc="doc1.ru.xml" toDoc="doc1.en.xml">"#));
/// assert!(xml.contains(r#"<link id="SL1" xtargets="s1 s2;s1" certainty="0.500"/>"#));
/// ```
pub fn write_cesalign(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let name = xml_chars(options.doc_name());
    let from_doc = format!("{name}.ru.xml");
    let to_doc = format!("{name}.en.xml");
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    x.write_event(Event::DocType(BytesText::from_escaped(CES_DOCTYPE)))?;
    x.write_event(Event::Start(
        BytesStart::new("cesAlign").with_attributes([("version", "1.0")]),
    ))?;
    x.write_event(Event::Start(BytesStart::new("linkGrp").with_attributes([
        ("targType", "s"),
        ("fromDoc", from_doc.as_str()),
        ("toDoc", to_doc.as_str()),
    ])))?;
    for (k, b) in beads.iter().enumerate() {
        let ids = |range: &std::ops::Range<usize>| -> String {
            let ids: Vec<String> = range.clone().map(|i| format!("s{}", i + 1)).collect();
            ids.join(" ")
        };
        let id = format!("SL{}", k + 1);
        let xtargets = format!("{};{}", ids(&b.span.ru), ids(&b.span.en));
        let certainty = format!("{:.3}", b.score);
        x.create_element("link")
            .with_attributes([
                ("id", id.as_str()),
                ("xtargets", xtargets.as_str()),
                ("certainty", certainty.as_str()),
            ])
            .write_empty()?;
    }
    x.write_event(Event::End(BytesEnd::new("linkGrp")))?;
    x.write_event(Event::End(BytesEnd::new("cesAlign")))?;
    writeln!(x.get_mut())
}

/// Writes the sentences of `doc` as an OPUS sentence file, the `fromDoc`/`toDoc` a cesAlign
/// file points to: `<document>`, a `<p id="p1">` per paragraph, a `<s id="s1">` per
/// sentence (1-based ids, matching [`write_cesalign`]).
///
/// # Example
/// ```
/// use sverka::export::write_ces_sentences;
/// use sverka::{Document, Lang};
///
/// let doc = Document::presegmented("One.\n\nTwo & three.\n", Lang::En).unwrap();
/// let mut out = Vec::new();
/// write_ces_sentences(&mut out, &doc).unwrap();
/// let xml = String::from_utf8(out).unwrap();
/// assert!(xml.contains(r#"<p id="p2">"#));
/// assert!(xml.contains(r#"<s id="s2">Two &amp; three.</s>"#));
/// ```
pub fn write_ces_sentences(w: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    x.write_event(Event::Start(BytesStart::new("document")))?;
    let mut paragraph = None;
    for (i, s) in doc.sentences().iter().enumerate() {
        if paragraph != Some(s.paragraph) {
            if paragraph.is_some() {
                x.write_event(Event::End(BytesEnd::new("p")))?;
            }
            paragraph = Some(s.paragraph);
            let id = format!("p{}", s.paragraph + 1);
            x.write_event(Event::Start(
                BytesStart::new("p").with_attributes([("id", id.as_str())]),
            ))?;
        }
        let id = format!("s{}", i + 1);
        x.create_element("s")
            .with_attribute(("id", id.as_str()))
            .write_text_content(text(s.text(doc.text())))?;
    }
    if paragraph.is_some() {
        x.write_event(Event::End(BytesEnd::new("p")))?;
    }
    x.write_event(Event::End(BytesEnd::new("document")))?;
    writeln!(x.get_mut())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(xml_chars("a\u{0}b\u{1b}c\td\u{FFFF}"), "abc\td");
        assert!(matches!(xml_chars("чисто"), Cow::Borrowed(_)));
    }

    #[test]
    fn tmx_layout() {
        let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let beads = [Bead::new(0..1, 0..1, 0.25), Bead::new(1..2, 1..1, 0.0)];
        let mut out = Vec::new();
        write_tmx(&mut out, &ru, &en, &beads, &ExportOptions::default()).unwrap();
        let expected = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="sverka" creationtoolversion="{}" segtype="sentence" o-tmf="sverka" adminlang="en" srclang="ru" datatype="plaintext"/>
  <body>
    <tu tuid="1">
      <prop type="x-confidence">0.250</prop>
      <tuv xml:lang="ru">
        <seg>Раз.</seg>
      </tuv>
      <tuv xml:lang="en">
        <seg>One.</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"#,
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn cesalign_layout() {
        let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let beads = [Bead::new(0..1, 0..1, 0.25), Bead::new(1..2, 1..1, 0.0)];
        let mut out = Vec::new();
        write_cesalign(&mut out, &ru, &en, &beads, &ExportOptions::default()).unwrap();
        let expected = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" "">
<cesAlign version="1.0">
  <linkGrp targType="s" fromDoc="document.ru.xml" toDoc="document.en.xml">
    <link id="SL1" xtargets="s1;s1" certainty="0.250"/>
    <link id="SL2" xtargets="s2;" certainty="0.000"/>
  </linkGrp>
</cesAlign>
"#;
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
