//! Checks of the free text reviewers write: wordings, comments, reasons.

/// The longest accepted wording, comment or reason, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Why a reviewer's text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but white space.
    #[error("the {0} is empty")]
    Empty(&'static str),
    /// Longer than [`MAX_TEXT_CHARS`].
    #[error("the {0} is longer than {MAX_TEXT_CHARS} characters")]
    TooLong(&'static str),
}

/// Checks a reviewer's `text` (a `what`: "comment", "wording" …) and returns it trimmed.
///
/// # Example
/// ```
/// use sverka::review::{TextError, check_text};
/// assert_eq!(check_text("  fine  ", "comment").as_deref(), Ok("fine"));
/// assert_eq!(check_text(" ", "comment"), Err(TextError::Empty("comment")));
/// ```
pub fn check_text(text: &str, what: &'static str) -> Result<String, TextError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(TextError::Empty(what));
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(TextError::TooLong(what));
    }
    Ok(t.to_string())
}
