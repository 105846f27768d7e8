//! Template structs (askama) and the view models they show.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::Visitor;
use super::views::{Piece, pieces};
use crate::review::coursework::{Agreement, PairAgreement};
use crate::review::evidence::{BeadEvidence, Mark};
use crate::storage::{
    BeadReview, Change, Comment, DocumentSummary, Event, StoredSentence, Suggestion,
    SuggestionStatus, User,
};

/// Renders a template as an HTML response with `status`.
pub(crate) fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => super::WebError::from(e).into_response(),
    }
}

/// What every page's frame needs.
pub(crate) struct Page {
    pub(crate) user: Option<String>,
    pub(crate) is_admin: bool,
    pub(crate) csrf: String,
    pub(crate) can_register: bool,
}

impl Page {
    pub(crate) fn new(v: &Visitor, can_register: bool) -> Page {
        Page {
            user: v.user.as_ref().map(|u| u.name.clone()),
            is_admin: v.is_admin(),
            csrf: v.csrf.clone(),
            can_register: can_register && v.user.is_none(),
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

#[derive(Template)]
#[template(path = "index.html")]
pub(crate) struct IndexTemplate {
    pub(crate) page: Page,
    pub(crate) docs: Vec<DocRow>,
}

#[derive(Template)]
#[template(path = "signin.html")]
pub(crate) struct SigninTemplate {
    pub(crate) page: Page,
    pub(crate) error: Option<String>,
    pub(crate) name: String,
}

#[derive(Template)]
#[template(path = "register.html")]
pub(crate) struct RegisterTemplate {
    pub(crate) page: Page,
    pub(crate) error: Option<String>,
    pub(crate) name: String,
}

#[derive(Template)]
#[template(path = "new_document.html")]
pub(crate) struct NewDocumentTemplate {
    pub(crate) page: Page,
    pub(crate) error: Option<String>,
    pub(crate) title: String,
    pub(crate) ru: String,
    pub(crate) en: String,
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
            conf: if b.score >= 0.75 {
                "conf-high"
            } else if b.score >= crate::storage::LOW_CONFIDENCE {
                "conf-mid"
            } else {
                "conf-low"
            },
            status: b.status.as_str(),
            approved: b.status == crate::storage::Status::Approved,
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
        }
    }
}

pub(crate) struct FilterLink {
    pub(crate) label: &'static str,
    pub(crate) count: usize,
    pub(crate) current: bool,
    pub(crate) href: String,
}

#[derive(Template)]
#[template(path = "document.html", whitespace = "minimize")]
pub(crate) struct DocumentTemplate {
    pub(crate) page: Page,
    pub(crate) doc: DocRow,
    pub(crate) rows: Vec<BeadRow>,
    pub(crate) filters: Vec<FilterLink>,
    pub(crate) filter: String,
    pub(crate) q: String,
    pub(crate) shown: usize,
    pub(crate) page_no: usize,
    pub(crate) pages: usize,
    pub(crate) prev_href: Option<String>,
    pub(crate) next_href: Option<String>,
    pub(crate) back: String,
    pub(crate) formats: Vec<&'static str>,
    pub(crate) signed_in: bool,
    pub(crate) legend: &'static [(&'static str, &'static str)],
    pub(crate) agreement: AgreementView,
    /// The alignment map and statistics panel.
    pub(crate) overview: Option<super::map::OverviewView>,
}

/// Just the rows of a review page (for live refreshes).
#[derive(Template)]
#[template(path = "partials/rows.html", whitespace = "minimize")]
pub(crate) struct RowsTemplate {
    pub(crate) page: Page,
    pub(crate) doc_id: i64,
    pub(crate) rows: Vec<BeadRow>,
    pub(crate) back: String,
    pub(crate) signed_in: bool,
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
    pub(crate) strict: [String; 3],
    pub(crate) lax: [String; 3],
    pub(crate) only_student: Vec<DiffBead>,
    pub(crate) only_reference: Vec<DiffBead>,
    pub(crate) more: usize,
}

#[derive(Template)]
#[template(path = "compare.html")]
pub(crate) struct CompareTemplate {
    pub(crate) page: Page,
    pub(crate) doc_id: i64,
    pub(crate) doc_title: String,
    pub(crate) error: Option<String>,
    pub(crate) results: Vec<ComparisonView>,
    pub(crate) beads: usize,
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
    pub(crate) shape: String,
    pub(crate) old_text: Option<String>,
    pub(crate) new_text: Option<String>,
    pub(crate) author: String,
    pub(crate) status: &'static str,
    pub(crate) open: bool,
    pub(crate) reason: Option<String>,
    pub(crate) net: i64,
    pub(crate) my_vote: i64,
    pub(crate) outvotes: bool,
    pub(crate) created_at: String,
}

impl SuggestionView {
    pub(crate) fn new(s: &Suggestion, applied_net: i64) -> SuggestionView {
        let shape = if s.change.is_structural() {
            let kinds = |v: &[crate::Span]| {
                v.iter()
                    .map(|s| s.kind().to_string())
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            format!("{} → {}", kinds(&s.old), kinds(&s.new))
        } else {
            String::new()
        };
        let new_text = match &s.change {
            Change::Wording { text, .. } => Some(text.clone()),
            _ => None,
        };
        SuggestionView {
            id: s.id,
            label: s.change.label(),
            shape,
            old_text: s.base_text.clone(),
            new_text,
            author: s.author.clone().unwrap_or_else(|| "(deleted user)".into()),
            status: s.status.as_str(),
            open: s.status == SuggestionStatus::Open,
            reason: s.reason.clone(),
            net: s.net,
            my_vote: s.my_vote,
            outvotes: s.status == SuggestionStatus::Open && s.net > applied_net,
            created_at: s.created_at.clone(),
        }
    }
}

pub(crate) struct EventView {
    pub(crate) id: i64,
    pub(crate) at: String,
    pub(crate) user: String,
    pub(crate) action: String,
    pub(crate) target: String,
    pub(crate) summary: String,
    pub(crate) revertible: bool,
}

impl From<&Event> for EventView {
    fn from(e: &Event) -> Self {
        let summary = match e.action.as_str() {
            "apply" | "approve_bead" | "revert" => {
                let kinds = |j: &Option<String>| {
                    j.as_deref()
                        .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                        .map(|v| {
                            v["beads"]
                                .as_array()
                                .map(|a| {
                                    a.iter()
                                        .map(|b| {
                                            let s = &b["span"];
                                            let n = |i: usize| s[i].as_u64().unwrap_or(0);
                                            format!(
                                                "{}-{} {}",
                                                n(1) - n(0),
                                                n(3) - n(2),
                                                b["status"].as_str().unwrap_or("")
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                })
                                .unwrap_or_default()
                        })
                        .unwrap_or_default()
                };
                format!("{} ⟶ {}", kinds(&e.before), kinds(&e.after))
            }
            "comment" | "reject" | "suggest" => e.after.clone().unwrap_or_default(),
            _ => String::new(),
        };
        EventView {
            id: e.id,
            at: e.at.clone(),
            user: e.user.clone().unwrap_or_else(|| "(automatic)".into()),
            action: e.action.as_str().replace('_', " "),
            target: e.target.map(|t| t.to_string()).unwrap_or_default(),
            summary,
            revertible: e.revertible(),
        }
    }
}

pub(crate) struct SplitOption {
    pub(crate) ru_at: usize,
    pub(crate) en_at: usize,
    pub(crate) label: String,
}

#[derive(Template)]
#[template(path = "bead.html")]
pub(crate) struct BeadTemplate {
    pub(crate) page: Page,
    pub(crate) restore: bool,
    pub(crate) doc_id: i64,
    pub(crate) doc_title: String,
    pub(crate) row: BeadRow,
    pub(crate) prev: Option<BeadRow>,
    pub(crate) next: Option<BeadRow>,
    pub(crate) ru: Vec<SentenceView>,
    pub(crate) en: Vec<SentenceView>,
    pub(crate) splits: Vec<SplitOption>,
    pub(crate) structural: Vec<(String, String)>,
    pub(crate) suggestions: Vec<SuggestionView>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) history: Vec<EventView>,
    pub(crate) message: Option<String>,
    pub(crate) back: String,
    pub(crate) signed_in: bool,
    pub(crate) pairs: Vec<(String, String, &'static str)>,
    pub(crate) legend: &'static [(&'static str, &'static str)],
}

#[derive(Template)]
#[template(path = "history.html")]
pub(crate) struct HistoryTemplate {
    pub(crate) page: Page,
    pub(crate) restore: bool,
    pub(crate) doc_id: i64,
    pub(crate) doc_title: String,
    pub(crate) events: Vec<EventView>,
}

#[derive(Template)]
#[template(path = "users.html")]
pub(crate) struct UsersTemplate {
    pub(crate) page: Page,
    pub(crate) users: Vec<User>,
    pub(crate) created: Option<(String, String)>,
    pub(crate) error: Option<String>,
    pub(crate) invite_only: bool,
}

pub(crate) fn formats() -> Vec<&'static str> {
    crate::export::Format::ALL
        .iter()
        .map(|f| f.name())
        .collect()
}
