//! Coursework: a student's own alignment of a document (a beads file or a two-column TSV,
//! uploaded or pasted) scored against the automatic and the approved alignment.
//!
//! Sentence numbers on the page are 0-based, as a beads file (vecalign's format) counts them,
//! so a student can read `[0]:[6]` on the page and in their file alike.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::{Upload, page};
use crate::eval::Prf;
use crate::export::BeadIds;
use crate::review::coursework::{
    AlignmentWarning, ApprovedComparison, Comparison, Grading, Known, bead_text, check_alignment,
    grade, read_alignment,
};
use crate::review::{DocId, Status};
use crate::storage::{Store, StoreError};
use crate::web::templates::{CompareTemplate, render};
use crate::web::views::{ComparisonView, DiffBead};
use crate::web::{AppState, Visitor, WebError, WebResult};
use crate::{Aligner, Document, Lang};

/// The most differing beads listed per reference.
const MAX_DIFF: usize = 100;

/// The longest pasted alignment shown back in its field, in bytes (a larger one is not
/// echoed: the page would take long to show).
const MAX_ECHO: usize = 1 << 20;

/// What the compare page shows below its form.
enum Outcome {
    /// Nothing submitted yet.
    Form,
    /// The submission could not be read: why.
    Error(String),
    /// The scores, with what is odd about the alignment.
    Graded(Box<Grading>, Vec<AlignmentWarning>),
}

/// The compare page: the numbered sentences, the form (with the pasted alignment kept), and
/// an error or the results.
async fn compare_page(
    state: &AppState,
    v: &Visitor,
    id: DocId,
    outcome: Outcome,
    pasted: String,
) -> WebResult<Response> {
    let (doc, ru, en) = state
        .db(move |s| -> Result<_, StoreError> {
            let doc = s.document(id)?.ok_or(StoreError::NotFound("document"))?;
            Ok((doc, known(s, id, Lang::Ru)?, known(s, id, Lang::En)?))
        })
        .await??;
    let (status, error, results, warnings, beads) = match outcome {
        Outcome::Form => (StatusCode::OK, None, vec![], vec![], 0),
        Outcome::Graded(g, w) => {
            let warnings = w.iter().map(AlignmentWarning::message).collect();
            (
                StatusCode::OK,
                None,
                views(&g, &ru, &en),
                warnings,
                g.student,
            )
        }
        Outcome::Error(e) => (
            StatusCode::BAD_REQUEST,
            Some(sentence(&e)),
            vec![],
            vec![],
            0,
        ),
    };
    let numbered = |side: Vec<Known>| side.into_iter().map(|k| k.text).enumerate().collect();
    Ok(render(
        status,
        &CompareTemplate {
            page: page(state, v),
            doc_id: id,
            doc_title: doc.title,
            error,
            results,
            beads,
            pasted: if pasted.len() <= MAX_ECHO {
                pasted
            } else {
                String::new()
            },
            warnings,
            ru: numbered(ru),
            en: numbered(en),
        },
    ))
}

/// `message` as a sentence: capitalised, ending in a full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut s: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    s.push_str(chars.as_str());
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// `GET /documents/{id}/compare`: the upload form.
pub(crate) async fn form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
) -> WebResult<Response> {
    compare_page(&state, &v, id, Outcome::Form, String::new()).await
}

/// The pasted alignment.
#[derive(Deserialize)]
pub(crate) struct CompareForm {
    #[serde(default)]
    text: String,
}

/// The sentences of one side as a student's file may give them.
fn known(s: &Store, id: DocId, lang: Lang) -> Result<Vec<Known>, StoreError> {
    Ok(s.sentences(id, lang)?
        .into_iter()
        .map(|x| Known {
            text: x.text,
            original: x.original,
        })
        .collect())
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
            ru: known(s, id, Lang::Ru)?,
            en: known(s, id, Lang::En)?,
            original: s.original_documents(id)?,
            approved,
        })
    }
}

/// The submitted alignment's bytes (the file if one was chosen, else the pasted text) and
/// the pasted text.
async fn read_submission(req: Request, state: &AppState) -> WebResult<(Vec<u8>, String)> {
    match Upload::<CompareForm>::read(req, state).await? {
        Ok(Upload::Form(f)) => Ok((f.text.clone().into_bytes(), f.text)),
        Ok(Upload::Multipart(parts)) => {
            let pick = |name: &str| {
                parts
                    .iter()
                    .find(|p| p.name == name && !p.data.is_empty())
                    .map(|p| p.data.clone())
            };
            let pasted = pick("text")
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            Ok((
                pick("file").unwrap_or_else(|| pasted.clone().into_bytes()),
                pasted,
            ))
        }
        Err(e) => Err(WebError::BadRequest(e)),
    }
}

