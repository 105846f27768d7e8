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
    /// The open invite the form registers with.
    pub(crate) invite: Option<InviteOffer>,
}

#[derive(Template)]
#[template(path = "new_document.html")]
pub(crate) struct NewDocumentTemplate {
    pub(crate) page: Page,
    /// What is wrong with the submission, one line per problem (each naming its side).
    pub(crate) errors: Vec<String>,
    pub(crate) title: String,
    pub(crate) ru: String,
    pub(crate) en: String,
    /// The language check's finding; the form then offers to swap the texts.
    pub(crate) language: Option<String>,
    /// The document these texts already are: (id, title, added).
    pub(crate) twin: Option<(i64, String, String)>,
    /// The largest text of one side, in bytes (for the page's own check of a chosen file).
    pub(crate) max_bytes: usize,
    /// How each uploaded file was read ("read ru.txt as windows-1251"), when the form comes
    /// back with its text in the box.
    pub(crate) reads: Vec<String>,
    /// What is wrong with an import of an existing alignment (each naming its file).
    pub(crate) import_errors: Vec<String>,
    /// The import form's title, kept after an error.
    pub(crate) import_title: String,
    /// Whether the import form's "split into sentences" was ticked.
    pub(crate) import_split: bool,
    /// The largest alignment file, in bytes.
    pub(crate) import_max_bytes: usize,
}

#[derive(Template)]
#[template(path = "document.html", whitespace = "minimize")]
pub(crate) struct DocumentTemplate {
    pub(crate) page: Page,
    pub(crate) doc: DocRow,
    pub(crate) rows: Vec<BeadRow>,
    pub(crate) filters: Vec<FilterLink>,
    /// The finding filter's links.
    pub(crate) finding_links: Vec<FindingLink>,
    /// The finding filter's `check` and `severity` (empty when off), kept by the search form.
    pub(crate) check: &'static str,
    pub(crate) severity: &'static str,
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
    /// The pasted alignment, shown back in its field.
    pub(crate) pasted: String,
    /// What is odd about the scored alignment (missing, duplicate, crossing sentences …).
    pub(crate) warnings: Vec<String>,
    /// The document's sentences, numbered from 0 as a beads file counts them.
    pub(crate) ru: Vec<(usize, String)>,
    pub(crate) en: Vec<(usize, String)>,
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
    /// The account whose password was just reset, and its one-time password (shown once).
    pub(crate) reset: Option<(String, String)>,
    /// A just-made invite link (shown once).
    pub(crate) invite_link: Option<InviteLink>,
    /// The newest invites.
    pub(crate) invites: Vec<crate::review::Invite>,
    /// The choices of an invite's lifetime: (days, label).
    pub(crate) invite_days: &'static [(i64, &'static str)],
}

/// An open invite, as the register page shows it.
pub(crate) struct InviteOffer {
    /// The token of the link (sent back with the form).
    pub(crate) token: String,
    pub(crate) role: crate::review::Role,
    pub(crate) expires_at: String,
}

/// A just-made invite link.
pub(crate) struct InviteLink {
    /// The whole link when the server knows its own address, else its path.
    pub(crate) url: String,
    pub(crate) role: crate::review::Role,
    pub(crate) expires_at: String,
}

/// The change-password form.
#[derive(Template)]
#[template(path = "password.html")]
pub(crate) struct PasswordTemplate {
    pub(crate) page: Page,
    pub(crate) error: Option<String>,
    /// The user signed in with a one-time password and must change it first.
    pub(crate) forced: bool,
    /// The password was just changed.
    pub(crate) changed: bool,
    pub(crate) min_chars: usize,
}

/// The page of an invite link that cannot be used (unknown, used, expired or revoked).
#[derive(Template)]
#[template(path = "invite.html")]
pub(crate) struct InviteErrorTemplate {
    pub(crate) page: Page,
    pub(crate) status: u16,
    pub(crate) message: String,
}

/// A confirmation step before a destructive or far-reaching action (works without script).
#[derive(Template)]
#[template(path = "confirm.html")]
pub(crate) struct ConfirmTemplate {
    pub(crate) page: Page,
    /// The page heading: the question.
    pub(crate) question: String,
    /// What the action does (and whether it can be undone).
    pub(crate) detail: String,
    /// Where the confirmed form posts.
    pub(crate) action: String,
    /// Hidden fields the confirmed form carries (besides the CSRF token and `confirm=yes`).
    pub(crate) fields: Vec<(&'static str, String)>,
    /// The confirming button's label.
    pub(crate) yes: String,
    /// Where "Cancel" goes.
    pub(crate) cancel: String,
}
