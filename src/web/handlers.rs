//! Route handlers: validate input, one storage call, a view.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{self, SESSION_COOKIE};
use super::templates::*;
use super::views::LEGEND;
use super::{AppState, Visitor, WebError, WebResult};
use crate::export::Format;
use crate::review::{ExportRequest, export_applied};
use crate::storage::{
    BeadId, BeadReview, Change, DocId, LOW_CONFIDENCE, Role, Status, StoreError, SuggestionId,
};
use crate::{Document, Lang};

/// The default and largest number of beads on one review page.
const PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 1000;

fn page(state: &AppState, v: &Visitor) -> Page {
    Page::new(v, !state.config().invite_only)
}

/// A safe local redirect target: an absolute path on this site, else `fallback`.
fn local(back: Option<&str>, fallback: String) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') => b.to_string(),
        _ => fallback,
    }
}

pub(crate) async fn not_found() -> WebError {
    WebError::NotFound("page")
}

// ----- documents -----

pub(crate) async fn documents_index(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    let docs = state.db(|s| s.documents()).await??;
    Ok(render(
        StatusCode::OK,
        &IndexTemplate {
            page: page(&state, &v),
            docs: docs.into_iter().map(DocRow::from).collect(),
        },
    ))
}

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
}

const FILTERS: [(&str, &str); 6] = [
    ("all", "All"),
    ("unreviewed", "Unreviewed"),
    ("low", "Low confidence"),
    ("disputed", "Disputed"),
    ("not11", "Not 1-1"),
    ("approved", "Approved"),
];

fn keep(filter: &str, r: &BeadReview) -> bool {
    let b = &r.bead;
    match filter {
        "unreviewed" => b.status == Status::Automatic,
        "low" => b.status == Status::Automatic && b.score < LOW_CONFIDENCE,
        "disputed" => r.disputed(),
        "not11" => !b.span.kind().is_one_to_one(),
        "approved" => b.status == Status::Approved,
        _ => true,
    }
}

fn review_href(id: DocId, filter: &str, q: &str, page: usize, per: usize) -> String {
    let mut h = format!("/documents/{id}?filter={filter}");
    if !q.is_empty() {
        h.push_str("&q=");
        h.push_str(&encode(q));
    }
    if page > 1 {
        h.push_str(&format!("&page={page}"));
    }
    if per != PER_PAGE {
        h.push_str(&format!("&per={per}"));
    }
    h
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) async fn documents_show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Query(q): Query<ReviewQuery>,
) -> WebResult<Response> {
    let filter = q
        .filter
        .filter(|f| FILTERS.iter().any(|(n, _)| n == f))
        .unwrap_or_else(|| "all".into());
    let needle = q.q.unwrap_or_default().trim().to_string();
    let per = q.per.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let page_no = q.page.unwrap_or(1).max(1);
    let viewer = v.user.as_ref().map(|u| u.id);
    let (filter2, needle2) = (filter.clone(), needle.clone());
    let rows_only = q.partial.as_deref() == Some("rows");
    let st = state.clone();
    let (doc, all, counts, rows, ru, en, evidence, agreement, total_beads, overview) = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            let evidence = st.evidence(s, id)?;
            let agreement = if rows_only {
                None
            } else {
                let a = crate::review::coursework::agreement(&s.bead_votes(id)?);
                let names: std::collections::HashMap<i64, String> =
                    s.users()?.into_iter().map(|u| (u.id, u.name)).collect();
                Some(AgreementView::new(&a, |u| {
                    names
                        .get(&u)
                        .cloned()
                        .unwrap_or_else(|| format!("user {u}"))
                }))
            };
            let mut all = s.review(id, viewer)?;
            let total_beads = all.len();
            let overview = if rows_only {
                None
            } else {
                Some(super::map::OverviewData::collect(
                    st.map_cache(),
                    s,
                    id,
                    &all,
                )?)
            };
            if !needle2.is_empty() {
                let lower = needle2.to_lowercase();
                let hit = |lang| -> Result<Vec<bool>, StoreError> {
                    Ok(s.sentences(id, lang)?
                        .iter()
                        .map(|x| x.text.to_lowercase().contains(&lower))
                        .collect())
                };
                let (hr, he) = (hit(Lang::Ru)?, hit(Lang::En)?);
                all.retain(|r| {
                    r.bead.span.ru.clone().any(|i| hr.get(i) == Some(&true))
                        || r.bead.span.en.clone().any(|i| he.get(i) == Some(&true))
                });
            }
            let counts: Vec<usize> = FILTERS
                .iter()
                .map(|(f, _)| all.iter().filter(|r| keep(f, r)).count())
                .collect();
            let numbered: Vec<(usize, BeadReview)> = all
                .into_iter()
                .enumerate()
                .filter(|(_, r)| keep(&filter2, r))
                .collect();
            let total = numbered.len();
            let listed: Vec<usize> = numbered.iter().map(|(n, _)| *n).collect();
            let rows: Vec<(usize, BeadReview)> = numbered
                .into_iter()
                .skip((page_no - 1) * per)
                .take(per)
                .collect();
            let span = |f: fn(&BeadReview) -> std::ops::Range<usize>| {
                let lo = rows.iter().map(|(_, r)| f(r).start).min().unwrap_or(0);
                let hi = rows.iter().map(|(_, r)| f(r).end).max().unwrap_or(0);
                lo..hi
            };
            let ru = s.sentences_in(id, Lang::Ru, span(|r| r.bead.span.ru.clone()))?;
            let en = s.sentences_in(id, Lang::En, span(|r| r.bead.span.en.clone()))?;
            Ok((
                doc,
                total,
                counts,
                rows,
                ru,
                en,
                evidence,
                agreement,
                total_beads,
                overview.map(|o| (o, listed)),
            ))
        })
        .await??;
    let rows: Vec<BeadRow> = rows
        .iter()
        .map(|(n, r)| {
            let mut row = BeadRow::new(n + 1, r, &ru, &en, evidence.beads.get(&r.bead.span));
            row.has_next = n + 1 < total_beads;
            row
        })
        .collect();
    let back = review_href(id, &filter, &needle, page_no, per);
    if rows_only {
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
    let pages = all.div_ceil(per).max(1);
    let overview = overview.map(|(data, listed)| {
        let (f, n) = (filter.as_str(), needle.as_str());
        super::map::overview(
            &data,
            &super::map::ListPlace {
                listed: &listed,
                per,
                page: page_no,
                view: q.map,
                href: &|p| review_href(id, f, n, p, per),
                href_all: &|p| review_href(id, "all", "", p, per),
            },
        )
    });
    let filters = FILTERS
        .iter()
        .zip(&counts)
        .map(|((name, label), count)| FilterLink {
            label,
            count: *count,
            current: *name == filter,
            href: review_href(id, name, &needle, 1, per),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &DocumentTemplate {
            page: page(&state, &v),
            doc: doc.into(),
            rows,
            filters,
            shown: all,
            prev_href: (page_no > 1).then(|| review_href(id, &filter, &needle, page_no - 1, per)),
            next_href: (page_no < pages)
                .then(|| review_href(id, &filter, &needle, page_no + 1, per)),
            filter,
            q: needle,
            page_no,
            pages,
            back,
            formats: formats(),
            signed_in: v.user.is_some(),
            legend: &LEGEND,
            agreement: agreement
                .unwrap_or_else(|| AgreementView::new(&Default::default(), |_| String::new())),
            overview,
        },
    ))
}

