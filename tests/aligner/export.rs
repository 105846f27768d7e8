//! The export writers on a small Russian–English pair, read back with real parsers.

use std::collections::HashSet;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use sverka::export::{self, BeadIds, ExportOptions, Format, read_beads};
use sverka::qa::{self, CheckId, Finding, Severity};
use sverka::{Bead, Document, Error, Lang};

const RU: &str = "\
Спасибо за вашу поддержку в прошлом году.
Выручка компании выросла на 7%.

В 2023 году мы открыли два новых офиса: в Казани и в Томске.
Это было непросто, но команда справилась.
Примечание редактора: цифры предварительные.
";

const EN: &str = "\
Thank you for your support last year.
The company's revenue grew by 7%.

In 2023 we opened two new offices, in Kazan and in Tomsk.
It was not easy.
But the team made it.
(Translator's note.)
";

fn pair() -> (Document, Document, Vec<Bead>) {
    let ru = Document::presegmented(RU, Lang::Ru).unwrap();
    let en = Document::presegmented(EN, Lang::En).unwrap();
    assert_eq!((ru.len(), en.len()), (5, 6));
    let beads = vec![
        Bead::new(0..1, 0..1, 0.95),
        Bead::new(1..2, 1..2, 0.9),
        Bead::new(2..3, 2..3, 0.8),
        Bead::new(3..4, 3..5, 0.6125),
        Bead::new(4..5, 5..5, 0.1),
        Bead::new(5..5, 5..6, 0.0),
    ];
    (ru, en, beads)
}

fn export(
    format: Format,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    o: &ExportOptions,
) -> String {
    let mut out = Vec::new();
    export::write(&mut out, format, ru, en, beads, o).unwrap();
    let text = String::from_utf8(out).unwrap();
    // Set SVERKA_EXPORT_DIR to keep the files, e.g. to validate them with xmllint.
    if let Ok(dir) = std::env::var("SVERKA_EXPORT_DIR") {
        let path =
            std::path::Path::new(&dir).join(format!("{}.{}", beads.len(), format.extension()));
        std::fs::write(path, &text).unwrap();
    }
    text
}

// ---------------------------------------------------------------- TSV

#[test]
fn tsv_one_line_per_bead() {
    let (ru, en, beads) = pair();
    let options = ExportOptions {
        header: true,
        ..Default::default()
    };
    let tsv = export(Format::Tsv, &ru, &en, &beads, &options);
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 1 + beads.len());
    assert_eq!(lines[0], "ru\ten\tconfidence");
    assert_eq!(
        lines[4],
        "Это было непросто, но команда справилась.\tIt was not easy. But the team made it.\t0.613"
    );
    assert_eq!(
        lines[5],
        "Примечание редактора: цифры предварительные.\t\t0.100"
    );
    assert_eq!(lines[6], "\t(Translator's note.)\t0.000");
    for line in &lines {
        assert_eq!(line.split('\t').count(), 3, "{line:?}");
    }
}

#[test]
fn tsv_cleans_tabs_and_carriage_returns_and_adds_statuses() {
    let ru = Document::presegmented("Колонка\tвторая\rтретья.\n", Lang::Ru).unwrap();
    let en = Document::presegmented("Column\ttwo.\n", Lang::En).unwrap();
    assert!(
        ru.sentence_text(0).contains('\t'),
        "the fixture must hold a tab"
    );
    let options = ExportOptions {
        header: true,
        statuses: Some(vec!["approved".into()]),
        ..Default::default()
    };
    let tsv = export(
        Format::Tsv,
        &ru,
        &en,
        &[Bead::new(0..1, 0..1, 1.0)],
        &options,
    );
    assert_eq!(
        tsv,
        "ru\ten\tconfidence\tstatus\nКолонка вторая третья.\tColumn two.\t1.000\tapproved\n"
    );
}

// ---------------------------------------------------------------- JSON

