//! The geometry of a map: the view drawn, the sentences its plot covers, the scale, and where
//! each part of the picture goes.

use std::ops::Range;

use super::{MapBead, MapOptions};

/// Left margin: the English axis label, its tick labels and the strip of 0-1 marks.
pub(super) const LEFT: f64 = 62.0;
/// Right margin.
pub(super) const RIGHT: f64 = 18.0;
/// Space for the axis label, tick labels and the strip of one-sided marks above the plot.
const TOP_AXIS: f64 = 50.0;
/// Space for the title.
const TITLE: f64 = 22.0;
/// Width of the strip of 1-0 / 0-1 marks outside the plot.
pub(super) const MARK: f64 = 7.0;
/// Smallest drawn side of a bead box, so a bead of a 5,000-bead book stays visible.
pub(super) const MIN_SIDE: f64 = 2.0;
/// Height of the overview strip of a partial view, with its label.
const OVERVIEW: f64 = 50.0;
/// Height of the legend.
const LEGEND: f64 = 34.0;

/// Where everything goes in one map, in pixels.
pub(super) struct Layout {
    /// Russian sentences, widened to cover every bead.
    pub(super) n_ru: usize,
    /// English sentences, widened to cover every bead.
    pub(super) n_en: usize,
    /// The beads (indices) of each view of the alignment.
    pub(super) views: Vec<Range<usize>>,
    /// The view drawn (0-based), clamped to the last.
    pub(super) view_no: usize,
    /// The beads of the view drawn.
    pub(super) view: Range<usize>,
    /// Whether the alignment has more than one view; such a view shows only its own sentences
    /// and carries the overview strip.
    pub(super) partial: bool,
    /// The Russian sentences the plot covers (never empty).
    pub(super) ru: Range<usize>,
    /// The English sentences the plot covers (never empty).
    pub(super) en: Range<usize>,
    /// Width of the picture.
    pub(super) width: f64,
    /// Height of the picture.
    pub(super) height: f64,
    /// Width of the plot.
    pub(super) pw: f64,
    /// Height of the plot.
    pub(super) ph: f64,
    /// The top of the plot.
    pub(super) top: f64,
    /// Pixels per Russian sentence.
    pub(super) sx: f64,
    /// Pixels per English sentence.
    pub(super) sy: f64,
    /// Whether disputed beads are ringed (the boxes are too small to stand out).
    pub(super) rings: bool,
    /// Whether the similarity heat is drawn.
    pub(super) heat: bool,
    /// The top of the legend.
    pub(super) legend_y: f64,
    /// The top of the overview strip.
    pub(super) overview_y: f64,
}

impl Layout {
    /// The layout of the map of `beads` over `n_ru` × `n_en` sentences under `options`.
    pub(super) fn new(n_ru: usize, n_en: usize, beads: &[MapBead], options: &MapOptions) -> Self {
        let n_ru = beads.iter().map(|b| b.span.ru.end).fold(n_ru, usize::max);
        let n_en = beads.iter().map(|b| b.span.en.end).fold(n_en, usize::max);
        let views = options.views(beads.len());
        let view_no = options.view.min(views.len() - 1);
        let view = views[view_no].clone();
        let partial = views.len() > 1;
        let shown = &beads[view.clone()];
        let (ru, en) = if partial && !shown.is_empty() {
            (
                extent(shown.iter().map(|b| &b.span.ru)),
                extent(shown.iter().map(|b| &b.span.en)),
            )
        } else {
            (0..n_ru.max(1), 0..n_en.max(1))
        };
        let (nx, ny) = ((ru.end - ru.start) as f64, (en.end - en.start) as f64);

        let width = f64::from(options.width.max(320));
        let pw = width - LEFT - RIGHT;
        let ph = (pw * (ny / nx).clamp(0.45, 1.15)).round();
        let top = TOP_AXIS + if options.title.is_some() { TITLE } else { 0.0 };
        let (sx, sy) = (pw / nx, ph / ny);
        let rings = sx.min(sy) < 2.0 * MIN_SIDE;
        let heat = options.heat.is_some();
        let legend_y = top + ph + 14.0;
        let overview_y = legend_y + LEGEND + if rings || heat { 14.0 } else { 0.0 };
        let height = overview_y + if partial { OVERVIEW } else { 0.0 } + 4.0;
        Layout {
            n_ru,
            n_en,
            views,
            view_no,
            view,
            partial,
            ru,
            en,
            width,
            height,
            pw,
            ph,
            top,
            sx,
            sy,
            rings,
            heat,
            legend_y,
            overview_y,
        }
    }

    /// The left edge of Russian sentence `i` (0-based; the boundary before it).
    pub(super) fn x(&self, i: usize) -> f64 {
        LEFT + (i as f64 - self.ru.start as f64) * self.sx
    }

    /// The top edge of English sentence `j`.
    pub(super) fn y(&self, j: usize) -> f64 {
        self.top + (j as f64 - self.en.start as f64) * self.sy
    }

    /// The bottom of the plot.
    pub(super) fn bottom(&self) -> f64 {
        self.top + self.ph
    }
}

/// The sentences one side of some beads spans: from the first start to the last end (a
/// reversed range counts as empty at its start), at least one sentence.
fn extent<'a>(sides: impl Iterator<Item = &'a Range<usize>> + Clone) -> Range<usize> {
    let lo = sides.clone().map(|r| r.start).min().unwrap_or(0);
    let hi = sides.map(|r| r.end.max(r.start)).max().unwrap_or(0);
    lo..hi.max(lo + 1)
}
