//! The similarity heat: which sentence pairs near the path are scored, and their faint cells
//! under the beads.

use std::fmt::{self, Write};
use std::ops::Range;

use super::HeatCell;
use super::format::num;
use super::layout::Layout;
use crate::{Aligner, Bead, Document};

/// Draws the cells inside the plot's window in four shades of violet, one path per shade;
/// cells below the lowest shade, and NaN ones, are left out.
pub(super) fn write_heat(out: &mut impl Write, cells: &[HeatCell], layout: &Layout) -> fmt::Result {
    /// Lower bounds of the four shades and their opacity.
    const LEVELS: [(f64, f64); 4] = [(0.05, 0.1), (0.2, 0.18), (0.4, 0.3), (0.6, 0.45)];
    let (sx, sy) = (layout.sx, layout.sy);
    let mut paths = vec![String::new(); LEVELS.len()];
    for c in cells {
        if !layout.ru.contains(&c.ru) || !layout.en.contains(&c.en) || c.score.is_nan() {
            continue;
        }
        let Some(level) = LEVELS.iter().rposition(|&(lo, _)| c.score >= lo) else {
            continue;
        };
        let _ = write!(
            paths[level],
            "M{} {}h{}v{}h-{}z",
            num(layout.x(c.ru)),
            num(layout.y(c.en)),
            num(sx),
            num(sy),
            num(sx)
        );
    }
    out.write_str(r##"<g class="heat" fill="#7048e8">"##)?;
    for (d, (_, opacity)) in paths.iter().zip(LEVELS) {
        if !d.is_empty() {
            write!(out, r#"<path fill-opacity="{opacity}" d="{d}"/>"#)?;
        }
    }
    out.write_str("</g>")
}

/// The similarity of each sentence pair within `band` sentences of the path of `beads`, for
/// [`MapOptions::heat`](super::MapOptions::heat). Bounded: about `(4 × band + 2)` cells per sentence, so a band of 3
/// on a 5,000-sentence book scores some 70,000 pairs.
///
/// Beads that point past the documents are skipped.
///
/// # Example
/// ```
/// use sverka::map::heat_cells;
/// use sverka::{Aligner, Document, Lang};
///
/// let ru = Document::new("Мы выросли на 7%. Спасибо Telegram.", Lang::Ru).unwrap();
/// let en = Document::new("We grew by 7%. Thank you, Telegram.", Lang::En).unwrap();
/// let aligner = Aligner::new();
/// let beads = aligner.align(&ru, &en);
/// let cells = heat_cells(&aligner, &ru, &en, &beads, 3);
/// assert_eq!(cells.len(), 4); // every pair of this 2 × 2 text
/// let sim = |i, j| cells.iter().find(|c| (c.ru, c.en) == (i, j)).unwrap().score;
/// assert!(sim(0, 0) > sim(0, 1));
/// ```
pub fn heat_cells(
    aligner: &Aligner<'_>,
    ru: &Document,
    en: &Document,
    beads: &[Bead],
    band: usize,
) -> Vec<HeatCell> {
    let (n_ru, n_en) = (ru.len(), en.len());
    if n_ru == 0 || n_en == 0 {
        return Vec::new();
    }
    let windows = band_windows(beads, band, n_ru, n_en);
    let scorer = aligner.scorer(ru, en);
    let mut cells = Vec::new();
    for (i, window) in windows.into_iter().enumerate() {
        for j in window {
            cells.push(HeatCell {
                ru: i,
                en: j,
                score: scorer.similarity(i..i + 1, j..j + 1),
            });
        }
    }
    cells
}

/// For each of the `n_ru` Russian sentences, the English sentences the path of `beads` passes
/// within `band` of (empty where it passes nowhere near). Beads that point past the documents
/// or have a reversed range are skipped.
fn band_windows(beads: &[Bead], band: usize, n_ru: usize, n_en: usize) -> Vec<Range<usize>> {
    // Empty until a bead widens it: the start only falls and the end only rises.
    let nowhere = Range {
        start: usize::MAX,
        end: 0,
    };
    let mut windows = vec![nowhere; n_ru];
    for b in beads {
        let (ru, en) = (&b.span.ru, &b.span.en);
        if ru.start > ru.end || en.start > en.end || ru.end > n_ru || en.end > n_en {
            continue;
        }
        let rows = ru.start.saturating_sub(band)..(ru.end + band).min(n_ru);
        let (e0, e1) = (en.start.saturating_sub(band), (en.end + band).min(n_en));
        for w in &mut windows[rows] {
            w.start = w.start.min(e0);
            w.end = w.end.max(e1);
        }
    }
    windows
}
