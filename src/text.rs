//! Word-level text tools shared by the scorer and the lexicon: tokens, normalisation,
//! stemming, transliteration and number normalisation.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::{Error, Lang, Result};

/// What a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word in Cyrillic letters.
    Cyrillic,
    /// A word in Latin letters (in a Russian text: a name, brand or term such as Telegram, VPN).
    Latin,
    /// A number: digits with optional separators (`200,000,000`, `3.14`, `24`).
    Number,
    /// Any other word (mixed scripts, other alphabets).
    Other,
}

/// A word or number in a text, as a byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Splits `text` into words and numbers.
///
/// A number may hold `,` `.` or a space between digit groups (`200,000,000`, `3.14`,
/// `200 000 000`); a word may hold an inner apostrophe or hyphen. `24-часовой` gives the
/// number `24` and the word `часовой`.
///
/// # Example
/// ```
/// use sverka::text::{tokens, TokenKind};
/// let t = "Telegram: 200,000,000 пользователей.";
/// let k: Vec<_> = tokens(t).iter().map(|x| (x.text(t), x.kind)).collect();
/// assert_eq!(k, [("Telegram", TokenKind::Latin), ("200,000,000", TokenKind::Number),
///                ("пользователей", TokenKind::Cyrillic)]);
/// ```
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let (start, c) = chars[i];
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                let space = matches!(d, ' ' | '\u{a0}' | '\u{202f}');
                let separator = (space || d == ',' || d == '.')
                    && j + 1 < n
                    && chars[j + 1].1.is_ascii_digit()
                    && (!space || group_of_three(&chars, j + 1));
                if d.is_ascii_digit() || separator {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            out.push(Token {
                start,
                end,
                kind: TokenKind::Number,
            });
            i = j;
        } else if is_letter(c) {
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                let joiner =
                    matches!(d, '\'' | '’' | '-' | '‐') && j + 1 < n && is_letter(chars[j + 1].1);
                // Letters followed by digits (socks5, mp3) stay one word; so does a stress mark.
                if is_letter(d) || joiner || d.is_ascii_digit() || d == '\u{301}' {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let word = &text[start..end];
            let kind = if word.chars().all(|c| !is_letter(c) || is_cyrillic(c)) {
                TokenKind::Cyrillic
            } else if word
                .chars()
                .all(|c| !is_letter(c) || c.is_ascii_alphabetic() || is_latin_extended(c))
            {
                TokenKind::Latin
            } else {
                TokenKind::Other
            };
            out.push(Token { start, end, kind });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// `char::is_alphabetic` with fast answers for ASCII and the basic Cyrillic block, the letters
/// of nearly every token sverka reads.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{0410}'..='\u{044F}').contains(&c) || c == 'ё' || c == 'Ё' {
        true
    } else {
        c.is_alphabetic()
    }
}

fn is_latin_extended(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}')
}

/// Whether exactly three digits start at `chars[at]` (a thousands group after a space).
fn group_of_three(chars: &[(usize, char)], at: usize) -> bool {
    let digits = chars[at..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count();
    digits == 3
}

/// Lowercases `word` and folds ё to е (and the acute stress mark away).
///
/// # Example
/// ```
/// assert_eq!(sverka::text::normalize("Ёлки"), "елки");
/// ```
pub fn normalize(word: &str) -> String {
    word.chars()
        .filter(|&c| c != '\u{301}')
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The host word of an English contraction or possessive, and whether the contraction is a
/// negation (`n't`): `doesn't` → (`does`, true), `can't` → (`can`, true), `won't` → (`will`,
/// true), `you're` → (`you`, false), `tom's` → (`tom`, false); `None` for other words.
/// Takes a lowercased word; the apostrophe may be `'` or `’`.
pub(crate) fn english_contraction(word: &str) -> Option<(&str, bool)> {
    let at = word.find(['\'', '’'])?;
    let host = &word[..at];
    let clitic = word[at..].trim_start_matches(['\'', '’']);
    let (host, negated) = match host.strip_suffix('n') {
        Some(negated) if clitic == "t" => {
            let host = match negated {
                "ca" => "can",
                "wo" => "will",
                "sha" => "shall",
                "ai" => "be",
                other => other,
            };
            (host, true)
        }
        _ => (host, false),
    };
    (!host.is_empty()).then_some((host, negated))
}

fn stemmer(lang: Lang) -> &'static Stemmer {
    static RU: OnceLock<Stemmer> = OnceLock::new();
    static EN: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        Lang::Ru => RU.get_or_init(|| Stemmer::create(Algorithm::Russian)),
        Lang::En => EN.get_or_init(|| Stemmer::create(Algorithm::English)),
    }
}