#[test]
fn json_round_trips_and_covers_every_sentence_once() {
    let (ru, en, beads) = pair();
    let json = export(Format::Json, &ru, &en, &beads, &ExportOptions::default());
    let v: Value = serde_json::from_str(&json).unwrap();
    for (side, doc) in [("ru", &ru), ("en", &en)] {
        let sentences = v[side].as_array().unwrap();
        assert_eq!(sentences.len(), doc.len());
        for (i, s) in sentences.iter().enumerate() {
            assert_eq!(s["text"], doc.sentence_text(i));
            assert_eq!(s["paragraph"], doc.sentences()[i].paragraph);
        }
    }
    assert_eq!(v["ru"][2]["paragraph"], 1);
    let out = v["beads"].as_array().unwrap();
    assert_eq!(out.len(), beads.len());
    let mut seen: HashSet<(&str, u64)> = HashSet::new();
    for (b, j) in beads.iter().zip(out) {
        let ids = |side: &str| -> Vec<u64> {
            j[side]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect()
        };
        assert_eq!(
            ids("ru"),
            b.span.ru.clone().map(|i| i as u64).collect::<Vec<_>>()
        );
        assert_eq!(
            ids("en"),
            b.span.en.clone().map(|i| i as u64).collect::<Vec<_>>()
        );
        assert_eq!(j["score"].as_f64().unwrap(), b.score);
        for (side, list) in [("ru", ids("ru")), ("en", ids("en"))] {
            for i in list {
                assert!(seen.insert((side, i)), "{side} {i} in two beads");
            }
        }
    }
    assert_eq!(seen.len(), ru.len() + en.len());
}

#[test]
fn json_carries_evidence() {
    let (ru, en, beads) = pair();
    let explain = (0..beads.len())
        .map(|k| serde_json::json!({ "rank": k }))
        .collect();
    let options = ExportOptions {
        explain: Some(explain),
        ..Default::default()
    };
    let v: Value = serde_json::from_str(&export(Format::Json, &ru, &en, &beads, &options)).unwrap();
    assert_eq!(v["beads"][3]["evidence"]["rank"], 3);
    assert!(v["beads"][3].get("status").is_none());
}

// ---------------------------------------------------------------- beads

#[test]
fn beads_round_trip_through_read_beads() {
    let (ru, en, beads) = pair();
    let text = export(Format::Beads, &ru, &en, &beads, &ExportOptions::default());
    assert_eq!(text.lines().nth(3), Some("[3]:[3, 4]"));
    assert_eq!(text.lines().nth(5), Some("[]:[5]"));
    let back = read_beads(&text, "out.beads").unwrap();
    let expected: Vec<BeadIds> = beads.iter().map(BeadIds::from).collect();
    assert_eq!(back, expected);
    export::check_beads(&back, ru.len(), en.len(), "out.beads").unwrap();
}

#[test]
fn malformed_beads_line_is_reported_with_its_number() {
    let text = "[0]:[0]\n\n[1]:[1, 2]:0.25\n[2]:[3\n";
    match read_beads(text, "test.beads") {
        Err(Error::Malformed {
            what,
            line,
            message,
        }) => {
            assert_eq!((what.as_str(), line), ("test.beads", 4));
            assert!(message.contains("column 7"), "{message}");
        }
        other => panic!("expected a Malformed error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- XML

/// A parsed XML element.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn names(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }

    fn child(&self, name: &str) -> &Node {
        self.children.iter().find(|c| c.name == name).unwrap()
    }
}

/// Parses `xml` with quick-xml; returns the root and the DOCTYPE, if any.
fn parse(xml: &str) -> (Node, Option<String>) {
    fn element(e: &quick_xml::events::BytesStart) -> Node {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a.normalized_value(XmlVersion::Explicit1_0).unwrap();
                (a.key.0.to_owned(), value.into_owned())
            })
            .collect();
        Node {
            name: e.name().0.to_owned(),
            attrs,
            ..Default::default()
        }
    }
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let mut doctype = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.xml10_content(),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r.into_inner())
                        .expect("only predefined entities")
                        .to_owned(),
                };
                stack.last_mut().unwrap().text += &c;
            }
            Event::DocType(d) => doctype = Some(d.xml10_content().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    let mut top = stack.pop().unwrap();
    assert!(stack.is_empty(), "unclosed elements");
    assert_eq!(top.children.len(), 1, "one root element");
    (top.children.pop().unwrap(), doctype)
}