pub(crate) async fn documents_new(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    v.require_admin()?;
    Ok(render(
        StatusCode::OK,
        &NewDocumentTemplate {
            page: page(&state, &v),
            error: None,
            title: String::new(),
            ru: String::new(),
            en: String::new(),
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct NewDocumentForm {
    title: String,
    ru: String,
    en: String,
}

pub(crate) async fn documents_create(
    State(state): State<AppState>,
    v: Visitor,
    req: axum::extract::Request,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let f = if content_type.starts_with("multipart/form-data") {
        let body = axum::body::to_bytes(req.into_body(), super::MAX_BODY_BYTES)
            .await
            .map_err(|_| WebError::TooLarge("the upload is too large".into()))?;
        match new_document_from_multipart(&content_type, &body) {
            Ok(f) => f,
            Err(msg) => {
                return Ok(render(
                    StatusCode::BAD_REQUEST,
                    &NewDocumentTemplate {
                        page: page(&state, &v),
                        error: Some(msg),
                        title: String::new(),
                        ru: String::new(),
                        en: String::new(),
                    },
                ));
            }
        }
    } else {
        use axum::extract::FromRequest;
        let Form(f) = Form::<NewDocumentForm>::from_request(req, &state)
            .await
            .map_err(|e| WebError::BadRequest(e.body_text()))?;
        f
    };
    let fail = |msg: String, f: NewDocumentForm| {
        render(
            StatusCode::BAD_REQUEST,
            &NewDocumentTemplate {
                page: page(&state, &v),
                error: Some(msg),
                title: f.title,
                ru: f.ru,
                en: f.en,
            },
        )
    };
    if f.ru.len() > super::MAX_TEXT_BYTES || f.en.len() > super::MAX_TEXT_BYTES {
        let m = format!(
            "each text may hold at most {} MB",
            super::MAX_TEXT_BYTES / 1_000_000
        );
        return Ok(fail(m, f));
    }
    let title = f.title.trim().to_string();
    let (ru, en) = match (
        Document::new(f.ru.clone(), Lang::Ru),
        Document::new(f.en.clone(), Lang::En),
    ) {
        (Ok(ru), Ok(en)) => (ru, en),
        (Err(e), _) | (_, Err(e)) => return Ok(fail(e.to_string(), f)),
    };
    let (ru, en, beads) = tokio::task::spawn_blocking(move || {
        let beads = crate::Aligner::new().align(&ru, &en);
        (ru, en, beads)
    })
    .await?;
    let result = state
        .write(move |s| s.create_document(Some(admin), &title, &ru, &en, &beads))
        .await?;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/documents/{id}")).into_response()),
        Err(StoreError::Invalid(m)) => Ok(fail(m, f)),
        Err(e) => Err(e.into()),
    }
}

/// Reads the new-document form sent as `multipart/form-data`: an uploaded `.txt` file
/// (`ru_file`, `en_file`) replaces the text area of its side. Files must be UTF-8.
fn new_document_from_multipart(content_type: &str, body: &[u8]) -> Result<NewDocumentForm, String> {
    let parts = super::multipart::parse(content_type, body)?;
    let mut f = NewDocumentForm {
        title: String::new(),
        ru: String::new(),
        en: String::new(),
    };
    let text = |p: &super::multipart::Part| -> Result<String, String> {
        let what = p.filename.clone().unwrap_or_else(|| p.name.clone());
        let s = crate::text::decode_utf8(p.data.clone(), &what).map_err(|e| e.to_string())?;
        Ok(s.trim_start_matches('\u{feff}').to_string())
    };
    for p in &parts {
        match p.name.as_str() {
            "title" => f.title = text(p)?,
            "ru" if f.ru.trim().is_empty() => f.ru = text(p)?,
            "en" if f.en.trim().is_empty() => f.en = text(p)?,
            "ru_file" if !p.data.is_empty() => f.ru = text(p)?,
            "en_file" if !p.data.is_empty() => f.en = text(p)?,
            _ => {}
        }
    }
    Ok(f)
}

pub(crate) async fn documents_delete(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    state.write(move |s| s.delete_document(admin, id)).await??;
    Ok(Redirect::to("/").into_response())
}

#[derive(Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
    status: Option<String>,
    columns: Option<String>,
}

pub(crate) async fn documents_export(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
    Query(q): Query<ExportQuery>,
) -> WebResult<Response> {
    let format: Format = q
        .format
        .as_deref()
        .unwrap_or("tsv")
        .parse()
        .map_err(|e: crate::export::ParseFormatError| WebError::BadRequest(e.to_string()))?;
    let approved_only = match q.status.as_deref() {
        None | Some("") | Some("all") => false,
        Some("approved") => true,
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "unknown status “{other}” (use approved or all)"
            )));
        }
    };
    let status_column = q
        .columns
        .as_deref()
        .is_some_and(|c| c.split(',').any(|c| c.trim() == "status"));
    let req = ExportRequest {
        format,
        approved_only,
        status_column,
    };
    let applied = state.db(move |s| s.applied(id)).await??;
    let (bytes, name) =
        export_applied(&applied, id, req).map_err(|e| WebError::BadRequest(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub(crate) async fn documents_history(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    let (doc, events) = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            Ok((doc, s.events(Some(id), 500)?))
        })
        .await??;
    Ok(render(
        StatusCode::OK,
        &HistoryTemplate {
            restore: v.is_admin(),
            page: page(&state, &v),
            doc_id: id,
            doc_title: doc.title,
            events: events
                .iter()
                .filter(|e| e.action != crate::review::Action::Vote)
                .map(EventView::from)
                .collect(),
        },
    ))
}

