//! What the alignment map and the statistics panel of a document are drawn from.
//!
//! The text-derived part ([`DocShape`]: sentence counts, characters per bead, the optional
//! similarity heat) depends only on the applied wording and alignment; the review part (each
//! bead's map status) on the votes and suggestions.

use std::collections::HashMap;

use super::model::{Applied, BeadReview, Status};
use crate::map::{BeadStatus, HeatCell, heat_cells};
use crate::stats::char_lengths;
use crate::{Aligner, Span};

/// The similarity heat is drawn for documents with at most this many sentences on each side
/// (computing it takes some 40 ms per 500 sentences, once per text change).
pub(crate) const HEAT_MAX_SENTENCES: usize = 800;

/// Sentences on each side of the path whose pairs the heat scores.
const HEAT_BAND: usize = 3;

/// What the map and statistics take from a document's text, for one text version.
#[derive(Debug, Default)]
pub(crate) struct DocShape {
    /// Russian sentences.
    pub(crate) n_ru: usize,
    /// English sentences.
    pub(crate) n_en: usize,
    /// Non-space characters (Russian, English) per bead.
    pub(crate) chars: HashMap<Span, (usize, usize)>,
    /// The similarity heat, for documents small enough.
    pub(crate) heat: Option<Vec<HeatCell>>,
}

impl DocShape {
    /// The shape of an applied document. Runs the aligner's scorer for the heat: call it on
    /// the blocking pool.
    pub(crate) fn of(applied: &Applied) -> DocShape {
        let (ru, en) = (&applied.ru, &applied.en);
        let chars = applied
            .beads
            .iter()
            .zip(char_lengths(ru, en, &applied.beads))
            .map(|(b, c)| (b.span.clone(), c))
            .collect();
        let heat = (ru.len().max(en.len()) <= HEAT_MAX_SENTENCES)
            .then(|| heat_cells(&Aligner::new(), ru, en, &applied.beads, HEAT_BAND));
        DocShape {
            n_ru: ru.len(),
            n_en: en.len(),
            chars,
            heat,
        }
    }

    /// The characters of the bead with sentences `span` (0 for a bead not in this version).
    pub(crate) fn chars_of(&self, span: &Span) -> (usize, usize) {
        self.chars.get(span).copied().unwrap_or((0, 0))
    }
}

/// The map's status of a reviewed bead: an outvoting suggestion makes it disputed (even when
/// approved: it needs attention), else approved or automatic.
pub(crate) fn map_status(r: &BeadReview) -> BeadStatus {
    if r.disputed() {
        BeadStatus::Disputed
    } else if r.bead.status == Status::Approved {
        BeadStatus::Approved
    } else {
        BeadStatus::Automatic
    }
}
