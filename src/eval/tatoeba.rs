//! The Tatoeba Russian–English test pairs (as in `../shared/data/tatoeba-ru-en`, the LASER
//! test set): line `i` of the Russian file translates line `i` of the English one. A pair
//! scorer is measured by how often it ranks the translation first among all English
//! sentences.

use std::path::Path;

use crate::score::PairScorer;
use crate::{Document, Lang, Result};

/// The Russian and the English file in the folder.
pub const FILES: [&str; 2] = ["tatoeba.rus-eng.rus", "tatoeba.rus-eng.eng"];

/// Reads the pairs of `dir` as two documents, each sentence its own paragraph (isolated
/// pairs, no document order).
pub fn read_documents(dir: &Path) -> Result<(Document, Document)> {
    let read = |file: &str, lang| -> Result<Document> {
        let path = dir.join(file);
        let text = crate::text::read_utf8(&path)?;
        Document::presegmented(text.replace('\n', "\n\n"), lang)
    };
    Ok((read(FILES[0], Lang::Ru)?, read(FILES[1], Lang::En)?))
}

/// Whether `scorer` ranks English sentence `i` first for Russian sentence `i`: every other
/// English sentence costs more. The set writes one English sentence twice (`I still can't
/// believe it!`); the same text is the same translation, not a rival to beat.
pub fn ranks_first(scorer: &PairScorer, en: &Document, i: usize) -> bool {
    let own = scorer.pair_cost(i, i);
    (0..en.len()).all(|j| {
        j == i || en.sentence_text(j) == en.sentence_text(i) || scorer.pair_cost(i, j) > own
    })
}

/// How many Russian sentences `scorer` (built on the two documents) ranks their translation
/// first for.
pub fn ranked_first(scorer: &PairScorer, en: &Document) -> usize {
    (0..en.len().min(scorer.ru_len()))
        .filter(|&i| ranks_first(scorer, en, i))
        .count()
}