// ----- beads -----

async fn bead_page(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    message: Option<String>,
    status: StatusCode,
) -> WebResult<Response> {
    let viewer = v.user.as_ref().map(|u| u.id);
    let st = state.clone();
    let data = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            let evidence = st.evidence(s, id)?;
            let all = s.review(id, viewer)?;
            let total = all.len();
            let i = all
                .iter()
                .position(|r| r.bead.id == bead)
                .ok_or(StoreError::NotFound("bead"))?;
            let lo = i.saturating_sub(1);
            let hi = (i + 2).min(all.len());
            let near: Vec<(usize, BeadReview)> = (lo..hi).map(|j| (j, all[j].clone())).collect();
            let ru_range = all[lo].bead.span.ru.start..all[hi - 1].bead.span.ru.end;
            let en_range = all[lo].bead.span.en.start..all[hi - 1].bead.span.en.end;
            let ru = s.sentences_in(id, Lang::Ru, ru_range)?;
            let en = s.sentences_in(id, Lang::En, en_range)?;
            let sugg = s.suggestions(bead, viewer)?;
            let comments = s.comments(bead)?;
            let history = s.history(id, &all[i].bead)?;
            Ok((
                doc, i, near, ru, en, sugg, comments, history, evidence, total,
            ))
        })
        .await??;
    let (doc, i, near, ru, en, sugg, comments, history, evidence, total) = data;
    let mut row = None;
    let (mut prev, mut next) = (None, None);
    let mut pairs = Vec::new();
    for (j, r) in &near {
        let ev = evidence.beads.get(&r.bead.span);
        if *j == i {
            pairs = ev.map(|e| e.pairs.clone()).unwrap_or_default();
        }
        let mut view = BeadRow::new(j + 1, r, &ru, &en, ev);
        view.has_next = j + 1 < total;
        match j.cmp(&i) {
            std::cmp::Ordering::Less => prev = Some(view),
            std::cmp::Ordering::Equal => {
                row = Some(BeadRow {
                    current: true,
                    ..view
                })
            }
            std::cmp::Ordering::Greater => next = Some(view),
        }
    }
    let me = near.iter().find(|(j, _)| *j == i).map(|(_, r)| r.clone());
    let (Some(row), Some(me)) = (row, me) else {
        return Err(WebError::NotFound("bead"));
    };
    let b = &me.bead;
    let mut splits = Vec::new();
    for ru_at in b.span.ru.clone().chain(std::iter::once(b.span.ru.end)) {
        for en_at in b.span.en.clone().chain(std::iter::once(b.span.en.end)) {
            let (a, c) = (ru_at - b.span.ru.start, en_at - b.span.en.start);
            let (d, e) = (b.span.ru.end - ru_at, b.span.en.end - en_at);
            if (a + c) > 0 && (d + e) > 0 {
                splits.push(SplitOption {
                    ru_at,
                    en_at,
                    label: format!("first part {a}-{c}, second part {d}-{e}"),
                });
            }
        }
    }
    let mut structural: Vec<(String, String)> = Vec::new();
    let mut add = |c: Change| structural.push((serde_kind(&c), c.label()));
    if prev.is_some() {
        add(Change::MergePrev);
    }
    if next.is_some() {
        add(Change::MergeNext);
    }
    if !b.is_one_sided_stored() {
        add(Change::Unpair);
    }
    if let Some(n) = near.iter().find(|(j, _)| *j == i + 1) {
        let nb = &n.1.bead;
        if (b.span.en.is_empty() && nb.span.ru.is_empty())
            || (b.span.ru.is_empty() && nb.span.en.is_empty())
        {
            add(Change::PairNext);
        }
    }
    for lang in [Lang::Ru, Lang::En] {
        let len = if lang == Lang::Ru {
            b.span.ru.len()
        } else {
            b.span.en.len()
        };
        if len > 0 && prev.is_some() {
            add(Change::MoveFirstToPrev { lang });
        }
        if len > 0 && next.is_some() {
            add(Change::MoveLastToNext { lang });
        }
    }
    let in_bead =
        |s: &&crate::storage::StoredSentence, r: &std::ops::Range<usize>| r.contains(&s.idx);
    Ok(render(
        status,
        &BeadTemplate {
            restore: false,
            page: page(state, v),
            doc_id: id,
            doc_title: doc.title,
            ru: ru
                .iter()
                .filter(|s| in_bead(s, &b.span.ru))
                .map(SentenceView::from)
                .collect(),
            en: en
                .iter()
                .filter(|s| in_bead(s, &b.span.en))
                .map(SentenceView::from)
                .collect(),
            splits,
            structural,
            suggestions: sugg
                .iter()
                .map(|s| SuggestionView::new(s, me.net))
                .collect(),
            comments,
            history: history.iter().map(EventView::from).collect(),
            message,
            back: format!("/documents/{id}/beads/{bead}"),
            signed_in: v.user.is_some(),
            pairs,
            legend: &LEGEND,
            row,
            prev,
            next,
        },
    ))
}

