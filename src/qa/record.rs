//! A finding as the program and the exports write it: the one serialisation of
//! [`Finding`](super::Finding) for `sverka check --format json`, `sverka align --checks` and
//! the JSON export, and the short `check:severity` tags of the TSV and TMX exports.

use std::ops::Range;

use super::{CheckId, Finding, Severity};
use crate::{Bead, Document};

/// A finding ready to write: the 1-based bead, the bead's type, the spans as `[start, end]`
/// byte pairs and the text they cover.
///
/// Its JSON has the keys `bead`, `type`, `check`, `severity`, `message`, `ru`, `en`,
/// `ru_text` and `en_text`, in that order.
///
/// # Example
/// ```
/// use sverka::{Document, Lang, align, qa};
/// let ru = Document::new("Telegram используют 200 млн человек.", Lang::Ru).unwrap();
/// let en = Document::new("Telegram is used by 20,000,000 people.", Lang::En).unwrap();
/// let beads = align(&ru, &en);
/// let f = &qa::check(&ru, &en, &beads)[0];
/// let record = qa::FindingRecord::new(f, &beads[f.bead], &ru, &en);
/// let v = serde_json::to_value(&record).unwrap();
/// assert_eq!(v["bead"], 1);
/// assert_eq!(v["type"], "1-1");
/// assert_eq!(v["en_text"][0], "20,000,000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FindingRecord<'a> {
    /// The bead's number in the alignment checked (1-based).
    pub bead: usize,
    /// The bead's type, such as `1-1` or `0-1`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The check that found it.
    pub check: CheckId,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: &'a str,
    /// The byte spans in the Russian text, as `[start, end]`.
    pub ru: Vec<[usize; 2]>,
    /// The byte spans in the English text, as `[start, end]`.
    pub en: Vec<[usize; 2]>,
    /// The Russian text of each span.
    pub ru_text: Vec<&'a str>,
    /// The English text of each span.
    pub en_text: Vec<&'a str>,
}

impl<'a> FindingRecord<'a> {
    /// The record of `finding`, which is about `bead` of the alignment of `ru` and `en`.
    /// A span outside its document's text has an empty text.
    pub fn new(finding: &'a Finding, bead: &Bead, ru: &'a Document, en: &'a Document) -> Self {
        let pairs = |s: &[Range<usize>]| s.iter().map(|r| [r.start, r.end]).collect();
        let texts = |doc: &'a Document, s: &[Range<usize>]| {
            s.iter()
                .map(|r| doc.text().get(r.clone()).unwrap_or_default())
                .collect()
        };
        FindingRecord {
            bead: finding.bead + 1,
            kind: bead.span.kind().to_string(),
            check: finding.check,
            severity: finding.severity,
            message: &finding.message,
            ru: pairs(&finding.ru),
            en: pairs(&finding.en),
            ru_text: texts(ru, &finding.ru),
            en_text: texts(en, &finding.en),
        }
    }
}

impl Finding {
    /// The finding's tag, `check:severity`, as the TSV export's `findings` cell and the TMX
    /// export's `x-sverka-check` property write it.
    ///
    /// # Example
    /// ```
    /// use sverka::qa::{CheckId, Finding, Severity};
    /// let f = Finding {
    ///     bead: 0, check: CheckId::Number, severity: Severity::Error,
    ///     message: String::new(), ru: vec![], en: vec![],
    /// };
    /// assert_eq!(f.tag(), "number:error");
    /// ```
    pub fn tag(&self) -> String {
        format!("{}:{}", self.check, self.severity)
    }
}

/// The findings of an alignment of `beads` beads grouped per bead: entry `k` holds the
/// findings of bead `k`, in their order. Findings about a bead past the end are dropped.
///
/// # Example
/// ```
/// use sverka::{Document, Lang, align, qa};
/// let ru = Document::new("Привет. Нас 200 млн.", Lang::Ru).unwrap();
/// let en = Document::new("Hello. We are 20 million.", Lang::En).unwrap();
/// let beads = align(&ru, &en);
/// let per = qa::per_bead(qa::check(&ru, &en, &beads), beads.len());
/// assert_eq!(per.len(), beads.len());
/// assert!(per[0].is_empty());
/// assert_eq!(per[1][0].check, qa::CheckId::Number);
/// ```
pub fn per_bead(findings: Vec<Finding>, beads: usize) -> Vec<Vec<Finding>> {
    let mut out = vec![Vec::new(); beads];
    for f in findings {
        if let Some(slot) = out.get_mut(f.bead) {
            slot.push(f);
        }
    }
    out
}