/// `POST /documents/{id}/compare`: scores an uploaded alignment (beads file or two-column
/// TSV, as a file or pasted) against the automatic and the approved alignment. The pasted
/// text stays in its field, also after an error.
pub(crate) async fn submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<DocId>,
    req: Request,
) -> WebResult<Response> {
    let (bytes, pasted) = read_submission(req, &state).await?;
    let text = match crate::text::decode_utf8(bytes, "the upload") {
        Ok(t) => t,
        Err(e) => return compare_page(&state, &v, id, Outcome::Error(e.to_string()), pasted).await,
    };
    let refs = state.db(move |s| References::load(s, id)).await??;
    let student = match read_alignment(&text, &refs.ru, &refs.en) {
        Ok(b) => b,
        Err(e) => return compare_page(&state, &v, id, Outcome::Error(e), pasted).await,
    };
    let warnings = check_alignment(&student, refs.ru.len(), refs.en.len());
    // The automatic alignment runs the aligner: off the database connection.
    let grading = state
        .compute(move || {
            let (ru, en) = &refs.original;
            let automatic: Vec<BeadIds> = Aligner::new()
                .align(ru, en)
                .iter()
                .map(BeadIds::from)
                .collect();
            grade(&student, &automatic, &refs.approved)
        })
        .await?;
    compare_page(
        &state,
        &v,
        id,
        Outcome::Graded(Box::new(grading), warnings),
        pasted,
    )
    .await
}

/// The results as the page shows them.
fn views(g: &Grading, ru: &[Known], en: &[Known]) -> Vec<ComparisonView> {
    let mut out = vec![view(
        "the automatic alignment",
        format!("{} beads by the aligner", g.automatic_beads),
        String::new(),
        &g.automatic,
        (ru, en),
    )];
    out.push(match &g.approved {
        None => ComparisonView {
            name: "the approved alignment",
            note: "No bead is approved yet.".into(),
            explain: String::new(),
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
            approved_explained(a),
            &a.comparison,
            (ru, en),
        ),
    });
    out
}

/// How the score against the approved beads is computed, with this comparison's numbers.
fn approved_explained(a: &ApprovedComparison) -> String {
    let beads = |n: usize| format!("{n} bead{}", if n == 1 { "" } else { "s" });
    let mut s = format!(
        "Reviewers have approved {}, so far only part of the document. Only your {} whose \
         sentences all lie inside approved beads {} scored; the rest of your alignment is left \
         out. Precision: the share of those that are an approved bead exactly (strict) or pair \
         a sentence the same way (lax). Recall: the share of the {} two-sided approved {} \
         (one-sided ones are not counted) that you have exactly (strict) or pair a sentence of \
         (lax).",
        beads(a.approved),
        beads(a.within),
        if a.within == 1 { "is" } else { "are" },
        a.two_sided,
        if a.two_sided == 1 { "bead" } else { "beads" },
    );
    let c = &a.comparison.scores;
    if a.two_sided == 0 {
        s.push_str(" No approved bead is two-sided yet, so recall is 0% whatever you submit.");
    } else if c.strict.recall == 0.0 && c.strict.precision > 0.0 {
        s.push_str(
            " Your recall is 0% with some precision: the approved beads you matched are \
             one-sided ones.",
        );
    }
    if a.within == 0 {
        s.push_str(" None of your beads lies inside approved beads, so precision is 0%.");
    }
    s
}

/// One comparison as the page shows it: the scores and the beads that differ.
fn view(
    name: &'static str,
    note: String,
    explain: String,
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
        explain,
        strict: prf(c.scores.strict),
        lax: prf(c.scores.lax),
        only_student: diff(&c.only_student, ru, en),
        only_reference: diff(&c.only_reference, ru, en),
        more,
    }
}

/// The first [`MAX_DIFF`] of `list` with their sentences; numbers 0-based as in a beads file.
fn diff(list: &[BeadIds], ru: &[Known], en: &[Known]) -> Vec<DiffBead> {
    let text_of = |side: &[Known], ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| side.get(i).map(|k| k.text.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    list.iter()
        .take(MAX_DIFF)
        .map(|b| DiffBead {
            shape: crate::BeadKind::new(b.ru.len(), b.en.len()).to_string(),
            ids: bead_text(b),
            ru: text_of(ru, &b.ru),
            en: text_of(en, &b.en),
        })
        .collect()
}