/// The Snowball stem of a word, normalised first (lowercase, ё → е).
///
/// # Example
/// ```
/// use sverka::{Lang, text::stem};
/// assert_eq!(stem("миллионы", Lang::Ru), stem("миллионов", Lang::Ru));
/// assert_eq!(stem("donating", Lang::En), stem("donate", Lang::En));
/// ```
pub fn stem(word: &str, lang: Lang) -> String {
    let w = normalize(word);
    let lang = if w.chars().any(is_cyrillic) {
        Lang::Ru
    } else if w.chars().any(|c| c.is_ascii_alphabetic()) {
        Lang::En
    } else {
        lang
    };
    stemmer(lang).stem(&w).into_owned()
}

/// Transliterates Cyrillic letters to Latin (lowercase), for comparing cognates
/// (`Телеграм` → `telegram`, `биткоин` → `bitkoin`). Other characters pass through lowercased.
pub(crate) fn transliterate(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in normalize(word).chars() {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(t);
    }
    out
}

/// A number in a canonical form: separators between digit groups removed, a decimal part
/// kept with a `.`. `200,000,000`, `200 000 000` and `200.000.000` all give `200000000`;
/// `3,14` and `3.14` give `3.14`.
pub(crate) fn normalize_number(number: &str) -> String {
    let groups: Vec<&str> = number
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if groups.len() <= 1 {
        return groups.first().map_or_else(String::new, |g| g.to_string());
    }
    let last = groups[groups.len() - 1];
    let inner_thousands = groups[1..groups.len() - 1].iter().all(|g| g.len() == 3);
    if last.len() == 3 && inner_thousands {
        groups.concat()
    } else {
        format!("{}.{}", groups[..groups.len() - 1].concat(), last)
    }
}

/// Reads a UTF-8 text file (see [`decode_utf8`]); errors name the file.
pub fn read_utf8(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode_utf8(bytes, &path.display().to_string())
}

/// Decodes `bytes` as UTF-8 (without a leading byte order mark), naming the first line with an
/// invalid byte on failure.
///
/// # Example
/// ```
/// let err = sverka::text::decode_utf8(b"ok\n\xff".to_vec(), "a.txt").unwrap_err();
/// assert_eq!(err.to_string(), "a.txt is not UTF-8 text (invalid byte on line 2)");
/// ```
pub fn decode_utf8(mut bytes: Vec<u8>, what: &str) -> Result<String> {
    // A byte order mark (as Windows Notepad writes) is not text.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::NotUtf8 {
            what: what.to_string(),
            line,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        tokens(t).iter().map(|x| x.text(t)).collect()
    }

    #[test]
    fn numbers_keep_their_groups() {
        assert_eq!(
            texts("~7% и 3.14, 200 000 000 человек"),
            ["7", "и", "3.14", "200 000 000", "человек"]
        );
        assert_eq!(texts("in 2013 24 hours"), ["in", "2013", "24", "hours"]);
    }

    #[test]
    fn contractions_give_their_host_word() {
        assert_eq!(english_contraction("didn't"), Some(("did", true)));
        assert_eq!(english_contraction("won’t"), Some(("will", true)));
        assert_eq!(english_contraction("i'm"), Some(("i", false)));
        assert_eq!(english_contraction("rock"), None);
    }

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(transliterate("Телеграм"), "telegram");
    }

    #[test]
    fn numbers_lose_their_group_separators() {
        assert_eq!(normalize_number("200 000 000"), "200000000");
        assert_eq!(normalize_number("3,14"), "3.14");
    }

    #[test]
    fn hyphen_splits_number_from_word() {
        assert_eq!(texts("24-часовой"), ["24", "часовой"]);
        assert_eq!(
            texts("proxy/VPN socks5 haven’t"),
            ["proxy", "VPN", "socks5", "haven’t"]
        );
    }
}
