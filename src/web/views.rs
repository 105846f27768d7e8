//! The view models the templates show: what a page needs, already formatted, never a raw
//! database row.

use super::Visitor;
use crate::qa::Finding;
use crate::review::coursework::{Agreement, PairAgreement};
use crate::review::evidence::{BeadEvidence, Mark};
use crate::review::history::{DiffPiece, Part, Told};
use crate::review::{
    BeadReview, Change, DocumentSummary, Event, LOW_CONFIDENCE, Status, StoredSentence, Suggestion,
    SuggestionStatus,
};

/// What every page's frame needs.
pub(crate) struct Page {
    pub(crate) user: Option<String>,
    pub(crate) is_admin: bool,
    pub(crate) csrf: String,
    pub(crate) can_register: bool,
    /// A notice of the visitor's own last action, shown once.
    pub(crate) flash: Option<String>,
}

impl Page {
    pub(crate) fn new(v: &Visitor, can_register: bool) -> Page {
        Page {
            user: v.user.as_ref().map(|u| u.name.clone()),
            is_admin: v.is_admin(),
            csrf: v.csrf.clone(),
            can_register: can_register && v.user.is_none(),
            flash: super::flash::current(),
        }
    }
}

pub(crate) struct DocRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) created_at: String,
    pub(crate) total: i64,
    pub(crate) approved: i64,
    pub(crate) percent: i64,
    pub(crate) disputed: i64,
    pub(crate) low: i64,
    pub(crate) open: i64,
}

impl From<DocumentSummary> for DocRow {
    fn from(d: DocumentSummary) -> Self {
        DocRow {
            percent: (d.approved * 100).checked_div(d.total).unwrap_or(0),
            id: d.id,
            title: d.title,
            created_at: d.created_at,
            total: d.total,
            approved: d.approved,
            disputed: d.disputed,
            low: d.low_confidence,
            open: d.open_suggestions,
        }
    }
}

/// One bead as a table row.
pub(crate) struct BeadRow {
    pub(crate) id: i64,
    pub(crate) n: usize,
    /// Each sentence cut into plain text and matched words.
    pub(crate) ru: Vec<Vec<Piece>>,
    pub(crate) en: Vec<Vec<Piece>>,
    /// `similarity 0.62 · length ratio 1.10`, or empty.
    pub(crate) why: String,
    /// Another bead follows (merge with next is possible).
    pub(crate) has_next: bool,
    /// Both sides hold a sentence (unpair is possible).
    pub(crate) two_sided: bool,
    /// The bead holds two or more sentences (split is possible).
    pub(crate) splittable: bool,
    pub(crate) kind: String,
    pub(crate) score: String,
    pub(crate) conf: &'static str,
    pub(crate) status: &'static str,
    pub(crate) approved: bool,
    pub(crate) disputed: bool,
    pub(crate) version: i64,
    pub(crate) net: i64,
    pub(crate) my_vote: i64,
    pub(crate) open_suggestions: i64,
    pub(crate) best_net: String,
    pub(crate) comments: i64,
    pub(crate) current: bool,
    /// The findings of the automatic checks on the bead.
    pub(crate) findings: Vec<FindingMark>,
}

/// A finding of the automatic checks as a row shows it: the check and severity as words, the
/// message as the marker's title and as text for screen readers.
pub(crate) struct FindingMark {
    pub(crate) check: &'static str,
    pub(crate) severity: &'static str,
    pub(crate) message: String,
}

impl BeadRow {
    pub(crate) fn new(
        n: usize,
        r: &BeadReview,
        ru: &[StoredSentence],
        en: &[StoredSentence],
        ev: Option<&BeadEvidence>,
    ) -> BeadRow {
        let b = &r.bead;
        let pick =
            |s: &[StoredSentence],
             range: &std::ops::Range<usize>,
             marks: Option<&std::collections::HashMap<usize, Vec<Mark>>>| {
                s.iter()
                    .filter(|s| range.contains(&s.idx))
                    .map(|s| pieces(&s.text, marks.and_then(|m| m.get(&s.idx))))
                    .collect()
            };
        BeadRow {
            id: b.id,
            n,
            ru: pick(ru, &b.span.ru, ev.map(|e| &e.ru)),
            en: pick(en, &b.span.en, ev.map(|e| &e.en)),
            why: ev
                .filter(|_| !b.span.ru.is_empty() && !b.span.en.is_empty())
                .map(|e| {
                    format!(
                        "similarity {:.2} · length {:.2}",
                        e.similarity, e.length_ratio
                    )
                })
                .unwrap_or_default(),
            has_next: true,
            two_sided: !b.span.ru.is_empty() && !b.span.en.is_empty(),
            splittable: b.span.ru.len() + b.span.en.len() >= 2,
            kind: b.span.kind().to_string(),
            score: format!("{:.2}", b.score),
            conf: if b.score >= LOW_CONFIDENCE {
                "conf-high"
            } else if b.score >= crate::review::VERY_LOW_CONFIDENCE {
                "conf-mid"
            } else {
                "conf-low"
            },
            status: b.status.as_str(),
            approved: b.status == Status::Approved,
            disputed: r.disputed(),
            version: b.version,
            net: r.net,
            my_vote: r.my_vote,
            open_suggestions: r.open_suggestions,
            best_net: r
                .best_suggestion_net
                .map(|n| format!("{n:+}"))
                .unwrap_or_default(),
            comments: r.comments,
            current: false,
            findings: Vec::new(),
        }
    }

