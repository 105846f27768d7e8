//! A text of one side, with its sentences.

use crate::segment::{self, Sentence};
use crate::{Error, Lang, Result};

/// One side of a text pair: the source text, its language and its sentences.
///
/// Sentences are byte spans into the text, so nothing is copied and storage and export never
/// re-split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    text: String,
    lang: Lang,
    sentences: Vec<Sentence>,
}

impl Document {
    /// Segments `text` into sentences by the rules of `lang`.
    ///
    /// Fails with [`Error::EmptyInput`] when the text holds no sentence.
    pub fn new(text: impl Into<String>, lang: Lang) -> Result<Self> {
        let text = text.into();
        let sentences = segment::segment(&text, lang);
        Self::checked(text, lang, sentences)
    }

    /// Takes `text` as one sentence per line (blank lines separate paragraphs).
    pub fn presegmented(text: impl Into<String>, lang: Lang) -> Result<Self> {
        let text = text.into();
        let sentences = segment::presegmented(&text);
        Self::checked(text, lang, sentences)
    }

    /// Builds a document from sentences already split, each with its paragraph index.
    ///
    /// The text is the sentences joined by a space within a paragraph and by a newline between
    /// paragraphs; newlines inside a sentence become spaces.
    ///
    /// # Example
    /// ```
    /// use sverka::{Document, Lang};
    /// let d = Document::from_sentences([("One.", 0), ("Two.", 0), ("Three.", 1)], Lang::En).unwrap();
    /// assert_eq!(d.text(), "One. Two.\nThree.");
    /// assert_eq!(d.sentence_text(2), "Three.");
    /// ```
    pub fn from_sentences<'a>(
        sentences: impl IntoIterator<Item = (&'a str, usize)>,
        lang: Lang,
    ) -> Result<Self> {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut last_paragraph = None;
        for (sentence, paragraph) in sentences {
            let clean = sentence.trim().replace(['\n', '\r', '\t'], " ");
            if clean.is_empty() {
                continue;
            }
            match last_paragraph {
                None => {}
                Some(p) if p == paragraph => text.push(' '),
                Some(_) => text.push('\n'),
            }
            last_paragraph = Some(paragraph);
            let start = text.len();
            text.push_str(&clean);
            spans.push(Sentence {
                start,
                end: text.len(),
                paragraph,
            });
        }
        Self::checked(text, lang, spans)
    }

    fn checked(text: String, lang: Lang, sentences: Vec<Sentence>) -> Result<Self> {
        if sentences.is_empty() {
            return Err(Error::EmptyInput {
                what: match lang {
                    Lang::Ru => "the Russian text".into(),
                    Lang::En => "the English text".into(),
                },
            });
        }
        Ok(Document {
            text,
            lang,
            sentences,
        })
    }

    /// The whole source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The language of the text.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The sentences, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The number of sentences (never 0).
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Always `false`: a document holds at least one sentence.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The text of sentence `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn sentence_text(&self, i: usize) -> &str {
        self.sentences[i].text(&self.text)
    }

    /// The number of paragraphs.
    pub fn paragraphs(&self) -> usize {
        self.sentences.last().map_or(0, |s| s.paragraph + 1)
    }
}
