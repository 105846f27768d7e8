//! The review page of a document: its beads (filtered, searched, a page at a time) with their
//! evidence, the alignment map and statistics, the reviewers' agreement; and the next bead to
//! review.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{MAX_PER_PAGE, PER_PAGE, page, review_href};
use crate::Lang;
use crate::qa::CheckId;
use crate::review::coursework::agreement;
use crate::review::evidence::DocEvidence;
use crate::review::findings::DocFindings;
use crate::review::{
    BeadId, BeadReview, DocId, DocumentSummary, Filter, FindingCounts, FindingFilter,
    StoredSentence, UserId, next_to_review,
};
use crate::storage::{Store, StoreError};
use crate::web::cache;
use crate::web::map::{ListPlace, OverviewData, OverviewView, overview};
use crate::web::templates::{DocumentTemplate, RowsTemplate, render};
use crate::web::views::{AgreementView, BeadRow, DocRow, FilterLink, FindingLink, LEGEND, formats};
use crate::web::{AppState, Visitor, WebResult};

/// The query of the review page.
#[derive(Deserialize, Default)]
pub(crate) struct ReviewQuery {
    filter: Option<String>,
    q: Option<String>,
    page: Option<usize>,
    per: Option<usize>,
    /// `rows`: only the table rows (live refreshes).
    partial: Option<String>,
    /// The view of the alignment map (0-based).
    map: Option<usize>,
    /// Beads with a finding of this check (`any` for any check).
    check: Option<String>,
    /// Beads with a finding of this severity.
    severity: Option<String>,
}

/// What the review list shows: a filter, a search, a page of a size.
#[derive(Debug, Clone)]
struct ListRequest {
    filter: Filter,
    /// Only beads with such a finding of the automatic checks.
    findings: Option<FindingFilter>,
    needle: String,
    page: usize,
    per: usize,
    /// Only the rows (no map, statistics or agreement).
    rows_only: bool,
}

impl ListRequest {
    fn of(q: &ReviewQuery) -> ListRequest {
        ListRequest {
            // An unknown filter shows every bead.
            filter: q
                .filter
                .as_deref()
                .and_then(|f| f.parse().ok())
                .unwrap_or_default(),
            // Unknown checks and severities are ignored too.
            findings: FindingFilter::from_query(q.check.as_deref(), q.severity.as_deref()),
            needle: q.q.as_deref().unwrap_or_default().trim().to_string(),
            page: q.page.unwrap_or(1).max(1),
            per: q.per.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE),
            rows_only: q.partial.as_deref() == Some("rows"),
        }
    }

    /// This list at another page.
    fn href(&self, id: DocId, page: usize) -> String {
        review_href(id, self.filter, &self.needle, page, self.per) + &self.findings_query()
    }

    /// The finding filter in an address (`&check=number`), or nothing.
    fn findings_query(&self) -> String {
        self.findings.map(FindingFilter::query).unwrap_or_default()
    }

    /// The check filtered by, as the form names it: a check, `any`, or nothing.
    fn check_name(&self) -> &'static str {
        self.findings
            .map(|f| f.check.map_or("any", |c| c.as_str()))
            .unwrap_or_default()
    }

    /// The severity filtered by, or nothing.
    fn severity_name(&self) -> &'static str {
        self.findings
            .and_then(|f| f.severity)
            .map(|s| s.as_str())
            .unwrap_or_default()
    }

    /// The links of the status filters, each with its count among the beads searched.
    fn filter_links(&self, id: DocId, counts: [usize; 6]) -> Vec<FilterLink> {
        Filter::ALL
            .iter()
            .zip(counts)
            .map(|(&f, count)| FilterLink {
                label: f.label(),
                count,
                current: f == self.filter,
                href: review_href(id, f, &self.needle, 1, self.per)
                    + &self.findings_query()
                    + "#list",
            })
            .collect()
    }
}

/// What the review page shows, read in one go.
struct ReviewPageData {
    doc: DocumentSummary,
    /// Beads in the document.
    total: usize,
    /// Beads per filter, among those the search found.
    counts: [usize; 6],
    /// Beads with findings, among those the search found and the filter keeps.
    finding_counts: FindingCounts,
    /// Positions of the beads listed.
    listed: Vec<usize>,
    /// The beads of this page with their positions.
    rows: Vec<(usize, BeadReview)>,
    /// The sentences of this page's beads.
    ru: Vec<StoredSentence>,
    en: Vec<StoredSentence>,
    evidence: Arc<DocEvidence>,
    findings: Arc<DocFindings>,
    /// Reviewer agreement (not for rows only).
    agreement: Option<AgreementView>,
    /// The map and statistics (not for rows only).
    overview: Option<OverviewData>,
}

