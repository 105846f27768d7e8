//! The JSON writer.

use std::io::{self, Write};

use serde::Serialize;

use super::{ExportOptions, check_input};
use crate::qa::FindingRecord;
use crate::{Bead, Document};

#[derive(Serialize)]
struct JsonExport<'a> {
    ru: Vec<JsonSentence<'a>>,
    en: Vec<JsonSentence<'a>>,
    beads: Vec<JsonBead<'a>>,
}

#[derive(Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    paragraph: usize,
}

#[derive(Serialize)]
struct JsonBead<'a> {
    ru: Vec<usize>,
    en: Vec<usize>,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<FindingRecord<'a>>>,
}

/// Writes one JSON object: the sentences of both sides and the beads as sentence indices.
///
/// ```json
/// {"ru": [{"text": "…", "paragraph": 0}, …],
///  "en": [{"text": "…", "paragraph": 0}, …],
///  "beads": [{"ru": [0], "en": [0, 1], "score": 0.93}, …]}
/// ```
///
/// Indices are 0-based and beads keep their order. With [`ExportOptions::statuses`] each bead
/// gets a `"status"`, with [`ExportOptions::explain`] an `"evidence"`, with
/// [`ExportOptions::findings`] a `"findings"` list (each as a [`FindingRecord`], the shape of
/// `sverka check --format json`; `"bead"` in it is the finding's own bead number). A score that is not a
/// finite number is written as `null`. The object is pretty-printed and ends in a newline.
///
/// # Example
/// ```
/// use sverka::export::{write_json, ExportOptions};
/// use sverka::{Bead, Document, Lang};
///
/// let ru = Document::presegmented("Раз.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("One.\n", Lang::En).unwrap();
/// let mut out = Vec::new();
/// write_json(&mut out, &ru, &en, &[Bead::new(0..1, 0..1, 0.5)], &ExportOptions::default()).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["beads"][0]["en"], serde_json::json!([0]));
/// assert_eq!(v["ru"][0]["text"], "Раз.");
/// ```
pub fn write_json(
    w: &mut dyn Write,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    options: &ExportOptions,
) -> io::Result<()> {
    check_input(ru, en, beads, options)?;
    let export = JsonExport {
        ru: sentences(ru),
        en: sentences(en),
        beads: beads
            .iter()
            .enumerate()
            .map(|(k, b)| JsonBead {
                ru: b.span.ru.clone().collect(),
                en: b.span.en.clone().collect(),
                score: b.score,
                status: options.statuses.as_ref().map(|s| s[k].as_str()),
                evidence: options.explain.as_ref().map(|e| &e[k]),
                findings: options.findings.as_ref().map(|f| {
                    f[k].iter()
                        .map(|f| FindingRecord::new(f, b, ru, en))
                        .collect()
                }),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &export)?;
    writeln!(w)
}

/// The sentences of `doc` as JSON objects.
fn sentences(doc: &Document) -> Vec<JsonSentence<'_>> {
    doc.sentences()
        .iter()
        .map(|s| JsonSentence {
            text: s.text(doc.text()),
            paragraph: s.paragraph,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use serde_json::json;

    #[test]
    fn status_and_evidence_are_added_per_bead() {
        let ru = Document::presegmented("Раз.\nДва.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let beads = [Bead::new(0..1, 0..1, 0.9), Bead::new(1..2, 1..1, 0.0)];
        let options = ExportOptions {
            statuses: Some(vec!["approved".into(), "pending".into()]),
            explain: Some(vec![json!({"length": 0.8}), json!(null)]),
            ..Default::default()
        };
        let mut out = Vec::new();
        write_json(&mut out, &ru, &en, &beads, &options).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v["beads"],
            json!([
                {"ru": [0], "en": [0], "score": 0.9, "status": "approved", "evidence": {"length": 0.8}},
                {"ru": [1], "en": [], "score": 0.0, "status": "pending", "evidence": null}
            ])
        );
    }

    #[test]
    fn no_optional_keys_by_default() {
        let ru = Document::presegmented("Раз.\n", Lang::Ru).unwrap();
        let en = Document::presegmented("One.\n", Lang::En).unwrap();
        let mut out = Vec::new();
        let beads = [Bead::new(0..1, 0..1, f64::NAN)];
        write_json(&mut out, &ru, &en, &beads, &ExportOptions::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["beads"], json!([{"ru": [0], "en": [0], "score": null}]));
    }
}
