//! The alignment map: the bead path drawn as SVG over the sentence grid.
//!
//! The x axis counts Russian sentences, the y axis English ones (top-left is the start of
//! both texts, so a good alignment runs down the diagonal). Each bead is one box on the path,
//! coloured by its review status ([`BeadStatus`]) and shaded by its confidence; a 1-0 bead is a
//! mark on the Russian (top) axis, a 0-1 bead a mark on the English (left) axis. Optionally a
//! faint heat of the aligner's sentence-pair similarity lies under the path ([`heat_cells`]).
//!
//! The SVG is self-contained and safe under a strict Content-Security-Policy: no `<script>`,
//! no `style` attributes, no `id`s (two maps can share a page); only presentation attributes.
//! Each bead is wrapped in an `<a href>` to its row when it has an id, so clicking it (or
//! pressing Enter on it) jumps there. Its `<title>` (the first child of the link, or of the box
//! when there is no link) is both the tooltip and the accessible name screen readers announce
//! (SVG-AAM), so the text is not repeated in an `aria-label`: a 5,000-bead map stays ~1.5 MB.
//!
//! A long book is split into views of at most [`MapOptions::max_beads_per_view`] beads; a view
//! of a part of the document carries an overview strip of the whole document, coloured by
//! status, whose segments link to the other views.
//!
//! # Example
//! ```
//! use sverka::map::{BeadStatus, MapBead, MapOptions, render_svg};
//!
//! let beads = [
//!     MapBead::new(0..1, 0..1, 0.9, BeadStatus::Approved).with_id("b1"),
//!     MapBead::new(1..3, 1..2, 0.6, BeadStatus::Automatic).with_id("b2"),
//!     MapBead::new(3..4, 2..2, 0.2, BeadStatus::Disputed).with_id("b3"),
//! ];
//! let svg = render_svg(4, 2, &beads, &MapOptions::default());
//! assert!(svg.starts_with("<svg"));
//! assert_eq!(svg.matches("data-bead=").count(), 3);
//! assert!(svg.contains(r##"href="#b2""##));
//! ```

use std::ops::Range;

use crate::{Bead, Span};

// The picture is drawn back to front by `svg::write_svg`, in the places `layout` computes:
// the frame and `axes`, the `heat`, the `beads` (path, boxes, rings), the `legend`, and the
// `overview` strip of a partial view; `format` writes numbers and escapes text.
mod axes;
mod beads;
mod format;
mod heat;
mod layout;
mod legend;
mod overview;
mod svg;

pub(crate) use format::escape;
pub use heat::heat_cells;

/// The review status a bead is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum BeadStatus {
    /// As the aligner made it, not yet reviewed (the default).
    #[default]
    Automatic,
    /// Reviewers disagree about it (a suggestion or negative votes are open).
    Disputed,
    /// Approved by reviewers.
    Approved,
}

impl BeadStatus {
    /// Every status, in legend order.
    const ALL: [BeadStatus; 3] = [
        BeadStatus::Automatic,
        BeadStatus::Disputed,
        BeadStatus::Approved,
    ];

    /// The lower-case name, also the bead's CSS class: `automatic`, `disputed`, `approved`.
    pub fn name(self) -> &'static str {
        match self {
            BeadStatus::Automatic => "automatic",
            BeadStatus::Disputed => "disputed",
            BeadStatus::Approved => "approved",
        }
    }

    /// The fill colour of the status (`#rrggbb`): blue, orange, green.
    ///
    /// # Example
    /// ```
    /// use sverka::map::BeadStatus;
    /// assert_ne!(BeadStatus::Approved.colour(), BeadStatus::Disputed.colour());
    /// ```
    pub fn colour(self) -> &'static str {
        match self {
            BeadStatus::Automatic => "#3b6fd4",
            BeadStatus::Disputed => "#e8590c",
            BeadStatus::Approved => "#2b9348",
        }
    }

    /// A darker shade of [`colour`](BeadStatus::colour) for outlines.
    fn stroke(self) -> &'static str {
        match self {
            BeadStatus::Automatic => "#1f4597",
            BeadStatus::Disputed => "#a63c06",
            BeadStatus::Approved => "#1b6130",
        }
    }
}

/// One bead as the map draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBead {
    /// Its sentences (0-based; one side empty for a 1-0 or 0-1 bead).
    pub span: Span,
    /// The aligner's confidence in `0.0..=1.0` (values outside are clamped, NaN counts as 0).
    pub score: f64,
    /// The review status.
    pub status: BeadStatus,
    /// The link target of the bead without the `#`, e.g. `b17`; `None` draws it without a link.
    pub id: Option<String>,
}

impl MapBead {
    /// A bead without a link.
    pub fn new(ru: Range<usize>, en: Range<usize>, score: f64, status: BeadStatus) -> Self {
        MapBead {
            span: Span::new(ru, en),
            score,
            status,
            id: None,
        }
    }