    /// The row with the bead's findings of the automatic checks.
    pub(crate) fn with_findings(mut self, findings: &[Finding]) -> BeadRow {
        self.findings = findings
            .iter()
            .map(|f| FindingMark {
                check: f.check.as_str(),
                severity: f.severity.as_str(),
                message: f.message.clone(),
            })
            .collect();
        self
    }
}

pub(crate) struct FilterLink {
    pub(crate) label: &'static str,
    pub(crate) count: usize,
    pub(crate) current: bool,
    pub(crate) href: String,
}

/// A link of the finding filter: its label, how many beads it lists (none for "clear"),
/// whether it is the current one.
pub(crate) struct FindingLink {
    pub(crate) label: String,
    pub(crate) count: Option<usize>,
    pub(crate) current: bool,
    pub(crate) href: String,
}

/// Reviewer agreement as shown on the document page.
pub(crate) struct AgreementView {
    /// Beads with votes from two or more reviewers.
    pub(crate) multi: usize,
    /// Percentage of those where all votes agree, e.g. `75%`.
    pub(crate) share: String,
    /// Light's kappa, e.g. `0.41`, or `n/a`.
    pub(crate) kappa: String,
    /// Per pair: names, common beads, observed agreement, kappa.
    pub(crate) pairs: Vec<(String, String, usize, String, String)>,
}

impl AgreementView {
    pub(crate) fn new(a: &Agreement, name: impl Fn(i64) -> String) -> AgreementView {
        let kappa = |k: Option<f64>| k.map_or_else(|| "n/a".into(), |k| format!("{k:.2}"));
        AgreementView {
            multi: a.multi,
            share: if a.multi == 0 {
                "n/a".into()
            } else {
                format!("{:.0}%", 100.0 * a.unanimous as f64 / a.multi as f64)
            },
            kappa: kappa(a.mean_kappa),
            pairs: a
                .pairs
                .iter()
                .map(|p: &PairAgreement| {
                    (
                        name(p.a),
                        name(p.b),
                        p.items,
                        format!("{:.0}%", 100.0 * p.observed),
                        kappa(p.kappa),
                    )
                })
                .collect(),
        }
    }
}

/// One row of a comparison's differing beads.
pub(crate) struct DiffBead {
    pub(crate) shape: String,
    pub(crate) ids: String,
    pub(crate) ru: String,
    pub(crate) en: String,
}

/// One reference a student's alignment is scored against.
pub(crate) struct ComparisonView {
    pub(crate) name: &'static str,
    pub(crate) note: String,
    /// How the figures against this reference are computed (empty: the general notes do).
    pub(crate) explain: String,
    pub(crate) strict: [String; 3],
    pub(crate) lax: [String; 3],
    pub(crate) only_student: Vec<DiffBead>,
    pub(crate) only_reference: Vec<DiffBead>,
    pub(crate) more: usize,
}

pub(crate) struct SentenceView {
    pub(crate) idx: usize,
    pub(crate) n: usize,
    pub(crate) text: String,
    pub(crate) original: String,
    pub(crate) changed: bool,
}

impl From<&StoredSentence> for SentenceView {
    fn from(s: &StoredSentence) -> Self {
        SentenceView {
            idx: s.idx,
            n: s.idx + 1,
            text: s.text.clone(),
            original: s.original.clone(),
            changed: s.text != s.original,
        }
    }
}

pub(crate) struct SuggestionView {
    pub(crate) id: i64,
    pub(crate) label: String,
    pub(crate) author: String,
    pub(crate) status: &'static str,
    pub(crate) open: bool,
    pub(crate) reason: Option<String>,
    pub(crate) net: i64,
    pub(crate) my_vote: i64,
    pub(crate) outvotes: bool,
    pub(crate) created_at: String,
    /// What it suggests, in words (empty until given).
    pub(crate) words: Vec<Part>,
    /// Whether the viewer made it (and may withdraw it while open).
    pub(crate) mine: bool,
    /// A wording's old → new.
    pub(crate) diff: Vec<DiffPiece>,
}

