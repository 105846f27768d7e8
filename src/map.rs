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

use std::fmt::Write as _;
use std::ops::Range;

use crate::{Aligner, Bead, Document, Span};

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
    pub const ALL: [BeadStatus; 3] = [
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
    pub fn stroke(self) -> &'static str {
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
    pub fn confidence(&self) -> f64 {
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

/// Margins and sizes of the drawing, in pixels.
const LEFT: f64 = 62.0;
const RIGHT: f64 = 18.0;
/// Space for the axis label, tick labels and the strip of one-sided marks above the plot.
const TOP_AXIS: f64 = 50.0;
/// Space for the title.
const TITLE: f64 = 22.0;
/// Width of the strip of 1-0 / 0-1 marks outside the plot.
const MARK: f64 = 7.0;
/// Smallest drawn side of a bead box, so a bead of a 5,000-bead book stays visible.
const MIN_SIDE: f64 = 2.0;
/// Height of the overview strip of a partial view, with its label.
const OVERVIEW: f64 = 50.0;
/// Height of the legend.
const LEGEND: f64 = 34.0;

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
    write_svg(&mut out, n_ru, n_en, beads, options).expect("writing to a String never fails");
    out
}

/// Writes the map of [`render_svg`] to any [`std::fmt::Write`].
pub fn write_svg(
    out: &mut impl std::fmt::Write,
    n_ru: usize,
    n_en: usize,
    beads: &[MapBead],
    options: &MapOptions,
) -> std::fmt::Result {
    let n_ru = beads.iter().map(|b| b.span.ru.end).fold(n_ru, usize::max);
    let n_en = beads.iter().map(|b| b.span.en.end).fold(n_en, usize::max);
    let views = options.views(beads.len());
    let view_no = options.view.min(views.len() - 1);
    let view = views[view_no].clone();
    let partial = views.len() > 1;
    let shown = &beads[view.clone()];

    // The sentence window of the view.
    let (ru0, ru1, en0, en1) = if partial && !shown.is_empty() {
        let ru0 = shown.iter().map(|b| b.span.ru.start).min().unwrap_or(0);
        let ru1 = shown
            .iter()
            .map(|b| b.span.ru.end.max(b.span.ru.start))
            .max()
            .unwrap_or(0);
        let en0 = shown.iter().map(|b| b.span.en.start).min().unwrap_or(0);
        let en1 = shown
            .iter()
            .map(|b| b.span.en.end.max(b.span.en.start))
            .max()
            .unwrap_or(0);
        (ru0, ru1.max(ru0 + 1), en0, en1.max(en0 + 1))
    } else {
        (0, n_ru.max(1), 0, n_en.max(1))
    };
    let (nx, ny) = ((ru1 - ru0) as f64, (en1 - en0) as f64);

    let width = f64::from(options.width.max(320));
    let pw = width - LEFT - RIGHT;
    let ph = (pw * (ny / nx).clamp(0.45, 1.15)).round();
    let top = TOP_AXIS + if options.title.is_some() { TITLE } else { 0.0 };
    let bottom_of_plot = top + ph;
    let sx = pw / nx;
    let sy = ph / ny;
    let rings = sx.min(sy) < 2.0 * MIN_SIDE;
    let heat = options.heat.is_some();
    let legend_y = bottom_of_plot + 14.0;
    let overview_y = legend_y + LEGEND + if rings || heat { 14.0 } else { 0.0 };
    let height = overview_y + if partial { OVERVIEW } else { 0.0 } + 4.0;
    let x_of = |i: usize| LEFT + (i as f64 - ru0 as f64) * sx;
    let y_of = |j: usize| top + (j as f64 - en0 as f64) * sy;

    let label = aria_label(options, n_ru, n_en, beads.len(), &view, partial);
    write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sverka-map" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="group" aria-label="{label}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="11">"#,
        w = num(width),
        h = num(height),
        label = escape(&label),
    )?;
    write!(
        out,
        r##"<rect class="background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        num(width),
        num(height)
    )?;
    if let Some(title) = &options.title {
        write!(
            out,
            r##"<text class="map-title" x="{}" y="17" font-size="14" font-weight="600" fill="#212529">{}</text>"##,
            num(LEFT),
            escape(title)
        )?;
    }

    // Plot frame, grid and axes.
    write!(
        out,
        r##"<rect class="plot" x="{}" y="{}" width="{}" height="{}" fill="#f8f9fa" stroke="#ced4da" stroke-width="1"/>"##,
        num(LEFT),
        num(top),
        num(pw),
        num(ph)
    )?;
    let ticks_x = ticks(ru0, ru1, pw);
    let ticks_y = ticks(en0, en1, ph);
    out.write_str(r##"<g class="grid" stroke="#e9ecef" stroke-width="1">"##)?;
    // Grid lines on the boundaries before the ticked sentences.
    for &t in ticks_x.iter().filter(|&&t| t > ru0) {
        let x = x_of(t);
        write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            num(top),
            num(bottom_of_plot),
            x = num(x)
        )?;
    }
    for &t in ticks_y.iter().filter(|&&t| t > en0) {
        let y = y_of(t);
        write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(LEFT),
            num(LEFT + pw),
            y = num(y)
        )?;
    }
    out.write_str("</g>")?;
    write!(
        out,
        r##"<g class="axis" fill="#495057"><text x="{}" y="{}" text-anchor="middle" font-weight="600">Russian sentence →</text>"##,
        num(LEFT + pw / 2.0),
        num(top - 36.0)
    )?;
    for &t in &ticks_x {
        write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(x_of(t) + sx / 2.0),
            num(top - MARK - 6.0),
            t + 1
        )?;
    }
    write!(
        out,
        r#"<text transform="translate(14 {y}) rotate(-90)" text-anchor="middle" font-weight="600">English sentence →</text>"#,
        y = num(top + ph / 2.0)
    )?;
    for &t in &ticks_y {
        write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>"#,
            num(LEFT - MARK - 5.0),
            num(y_of(t) + sy / 2.0),
            t + 1
        )?;
    }
    out.write_str("</g>")?;

    // The heat under the path.
    if let Some(cells) = &options.heat {
        write_heat(out, cells, (ru0..ru1, en0..en1), (&x_of, &y_of), (sx, sy))?;
    }

    // The path: a thin line through the corners of the beads, when the beads are too small to
    // show it themselves.
    if !shown.is_empty() && sx.min(sy) < 6.0 {
        out.write_str(r##"<path class="path" fill="none" stroke="#868e96" stroke-width="1" stroke-linejoin="round" d=""##)?;
        for (k, b) in shown.iter().enumerate() {
            let cmd = if k == 0 { 'M' } else { 'L' };
            write!(
                out,
                "{cmd}{} {}L{} {}",
                num(x_of(b.span.ru.start)),
                num(y_of(b.span.en.start)),
                num(x_of(b.span.ru.end.max(b.span.ru.start))),
                num(y_of(b.span.en.end.max(b.span.en.start)))
            )?;
        }
        out.write_str(r#""/>"#)?;
    }

    // The beads.
    let outline = sx.min(sy) >= 4.0;
    out.write_str(r#"<g class="beads">"#)?;
    for (k, b) in shown.iter().enumerate() {
        let index = view.start + k;
        let (x, w, y, h) = bead_box(b, (&x_of, &y_of), top, (sx, sy));
        let title = bead_title(b, index);
        if let Some(id) = &b.id {
            write!(
                out,
                r#"<a href="{}{}" tabindex="0"><title>{}</title>"#,
                escape(&options.link_prefix),
                escape(id),
                escape(&title)
            )?;
        }
        let status = b.status;
        let opacity = 0.3 + 0.7 * b.confidence();
        write!(
            out,
            r#"<rect class="bead {} {}" data-bead="{index}" data-kind="{}-{}" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}""#,
            status.name(),
            if b.span.ru.is_empty() || b.span.en.is_empty() {
                "one-sided"
            } else {
                "paired"
            },
            b.span.ru.len(),
            b.span.en.len(),
            num(x),
            num(y),
            num(w),
            num(h),
            status.colour(),
            num2(opacity),
        )?;
        if outline || b.span.ru.is_empty() || b.span.en.is_empty() {
            write!(out, r#" stroke="{}" stroke-width="0.6""#, status.stroke())?;
        }
        if b.id.is_some() {
            out.write_str("/>")?;
        } else {
            write!(out, "><title>{}</title></rect>", escape(&title))?;
        }
        if b.id.is_some() {
            out.write_str("</a>")?;
        }
    }
    out.write_str("</g>")?;
    // At a small scale a disputed box is a dot among thousands: ring it so disputes stand out.
    // The rings are decoration (hidden from screen readers, clicks pass through to the bead).
    if rings {
        out.write_str(
            r#"<g class="dispute-rings" fill="none" stroke-width="1.2" pointer-events="none" aria-hidden="true">"#,
        )?;
        for b in shown.iter().filter(|b| b.status == BeadStatus::Disputed) {
            let (x, w, y, h) = bead_box(b, (&x_of, &y_of), top, (sx, sy));
            write!(
                out,
                r#"<circle cx="{}" cy="{}" r="4.5" stroke="{}"/>"#,
                num(x + w / 2.0),
                num(y + h / 2.0),
                BeadStatus::Disputed.stroke()
            )?;
        }
        out.write_str("</g>")?;
    }

    write_legend(out, legend_y, heat, rings)?;
    if partial {
        write_overview(out, beads, &views, view_no, overview_y, pw, options)?;
    }
    out.write_str("</svg>\n")
}

/// The box of a bead: `(x, width, y, height)`. A 1-0 bead sits in the strip above the plot, a
/// 0-1 bead in the strip left of it.
type Scale<'a> = (&'a dyn Fn(usize) -> f64, &'a dyn Fn(usize) -> f64);

fn bead_box(
    b: &MapBead,
    (x_of, y_of): Scale<'_>,
    top: f64,
    (sx, sy): (f64, f64),
) -> (f64, f64, f64, f64) {
    let span = |start: f64, len: f64| {
        if len < MIN_SIDE {
            (start + len / 2.0 - MIN_SIDE / 2.0, MIN_SIDE)
        } else {
            (start, len)
        }
    };
    let ru_len = b.span.ru.end.saturating_sub(b.span.ru.start) as f64;
    let en_len = b.span.en.end.saturating_sub(b.span.en.start) as f64;
    if en_len == 0.0 && ru_len > 0.0 {
        let (x, w) = span(x_of(b.span.ru.start), ru_len * sx);
        (x, w, top - MARK, MARK - 1.0)
    } else if ru_len == 0.0 {
        let (y, h) = span(y_of(b.span.en.start), en_len.max(1.0) * sy);
        (LEFT - MARK, MARK - 1.0, y, h)
    } else {
        let (x, w) = span(x_of(b.span.ru.start), ru_len * sx);
        let (y, h) = span(y_of(b.span.en.start), en_len * sy);
        (x, w, y, h)
    }
}

/// "2-1 bead: Russian 3–4, English 3; confidence 0.82; approved".
fn bead_title(b: &MapBead, index: usize) -> String {
    let side = |r: &Range<usize>| match r.end.saturating_sub(r.start) {
        0 => "none".to_string(),
        1 => format!("{}", r.start + 1),
        _ => format!("{}–{}", r.start + 1, r.end),
    };
    format!(
        "{}-{} bead: Russian {}, English {}; confidence {:.2}; {} (bead {})",
        b.span.ru.len(),
        b.span.en.len(),
        side(&b.span.ru),
        side(&b.span.en),
        b.confidence(),
        b.status.name(),
        index + 1
    )
}

fn aria_label(
    options: &MapOptions,
    n_ru: usize,
    n_en: usize,
    n_beads: usize,
    view: &Range<usize>,
    partial: bool,
) -> String {
    let mut s =
        format!("Alignment map: {n_beads} beads over {n_ru} Russian and {n_en} English sentences");
    if let Some(t) = &options.title {
        s = format!("{s} ({t})");
    }
    if partial {
        let _ = write!(s, "; showing beads {}–{}", view.start + 1, view.end);
    }
    s
}

/// Tick positions (0-based sentence indices) for the window `lo..hi` on an axis `len` pixels
/// long: 1-based labels at round numbers, at least ~55 px apart.
fn ticks(lo: usize, hi: usize, len: f64) -> Vec<usize> {
    let n = (hi - lo) as f64;
    let max_ticks = (len / 55.0).floor().max(2.0);
    let raw = n / max_ticks;
    let mut step = 1usize;
    'outer: for p in 0..12 {
        for m in [1, 2, 5] {
            let s = m * 10usize.pow(p);
            if s as f64 >= raw {
                step = s;
                break 'outer;
            }
        }
    }
    let first = (lo + 1).div_ceil(step) * step; // 1-based label
    let mut out: Vec<usize> = (first..=hi).step_by(step).map(|v| v - 1).collect();
    if out.first() != Some(&lo) && (out.is_empty() || (out[0] - lo) as f64 * len / n > 30.0) {
        out.insert(0, lo);
    }
    out
}

fn write_heat(
    out: &mut impl std::fmt::Write,
    cells: &[HeatCell],
    (rw, ew): (Range<usize>, Range<usize>),
    (x_of, y_of): Scale<'_>,
    (sx, sy): (f64, f64),
) -> std::fmt::Result {
    /// Lower bounds of the four shades and their opacity.
    const LEVELS: [(f64, f64); 4] = [(0.05, 0.1), (0.2, 0.18), (0.4, 0.3), (0.6, 0.45)];
    let mut paths = vec![String::new(); LEVELS.len()];
    for c in cells {
        if !rw.contains(&c.ru) || !ew.contains(&c.en) || c.score.is_nan() {
            continue;
        }
        let Some(level) = LEVELS.iter().rposition(|&(lo, _)| c.score >= lo) else {
            continue;
        };
        let _ = write!(
            paths[level],
            "M{} {}h{}v{}h-{}z",
            num(x_of(c.ru)),
            num(y_of(c.en)),
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

fn write_legend(
    out: &mut impl std::fmt::Write,
    y: f64,
    heat: bool,
    rings: bool,
) -> std::fmt::Result {
    write!(
        out,
        r##"<g class="legend" fill="#495057" transform="translate({} {})">"##,
        num(LEFT),
        num(y)
    )?;
    let mut x = 0.0;
    for s in BeadStatus::ALL {
        write!(
            out,
            r#"<rect x="{x}" y="0" width="11" height="11" fill="{}" stroke="{}" stroke-width="0.6"/><text x="{}" y="9.5">{}</text>"#,
            s.colour(),
            s.stroke(),
            num(x + 15.0),
            s.name(),
            x = num(x)
        )?;
        x += 24.0 + 6.5 * s.name().len() as f64;
    }
    write!(out, r#"<text x="{}" y="9.5">confidence 0</text>"#, num(x))?;
    x += 76.0;
    for k in 0..5 {
        write!(
            out,
            r#"<rect x="{}" y="0" width="11" height="11" fill="{}" fill-opacity="{}"/>"#,
            num(x + f64::from(k) * 12.0),
            BeadStatus::Automatic.colour(),
            num2(0.3 + 0.7 * f64::from(k) / 4.0)
        )?;
    }
    x += 64.0;
    write!(out, r#"<text x="{}" y="9.5">1</text>"#, num(x))?;
    write!(
        out,
        r#"<text x="0" y="25">1-0 beads are marked on the Russian axis, 0-1 beads on the English axis</text>"#
    )?;
    let extras: Vec<&str> = [
        (rings, "rings mark disputed beads"),
        (
            heat,
            "violet cells: similarity of sentence pairs near the path",
        ),
    ]
    .iter()
    .filter(|e| e.0)
    .map(|e| e.1)
    .collect();
    if !extras.is_empty() {
        let mut line = extras.join("; ");
        line[..1].make_ascii_uppercase();
        write!(out, r#"<text x="0" y="39">{line}</text>"#)?;
    }
    out.write_str("</g>")
}

fn write_overview(
    out: &mut impl std::fmt::Write,
    beads: &[MapBead],
    views: &[Range<usize>],
    current: usize,
    y: f64,
    pw: f64,
    options: &MapOptions,
) -> std::fmt::Result {
    let n = beads.len().max(1) as f64;
    let x_of = |k: usize| LEFT + k as f64 / n * pw;
    let bar_y = y + 16.0;
    let bar_h = 14.0;
    write!(
        out,
        r##"<g class="overview"><text x="{}" y="{}" fill="#495057">Whole document, {} beads; view {} of {}{}</text>"##,
        num(LEFT),
        num(y + 10.0),
        beads.len(),
        current + 1,
        views.len(),
        if options.view_href.is_some() {
            " (choose a part to show it)"
        } else {
            ""
        }
    )?;
    // Status runs, one pixel column at a time: a disputed bead outweighs an approved one,
    // which outweighs an automatic one, so a single dispute stays visible.
    let columns = pw.floor().max(1.0) as usize;
    let mut col_status = vec![None::<BeadStatus>; columns];
    for (k, b) in beads.iter().enumerate() {
        let c = ((k as f64 / n * columns as f64) as usize).min(columns - 1);
        let rank = |s: BeadStatus| match s {
            BeadStatus::Automatic => 0,
            BeadStatus::Approved => 1,
            BeadStatus::Disputed => 2,
        };
        if col_status[c].is_none_or(|s| rank(b.status) > rank(s)) {
            col_status[c] = Some(b.status);
        }
    }
    let mut c = 0;
    while c < columns {
        let s = col_status[c];
        let mut e = c + 1;
        while e < columns && (col_status[e] == s || col_status[e].is_none()) {
            e += 1;
        }
        if let Some(s) = s {
            write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(LEFT + c as f64 * pw / columns as f64),
                num(bar_y),
                num((e - c) as f64 * pw / columns as f64),
                num(bar_h),
                s.colour()
            )?;
        }
        c = e;
    }
    for (k, v) in views.iter().enumerate() {
        let (x0, x1) = (x_of(v.start), x_of(v.end));
        let title = format!("View {}: beads {}–{}", k + 1, v.start + 1, v.end);
        let is_current = k == current;
        if let Some(href) = &options.view_href {
            write!(
                out,
                r#"<a href="{}{k}" aria-label="{}"{}>"#,
                escape(href),
                escape(&title),
                if is_current {
                    r#" aria-current="true""#
                } else {
                    ""
                }
            )?;
        }
        write!(
            out,
            r##"<rect class="view{}" x="{}" y="{}" width="{}" height="{}" fill="#ffffff" fill-opacity="{}" stroke="{}" stroke-width="{}"><title>{}</title></rect>"##,
            if is_current { " current" } else { "" },
            num(x0),
            num(bar_y - 2.0),
            num(x1 - x0),
            num(bar_h + 4.0),
            if is_current { "0" } else { "0.45" },
            if is_current { "#212529" } else { "#adb5bd" },
            if is_current { "2" } else { "0.8" },
            escape(&title)
        )?;
        if options.view_href.is_some() {
            out.write_str("</a>")?;
        }
    }
    out.write_str("</g>")
}

/// The similarity of each sentence pair within `band` sentences of the path of `beads`, for
/// [`MapOptions::heat`]. Bounded: about `(4 × band + 2)` cells per sentence, so a band of 3
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
    // For each Russian sentence, the English window the path passes within `band` of.
    let mut lo = vec![usize::MAX; n_ru];
    let mut hi = vec![0usize; n_ru];
    for b in beads {
        if b.span.ru.start > b.span.ru.end
            || b.span.en.start > b.span.en.end
            || b.span.ru.end > n_ru
            || b.span.en.end > n_en
        {
            continue;
        }
        let rows = b.span.ru.start.saturating_sub(band)..(b.span.ru.end + band).min(n_ru);
        let (e0, e1) = (
            b.span.en.start.saturating_sub(band),
            (b.span.en.end + band).min(n_en),
        );
        for i in rows {
            lo[i] = lo[i].min(e0);
            hi[i] = hi[i].max(e1);
        }
    }
    let scorer = aligner.scorer(ru, en);
    let mut cells = Vec::new();
    for i in 0..n_ru {
        for j in lo[i]..hi[i] {
            cells.push(HeatCell {
                ru: i,
                en: j,
                score: scorer.similarity(i..i + 1, j..j + 1),
            });
        }
    }
    cells
}

/// A number with at most one decimal, without a trailing `.0`.
fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A number with two decimals (opacities).
fn num2(x: f64) -> String {
    format!("{x:.2}")
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        let t = ticks(0, 5000, 680.0);
        assert!(t.len() >= 2 && t.len() <= 14, "{t:?}");
        assert!(t.iter().all(|&v| v < 5000));
        assert!(t.iter().skip(1).all(|&v| (v + 1) % 500 == 0), "{t:?}");
        assert_eq!(ticks(0, 3, 600.0), vec![0, 1, 2]);
        let t = ticks(1200, 1700, 600.0);
        assert!(t.iter().all(|&v| (1200..1700).contains(&v)), "{t:?}");
    }

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

    #[test]
    fn escape_handles_markup_and_controls() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot; ");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.449), "2.4");
        assert_eq!(num(-0.04), "0");
    }
}