impl ReviewPageData {
    fn load(
        s: &Store,
        state: &AppState,
        id: DocId,
        viewer: Option<UserId>,
        req: &ListRequest,
        findings: Arc<DocFindings>,
    ) -> Result<ReviewPageData, StoreError> {
        let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
        let evidence = state.caches().evidence(s, id)?;
        let all = s.review(id, viewer)?;
        let (agreement, overview) = if req.rows_only {
            (None, None)
        } else {
            (
                Some(agreement_view(s, id)?),
                Some(OverviewData::collect(state.caches(), s, id, &all)?),
            )
        };
        let search = Search::run(s, id, &req.needle)?;
        let of = |r: &BeadReview| findings.of_bead(&r.bead.span);
        let listing = req.filter.list(&all, |r| {
            search.found(r) && req.findings.is_none_or(|f| f.keeps(of(r)))
        });
        let finding_counts = FindingCounts::of(
            all.iter()
                .filter(|r| search.found(r) && req.filter.keeps(r))
                .map(of),
        );
        let rows: Vec<(usize, BeadReview)> = listing
            .listed
            .iter()
            .skip((req.page - 1) * req.per)
            .take(req.per)
            .map(|&k| (k, all[k].clone()))
            .collect();
        let lo = rows
            .iter()
            .map(|(_, r)| r.bead.span.clone())
            .reduce(|a, b| {
                crate::Span::new(
                    a.ru.start.min(b.ru.start)..a.ru.end.max(b.ru.end),
                    a.en.start.min(b.en.start)..a.en.end.max(b.en.end),
                )
            });
        let span = lo.unwrap_or_default();
        Ok(ReviewPageData {
            ru: s.sentences_in(id, Lang::Ru, span.ru)?,
            en: s.sentences_in(id, Lang::En, span.en)?,
            doc,
            total: all.len(),
            counts: listing.counts,
            finding_counts,
            listed: listing.listed,
            rows,
            evidence,
            findings,
            agreement,
            overview,
        })
    }

    /// The rows of this page.
    fn bead_rows(&self) -> Vec<BeadRow> {
        self.rows
            .iter()
            .map(|(n, r)| {
                let ev = self.evidence.beads.get(&r.bead.span);
                let mut row = BeadRow::new(n + 1, r, &self.ru, &self.en, ev)
                    .with_findings(self.findings.of_bead(&r.bead.span));
                row.has_next = n + 1 < self.total;
                row
            })
            .collect()
    }
}

/// The sentences a search found: those holding its text, ignoring case.
struct Search {
    /// Per sentence of each side, whether it holds the text; `None` for no search.
    hits: Option<(Vec<bool>, Vec<bool>)>,
}

impl Search {
    /// Searches the sentences of `id` for `needle` (nothing when it is empty).
    fn run(s: &Store, id: DocId, needle: &str) -> Result<Search, StoreError> {
        if needle.is_empty() {
            return Ok(Search { hits: None });
        }
        let lower = needle.to_lowercase();
        let hits = |lang| -> Result<Vec<bool>, StoreError> {
            Ok(s.sentences(id, lang)?
                .iter()
                .map(|x| x.text.to_lowercase().contains(&lower))
                .collect())
        };
        Ok(Search {
            hits: Some((hits(Lang::Ru)?, hits(Lang::En)?)),
        })
    }

    /// Whether the bead has a sentence the search found (every bead without a search).
    fn found(&self, r: &BeadReview) -> bool {
        let Some((ru, en)) = &self.hits else {
            return true;
        };
        let hit = |side: &[bool], mut range: std::ops::Range<usize>| {
            range.any(|i| side.get(i) == Some(&true))
        };
        hit(ru, r.bead.span.ru.clone()) || hit(en, r.bead.span.en.clone())
    }
}

/// The reviewers' agreement on the beads of `id`, with their names.
fn agreement_view(s: &Store, id: DocId) -> Result<AgreementView, StoreError> {
    let a = agreement(&s.bead_votes(id)?);
    let names: HashMap<i64, String> = s.users()?.into_iter().map(|u| (u.id, u.name)).collect();
    Ok(AgreementView::new(&a, |u| {
        names
            .get(&u)
            .cloned()
            .unwrap_or_else(|| format!("user {u}"))
    }))
}

