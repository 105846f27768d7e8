//! An aligned pair, and reading one back from the JSON a batch wrote.

use std::path::Path;

use crate::{Bead, Document, Error, Lang, Result};

/// One aligned pair, as [`Batch::map`](super::Batch::map) hands it over.
#[derive(Debug, Clone)]
pub struct Aligned {
    /// The Russian document.
    pub ru: Document,
    /// The English document.
    pub en: Document,
    /// The alignment.
    pub beads: Vec<Bead>,
}

impl Aligned {
    /// Reads an aligned pair back from the JSON file that `sverka batch --format json` (or
    /// `sverka align --format json`) wrote: its sentences with their paragraphs and its beads
    /// with their confidences. The documents' texts are the sentences joined as
    /// [`Document::from_sentences`] joins them.
    ///
    /// Fails with [`Error::Read`] naming the file when it cannot be read, [`Error::Invalid`]
    /// when it is not such JSON or a bead's sentence indices are not consecutive or out of
    /// range, and with [`Error::NotUtf8`] or [`Error::EmptyInput`] as the other readers do.
    ///
    /// # Example
    /// ```
    /// use sverka::batch::Aligned;
    ///
    /// let path = std::env::temp_dir().join(format!("sverka-aligned-{}.json", std::process::id()));
    /// std::fs::write(&path, r#"{"ru": [{"text": "Да.", "paragraph": 0}],
    ///   "en": [{"text": "Yes.", "paragraph": 0}, {"text": "Sure.", "paragraph": 0}],
    ///   "beads": [{"ru": [0], "en": [0, 1], "score": 0.75}]}"#).unwrap();
    /// let a = Aligned::read_json(&path).unwrap();
    /// assert_eq!((a.ru.len(), a.en.len()), (1, 2));
    /// assert_eq!((a.beads[0].span.en.clone(), a.beads[0].score), (0..2, 0.75));
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn read_json(path: &Path) -> Result<Aligned> {
        let text = crate::text::read_utf8(path)?;
        Aligned::from_json(&path.display().to_string(), &text)
    }

    /// Reads an aligned pair from the JSON `text` of `sverka align --format json` (see
    /// [`Aligned::read_json`]); `what` names it in errors.
    pub fn from_json(what: &str, text: &str) -> Result<Aligned> {
        #[derive(serde::Deserialize)]
        struct JsonSentence {
            text: String,
            paragraph: usize,
        }
        #[derive(serde::Deserialize)]
        struct JsonBead {
            ru: Vec<usize>,
            en: Vec<usize>,
            score: f64,
        }
        #[derive(serde::Deserialize)]
        struct JsonPair {
            ru: Vec<JsonSentence>,
            en: Vec<JsonSentence>,
            beads: Vec<JsonBead>,
        }
        let invalid = |message: String| Error::Invalid {
            what: what.to_string(),
            message,
        };
        let pair: JsonPair = serde_json::from_str(text)
            .map_err(|e| invalid(format!("not an aligned pair in JSON: {e}")))?;
        let side = |sentences: &[JsonSentence], lang, name: &str| {
            Document::from_sentences(
                sentences.iter().map(|s| (s.text.as_str(), s.paragraph)),
                lang,
            )
            .map_err(|_| Error::EmptyInput {
                what: format!("the {name} side of {what}"),
            })
            .and_then(|d| {
                // `from_sentences` drops blank sentences, which would shift the indices.
                if d.len() == sentences.len() {
                    Ok(d)
                } else {
                    Err(invalid(format!("a {name} sentence is blank")))
                }
            })
        };
        let ru = side(&pair.ru, Lang::Ru, "Russian")?;
        let en = side(&pair.en, Lang::En, "English")?;
        let range = |ids: &[usize], len: usize, k: usize| {
            let ok =
                ids.windows(2).all(|w| w[1] == w[0] + 1) && ids.last().is_none_or(|&i| i < len);
            match (ok, ids.first()) {
                (false, _) => Err(invalid(format!(
                    "bead {}: sentence indices {ids:?} are not consecutive or out of range",
                    k + 1
                ))),
                (true, Some(&first)) => Ok(first..first + ids.len()),
                // An empty side sits where the side's previous bead ended; fixed below.
                (true, None) => Ok(usize::MAX..usize::MAX),
            }
        };
        let mut beads = Vec::with_capacity(pair.beads.len());
        let (mut r, mut e) = (0, 0);
        for (k, b) in pair.beads.iter().enumerate() {
            let mut ru_range = range(&b.ru, ru.len(), k)?;
            let mut en_range = range(&b.en, en.len(), k)?;
            if ru_range.start == usize::MAX {
                ru_range = r..r;
            }
            if en_range.start == usize::MAX {
                en_range = e..e;
            }
            (r, e) = (ru_range.end, en_range.end);
            if !(0.0..=1.0).contains(&b.score) {
                return Err(invalid(format!(
                    "bead {}: confidence {} is not in 0..1",
                    k + 1,
                    b.score
                )));
            }
            beads.push(Bead::new(ru_range, en_range, b.score));
        }
        Ok(Aligned { ru, en, beads })
    }
}
