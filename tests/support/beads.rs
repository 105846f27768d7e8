//! Checks on bead lists shared by the aligner tests: a full cover of both documents, the
//! sides as ranges, and the beads as sentence-index lists for scoring.

use std::ops::Range;

use sverka::Bead;
use sverka::export::BeadIds;

/// Checks that `beads` cover `n_ru` Russian and `n_en` English sentences exactly once, in
/// order: each bead starts where the one before it ended, no bead is empty on both sides, and
/// the last bead ends at the end of both documents. Returns a description of the first fault.
pub fn check_cover(beads: &[Bead], n_ru: usize, n_en: usize) -> Result<(), String> {
    let (mut r, mut e) = (0, 0);
    for (k, b) in beads.iter().enumerate() {
        if b.span.ru.start != r || b.span.en.start != e {
            return Err(format!(
                "bead {k} {:?}/{:?} does not start at ({r}, {e})",
                b.span.ru, b.span.en
            ));
        }
        if b.span.ru.end < b.span.ru.start || b.span.en.end < b.span.en.start {
            return Err(format!(
                "bead {k} {:?}/{:?} is reversed",
                b.span.ru, b.span.en
            ));
        }
        if b.span.ru.is_empty() && b.span.en.is_empty() {
            return Err(format!("bead {k} is empty on both sides"));
        }
        r = b.span.ru.end;
        e = b.span.en.end;
    }
    if (r, e) != (n_ru, n_en) {
        return Err(format!(
            "beads end at ({r}, {e}), the documents at ({n_ru}, {n_en})"
        ));
    }
    Ok(())
}

/// The sides of the beads, without confidences.
pub fn ranges(beads: &[Bead]) -> Vec<(Range<usize>, Range<usize>)> {
    beads
        .iter()
        .map(|b| (b.span.ru.clone(), b.span.en.clone()))
        .collect()
}

/// The beads as sentence-index lists, for [`sverka::eval::score`].
pub fn to_ids(beads: &[Bead]) -> Vec<BeadIds> {
    beads
        .iter()
        .map(|b| {
            BeadIds::new(
                b.span.ru.clone().collect::<Vec<_>>(),
                b.span.en.clone().collect::<Vec<_>>(),
            )
        })
        .collect()
}
