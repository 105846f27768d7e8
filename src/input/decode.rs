//! Text in any of the usual encodings: a byte order mark (UTF-8, UTF-16 LE/BE) wins, then valid
//! UTF-8, then chardetng's guess among the legacy encodings (windows-1251, KOI8-R, CP866 …);
//! or the encoding the user names.

use encoding_rs::{Encoding, UTF_8};

use crate::{Error, Result};

/// The most control characters (other than tab, newlines, form feed and escape) per thousand
/// characters that a text may hold; more is binary data.
const MAX_CONTROLS_PER_MILLE: usize = 10;

/// Decoded text and the encoding it was read as.
#[derive(Debug)]
pub(super) struct Decoded {
    /// The text, without a byte order mark.
    pub(super) text: String,
    /// The encoding used.
    pub(super) encoding: &'static Encoding,
    /// Whether it was detected (rather than named by the user).
    pub(super) detected: bool,
}

/// The encoding of WHATWG label `name` (`utf-8`, `windows-1251`, `cp1251`, `koi8-r`,
/// `cp866`, `utf-16le` …).
pub(super) fn encoding_for(name: &str) -> Result<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| Error::UnknownEncoding {
        name: name.to_string(),
    })
}

/// Decodes `bytes`, in the encoding `forced` names or the one detected.
pub(super) fn decode(what: &str, bytes: &[u8], forced: Option<&str>) -> Result<Decoded> {
    let (text, encoding, detected) = match forced {
        Some(name) => {
            let encoding = encoding_for(name)?;
            (decode_as(what, bytes, encoding)?, encoding, false)
        }
        None => {
            let encoding = detect(what, bytes)?;
            (decode_as(what, bytes, encoding)?, encoding, true)
        }
    };
    check_text(what, &text)?;
    Ok(Decoded {
        text,
        encoding,
        detected,
    })
}

/// The encoding of `bytes`: by byte order mark, UTF-8 when valid, else chardetng's guess.
fn detect(what: &str, bytes: &[u8]) -> Result<&'static Encoding> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Ok(encoding);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(UTF_8);
    }
    if bytes.contains(&0) {
        return Err(not_text(what, "it holds NUL bytes (binary data)"));
    }
    // Mostly well-formed UTF-8 with a few bad bytes is broken UTF-8, not a legacy encoding.
    let (mut multibyte, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    if multibyte >= 4 * bad {
        return Err(Error::NotUtf8 {
            what: what.to_string(),
            line: first_bad_line(bytes),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // chardetng answers KOI8-U for KOI8 text; without Ukrainian letters it is KOI8-R (they
    // differ only there).
    if guess == encoding_rs::KOI8_U {
        let (text, _) = encoding_rs::KOI8_U.decode_without_bom_handling(bytes);
        if !text.contains(['ґ', 'Ґ', 'є', 'Є', 'і', 'І', 'ї', 'Ї', 'ў', 'Ў']) {
            return Ok(encoding_rs::KOI8_R);
        }
    }
    Ok(guess)
}

/// Decodes `bytes` as `encoding`, dropping its byte order mark; UTF-8 must be valid.
fn decode_as(what: &str, bytes: &[u8], encoding: &'static Encoding) -> Result<String> {
    if encoding == UTF_8 {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        return match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => Err(Error::NotUtf8 {
                what: what.to_string(),
                line: first_bad_line(bytes),
            }),
        };
    }
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    Ok(text.into_owned())
}

/// Refuses decoded text that is binary data.
fn check_text(what: &str, text: &str) -> Result<()> {
    if text.contains('\0') {
        return Err(not_text(what, "it holds NUL characters (binary data)"));
    }
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b' | '\u{85}') {
            controls += 1;
        }
    }
    if controls * 1000 > chars * MAX_CONTROLS_PER_MILLE {
        return Err(not_text(
            what,
            &format!("{controls} of its {chars} characters are control characters (binary data)"),
        ));
    }
    Ok(())
}

fn not_text(what: &str, reason: &str) -> Error {
    Error::NotText {
        what: what.to_string(),
        reason: reason.to_string(),
    }
}

/// The 1-based line of the first byte that is not UTF-8.
pub(super) fn first_bad_line(bytes: &[u8]) -> usize {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str = "Цифровое сопротивление - это движение за свободный интернет в России. \
                      Мы благодарим всех, кто помогает нам.";

    #[test]
    fn legacy_cyrillic_encodings_are_detected() {
        for name in ["windows-1251", "KOI8-R", "IBM866"] {
            let encoding = Encoding::for_label(name.as_bytes()).unwrap();
            let (bytes, _, _) = encoding.encode(RU);
            let d = decode("ru.txt", &bytes, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding.name()), (RU, name));
        }
    }

    #[test]
    fn byte_order_marks_win() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(RU.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode("ru.txt", &bytes, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.name()), (RU, "UTF-16LE"));
        let d = decode("ru.txt", format!("\u{feff}{RU}").as_bytes(), None).unwrap();
        assert_eq!(d.text, RU);
    }

    #[test]
    fn a_named_encoding_overrides_detection() {
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(RU);
        let d = decode("ru.txt", &bytes, Some("koi8-r")).unwrap();
        assert!(!d.detected);
        assert_eq!(d.text, RU);
        let e = decode("ru.txt", &bytes, Some("klingon")).unwrap_err();
        assert!(matches!(e, Error::UnknownEncoding { .. }));
    }

    #[test]
    fn binary_and_broken_utf8_are_errors() {
        let e = decode("a.bin", b"PNG\0\0\x01\x02", None).unwrap_err();
        assert!(matches!(e, Error::NotText { .. }), "{e}");
        let broken = format!("{RU}\n{RU}\n").into_bytes();
        let mut broken = broken.clone();
        broken.push(0xFF);
        let e = decode("b.txt", &broken, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.txt is not UTF-8 text (invalid byte on line 3)"
        );
    }
}
