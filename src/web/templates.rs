//! The pages (askama templates) and how they are rendered.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::views::*;
use crate::review::{Comment, User};

/// Renders a template as an HTML response with `status`.
pub(crate) fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => super::WebError::from(e).into_response(),
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
    /// What the page says about a replaced bead whose old address led here.
    pub(crate) replaced: Option<String>,
    /// What the visitor typed, given back after an error or a conflict.
    pub(crate) kept: Kept,
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