/// Asserts what the TMX 1.4b DTD requires of the structure sverka writes.
fn assert_tmx_dtd_structure(tmx: &Node) {
    assert_eq!(tmx.name, "tmx");
    assert_eq!(tmx.attr("version"), Some("1.4"));
    // <!ELEMENT tmx (header, body)>
    assert_eq!(tmx.names(), ["header", "body"]);
    let header = tmx.child("header");
    for required in [
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ] {
        assert!(header.attr(required).is_some(), "header lacks {required}");
    }
    assert!(
        ["block", "paragraph", "sentence", "phrase"].contains(&header.attr("segtype").unwrap())
    );
    // <!ELEMENT header (note|prop|ude)*>
    assert!(
        header
            .names()
            .iter()
            .all(|n| ["note", "prop", "ude"].contains(n))
    );
    // <!ELEMENT body (tu*)>
    let body = tmx.child("body");
    assert!(body.text.trim().is_empty());
    for tu in &body.children {
        assert_eq!(tu.name, "tu");
        // <!ELEMENT tu ((note|prop)*, tuv+)>
        let names = tu.names();
        let first_tuv = names.iter().position(|n| *n == "tuv").expect("a tuv");
        assert!(
            names[..first_tuv]
                .iter()
                .all(|n| ["note", "prop"].contains(n))
        );
        assert!(names[first_tuv..].iter().all(|n| *n == "tuv"));
        for child in &tu.children {
            if child.name == "prop" {
                assert!(child.attr("type").is_some(), "prop needs type");
                continue;
            }
            // <!ELEMENT note (#PCDATA)>
            if child.name == "note" {
                assert!(child.children.is_empty(), "a note holds text only");
                continue;
            }
            // <!ELEMENT tuv ((note|prop)*, seg)>, xml:lang #REQUIRED
            assert!(child.attr("xml:lang").is_some());
            assert_eq!(child.names().last(), Some(&"seg"));
            assert_eq!(child.names().iter().filter(|n| **n == "seg").count(), 1);
        }
    }
}

fn segs(tu: &Node) -> (String, String) {
    let seg = |lang: &str| {
        tu.children
            .iter()
            .find(|c| c.attr("xml:lang") == Some(lang))
            .unwrap()
            .child("seg")
            .text
            .clone()
    };
    (seg("ru"), seg("en"))
}

#[test]
fn tmx_parses_back_with_one_tu_per_two_sided_bead() {
    let (ru, en, beads) = pair();
    let options = ExportOptions {
        statuses: Some(vec!["approved".into(); beads.len()]),
        ..Default::default()
    };
    let xml = export(Format::Tmx, &ru, &en, &beads, &options);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let (tmx, _) = parse(&xml);
    assert_tmx_dtd_structure(&tmx);
    let header = tmx.child("header");
    assert_eq!(header.attr("srclang"), Some("ru"));
    assert_eq!(header.attr("creationtool"), Some("sverka"));
    assert_eq!(
        header.attr("creationtoolversion"),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let tus = &tmx.child("body").children;
    let two_sided = beads.iter().filter(|b| !b.span.is_one_sided()).count();
    assert_eq!((tus.len(), two_sided), (4, 4));
    assert_eq!(
        segs(&tus[3]),
        (
            "Это было непросто, но команда справилась.".to_owned(),
            "It was not easy. But the team made it.".to_owned()
        )
    );
    assert_eq!(tus[3].attr("tuid"), Some("4"));
    let props: Vec<(&str, &str)> = tus[3]
        .children
        .iter()
        .filter(|c| c.name == "prop")
        .map(|c| (c.attr("type").unwrap(), c.text.as_str()))
        .collect();
    assert_eq!(props, [("x-confidence", "0.613"), ("x-status", "approved")]);
}

#[test]
fn tmx_escapes_markup_and_drops_forbidden_characters() {
    let ru =
        Document::presegmented("<script>alert(\"x&y\")</script> о\rк\u{7}.\n", Lang::Ru).unwrap();
    let en = Document::presegmented("Tom & \"Jerry\" <b>'s</b>\u{1b}]0;\n", Lang::En).unwrap();
    let xml = export(
        Format::Tmx,
        &ru,
        &en,
        &[Bead::new(0..1, 0..1, 1.0)],
        &ExportOptions::default(),
    );
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains('\u{7}') && !xml.contains('\u{1b}'));
    let (tmx, _) = parse(&xml);
    assert_tmx_dtd_structure(&tmx);
    let tus = &tmx.child("body").children;
    assert_eq!(tus.len(), 1);
    assert_eq!(
        segs(&tus[0]),
        (
            "<script>alert(\"x&y\")</script> о\rк.".to_owned(),
            "Tom & \"Jerry\" <b>'s</b>]0;".to_owned()
        )
    );
}

#[test]
fn tmx_with_only_one_sided_beads_has_an_empty_body() {
    let ru = Document::presegmented("Один.\n", Lang::Ru).unwrap();
    let en = Document::presegmented("One.\n", Lang::En).unwrap();
    let beads = [Bead::new(0..1, 0..0, 0.0), Bead::new(1..1, 0..1, 0.0)];
    let (tmx, _) = parse(&export(
        Format::Tmx,
        &ru,
        &en,
        &beads,
        &ExportOptions::default(),
    ));
    assert_tmx_dtd_structure(&tmx);
    assert!(tmx.child("body").children.is_empty());
}

