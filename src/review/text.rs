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

/// The writing system most letters of a text belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (English and most western languages).
    Latin,
    /// Cyrillic letters (Russian).
    Cyrillic,
}

/// The script of most of the Latin and Cyrillic letters in `text`: more than half of them,
/// and at least 10 (`None` for a tie, a short text or a text with neither).
///
/// # Example
/// ```
/// use sverka::review::{Script, main_script};
/// assert_eq!(main_script("Привет, мир! Hello."), Some(Script::Cyrillic));
/// assert_eq!(main_script("The cat sleeps (кошка)."), Some(Script::Latin));
/// assert_eq!(main_script("12 345"), None);
/// ```
pub fn main_script(text: &str) -> Option<Script> {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' => cyrillic += 1,
            _ => {}
        }
    }
    if latin + cyrillic < 10 || latin == cyrillic {
        return None;
    }
    Some(if latin > cyrillic {
        Script::Latin
    } else {
        Script::Cyrillic
    })
}

/// What the check of a new document's two sides found: the Russian side mostly in Latin
/// script, the English side mostly in Cyrillic, or both (the texts look swapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum LanguageCheck {
    /// Both sides are in the other side's script.
    #[error(
        "the Russian text is mostly in Latin script and the English text mostly in Cyrillic: they look swapped"
    )]
    Swapped,
    /// The Russian side is mostly in Latin script.
    #[error("the Russian text is mostly in Latin script: is it the English one?")]
    RussianLooksLatin,
    /// The English side is mostly in Cyrillic script.
    #[error("the English text is mostly in Cyrillic script: is it the Russian one?")]
    EnglishLooksCyrillic,
}

/// Checks that the `ru` side of a new document is written in Cyrillic and the `en` side in
/// Latin script; `None` when they are (or a side is too short to tell).
///
/// # Example
/// ```
/// use sverka::review::{LanguageCheck, check_languages};
/// let ru = "Кошка спит на диване. Собака лает во дворе.";
/// let en = "The cat sleeps on the sofa. The dog barks in the yard.";
/// assert_eq!(check_languages(ru, en), None);
/// assert_eq!(check_languages(en, ru), Some(LanguageCheck::Swapped));
/// assert_eq!(check_languages(en, en), Some(LanguageCheck::RussianLooksLatin));
/// ```
pub fn check_languages(ru: &str, en: &str) -> Option<LanguageCheck> {
    let ru_latin = main_script(ru) == Some(Script::Latin);
    let en_cyrillic = main_script(en) == Some(Script::Cyrillic);
    match (ru_latin, en_cyrillic) {
        (true, true) => Some(LanguageCheck::Swapped),
        (true, false) => Some(LanguageCheck::RussianLooksLatin),
        (false, true) => Some(LanguageCheck::EnglishLooksCyrillic),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_foreign_words_do_not_change_the_script() {
        let ru = "Павел Дуров основал Telegram в 2013 году; сервис работает в 190 странах.";
        assert_eq!(main_script(ru), Some(Script::Cyrillic));
        let en = "Pavel Durov founded Telegram («Телеграм») in 2013.";
        assert_eq!(main_script(en), Some(Script::Latin));
        assert_eq!(check_languages(ru, en), None);
    }

    #[test]
    fn short_or_letterless_texts_are_not_judged() {
        assert_eq!(main_script("Да."), None);
        assert_eq!(main_script("1, 2, 3."), None);
        assert_eq!(check_languages("OK.", "Да."), None);
    }

    #[test]
    fn one_side_in_the_wrong_script() {
        let ru = "Кошка спит на диване.";
        let en = "The cat sleeps on the sofa.";
        assert_eq!(
            check_languages(ru, ru),
            Some(LanguageCheck::EnglishLooksCyrillic)
        );
        assert_eq!(check_languages(en, ru), Some(LanguageCheck::Swapped));
    }
}