impl SuggestionView {
    pub(crate) fn new(s: &Suggestion, applied_net: i64) -> SuggestionView {
        SuggestionView {
            id: s.id,
            label: s.change.label(),
            author: s.author.clone().unwrap_or_else(|| "(deleted user)".into()),
            status: s.status.as_str(),
            open: s.status == SuggestionStatus::Open,
            reason: s.reason.clone(),
            net: s.net,
            my_vote: s.my_vote,
            outvotes: s.status == SuggestionStatus::Open && s.net > applied_net,
            created_at: s.created_at.clone(),
            words: Vec::new(),
            mine: false,
            diff: match (&s.change, &s.base_text) {
                (Change::Wording { text, .. }, Some(base)) => {
                    crate::review::history::word_diff(base, text)
                }
                _ => Vec::new(),
            },
        }
    }
}

/// An entry of the event log, told in words ([`crate::review::history::describe`]).
pub(crate) struct EventView {
    pub(crate) id: i64,
    pub(crate) at: String,
    pub(crate) told: Told,
    pub(crate) revertible: bool,
}

impl From<&Event> for EventView {
    fn from(e: &Event) -> Self {
        EventView {
            id: e.id,
            at: e.at.clone(),
            told: crate::review::history::describe(e),
            revertible: e.revertible(),
        }
    }
}

pub(crate) struct SplitOption {
    pub(crate) ru_at: usize,
    pub(crate) en_at: usize,
    pub(crate) label: String,
    /// The sentences of each part: (Russian, English) excerpts, `—` for none.
    pub(crate) parts: [(String, String); 2],
}

/// What a reviewer typed that the server's answer gives back (an error or a conflict).
#[derive(Debug, Default)]
pub(crate) struct Kept {
    /// A wording: (language code, sentence index, text).
    pub(crate) wording: Option<(String, usize, String)>,
    /// A comment.
    pub(crate) comment: Option<String>,
    /// A rejection's reason: (suggestion, text).
    pub(crate) reason: Option<(i64, String)>,
    /// A wording typed for a sentence this bead no longer holds (shown on its own).
    pub(crate) unplaced: Option<String>,
    /// What changed meanwhile, in one line.
    pub(crate) meanwhile: Option<String>,
    /// The wording the reviewer started from → the wording now, when they differ.
    pub(crate) meanwhile_diff: Vec<DiffPiece>,
}

impl Kept {
    /// The wording typed for sentence `idx` of `lang`.
    pub(crate) fn wording_for(&self, lang: &str, idx: &usize) -> Option<&str> {
        match &self.wording {
            Some((l, i, t)) if l == lang && i == idx => Some(t),
            _ => None,
        }
    }

    /// The reason typed for suggestion `sid`.
    pub(crate) fn reason_for(&self, sid: &i64) -> Option<&str> {
        match &self.reason {
            Some((s, t)) if s == sid => Some(t),
            _ => None,
        }
    }
}

pub(crate) fn formats() -> Vec<&'static str> {
    crate::export::Format::ALL
        .iter()
        .map(|f| f.name())
        .collect()
}

/// The kinds in legend order with their descriptions.
pub(crate) const LEGEND: [(&str, &str); 5] = [
    ("lexicon", "dictionary translation"),
    ("learned", "learned from this text"),
    ("cognate", "cognate (looks alike)"),
    ("number", "same number"),
    ("name", "same name"),
];

/// A piece of a sentence for the template: plain text, or a matched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    /// The evidence kind of a matched word.
    pub(crate) kind: Option<&'static str>,
    /// The pair number (matched words only).
    pub(crate) pair: usize,
}

/// Cuts `text` into pieces at the (sorted) marks; overlapping or broken marks are skipped.
pub(crate) fn pieces(text: &str, marks: Option<&Vec<Mark>>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = 0;
    let plain = |s: &str| Piece {
        text: s.to_string(),
        kind: None,
        pair: 0,
    };
    for m in marks.into_iter().flatten() {
        if m.span.start < at
            || m.span.end > text.len()
            || !text.is_char_boundary(m.span.start)
            || !text.is_char_boundary(m.span.end)
        {
            continue;
        }
        if m.span.start > at {
            out.push(plain(&text[at..m.span.start]));
        }
        out.push(Piece {
            text: text[m.span.clone()].to_string(),
            kind: Some(m.kind),
            pair: m.pair,
        });
        at = m.span.end;
    }
    if at < text.len() || out.is_empty() {
        out.push(plain(&text[at..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_skip_bad_marks() {
        let marks = vec![
            Mark {
                span: 0..3,
                kind: "name",
                pair: 0,
            },
            Mark {
                span: 1..2,
                kind: "number",
                pair: 1,
            },
            Mark {
                span: 4..6,
                kind: "lexicon",
                pair: 2,
            },
            Mark {
                span: 7..99,
                kind: "lexicon",
                pair: 3,
            },
        ];
        let p = pieces("abc de fg", Some(&marks));
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "abc de fg");
        let kinds: Vec<_> = p.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Some("name"), None, Some("lexicon"), None]);
        // A mark inside a multi-byte character is skipped, not a panic.
        let m = vec![Mark {
            span: 1..2,
            kind: "name",
            pair: 0,
        }];
        assert_eq!(pieces("Ж", Some(&m)).len(), 1);
    }
}