#[test]
fn cesalign_links_every_bead_with_opus_ids() {
    let (ru, en, beads) = pair();
    let options = ExportOptions {
        doc_name: Some("report & co".into()),
        ..Default::default()
    };
    let xml = export(Format::Cesalign, &ru, &en, &beads, &options);
    let (root, doctype) = parse(&xml);
    assert_eq!(
        doctype.as_deref(),
        Some(r#"cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" """#)
    );
    assert_eq!(
        (root.name.as_str(), root.attr("version")),
        ("cesAlign", Some("1.0"))
    );
    let group = root.child("linkGrp");
    assert_eq!(group.attr("targType"), Some("s"));
    assert_eq!(group.attr("fromDoc"), Some("report & co.ru.xml"));
    assert_eq!(group.attr("toDoc"), Some("report & co.en.xml"));
    let xtargets: Vec<&str> = group
        .children
        .iter()
        .map(|l| l.attr("xtargets").unwrap())
        .collect();
    assert_eq!(
        xtargets,
        ["s1;s1", "s2;s2", "s3;s3", "s4;s4 s5", "s5;", ";s6"]
    );
    assert_eq!(group.children[3].attr("certainty"), Some("0.613"));
    assert_eq!(group.children[5].attr("id"), Some("SL6"));

    // The ids resolve in the sentence files.
    let mut out = Vec::new();
    export::write_ces_sentences(&mut out, &en).unwrap();
    let (document, _) = parse(&String::from_utf8(out).unwrap());
    assert_eq!(document.names(), ["p", "p"]);
    let sentences: Vec<&Node> = document.children.iter().flat_map(|p| &p.children).collect();
    assert_eq!(sentences.len(), en.len());
    assert_eq!(sentences[5].attr("id"), Some("s6"));
    assert_eq!(sentences[5].text, en.sentence_text(5));
}

#[test]
fn every_format_has_a_name_extension_and_content_type() {
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>().unwrap(), f);
        assert!(!f.extension().is_empty());
    }
    assert_eq!(
        "cesalign".parse::<Format>().unwrap().content_type(),
        "application/xml"
    );
    assert_eq!(
        Format::Tsv.content_type(),
        "text/tab-separated-values; charset=utf-8"
    );
    assert!("docx".parse::<Format>().is_err());
}

// ---------------------------------------------------------------- properties

mod properties {
    use super::*;
    use crate::support;
    use proptest::prelude::*;

    /// Monotone beads over `n` Russian and `m` English sentences, built from bead kinds.
    fn beads_from(kinds: &[(usize, usize)], n: usize, m: usize) -> Vec<Bead> {
        let (mut i, mut j) = (0, 0);
        let mut beads = Vec::new();
        for &(a, b) in kinds {
            let (a, b) = (a.min(n - i), b.min(m - j));
            if a + b == 0 {
                continue;
            }
            beads.push(Bead::new(i..i + a, j..j + b, 0.5));
            (i, j) = (i + a, j + b);
        }
        beads.extend((i..n).map(|k| Bead::new(k..k + 1, m..m, 0.0)));
        beads.extend((j..m).map(|k| Bead::new(n..n, k..k + 1, 0.0)));
        beads
    }

    fn doc(sentences: &[String], lang: Lang) -> Document {
        // A leading letter keeps every sentence non-empty after trimming.
        let texts: Vec<String> = sentences.iter().map(|s| format!("x{s}")).collect();
        Document::from_sentences(texts.iter().map(|s| (s.as_str(), 0)), lang).unwrap()
    }