/// `GET /documents/{id}`: the review page (`?partial=rows`: its rows only).
pub(crate) async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Query(q): Query<ReviewQuery>,
) -> WebResult<Response> {
    let req = ListRequest::of(&q);
    let viewer = v.user.as_ref().map(|u| u.id);
    let (st, r) = (state.clone(), req.clone());
    let findings = cache::findings(&state, id).await?;
    let data = state
        .db(move |s| ReviewPageData::load(s, &st, id, viewer, &r, findings))
        .await??;
    let rows = data.bead_rows();
    let back = req.href(id, req.page);
    if req.rows_only {
        return Ok(render(
            StatusCode::OK,
            &RowsTemplate {
                page: page(&state, &v),
                doc_id: id,
                rows,
                back,
                signed_in: v.user.is_some(),
            },
        ));
    }
    let shown = data.listed.len();
    let pages = shown.div_ceil(req.per).max(1);
    let overview = overview_panel(&data, &req, id, q.map);
    let filters = req.filter_links(id, data.counts);
    let finding_links = finding_links(id, &req, &data.finding_counts);
    Ok(render(
        StatusCode::OK,
        &DocumentTemplate {
            page: page(&state, &v),
            doc: DocRow::from(data.doc),
            rows,
            filters,
            finding_links,
            check: req.check_name(),
            severity: req.severity_name(),
            shown,
            prev_href: (req.page > 1).then(|| req.href(id, req.page - 1) + "#list"),
            next_href: (req.page < pages).then(|| req.href(id, req.page + 1) + "#list"),
            filter: req.filter.name().to_string(),
            q: req.needle.clone(),
            page_no: req.page,
            pages,
            back,
            formats: formats(),
            signed_in: v.user.is_some(),
            legend: &LEGEND,
            agreement: data
                .agreement
                .unwrap_or_else(|| AgreementView::new(&Default::default(), |_| String::new())),
            overview,
        },
    ))
}

/// The alignment map and statistics panel of the page, when the document has one.
fn overview_panel(
    data: &ReviewPageData,
    req: &ListRequest,
    id: DocId,
    view: Option<usize>,
) -> Option<OverviewView> {
    data.overview.as_ref().map(|o| {
        let href = |p| req.href(id, p);
        let href_all = |p| review_href(id, Filter::All, "", p, req.per);
        overview(
            o,
            &ListPlace {
                listed: &data.listed,
                per: req.per,
                page: req.page,
                view,
                href: &href,
                href_all: &href_all,
            },
        )
    })
}

/// The links of the finding filter: any finding, each check and each severity that some
/// listed bead has (and the current one), and a link that clears it.
fn finding_links(id: DocId, req: &ListRequest, counts: &FindingCounts) -> Vec<FindingLink> {
    let base = review_href(id, req.filter, &req.needle, 1, req.per);
    let link = |f: Option<FindingFilter>, label: String, count: Option<usize>| FindingLink {
        current: f == req.findings,
        href: base.clone() + &f.map(FindingFilter::query).unwrap_or_default() + "#list",
        label,
        count,
    };
    let any = FindingFilter {
        check: None,
        severity: None,
    };
    let mut out = vec![link(Some(any), "any finding".into(), Some(counts.any))];
    let checks = CheckId::ALL.into_iter().zip(counts.checks).map(|(c, n)| {
        let f = FindingFilter {
            check: Some(c),
            severity: None,
        };
        (f, n)
    });
    let severities = FindingCounts::SEVERITIES
        .into_iter()
        .zip(counts.severities)
        .rev()
        .map(|(s, n)| {
            let f = FindingFilter {
                check: None,
                severity: Some(s),
            };
            (f, n)
        });
    for (f, n) in checks.chain(severities) {
        if n > 0 || Some(f) == req.findings {
            out.push(link(Some(f), f.label(), Some(n)));
        }
    }
    if let Some(f) = req.findings
        && f.check.is_some()
        && f.severity.is_some()
    {
        out.push(link(Some(f), f.label(), None));
    }
    if req.findings.is_some() {
        out.push(link(None, "clear".into(), None));
    }
    out
}

/// The query of `next`.
#[derive(Deserialize)]
pub(crate) struct NextQuery {
    from: Option<BeadId>,
    per: Option<usize>,
}

/// `GET /documents/{id}/next`: the least confident bead not yet approved (after `from` in
/// that order). Redirects to it on its review page; JSON `{bead, href}` when asked for.
pub(crate) async fn next(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
    Query(q): Query<NextQuery>,
    headers: axum::http::HeaderMap,
) -> WebResult<Response> {
    let per = q.per.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let from = q.from;
    let next = state
        .db(move |s| -> Result<_, StoreError> {
            s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            Ok(next_to_review(&s.beads(id)?, from))
        })
        .await??;
    let href = match &next {
        Some(n) => format!(
            "{}#b{}",
            review_href(id, Filter::All, "", n.position / per + 1, per),
            n.bead
        ),
        None => review_href(id, Filter::All, "", 1, per),
    };
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        let body = serde_json::json!({ "bead": next.map(|n| n.bead), "href": href });
        return Ok(axum::Json(body).into_response());
    }
    Ok(Redirect::to(&href).into_response())
}