/// The `kind` value of a structural change's form.
fn serde_kind(c: &Change) -> String {
    match c {
        Change::MoveFirstToPrev { lang } => format!("move_first_to_prev:{}", lang.code()),
        Change::MoveLastToNext { lang } => format!("move_last_to_next:{}", lang.code()),
        other => other.kind().to_string(),
    }
}

trait OneSided {
    fn is_one_sided_stored(&self) -> bool;
}

impl OneSided for crate::storage::StoredBead {
    fn is_one_sided_stored(&self) -> bool {
        self.span.ru.is_empty() || self.span.en.is_empty()
    }
}

pub(crate) async fn beads_show(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
) -> WebResult<Response> {
    bead_page(&state, &v, id, bead, None, StatusCode::OK).await
}

/// Finishes a bead action: redirects back on success; on a conflict shows the bead's
/// current state with the message (409), so nothing is silently overwritten.
/// For htmx requests, answers with the bead's fresh row instead. Successful actions are
/// announced to every open page of the document.
async fn after_action<T>(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    result: Result<T, StoreError>,
    back: Option<&str>,
    act: Act,
) -> WebResult<Response> {
    match result {
        Ok(_) => {
            let who = v.user.as_ref().map_or("someone", |u| u.name.as_str());
            state
                .announce(id, Some(bead), act.kind, who, act.structural)
                .await;
            if act.hx {
                return hx_answer(state, v, id, bead, back, None).await;
            }
            let fallback = format!("/documents/{id}#b{bead}");
            Ok(Redirect::to(&local(back, fallback)).into_response())
        }
        Err(e @ (StoreError::Stale { .. } | StoreError::Conflict(_))) => {
            let msg = e.to_string();
            if act.hx {
                return hx_answer(state, v, id, bead, back, Some(msg)).await;
            }
            match bead_page(state, v, id, bead, Some(msg.clone()), StatusCode::CONFLICT).await {
                Err(WebError::NotFound(_)) => Err(WebError::Conflict(msg)),
                other => other,
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// What an action was, for its announcement and answer.
#[derive(Debug, Clone, Copy)]
struct Act {
    kind: &'static str,
    structural: bool,
    hx: bool,
}

impl Act {
    fn new(kind: &'static str, hx: bool) -> Act {
        Act {
            kind,
            structural: false,
            hx,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct VoteForm {
    value: i64,
    version: i64,
    back: Option<String>,
}

pub(crate) async fn beads_vote(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<VoteForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let r = state
        .write(move |s| s.vote_bead(user, id, bead, f.version, f.value))
        .await?;
    let act = Act::new("vote", hx);
    after_action(&state, &v, id, bead, r, f.back.as_deref(), act).await
}

#[derive(Deserialize)]
pub(crate) struct VersionForm {
    version: i64,
    back: Option<String>,
}

pub(crate) async fn beads_approve(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<VersionForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let r = state
        .write(move |s| s.approve_bead(admin, id, bead, f.version))
        .await?;
    let act = Act::new("approve", hx);
    after_action(&state, &v, id, bead, r, f.back.as_deref(), act).await
}

#[derive(Deserialize)]
pub(crate) struct SuggestForm {
    kind: String,
    version: i64,
    ru_at: Option<usize>,
    en_at: Option<usize>,
    split: Option<String>,
    lang: Option<String>,
    idx: Option<usize>,
    text: Option<String>,
    back: Option<String>,
}

fn parse_change(f: &SuggestForm) -> WebResult<Change> {
    let lang = |l: Option<&str>| {
        l.and_then(Lang::from_code)
            .ok_or_else(|| WebError::BadRequest("choose the language: ru or en".into()))
    };
    let (kind, side) = match f.kind.split_once(':') {
        Some((k, s)) => (k, Some(s)),
        None => (f.kind.as_str(), f.lang.as_deref()),
    };
    Ok(match kind {
        "merge_next" => Change::MergeNext,
        "merge_prev" => Change::MergePrev,
        "unpair" => Change::Unpair,
        "pair_next" => Change::PairNext,
        "split" => {
            let from_radio = f.split.as_deref().and_then(|s| {
                let (a, b) = s.split_once(':')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            });
            let (Some(ru_at), Some(en_at)) = from_radio
                .map(|(a, b)| (Some(a), Some(b)))
                .unwrap_or((f.ru_at, f.en_at))
            else {
                return Err(WebError::BadRequest("choose where to split".into()));
            };
            Change::Split { ru_at, en_at }
        }
        "move_first_to_prev" => Change::MoveFirstToPrev { lang: lang(side)? },
        "move_last_to_next" => Change::MoveLastToNext { lang: lang(side)? },
        "wording" => {
            let Some(idx) = f.idx else {
                return Err(WebError::BadRequest("choose the sentence".into()));
            };
            Change::Wording {
                lang: lang(side)?,
                idx,
                text: f.text.clone().unwrap_or_default(),
            }
        }
        other => {
            return Err(WebError::BadRequest(format!(
                "unknown kind of suggestion “{other}”"
            )));
        }
    })
}

pub(crate) async fn beads_suggest(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<SuggestForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let change = parse_change(&f)?;
    let version = f.version;
    let r = state
        .write(move |s| s.suggest(user, id, bead, version, change))
        .await?;
    let back = f
        .back
        .clone()
        .unwrap_or_else(|| format!("/documents/{id}/beads/{bead}"));
    let act = Act::new("suggest", hx);
    after_action(&state, &v, id, bead, r, Some(&back), act).await
}

#[derive(Deserialize)]
pub(crate) struct CommentForm {
    text: String,
}

pub(crate) async fn beads_comment(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<CommentForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    state
        .write(move |s| s.comment(user, id, bead, &f.text))
        .await??;
    let who = v.user.as_ref().map_or("someone", |u| u.name.as_str());
    state.announce(id, Some(bead), "comment", who, false).await;
    Ok(Redirect::to(&format!("/documents/{id}/beads/{bead}#comments")).into_response())
}

// ----- suggestions -----

async fn suggestion_place(state: &AppState, sid: SuggestionId) -> WebResult<(DocId, BeadId)> {
    let s = state
        .db(move |s| s.suggestion(sid))
        .await??
        .ok_or(WebError::NotFound("suggestion"))?;
    Ok((s.doc_id, s.bead_id.unwrap_or(0)))
}

pub(crate) async fn suggestions_vote(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<VoteForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let (doc, bead) = suggestion_place(&state, sid).await?;
    let auto = state.config().auto_approve;
    let r = state
        .write(move |s| s.vote_suggestion(user, sid, f.version, f.value, auto))
        .await?;
    let back = local(f.back.as_deref(), format!("/documents/{doc}/beads/{bead}"));
    // An auto-applied structural change may have replaced the bead: go to the document.
    let applied = matches!(&r, Ok(o) if o.applied);
    let back = if applied {
        format!("/documents/{doc}")
    } else {
        back
    };
    let act = Act {
        kind: if applied { "apply" } else { "vote" },
        structural: applied,
        hx,
    };
    after_action(&state, &v, doc, bead, r, Some(&back), act).await
}

pub(crate) async fn suggestions_approve(
    State(state): State<AppState>,
    v: Visitor,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<VersionForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (doc, bead) = suggestion_place(&state, sid).await?;
    let r = state
        .write(move |s| s.approve_suggestion(admin, sid, f.version))
        .await?;
    let act = Act {
        kind: "apply",
        structural: true,
        hx: false,
    };
    after_action(
        &state,
        &v,
        doc,
        bead,
        r,
        Some(&format!("/documents/{doc}#b{bead}")),
        act,
    )
    .await
}

#[derive(Deserialize)]
pub(crate) struct RejectForm {
    reason: String,
}

pub(crate) async fn suggestions_reject(
    State(state): State<AppState>,
    v: Visitor,
    Path(sid): Path<SuggestionId>,
    Form(f): Form<RejectForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let (doc, bead) = suggestion_place(&state, sid).await?;
    let r = state
        .write(move |s| s.reject_suggestion(admin, sid, &f.reason))
        .await?;
    after_action(&state, &v, doc, bead, r, None, Act::new("reject", false)).await
}

pub(crate) async fn events_revert(
    State(state): State<AppState>,
    v: Visitor,
    Path(eid): Path<i64>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let doc = state.write(move |s| s.revert(admin, eid)).await??;
    let who = v.user.as_ref().map_or("someone", |u| u.name.as_str());
    state.announce(doc, None, "revert", who, true).await;
    Ok(Redirect::to(&format!("/documents/{doc}/history")).into_response())
}

#[derive(Deserialize)]
pub(crate) struct RestoreForm {
    event: i64,
}

pub(crate) async fn documents_restore(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    Form(f): Form<RestoreForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    state
        .write(move |s| s.restore(admin, id, f.event))
        .await??;
    let who = v.user.as_ref().map_or("someone", |u| u.name.as_str());
    state.announce(id, None, "revert", who, true).await;
    Ok(Redirect::to(&format!("/documents/{id}/history")).into_response())
}

// ----- sign in, register, sign out -----

pub(crate) async fn signin_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    Ok(render(
        StatusCode::OK,
        &SigninTemplate {
            page: page(&state, &v),
            error: None,
            name: String::new(),
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct SigninForm {
    name: String,
    password: String,
}

/// Starts a new session (a fresh id) for `user`, ending the visitor's old one.
async fn start_session(state: &AppState, v: &Visitor, user: i64) -> WebResult<Response> {
    let token = auth::random_token();
    let csrf = auth::random_token();
    let old = v.session.clone();
    let t = token.clone();
    state
        .write(move |s| -> Result<(), StoreError> {
            if let Some(old) = old {
                s.delete_session(&old)?;
            }
            s.create_session(&t, user, &csrf)
        })
        .await??;
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            SESSION_COOKIE,
            &token,
            crate::storage::SESSION_TTL_SECS,
            state.config().secure_cookies,
        ),
    );
    Ok(resp)
}

pub(crate) async fn signin_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<SigninForm>,
) -> WebResult<Response> {
    let name = f.name.trim().to_string();
    let n = name.clone();
    let found = state.db(move |s| s.user_with_hash(&n)).await??;
    let password = f.password;
    // Verify even for unknown names, so timing does not tell which names exist.
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let ok = tokio::task::spawn_blocking(move || crate::review::verify_password(&password, &hash))
        .await?;
    match found {
        Some((user, _)) if ok && user.active => start_session(&state, &v, user.id).await,
        _ => Ok(render(
            StatusCode::UNAUTHORIZED,
            &SigninTemplate {
                page: page(&state, &v),
                error: Some("Wrong name or password.".into()),
                name,
            },
        )),
    }
}

/// An Argon2id hash of a random password, checked for unknown user names.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        crate::review::hash_password(&auth::random_token(), crate::review::PasswordCost::Default)
            .unwrap_or_default()
    })
}

pub(crate) async fn signout_submit(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    if let Some(t) = v.session.clone() {
        state.write(move |s| s.delete_session(&t)).await??;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, state.config().secure_cookies),
    );
    Ok(resp)
}

pub(crate) async fn register_form(
    State(state): State<AppState>,
    v: Visitor,
) -> WebResult<Response> {
    if state.config().invite_only {
        return Err(WebError::Forbidden(
            "registration is by invitation only; ask an admin for an account".into(),
        ));
    }
    Ok(render(
        StatusCode::OK,
        &RegisterTemplate {
            page: page(&state, &v),
            error: None,
            name: String::new(),
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct RegisterForm {
    name: String,
    password: String,
    confirm: String,
}

/// The shortest accepted password.
const MIN_PASSWORD: usize = 10;

pub(crate) async fn register_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<RegisterForm>,
) -> WebResult<Response> {
    if state.config().invite_only {
        return Err(WebError::Forbidden(
            "registration is by invitation only; ask an admin for an account".into(),
        ));
    }
    let name = f.name.trim().to_string();
    let fail = |msg: String| {
        render(
            StatusCode::BAD_REQUEST,
            &RegisterTemplate {
                page: page(&state, &v),
                error: Some(msg),
                name: name.clone(),
            },
        )
    };
    if f.password.chars().count() < MIN_PASSWORD {
        return Ok(fail(format!(
            "A password needs at least {MIN_PASSWORD} characters."
        )));
    }
    if f.password != f.confirm {
        return Ok(fail("The two passwords differ.".into()));
    }
    let cost = state.config().password_cost;
    let (n, pw) = (name.clone(), f.password);
    let hash =
        tokio::task::spawn_blocking(move || crate::review::hash_password(&pw, cost)).await??;
    let created = state
        .write(move |s| s.create_user(&n, &hash, Role::Reviewer))
        .await?;
    match created {
        Ok(id) => start_session(&state, &v, id).await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => Ok(fail(format!("{e}."))),
        Err(e) => Err(e.into()),
    }
}

// ----- user admin -----

pub(crate) async fn users_index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require_admin()?;
    users_page(&state, &v, None, None, StatusCode::OK).await
}

async fn users_page(
    state: &AppState,
    v: &Visitor,
    created: Option<(String, String)>,
    error: Option<String>,
    status: StatusCode,
) -> WebResult<Response> {
    let users = state.db(|s| s.users()).await??;
    Ok(render(
        status,
        &UsersTemplate {
            page: page(state, v),
            users,
            created,
            error,
            invite_only: state.config().invite_only,
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    name: String,
    role: String,
}

pub(crate) async fn users_create(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<NewUserForm>,
) -> WebResult<Response> {
    v.require_admin()?;
    let role = Role::parse(&f.role).ok_or_else(|| WebError::BadRequest("unknown role".into()))?;
    let name = f.name.trim().to_string();
    let password = crate::review::random_password();
    let cost = state.config().password_cost;
    let (n, pw) = (name.clone(), password.clone());
    let hash =
        tokio::task::spawn_blocking(move || crate::review::hash_password(&pw, cost)).await??;
    let created = state.write(move |s| s.create_user(&n, &hash, role)).await?;
    match created {
        Ok(_) => users_page(&state, &v, Some((name, password)), None, StatusCode::OK).await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            users_page(
                &state,
                &v,
                None,
                Some(format!("{e}.")),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct UserForm {
    role: String,
    active: Option<String>,
}

pub(crate) async fn users_update(
    State(state): State<AppState>,
    v: Visitor,
    Path(uid): Path<i64>,
    Form(f): Form<UserForm>,
) -> WebResult<Response> {
    let admin = v.require_admin()?.id;
    let role = Role::parse(&f.role).ok_or_else(|| WebError::BadRequest("unknown role".into()))?;
    let active = f.active.is_some();
    state
        .write(move |s| s.set_user(admin, uid, role, active))
        .await??;
    Ok(Redirect::to("/admin/users").into_response())
}

// ----- live pages: rows, review order, coursework -----

/// Whether the request came from htmx (the `HX-Request` header), which wants a fragment.
pub(crate) struct Hx(pub(crate) bool);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Hx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Hx(parts.headers.contains_key("hx-request")))
    }
}

/// The row of one bead as an HTML fragment; `None` when the bead is gone.
async fn row_fragment(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    back: String,
) -> WebResult<Option<Response>> {
    let viewer = v.user.as_ref().map(|u| u.id);
    let st = state.clone();
    let found = state
        .db(move |s| -> Result<_, StoreError> {
            let all = s.review(id, viewer)?;
            let Some(i) = all.iter().position(|r| r.bead.id == bead) else {
                return Ok(None);
            };
            let evidence = st.evidence(s, id)?;
            let r = all[i].clone();
            let ru = s.sentences_in(id, Lang::Ru, r.bead.span.ru.clone())?;
            let en = s.sentences_in(id, Lang::En, r.bead.span.en.clone())?;
            let mut row = BeadRow::new(i + 1, &r, &ru, &en, evidence.beads.get(&r.bead.span));
            row.has_next = i + 1 < all.len();
            Ok(Some(row))
        })
        .await??;
    Ok(found.map(|row| {
        render(
            StatusCode::OK,
            &RowsTemplate {
                page: page(state, v),
                doc_id: id,
                rows: vec![row],
                back,
                signed_in: v.user.is_some(),
            },
        )
    }))
}

/// The answer to an htmx action: the bead's fresh row (with a notice on a conflict), or a
/// request to reload the rows when the bead is gone.
async fn hx_answer(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    bead: BeadId,
    back: Option<&str>,
    notice: Option<String>,
) -> WebResult<Response> {
    let back = local(back, format!("/documents/{id}"));
    let back = back.split('#').next().unwrap_or_default().to_string();
    let mut resp = match row_fragment(state, v, id, bead, back).await? {
        Some(r) => r,
        None => {
            let mut r = StatusCode::OK.into_response();
            r.headers_mut()
                .insert("hx-reswap", header::HeaderValue::from_static("none"));
            r.headers_mut().insert(
                "hx-trigger",
                header::HeaderValue::from_static("sverka-reload"),
            );
            return Ok(r);
        }
    };
    if let Some(msg) = notice {
        let json = serde_json::json!({ "sverka-notice": { "value": msg } }).to_string();
        if let Ok(h) = header::HeaderValue::from_str(&json) {
            resp.headers_mut().insert("hx-trigger", h);
        }
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub(crate) struct RowQuery {
    back: Option<String>,
}

/// `GET /documents/{id}/beads/{bead}/row`: one row, for live refreshes.
pub(crate) async fn beads_row(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Query(q): Query<RowQuery>,
) -> WebResult<Response> {
    let back = local(q.back.as_deref(), format!("/documents/{id}"));
    row_fragment(&state, &v, id, bead, back)
        .await?
        .ok_or(WebError::NotFound("bead"))
}

#[derive(Deserialize)]
pub(crate) struct NextQuery {
    from: Option<BeadId>,
    per: Option<usize>,
}

/// `GET /documents/{id}/next`: the least confident bead not yet approved (after `from` in
/// that order). Redirects to it on its review page; JSON `{bead, href}` when asked for.
pub(crate) async fn documents_next(
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
            s.next_to_review(id, from)
        })
        .await??;
    let href = match next {
        Some((bead, pos)) => format!("{}#b{bead}", review_href(id, "all", "", pos / per + 1, per)),
        None => review_href(id, "all", "", 1, per),
    };
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        let body = serde_json::json!({ "bead": next.map(|n| n.0), "href": href });
        return Ok(axum::Json(body).into_response());
    }
    Ok(Redirect::to(&href).into_response())
}

async fn compare_page(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    error: Option<String>,
    results: Vec<ComparisonView>,
    beads: usize,
    status: StatusCode,
) -> WebResult<Response> {
    let doc = state
        .db(move |s| s.document(id))
        .await??
        .ok_or(WebError::NotFound("document"))?;
    Ok(render(
        status,
        &CompareTemplate {
            page: page(state, v),
            doc_id: id,
            doc_title: doc.title,
            error,
            results,
            beads,
        },
    ))
}

/// `GET /documents/{id}/compare`: the upload form.
pub(crate) async fn documents_compare_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    compare_page(&state, &v, id, None, vec![], 0, StatusCode::OK).await
}

/// The most differing beads listed per reference.
const MAX_DIFF: usize = 100;

/// `POST /documents/{id}/compare`: scores an uploaded alignment (beads file or two-column
/// TSV, as a file or pasted) against the automatic and the approved alignment.
pub(crate) async fn documents_compare(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    req: axum::extract::Request,
) -> WebResult<Response> {
    use crate::export::BeadIds;
    use crate::review::coursework::{Known, compare, read_alignment};
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = if content_type.starts_with("multipart/form-data") {
        let body = axum::body::to_bytes(req.into_body(), super::MAX_BODY_BYTES)
            .await
            .map_err(|_| WebError::TooLarge("the upload is too large".into()))?;
        let parts = super::multipart::parse(&content_type, &body).map_err(WebError::BadRequest)?;
        let pick = |name: &str| {
            parts
                .iter()
                .find(|p| p.name == name && !p.data.is_empty())
                .map(|p| p.data.clone())
        };
        pick("file").or_else(|| pick("text")).unwrap_or_default()
    } else {
        use axum::extract::FromRequest;
        let Form(f) = Form::<CompareForm>::from_request(req, &state)
            .await
            .map_err(|e| WebError::BadRequest(e.body_text()))?;
        f.text.into_bytes()
    };
    let text = match crate::text::decode_utf8(text, "the upload") {
        Ok(t) => t,
        Err(e) => {
            return compare_page(
                &state,
                &v,
                id,
                Some(e.to_string()),
                vec![],
                0,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let outcome = state
        .db(move |s| -> Result<_, StoreError> {
            s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            let known = |lang| -> Result<Vec<Known>, StoreError> {
                Ok(s.sentences(id, lang)?
                    .into_iter()
                    .map(|x| Known {
                        text: x.text,
                        original: x.original,
                    })
                    .collect())
            };
            let (ru, en) = (known(Lang::Ru)?, known(Lang::En)?);
            let student = match read_alignment(&text, &ru, &en) {
                Ok(b) => b,
                Err(e) => return Ok(Err(e)),
            };
            let (oru, oen) = s.original_documents(id)?;
            let automatic: Vec<BeadIds> = crate::Aligner::new()
                .align(&oru, &oen)
                .iter()
                .map(BeadIds::from)
                .collect();
            let applied = s.beads(id)?;
            let approved: Vec<BeadIds> = applied
                .iter()
                .filter(|b| b.status == crate::storage::Status::Approved)
                .map(|b| {
                    BeadIds::new(
                        b.span.ru.clone().collect::<Vec<_>>(),
                        b.span.en.clone().collect::<Vec<_>>(),
                    )
                })
                .collect();
            let covered_ru: std::collections::HashSet<usize> =
                approved.iter().flat_map(|b| b.ru.iter().copied()).collect();
            let covered_en: std::collections::HashSet<usize> =
                approved.iter().flat_map(|b| b.en.iter().copied()).collect();
            let within: Vec<BeadIds> = student
                .iter()
                .filter(|b| {
                    b.ru.iter().all(|i| covered_ru.contains(i))
                        && b.en.iter().all(|i| covered_en.contains(i))
                })
                .cloned()
                .collect();
            let text_of = |side: &[Known], ids: &[usize]| {
                ids.iter()
                    .filter_map(|&i| side.get(i).map(|k| k.text.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let view =
                |name: &'static str, note: String, reference: &[BeadIds], test: &[BeadIds]| {
                    let c = compare(reference, test);
                    let f = |x: f64| format!("{:.1}%", 100.0 * x);
                    let prf = |p: crate::eval::Prf| [f(p.precision), f(p.recall), f(p.f1)];
                    let diff = |list: &[BeadIds]| -> Vec<DiffBead> {
                        list.iter()
                            .take(MAX_DIFF)
                            .map(|b| {
                                let ids = |v: &[usize]| {
                                    v.iter()
                                        .map(|i| (i + 1).to_string())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                };
                                DiffBead {
                                    shape: format!("{}-{}", b.ru.len(), b.en.len()),
                                    ids: format!("ru [{}] · en [{}]", ids(&b.ru), ids(&b.en)),
                                    ru: text_of(&ru, &b.ru),
                                    en: text_of(&en, &b.en),
                                }
                            })
                            .collect()
                    };
                    let more = c.only_student.len().saturating_sub(MAX_DIFF)
                        + c.only_reference.len().saturating_sub(MAX_DIFF);
                    ComparisonView {
                        name,
                        note,
                        strict: prf(c.scores.strict),
                        lax: prf(c.scores.lax),
                        only_student: diff(&c.only_student),
                        only_reference: diff(&c.only_reference),
                        more,
                    }
                };
            let mut results = vec![view(
                "the automatic alignment",
                format!("{} beads by the aligner", automatic.len()),
                &automatic,
                &student,
            )];
            if approved.is_empty() {
                results.push(ComparisonView {
                    name: "the approved alignment",
                    note: "No bead is approved yet.".into(),
                    strict: Default::default(),
                    lax: Default::default(),
                    only_student: vec![],
                    only_reference: vec![],
                    more: 0,
                });
            } else {
                results.push(view(
                    "the approved alignment",
                    format!(
                        "{} approved beads; your {} beads inside them are scored",
                        approved.len(),
                        within.len()
                    ),
                    &approved,
                    &within,
                ));
            }
            Ok(Ok((results, student.len())))
        })
        .await??;
    match outcome {
        Ok((results, n)) => compare_page(&state, &v, id, None, results, n, StatusCode::OK).await,
        Err(msg) => {
            compare_page(
                &state,
                &v,
                id,
                Some(msg),
                vec![],
                0,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CompareForm {
    #[serde(default)]
    text: String,
}