    proptest! {
        #![proptest_config(support::proptest_config(ProptestConfig::default()))]

        #[test]
        fn any_text_survives_tmx_tsv_and_beads(
            ru_s in prop::collection::vec(any::<String>(), 1..6),
            en_s in prop::collection::vec(any::<String>(), 1..6),
            kinds in prop::collection::vec((0usize..3, 0usize..3), 0..8),
        ) {
            let (ru, en) = (doc(&ru_s, Lang::Ru), doc(&en_s, Lang::En));
            let beads = beads_from(&kinds, ru.len(), en.len());
            let options = ExportOptions::default();

            // TMX: well-formed, and each seg holds the text minus what XML 1.0 forbids.
            let xml = export(Format::Tmx, &ru, &en, &beads, &options);
            let (tmx, _) = parse(&xml);
            assert_tmx_dtd_structure(&tmx);
            let xml_text = |s: String| -> String {
                s.chars()
                    .filter(|&c| matches!(c, '\t' | '\n' | '\r')
                        || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'))
                    .collect()
            };
            let join = |d: &Document, r: &std::ops::Range<usize>| {
                r.clone().map(|i| d.sentence_text(i)).collect::<Vec<_>>().join(" ")
            };
            let two_sided: Vec<&Bead> = beads.iter().filter(|b| !b.span.is_one_sided()).collect();
            let tus = &tmx.child("body").children;
            prop_assert_eq!(tus.len(), two_sided.len());
            for (tu, b) in tus.iter().zip(two_sided) {
                prop_assert_eq!(segs(tu), (xml_text(join(&ru, &b.span.ru)), xml_text(join(&en, &b.span.en))));
            }

            // TSV: always three cells a line, one line a bead.
            let tsv = export(Format::Tsv, &ru, &en, &beads, &options);
            prop_assert_eq!(tsv.split('\n').count(), beads.len() + 1);
            for line in tsv.lines() {
                prop_assert_eq!(line.split('\t').count(), 3);
            }

            // beads: round trip.
            let text = export(Format::Beads, &ru, &en, &beads, &options);
            let back = read_beads(&text, "p").unwrap();
            prop_assert_eq!(back, beads.iter().map(BeadIds::from).collect::<Vec<_>>());
        }
    }
}

// ---------------------------------------------------------------- findings

/// The findings of the automatic checks on the pair, per bead.
fn pair_findings(ru: &Document, en: &Document, beads: &[Bead]) -> Vec<Vec<Finding>> {
    qa::per_bead(qa::check(ru, en, beads), beads.len())
}

/// A TSV read as a table by its header, as pandas would: the column names and the rows as
/// name → cell.
fn table(tsv: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut lines = tsv.lines();
    let names: Vec<String> = lines
        .next()
        .unwrap()
        .split('\t')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert_eq!(cells.len(), names.len(), "{l:?}");
            names
                .iter()
                .cloned()
                .zip(cells.into_iter().map(String::from))
                .collect()
        })
        .collect();
    (names, rows)
}

#[test]
fn tsv_findings_column_only_when_asked() {
    let (ru, en, beads) = pair();
    let findings = pair_findings(&ru, &en, &beads);
    // The editor's note has no English, the translator's note no Russian.
    let tags = |k: usize| -> Vec<String> { findings[k].iter().map(|f| f.tag()).collect() };
    assert!(
        tags(4).iter().any(|t| t.starts_with("omission:")),
        "{:?}",
        tags(4)
    );
    assert!(
        tags(5).iter().any(|t| t.starts_with("addition:")),
        "{:?}",
        tags(5)
    );
    let plain = ExportOptions {
        header: true,
        statuses: Some(vec!["pending".into(); beads.len()]),
        ..Default::default()
    };
    let (names, _) = table(&export(Format::Tsv, &ru, &en, &beads, &plain));
    assert_eq!(names, ["ru", "en", "confidence", "status"]);
    let with = ExportOptions {
        findings: Some(findings.clone()),
        ..plain
    };
    let (names, rows) = table(&export(Format::Tsv, &ru, &en, &beads, &with));
    assert_eq!(names, ["ru", "en", "confidence", "status", "findings"]);
    assert_eq!(rows.len(), beads.len());
    for (k, row) in rows.iter().enumerate() {
        // `check:severity`, joined by "; ", empty without findings.
        assert_eq!(row["findings"], tags(k).join("; "), "bead {k}");
        let parsed: Vec<(CheckId, Severity)> = row["findings"]
            .split("; ")
            .filter(|c| !c.is_empty())
            .map(|c| {
                let (check, severity) = c.split_once(':').unwrap();
                (check.parse().unwrap(), severity.parse().unwrap())
            })
            .collect();
        let expected: Vec<(CheckId, Severity)> =
            findings[k].iter().map(|f| (f.check, f.severity)).collect();
        assert_eq!(parsed, expected);
    }
    // Without a header the column is still the fifth cell of each line.
    let bare = ExportOptions {
        header: false,
        ..with
    };
    let text = export(Format::Tsv, &ru, &en, &beads, &bare);
    assert!(text.lines().all(|l| l.split('\t').count() == 5));
    // One list per bead, or nothing is written.
    let short = ExportOptions {
        findings: Some(vec![]),
        ..Default::default()
    };
    let mut out = Vec::new();
    let err = export::write(&mut out, Format::Tsv, &ru, &en, &beads, &short).unwrap_err();
    assert_eq!(err.to_string(), "0 finding lists given for 6 beads");
    assert!(out.is_empty());
}