    /// Sets the link target (the row's `id` attribute in the review list).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// An aligner's bead with the given status and no link.
    pub fn from_bead(bead: &Bead, status: BeadStatus) -> Self {
        MapBead {
            span: bead.span.clone(),
            score: bead.score,
            status,
            id: None,
        }
    }

    /// The aligner's beads, all [`BeadStatus::Automatic`], without links (what `sverka align
    /// --format svg` draws).
    pub fn automatic(beads: &[Bead]) -> Vec<MapBead> {
        beads
            .iter()
            .map(|b| MapBead::from_bead(b, BeadStatus::Automatic))
            .collect()
    }

    /// The confidence clamped to `0.0..=1.0` (NaN is 0).
    pub(crate) fn confidence(&self) -> f64 {
        if self.score.is_nan() {
            0.0
        } else {
            self.score.clamp(0.0, 1.0)
        }
    }
}

/// One cell of the similarity heat: a Russian and an English sentence and their similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    /// The Russian sentence (0-based).
    pub ru: usize,
    /// The English sentence (0-based).
    pub en: usize,
    /// The pair's similarity in `0.0..=1.0`.
    pub score: f64,
}

/// How to draw the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    /// The width of the picture in pixels; the height follows from the sentence counts. The SVG
    /// has a `viewBox`, so it also scales to any width the page gives it. The default is 760;
    /// values below 320 are taken as 320.
    pub width: u32,
    /// A title drawn above the map. The default is none.
    pub title: Option<String>,
    /// Sentence-pair similarities drawn as a faint heat under the path (see [`heat_cells`]).
    /// The default is none.
    pub heat: Option<Vec<HeatCell>>,
    /// What goes before a bead's id in its link. The default is `#` (a row of the same page).
    pub link_prefix: String,
    /// At most this many beads are drawn in one view; a longer alignment is split into views
    /// of this size and [`view`](MapOptions::view) picks one. `None` (the default) draws every
    /// bead in one view.
    pub max_beads_per_view: Option<usize>,
    /// The view to draw (0-based; past the last it draws the last). The default is 0.
    pub view: usize,
    /// Links of the overview strip: the view number is appended, e.g. `?map=` gives `?map=3`.
    /// `None` (the default) draws the strip without links.
    pub view_href: Option<String>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            width: 760,
            title: None,
            heat: None,
            link_prefix: "#".to_string(),
            max_beads_per_view: None,
            view: 0,
            view_href: None,
        }
    }
}

impl MapOptions {
    /// The view that holds bead `index` (0-based) under these options.
    ///
    /// # Example
    /// ```
    /// use sverka::map::MapOptions;
    /// let options = MapOptions { max_beads_per_view: Some(500), ..MapOptions::default() };
    /// assert_eq!(options.view_of(1234), 2);
    /// ```
    pub fn view_of(&self, index: usize) -> usize {
        match self.max_beads_per_view {
            Some(per) if per > 0 => index / per,
            _ => 0,
        }
    }

    /// The beads (indices into `beads`) of each view of an alignment of `n_beads` beads.
    pub fn views(&self, n_beads: usize) -> Vec<Range<usize>> {
        let per = match self.max_beads_per_view {
            Some(per) if per > 0 => per,
            _ => n_beads.max(1),
        };
        let mut views: Vec<Range<usize>> = (0..n_beads)
            .step_by(per)
            .map(|s| s..(s + per).min(n_beads))
            .collect();
        if views.is_empty() {
            views.push(0..0);
        }
        views
    }
}

/// Draws the alignment map of `beads` between a Russian text of `n_ru` sentences and an English
/// one of `n_en` as an SVG document (see the [module docs](self)).
///
/// Beads past the given counts widen the axes instead of failing; beads may come in any order
/// (they are drawn in the order given, and views split them in that order).
///
/// # Example
/// ```
/// use sverka::map::{MapBead, MapOptions, render_svg};
/// use sverka::{Document, Lang, align};
///
/// let ru = Document::new("Привет. Как дела?", Lang::Ru).unwrap();
/// let en = Document::new("Hello. How are you?", Lang::En).unwrap();
/// let beads = MapBead::automatic(&align(&ru, &en));
/// let options = MapOptions { title: Some("Greeting".into()), ..MapOptions::default() };
/// let svg = render_svg(ru.len(), en.len(), &beads, &options);
/// assert!(svg.contains("<title>1-1 bead: Russian 1, English 1"));
/// ```
pub fn render_svg(n_ru: usize, n_en: usize, beads: &[MapBead], options: &MapOptions) -> String {
    let mut out = String::with_capacity(4096 + beads.len() * 260);
    svg::write_svg(&mut out, n_ru, n_en, beads, options).expect("writing to a String never fails");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_split_and_clamp() {
        let o = MapOptions {
            max_beads_per_view: Some(4),
            ..MapOptions::default()
        };
        assert_eq!(o.views(10), vec![0..4, 4..8, 8..10]);
        assert_eq!(o.views(0), vec![0..0]);
        assert_eq!(MapOptions::default().views(7), vec![0..7]);
    }
}
