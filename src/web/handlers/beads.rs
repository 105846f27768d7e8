//! One bead: its page (sentences, evidence, suggestions, comments, history), its row for live
//! refreshes, and the actions on it (vote, approve, suggest, comment).

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::answer::{Act, after_action, row_fragment};
use super::{Hx, local, page};
use crate::review::changes::{Around, Change, offered, split_points};
use crate::review::evidence::DocEvidence;
use crate::review::{
    BeadId, BeadReview, Comment, DocId, DocumentSummary, Event, StoredSentence, Suggestion, UserId,
};
use crate::storage::{Store, StoreError};
use crate::web::live::LiveKind;
use crate::web::templates::{BeadTemplate, render};
use crate::web::views::{BeadRow, EventView, LEGEND, SentenceView, SplitOption, SuggestionView};
use crate::web::{AppState, Visitor, WebError, WebResult};
use crate::{Lang, Span};

/// What the bead page shows, read in one go.
struct BeadPageData {
    doc: DocumentSummary,
    /// The bead's position in the document.
    at: usize,
    /// Beads in the document.
    total: usize,
    /// The bead and its neighbours with their positions.
    near: Vec<(usize, BeadReview)>,
    /// The sentences of the neighbourhood.
    ru: Vec<StoredSentence>,
    en: Vec<StoredSentence>,
    suggestions: Vec<Suggestion>,
    comments: Vec<Comment>,
    history: Vec<Event>,
    evidence: Arc<DocEvidence>,
}

impl BeadPageData {
    /// Reads bead `bead` of document `id` with its neighbours, as `viewer` sees them.
    fn load(
        s: &Store,
        state: &AppState,
        (id, bead): (DocId, BeadId),
        viewer: Option<UserId>,
    ) -> Result<BeadPageData, StoreError> {
        let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
        let evidence = state.caches().evidence(s, id)?;
        let all = s.review(id, viewer)?;
        let at = all
            .iter()
            .position(|r| r.bead.id == bead)
            .ok_or(StoreError::NotFound("bead"))?;
        let (lo, hi) = (at.saturating_sub(1), (at + 2).min(all.len()));
        let near: Vec<(usize, BeadReview)> = (lo..hi).map(|j| (j, all[j].clone())).collect();
        let span = all[lo].bead.span.to(&all[hi - 1].bead.span);
        Ok(BeadPageData {
            ru: s.sentences_in(id, Lang::Ru, span.ru)?,
            en: s.sentences_in(id, Lang::En, span.en)?,
            suggestions: s.suggestions(bead, viewer)?,
            comments: s.comments(bead)?,
            history: s.history(id, &all[at].bead)?,
            doc,
            at,
            total: all.len(),
            near,
            evidence,
        })
    }

    /// The bead under review.
    fn me(&self) -> &BeadReview {
        &self.near[self.at - self.near[0].0].1
    }

    /// The row of the neighbour or the bead at position `j`.
    fn row(&self, j: usize) -> Option<BeadRow> {
        let (_, r) = self.near.iter().find(|(k, _)| *k == j)?;
        let ev = self.evidence.beads.get(&r.bead.span);
        let mut row = BeadRow::new(j + 1, r, &self.ru, &self.en, ev);
        row.has_next = j + 1 < self.total;
        row.current = j == self.at;
        Some(row)
    }

    /// The sentences of `lang` in the bead.
    fn sentences(&self, lang: Lang) -> Vec<SentenceView> {
        let (all, range) = match lang {
            Lang::Ru => (&self.ru, &self.me().bead.span.ru),
            Lang::En => (&self.en, &self.me().bead.span.en),
        };
        all.iter()
            .filter(|s| range.contains(&s.idx))
            .map(SentenceView::from)
            .collect()
    }

    /// The structural changes the bead offers, as (form value, label).
    fn changes(&self) -> Vec<(String, String)> {
        let spans: Vec<Span> = self.near.iter().map(|(_, r)| r.bead.span.clone()).collect();
        let Some(around) = Around::at(&spans, self.at - self.near[0].0) else {
            return Vec::new();
        };
        offered(around)
            .iter()
            .map(|c| (c.form_value(), c.label()))
            .collect()
    }
}

/// The places the bead can be split, labelled with the two parts' kinds.
fn splits(span: &Span) -> Vec<SplitOption> {
    split_points(span)
        .into_iter()
        .map(|(ru_at, en_at)| {
            let first = Span::new(span.ru.start..ru_at, span.en.start..en_at);
            let second = Span::new(ru_at..span.ru.end, en_at..span.en.end);
            SplitOption {
                ru_at,
                en_at,
                label: format!("first part {}, second part {}", first.kind(), second.kind()),
            }
        })
        .collect()
}