#[test]
fn tmx_carries_findings_as_escaped_notes_and_props() {
    let (ru, en, beads) = pair();
    let mut findings = pair_findings(&ru, &en, &beads);
    // A message with markup, to see it escaped.
    findings[1].push(Finding {
        bead: 1,
        check: CheckId::Punctuation,
        severity: Severity::Info,
        message: "<b>\"quoted\" & 'so'</b>".into(),
        ru: vec![],
        en: vec![],
    });
    let options = ExportOptions {
        findings: Some(findings.clone()),
        ..Default::default()
    };
    let xml = export(Format::Tmx, &ru, &en, &beads, &options);
    assert!(!xml.contains("<b>"), "markup is escaped");
    let (tmx, _) = parse(&xml);
    assert_tmx_dtd_structure(&tmx);
    let tus = &tmx.child("body").children;
    let mut seen = 0;
    for tu in tus {
        let k: usize = tu.attr("tuid").unwrap().parse::<usize>().unwrap() - 1;
        let of = |name: &str, kind: Option<&str>| -> Vec<String> {
            tu.children
                .iter()
                .filter(|c| c.name == name && (kind.is_none() || c.attr("type") == kind))
                .map(|c| c.text.clone())
                .collect()
        };
        let notes: Vec<String> = findings[k]
            .iter()
            .map(|f| format!("{} ({}): {}", f.check, f.severity, f.message))
            .collect();
        let tags: Vec<String> = findings[k].iter().map(|f| f.tag()).collect();
        assert_eq!(of("note", None), notes, "bead {k}");
        assert_eq!(of("prop", Some("x-sverka-check")), tags, "bead {k}");
        seen += notes.len();
    }
    assert!(seen > 0);
    assert_eq!(
        tus[1]
            .children
            .iter()
            .rfind(|c| c.name == "note")
            .unwrap()
            .text,
        "punctuation (info): <b>\"quoted\" & 'so'</b>"
    );
    // Without findings, no note and no check prop.
    let plain = export(Format::Tmx, &ru, &en, &beads, &ExportOptions::default());
    assert!(!plain.contains("<note>") && !plain.contains("x-sverka-check"));
}

#[test]
fn json_findings_are_the_records_of_check() {
    let (ru, en, beads) = pair();
    let findings = pair_findings(&ru, &en, &beads);
    let options = ExportOptions {
        findings: Some(findings.clone()),
        ..Default::default()
    };
    let v: Value = serde_json::from_str(&export(Format::Json, &ru, &en, &beads, &options)).unwrap();
    for (k, b) in v["beads"].as_array().unwrap().iter().enumerate() {
        let expected: Vec<Value> = findings[k]
            .iter()
            .map(|f| serde_json::to_value(qa::FindingRecord::new(f, &beads[k], &ru, &en)).unwrap())
            .collect();
        assert_eq!(b["findings"].as_array().unwrap(), &expected, "bead {k}");
    }
}

#[test]
fn findings_report_has_stable_column_names() {
    let (ru, en, beads) = pair();
    let found = qa::check(&ru, &en, &beads);
    let mut out = Vec::new();
    export::write_findings_tsv(&mut out, &ru, &en, &beads, &found).unwrap();
    let (names, rows) = table(&String::from_utf8(out).unwrap());
    assert_eq!(names, export::FINDINGS_HEADER);
    assert_eq!(
        names,
        ["bead", "type", "check", "severity", "message", "ru", "en"]
    );
    assert_eq!(rows.len(), found.len());
    for (row, f) in rows.iter().zip(&found) {
        assert_eq!(row["bead"], (f.bead + 1).to_string());
        assert_eq!(row["type"], beads[f.bead].span.kind().to_string());
        assert_eq!(
            (row["check"].as_str(), row["severity"].as_str()),
            (f.check.as_str(), f.severity.as_str())
        );
        assert_eq!(row["message"], f.message);
    }
    // A finding about a bead past the end is refused before anything is written.
    let mut out = Vec::new();
    let stray = Finding {
        bead: 9,
        ..found[0].clone()
    };
    assert!(export::write_findings_tsv(&mut out, &ru, &en, &beads, &[stray]).is_err());
    assert!(out.is_empty());
}
