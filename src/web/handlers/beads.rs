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
use crate::review::findings::DocFindings;
use crate::review::history::{Part, excerpt, word_diff};
use crate::review::{
    Action, BeadId, BeadReview, Comment, DocId, DocumentSummary, Event, RetiredBead,
    StoredSentence, Suggestion, UserId,
};
use crate::storage::{Store, StoreError};
use crate::web::cache;
use crate::web::live::LiveKind;
use crate::web::templates::{BeadTemplate, render};
use crate::web::views::{
    BeadRow, EventView, Kept, LEGEND, SentenceView, SplitOption, SuggestionView,
};
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
    /// What each suggestion suggests, in words.
    words: Vec<Vec<Part>>,
    comments: Vec<Comment>,
    history: Vec<Event>,
    evidence: Arc<DocEvidence>,
    /// The findings of the automatic checks.
    findings: Arc<DocFindings>,
    /// The bead the visitor's address named, when a change replaced it.
    replaced: Option<RetiredBead>,
}

impl BeadPageData {
    /// Reads bead `bead` of document `id` with its neighbours, as `viewer` sees them.
    fn load(
        s: &Store,
        state: &AppState,
        (id, bead): (DocId, BeadId),
        viewer: Option<UserId>,
        replaced: Option<BeadId>,
        findings: Arc<DocFindings>,
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
        let suggestions = s.suggestions(bead, viewer)?;
        let words = suggestions
            .iter()
            .map(|x| s.suggestion_words(x))
            .collect::<Result<_, _>>()?;
        let replaced = match replaced {
            Some(old) => s.retired_bead(id, old)?,
            None => None,
        };
        Ok(BeadPageData {
            ru: s.sentences_in(id, Lang::Ru, span.ru)?,
            en: s.sentences_in(id, Lang::En, span.en)?,
            suggestions,
            words,
            replaced,
            comments: s.comments(bead)?,
            history: s.history(id, &all[at].bead)?,
            doc,
            at,
            total: all.len(),
            near,
            evidence,
            findings,
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
        let mut row = BeadRow::new(j + 1, r, &self.ru, &self.en, ev)
            .with_findings(self.findings.of_bead(&r.bead.span));
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

    /// `kept` made ready for the page: a wording for a sentence the bead no longer holds is
    /// shown on its own, and a conflict says what changed meanwhile.
    fn complete(&self, mut kept: Kept, status: StatusCode) -> Kept {
        if let Some((lang, idx, text)) = &kept.wording {
            let holds = |all: &[StoredSentence], range: &std::ops::Range<usize>| {
                range.contains(idx) && all.iter().any(|s| s.idx == *idx)
            };
            let span = &self.me().bead.span;
            let placed = match lang.as_str() {
                "ru" => holds(&self.ru, &span.ru),
                "en" => holds(&self.en, &span.en),
                _ => false,
            };
            if !placed {
                kept.unplaced = Some(text.clone());
            }
        }
        if status == StatusCode::CONFLICT {
            kept.meanwhile = self
                .history
                .iter()
                .find(|e| {
                    matches!(
                        e.action,
                        Action::Apply | Action::ApproveBead | Action::Revert
                    )
                })
                .map(|e| format!("{} ({})", crate::review::history::describe(e).line(), e.at));
        }
        kept
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

/// The places the bead can be split, each with the sentences that would go to each part.
fn splits(span: &Span, ru: &[StoredSentence], en: &[StoredSentence]) -> Vec<SplitOption> {
    let side = |all: &[StoredSentence], range: std::ops::Range<usize>| {
        let picked: Vec<String> = all
            .iter()
            .filter(|s| range.contains(&s.idx))
            .map(|s| format!("«{}»", excerpt(&s.text, false)))
            .collect();
        if picked.is_empty() {
            "—".to_string()
        } else {
            picked.join(" ")
        }
    };
    split_points(span)
        .into_iter()
        .map(|(ru_at, en_at)| {
            let first = Span::new(span.ru.start..ru_at, span.en.start..en_at);
            let second = Span::new(ru_at..span.ru.end, en_at..span.en.end);
            SplitOption {
                ru_at,
                en_at,
                label: format!("first part {}, second part {}", first.kind(), second.kind()),
                parts: [
                    (side(ru, first.ru.clone()), side(en, first.en.clone())),
                    (side(ru, second.ru.clone()), side(en, second.en.clone())),
                ],
            }
        })
        .collect()
}

/// What the bead page says about an address that named a replaced bead.
fn replaced_notice(r: &RetiredBead) -> String {
    let by = r.by.map_or("a change", |b| b.noun());
    format!(
        "Bead {} at the address you followed was replaced by {by} on {}. This is the bead that now holds its first sentence.",
        r.number, r.at
    )
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
    let answer = Answer {
        message,
        status,
        kept: Kept::default(),
        replaced: None,
    };
    bead_page_kept(state, v, (id, bead), answer).await
}

/// How the bead page answers: a message with its status, what the visitor typed, and the
/// replaced bead their address named.
pub(crate) struct Answer {
    pub(crate) message: Option<String>,
    pub(crate) status: StatusCode,
    pub(crate) kept: Kept,
    pub(crate) replaced: Option<BeadId>,
}

/// The bead page answering `a`: the text the visitor typed is back in its field, and on a
/// conflict the page says what changed meanwhile.
pub(crate) async fn bead_page_kept(
    state: &AppState,
    v: &Visitor,
    (id, bead): (DocId, BeadId),
    a: Answer,
) -> WebResult<Response> {
    let viewer = v.user.as_ref().map(|u| u.id);
    let st = state.clone();
    let replaced = a.replaced;
    let findings = cache::findings(state, id).await?;
    let data = state
        .db(move |s| BeadPageData::load(s, &st, (id, bead), viewer, replaced, findings))
        .await??;
    let (message, status) = (a.message, a.status);
    let kept = data.complete(a.kept, status);
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
            splits: splits(&me.bead.span, &data.ru, &data.en),
            structural: data.changes(),
            suggestions: data
                .suggestions
                .iter()
                .zip(&data.words)
                .map(|(s, w)| {
                    let mut view = SuggestionView::new(s, me.net);
                    view.words = w.clone();
                    view.mine = viewer.is_some() && s.author_id == viewer;
                    view
                })
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
            replaced: data.replaced.as_ref().map(replaced_notice),
            kept,
        },
    ))
}

/// The query of a bead page: `replaced` names the bead whose old address led here.
#[derive(Deserialize)]
pub(crate) struct ShowQuery {
    replaced: Option<BeadId>,
}

/// `GET /documents/{id}/beads/{bead}`: the bead page.
///
/// The address of a bead a change replaced redirects (303) to the bead now holding its first
/// sentence, which says so; a bead that never existed is a 404.
pub(crate) async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Query(q): Query<ShowQuery>,
) -> WebResult<Response> {
    if let Some(to) = successor(&state, id, bead).await? {
        return Ok(
            Redirect::to(&format!("/documents/{id}/beads/{to}?replaced={bead}")).into_response(),
        );
    }
    let answer = Answer {
        message: None,
        status: StatusCode::OK,
        kept: Kept::default(),
        replaced: q.replaced,
    };
    bead_page_kept(&state, &v, (id, bead), answer).await
}

/// The bead now holding the first sentence of bead `bead`, when a change replaced it (`None`
/// when the bead exists, or never did).
async fn successor(state: &AppState, id: DocId, bead: BeadId) -> WebResult<Option<BeadId>> {
    let found = state
        .db(move |s| -> Result<_, StoreError> {
            if s.bead(id, bead)?.is_some() {
                return Ok(None);
            }
            Ok(s.retired_bead(id, bead)?.and_then(|r| r.now))
        })
        .await??;
    Ok(found)
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

/// The form of a suggestion: `kind` is a [`Change::form_value`]. Read leniently from the
/// form's fields, so that a malformed form still gives back the text typed in it.
#[derive(Default)]
pub(crate) struct SuggestForm {
    kind: String,
    version: Option<i64>,
    ru_at: Option<usize>,
    en_at: Option<usize>,
    split: Option<String>,
    lang: Option<String>,
    idx: Option<usize>,
    text: Option<String>,
    /// The wording the reviewer started from (to say what changed meanwhile).
    seen: Option<String>,
    back: Option<String>,
}

impl SuggestForm {
    /// Reads the form's fields; unknown ones are ignored, unreadable numbers left out.
    fn from_fields(fields: &[(String, String)]) -> SuggestForm {
        let mut f = SuggestForm::default();
        for (k, v) in fields {
            let v = v.clone();
            match k.as_str() {
                "kind" => f.kind = v,
                "version" => f.version = v.trim().parse().ok(),
                "ru_at" => f.ru_at = v.trim().parse().ok(),
                "en_at" => f.en_at = v.trim().parse().ok(),
                "split" => f.split = Some(v),
                "lang" => f.lang = Some(v),
                "idx" => f.idx = v.trim().parse().ok(),
                "text" => f.text = Some(v),
                "seen" => f.seen = Some(v),
                "back" => f.back = Some(v),
                _ => {}
            }
        }
        f
    }

    /// What the reviewer typed, to give back.
    fn kept(&self) -> Kept {
        let wording = match (self.kind.as_str(), &self.lang, self.idx, &self.text) {
            ("wording", Some(l), Some(i), Some(t)) => Some((l.clone(), i, t.clone())),
            _ => None,
        };
        Kept {
            wording,
            ..Kept::default()
        }
    }

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
            "" => return Err(WebError::BadRequest("choose a change to suggest".into())),
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

/// Answers a bead action that failed with the bead page, the visitor's text back in its field:
/// a conflict (409) says what changed meanwhile; a bead a change replaced shows the bead now
/// holding its first sentence; an invalid entry (400) says what is wrong. `None` for errors
/// the page cannot help with.
async fn kept_answer(
    state: &AppState,
    v: &Visitor,
    (id, bead): (DocId, BeadId),
    e: WebError,
    kept: Kept,
) -> WebResult<Response> {
    let (status, message, at) = match &e {
        WebError::Conflict(m) => (StatusCode::CONFLICT, m.clone(), bead),
        WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.clone(), bead),
        WebError::NotFound("bead") => match successor(state, id, bead).await? {
            Some(to) => (
                StatusCode::CONFLICT,
                "This bead was replaced meanwhile; nothing was saved. Your text is below, on the bead that now holds its first sentence.".to_string(),
                to,
            ),
            None => return Err(e),
        },
        _ => return Err(e),
    };
    let answer = Answer {
        message: Some(message),
        status,
        kept,
        replaced: (at != bead).then_some(bead),
    };
    bead_page_kept(state, v, (id, at), answer).await
}

/// `POST /documents/{id}/beads/{bead}/suggest` (signed in). A suggestion that fails (stale,
/// empty, too long, malformed) comes back on the bead page with its text in its field.
pub(crate) async fn suggest(
    State(state): State<AppState>,
    v: Visitor,
    Hx(hx): Hx,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let f = SuggestForm::from_fields(&fields);
    let mut kept = f.kept();
    let checked = f.change().and_then(|c| match f.version {
        Some(v) => Ok((c, v)),
        None => Err(WebError::BadRequest(
            "the form is incomplete (it has no bead version); reload the page".into(),
        )),
    });
    let (change, version) = match checked {
        Ok(cv) => cv,
        Err(e) if !hx => return kept_answer(&state, &v, (id, bead), e, kept).await,
        Err(e) => return Err(e),
    };
    let r = state
        .write(move |s| s.suggest(user, id, bead, version, change))
        .await?;
    let back = f
        .back
        .clone()
        .unwrap_or_else(|| format!("/documents/{id}/beads/{bead}"));
    let act = Act::new(LiveKind::Suggest, hx);
    match r {
        Err(e) if !hx => {
            if let (Some(seen), Some((lang, idx, _))) = (&f.seen, &kept.wording) {
                kept.meanwhile_diff = current_wording(&state, id, lang, *idx)
                    .await?
                    .filter(|now| now != seen)
                    .map(|now| word_diff(seen, &now))
                    .unwrap_or_default();
            }
            kept_answer(&state, &v, (id, bead), e.into(), kept).await
        }
        r => after_action(&state, &v, (id, bead), r, Some(&back), act).await,
    }
}

/// The applied wording of sentence `idx` of `lang` (a language code).
async fn current_wording(
    state: &AppState,
    id: DocId,
    lang: &str,
    idx: usize,
) -> WebResult<Option<String>> {
    let Some(lang) = Lang::from_code(lang) else {
        return Ok(None);
    };
    let found = state
        .db(move |s| s.sentences_in(id, lang, idx..idx + 1))
        .await??;
    Ok(found.into_iter().next().map(|s| s.text))
}

/// `POST /documents/{id}/beads/{bead}/comment` (signed in). A comment that fails (empty,
/// too long, its bead replaced) comes back on the bead page in its field.
pub(crate) async fn comment(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, bead)): Path<(DocId, BeadId)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let user = v.require_user()?.id;
    let text = fields
        .into_iter()
        .find(|(k, _)| k == "text")
        .map(|(_, t)| t)
        .unwrap_or_default();
    let kept = Kept {
        comment: Some(text.clone()),
        ..Kept::default()
    };
    let r = state
        .write(move |s| s.comment(user, id, bead, &text))
        .await?;
    if let Err(e) = r {
        return kept_answer(&state, &v, (id, bead), e.into(), kept).await;
    }
    state
        .announce(id, Some(bead), LiveKind::Comment, &v, false)
        .await;
    Ok(Redirect::to(&format!("/documents/{id}/beads/{bead}#comments")).into_response())
}