/// The bead page, with an optional message (a conflict, say) and status.
pub(crate) async fn bead_page(
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
        .db(move |s| BeadPageData::load(s, &st, (id, bead), viewer))
        .await??;
    let row = data.row(data.at).ok_or(WebError::NotFound("bead"))?;
    let me = data.me();
    let pairs = data
        .evidence
        .beads
        .get(&me.bead.span)
        .map(|e| e.pairs.clone())
        .unwrap_or_default();
    Ok(render(
        status,
        &BeadTemplate {
            restore: false,
            page: page(state, v),
            doc_id: id,
            doc_title: data.doc.title.clone(),
            ru: data.sentences(Lang::Ru),
            en: data.sentences(Lang::En),
            splits: splits(&me.bead.span),
            structural: data.changes(),
            suggestions: data
                .suggestions
                .iter()
                .map(|s| SuggestionView::new(s, me.net))
                .collect(),
            comments: data.comments.clone(),
            history: data.history.iter().map(EventView::from).collect(),
            message,
            back: format!("/documents/{id}/beads/{bead}"),
            signed_in: v.user.is_some(),
            pairs,
            legend: &LEGEND,
            row,
            prev: data.at.checked_sub(1).and_then(|j| data.row(j)),
            next: data.row(data.at + 1),
        },
    ))
}

/// `GET /documents/{id}/beads/{bead}`: the bead page.
pub(crate) async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
) -> WebResult<Response> {
    bead_page(&state, &v, id, bead, None, StatusCode::OK).await
}

/// The query of a row fragment.
#[derive(Deserialize)]
pub(crate) struct RowQuery {
    back: Option<String>,
}

/// `GET /documents/{id}/beads/{bead}/row`: one row, for live refreshes.
pub(crate) async fn row(
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

/// The form of a vote.
#[derive(Deserialize)]
pub(crate) struct VoteForm {
    pub(crate) value: i64,
    pub(crate) version: i64,
    pub(crate) back: Option<String>,
}

/// `POST /documents/{id}/beads/{bead}/vote` (signed in).
pub(crate) async fn vote(
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
    let act = Act::new(LiveKind::Vote, hx);
    after_action(&state, &v, (id, bead), r, f.back.as_deref(), act).await
}

/// The form of an action that names the version it was made on.
#[derive(Deserialize)]
pub(crate) struct VersionForm {
    pub(crate) version: i64,
    pub(crate) back: Option<String>,
}

/// `POST /documents/{id}/beads/{bead}/approve` (admins).
pub(crate) async fn approve(
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
    let act = Act::new(LiveKind::Approve, hx);
    after_action(&state, &v, (id, bead), r, f.back.as_deref(), act).await
}

/// The form of a suggestion: `kind` is a [`Change::form_value`].
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

impl SuggestForm {
    /// The change the form asks for.
    fn change(&self) -> WebResult<Change> {
        let lang = |l: Option<&str>| {
            l.and_then(Lang::from_code)
                .ok_or_else(|| WebError::BadRequest("choose the language: ru or en".into()))
        };
        let (kind, side) = match self.kind.split_once(':') {
            Some((k, s)) => (k, Some(s)),
            None => (self.kind.as_str(), self.lang.as_deref()),
        };
        Ok(match kind {
            "merge_next" => Change::MergeNext,
            "merge_prev" => Change::MergePrev,
            "unpair" => Change::Unpair,
            "pair_next" => Change::PairNext,
            "split" => {
                let (ru_at, en_at) = self
                    .split_point()
                    .ok_or_else(|| WebError::BadRequest("choose where to split".into()))?;
                Change::Split { ru_at, en_at }
            }
            "move_first_to_prev" => Change::MoveFirstToPrev { lang: lang(side)? },
            "move_last_to_next" => Change::MoveLastToNext { lang: lang(side)? },
            "wording" => Change::Wording {
                lang: lang(side)?,
                idx: self
                    .idx
                    .ok_or_else(|| WebError::BadRequest("choose the sentence".into()))?,
                text: self.text.clone().unwrap_or_default(),
            },
            other => {
                return Err(WebError::BadRequest(format!(
                    "unknown kind of suggestion “{other}”"
                )));
            }
        })
    }

    /// The split point: the radio button's `ru_at:en_at`, else the two fields.
    fn split_point(&self) -> Option<(usize, usize)> {
        let from_radio = self.split.as_deref().and_then(|s| {
            let (a, b) = s.split_once(':')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        });
        from_radio.or(self.ru_at.zip(self.en_at))
    }
}

/// `POST /documents/{id}/beads/{bead}/suggest` (signed in).
pub(crate) async fn suggest(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<SuggestForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let change = f.change()?;
    let version = f.version;
    let r = state
        .write(move |s| s.suggest(user, id, bead, version, change))
        .await?;
    let back = f
        .back
        .clone()
        .unwrap_or_else(|| format!("/documents/{id}/beads/{bead}"));
    let act = Act::new(LiveKind::Suggest, hx);
    after_action(&state, &v, (id, bead), r, Some(&back), act).await
}

/// The form of a comment.
#[derive(Deserialize)]
pub(crate) struct CommentForm {
    text: String,
}

/// `POST /documents/{id}/beads/{bead}/comment` (signed in).
pub(crate) async fn comment(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(f): Form<CommentForm>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    state
        .write(move |s| s.comment(user, id, bead, &f.text))
        .await??;
    state
        .announce(id, Some(bead), LiveKind::Comment, &v, false)
        .await;
    Ok(Redirect::to(&format!("/documents/{id}/beads/{bead}#comments")).into_response())
}
