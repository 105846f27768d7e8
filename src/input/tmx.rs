//! TMX 1.4b (and 1.1's `lang`): the Russian and English variants of each translation unit.
//! Languages match by their primary subtag (`ru`, `ru-RU`, `RU` are Russian); inline markup
//! holding the original format's codes (`bpt`, `ept`, `it`, `ph`, `ut`) and sub-flows (`sub`)
//! are left out of the text; a `<prop type="x-confidence">` (as sverka writes) is kept.

use std::collections::BTreeSet;

use super::units::Unit;
use super::xml::{Node, XmlReader};
use crate::{Error, Lang, Result};

/// Inline elements whose content is not text of the segment.
const CODES: &[&str] = &["bpt", "ept", "it", "ph", "ut", "sub"];

/// A translation unit as read: its variants' languages and texts, and its confidence.
#[derive(Default)]
struct Tu {
    ru: Option<String>,
    en: Option<String>,
    score: Option<f64>,
}

/// The units of a TMX document.
pub(super) fn units(what: &str, xml: &str) -> Result<Vec<Unit>> {
    let mut r = XmlReader::new(what, what, xml);
    let mut units = Vec::new();
    let mut langs = BTreeSet::new();
    let mut tu: Option<Tu> = None;
    let mut lang: Option<String> = None;
    let mut count = 0usize;
    let mut seen_root = false;
    while let Some(node) = r.next()? {
        let Node::Open(e) = node else {
            if let Node::Close(local) = node
                && local == "tu"
                && let Some(t) = tu.take()
            {
                units.push(Unit {
                    ru: t.ru.unwrap_or_default(),
                    en: t.en.unwrap_or_default(),
                    score: t.score,
                });
            }
            continue;
        };
        match e.local.as_str() {
            "tmx" => seen_root = true,
            "tu" => {
                count += 1;
                tu = Some(Tu::default());
            }
            "tuv" => lang = e.attr("xml:lang").or(e.attr("lang")).map(str::to_string),
            "seg" => {
                let text = seg_text(&mut r)?;
                let (Some(t), Some(code)) = (tu.as_mut(), lang.as_deref()) else {
                    continue;
                };
                langs.insert(code.to_string());
                let slot = match primary(code) {
                    Some(Lang::Ru) => &mut t.ru,
                    Some(Lang::En) => &mut t.en,
                    None => continue,
                };
                if slot.is_none() {
                    *slot = Some(text);
                }
            }
            "prop" if e.attr("type") == Some("x-confidence") => {
                let value = r.text_content()?;
                let score = value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=1.0).contains(s));
                let Some(t) = tu.as_mut() else { continue };
                t.score = Some(score.ok_or_else(|| Error::BadUnit {
                    what: what.to_string(),
                    unit: count,
                    message: format!("x-confidence “{}” is not a number in 0..1", value.trim()),
                })?);
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(Error::WrongFormat {
            what: what.to_string(),
            expected: "a TMX file".into(),
            found: "XML without a <tmx> element".into(),
        });
    }
    check_languages(what, &units, &langs)?;
    Ok(units)
}

/// [`Error::MissingLanguage`] when no unit holds Russian, or none English; `langs` are the
/// codes found.
fn check_languages(what: &str, units: &[Unit], langs: &BTreeSet<String>) -> Result<()> {
    for lang in [Lang::Ru, Lang::En] {
        let present = units.iter().any(|u| match lang {
            Lang::Ru => !u.ru.trim().is_empty(),
            Lang::En => !u.en.trim().is_empty(),
        });
        if !present {
            let found = langs.iter().cloned().collect::<Vec<_>>().join(", ");
            return Err(Error::MissingLanguage {
                what: what.to_string(),
                lang,
                found: if found.is_empty() {
                    "none".into()
                } else {
                    found
                },
            });
        }
    }
    Ok(())
}

/// The language of a code by its primary subtag: `ru-RU` is Russian, `en_US` English.
fn primary(code: &str) -> Option<Lang> {
    let subtag = code.split(['-', '_']).next().unwrap_or_default();
    match subtag.to_ascii_lowercase().as_str() {
        "ru" | "rus" => Some(Lang::Ru),
        "en" | "eng" => Some(Lang::En),
        _ => None,
    }
}

/// The text of the `<seg>` just opened, without inline codes.
fn seg_text(r: &mut XmlReader<'_>) -> Result<String> {
    let mut out = String::new();
    let mut depth = 1usize;
    while depth > 0 {
        match r.next()? {
            Some(Node::Open(e)) if CODES.contains(&e.local.as_str()) => r.skip()?,
            Some(Node::Open(_)) => depth += 1,
            Some(Node::Close(_)) => depth -= 1,
            Some(Node::Text(t)) => out.push_str(&t),
            None => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_match_by_primary_subtag() {
        let tmx = r#"<tmx version="1.4"><header srclang="en-US"/><body>
            <tu><tuv xml:lang="en-US"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
                <tuv xml:lang="de"><seg>Hallo.</seg></tuv>
                <tuv xml:lang="RU-ru"><seg>Привет, мир.</seg></tuv></tu>
            <tu><prop type="x-confidence">0.5</prop><tuv lang="ru"><seg>Пока.</seg></tuv><tuv lang="en"><seg>Bye.</seg></tuv></tu>
            </body></tmx>"#;
        let u = units("t.tmx", tmx).unwrap();
        assert_eq!(
            (u[0].ru.as_str(), u[0].en.as_str()),
            ("Привет, мир.", "Hello world.")
        );
        assert_eq!((u[1].score, u[0].score), (Some(0.5), None));
    }

    #[test]
    fn a_missing_language_is_an_error() {
        let tmx = r#"<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Hi.</seg></tuv>
            <tuv xml:lang="de"><seg>Hallo.</seg></tuv></tu></body></tmx>"#;
        let e = units("t.tmx", tmx).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tmx has no ru text (languages found: de, en)"
        );
    }

    #[test]
    fn a_bad_confidence_names_the_unit() {
        let tmx = r#"<tmx><body><tu><tuv xml:lang="ru"><seg>Да.</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>
            <tu><prop type="x-confidence">high</prop></tu></body></tmx>"#;
        let e = units("t.tmx", tmx).unwrap_err();
        assert!(
            e.to_string().starts_with("t.tmx, translation unit 2:"),
            "{e}"
        );
    }
}
