//! Coursework: a student's own alignment of a document (a beads file or a two-column TSV,
//! uploaded or pasted) scored against the automatic and the approved alignment.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::{Upload, page};
use crate::eval::Prf;
use crate::export::BeadIds;
use crate::review::coursework::{Comparison, Grading, Known, grade, read_alignment};
use crate::review::{DocId, Status};
use crate::storage::{Store, StoreError};
use crate::web::templates::{CompareTemplate, render};
use crate::web::views::{ComparisonView, DiffBead};
use crate::web::{AppState, Visitor, WebError, WebResult};
use crate::{Aligner, Document, Lang};

/// The most differing beads listed per reference.
const MAX_DIFF: usize = 100;

/// The compare page: the form, with an error or the results.
async fn compare_page(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    outcome: Result<Option<Grading>, String>,
    sentences: Option<(Vec<Known>, Vec<Known>)>,
) -> WebResult<Response> {
    let doc = state
        .db(move |s| s.document(id))
        .await??
        .ok_or(WebError::NotFound("document"))?;
    let (status, error, results, beads) = match outcome {
        Ok(None) => (StatusCode::OK, None, vec![], 0),
        Ok(Some(g)) => {
            let (ru, en) = sentences.unwrap_or_default();
            let beads = g.student;
            (StatusCode::OK, None, views(&g, &ru, &en), beads)
        }
        Err(e) => (StatusCode::BAD_REQUEST, Some(e), vec![], 0),
    };
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
pub(crate) async fn form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    compare_page(&state, &v, id, Ok(None), None).await
}

/// The pasted alignment.
#[derive(Deserialize)]
pub(crate) struct CompareForm {
    #[serde(default)]
    text: String,
}

/// What a student's alignment is checked and scored against, read from the store.
struct References {
    ru: Vec<Known>,
    en: Vec<Known>,
    /// The original texts, for the automatic alignment.
    original: (Document, Document),
    /// The approved beads.
    approved: Vec<BeadIds>,
}

impl References {
    fn load(s: &Store, id: DocId) -> Result<References, StoreError> {
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
        let approved = s
            .beads(id)?
            .iter()
            .filter(|b| b.status == Status::Approved)
            .map(|b| {
                BeadIds::new(
                    b.span.ru.clone().collect::<Vec<_>>(),
                    b.span.en.clone().collect::<Vec<_>>(),
                )
            })
            .collect();
        Ok(References {
            ru: known(Lang::Ru)?,
            en: known(Lang::En)?,
            original: s.original_documents(id)?,
            approved,
        })
    }
}

/// `POST /documents/{id}/compare`: scores an uploaded alignment (beads file or two-column
/// TSV, as a file or pasted) against the automatic and the approved alignment.
pub(crate) async fn submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    req: Request,
) -> WebResult<Response> {
    let bytes = match Upload::<CompareForm>::read(req, &state).await? {
        Ok(Upload::Form(f)) => f.text.into_bytes(),
        Ok(Upload::Multipart(parts)) => {
            let pick = |name: &str| {
                parts
                    .iter()
                    .find(|p| p.name == name && !p.data.is_empty())
                    .map(|p| p.data.clone())
            };
            pick("file").or_else(|| pick("text")).unwrap_or_default()
        }
        Err(e) => return Err(WebError::BadRequest(e)),
    };
    let text = match crate::text::decode_utf8(bytes, "the upload") {
        Ok(t) => t,
        Err(e) => return compare_page(&state, &v, id, Err(e.to_string()), None).await,
    };
    let refs = state.db(move |s| References::load(s, id)).await??;
    let student = match read_alignment(&text, &refs.ru, &refs.en) {
        Ok(b) => b,
        Err(e) => return compare_page(&state, &v, id, Err(e), None).await,
    };
    // The automatic alignment runs the aligner: off the database connection.
    let (refs, automatic) = state
        .compute(move || {
            let (ru, en) = &refs.original;
            let automatic: Vec<BeadIds> = Aligner::new()
                .align(ru, en)
                .iter()
                .map(BeadIds::from)
                .collect();
            (refs, automatic)
        })
        .await?;
    let grading = grade(&student, &automatic, &refs.approved);
    compare_page(&state, &v, id, Ok(Some(grading)), Some((refs.ru, refs.en))).await
}

/// The results as the page shows them.
fn views(g: &Grading, ru: &[Known], en: &[Known]) -> Vec<ComparisonView> {
    let mut out = vec![view(
        "the automatic alignment",
        format!("{} beads by the aligner", g.automatic_beads),
        &g.automatic,
        (ru, en),
    )];
    out.push(match &g.approved {
        None => ComparisonView {
            name: "the approved alignment",
            note: "No bead is approved yet.".into(),
            strict: Default::default(),
            lax: Default::default(),
            only_student: vec![],
            only_reference: vec![],
            more: 0,
        },
        Some(a) => view(
            "the approved alignment",
            format!(
                "{} approved beads; your {} beads inside them are scored",
                a.approved, a.within
            ),
            &a.comparison,
            (ru, en),
        ),
    });
    out
}

/// One comparison as the page shows it: the scores and the beads that differ.
fn view(
    name: &'static str,
    note: String,
    c: &Comparison,
    (ru, en): (&[Known], &[Known]),
) -> ComparisonView {
    let f = |x: f64| format!("{:.1}%", 100.0 * x);
    let prf = |p: Prf| [f(p.precision), f(p.recall), f(p.f1)];
    let more = c.only_student.len().saturating_sub(MAX_DIFF)
        + c.only_reference.len().saturating_sub(MAX_DIFF);
    ComparisonView {
        name,
        note,
        strict: prf(c.scores.strict),
        lax: prf(c.scores.lax),
        only_student: diff(&c.only_student, ru, en),
        only_reference: diff(&c.only_reference, ru, en),
        more,
    }
}

/// The first [`MAX_DIFF`] of `list` with their sentences.
fn diff(list: &[BeadIds], ru: &[Known], en: &[Known]) -> Vec<DiffBead> {
    let text_of = |side: &[Known], ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| side.get(i).map(|k| k.text.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ids = |v: &[usize]| {
        v.iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    list.iter()
        .take(MAX_DIFF)
        .map(|b| DiffBead {
            shape: crate::BeadKind::new(b.ru.len(), b.en.len()).to_string(),
            ids: format!("ru [{}] · en [{}]", ids(&b.ru), ids(&b.en)),
            ru: text_of(ru, &b.ru),
            en: text_of(en, &b.en),
        })
        .collect()
}
