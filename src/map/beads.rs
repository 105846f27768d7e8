//! The beads of the view: the path through them, one box per bead with its link and title, and
//! the rings that make disputed beads stand out at a small scale.

use std::fmt::{self, Write};
use std::ops::Range;

use super::format::{escape, num, num2};
use super::layout::{LEFT, Layout, MARK, MIN_SIDE};
use super::{BeadStatus, MapBead, MapOptions};

/// A thin line through the corners of the beads, drawn when the beads are too small to show
/// the path themselves.
pub(super) fn write_path(out: &mut impl Write, shown: &[MapBead], layout: &Layout) -> fmt::Result {
    if shown.is_empty() || layout.sx.min(layout.sy) >= 6.0 {
        return Ok(());
    }
    out.write_str(r##"<path class="path" fill="none" stroke="#868e96" stroke-width="1" stroke-linejoin="round" d=""##)?;
    for (k, b) in shown.iter().enumerate() {
        let cmd = if k == 0 { 'M' } else { 'L' };
        write!(
            out,
            "{cmd}{} {}L{} {}",
            num(layout.x(b.span.ru.start)),
            num(layout.y(b.span.en.start)),
            num(layout.x(b.span.ru.end.max(b.span.ru.start))),
            num(layout.y(b.span.en.end.max(b.span.en.start)))
        )?;
    }
    out.write_str(r#""/>"#)
}

/// The boxes of the beads of the view, in the order given.
pub(super) fn write_beads(
    out: &mut impl Write,
    shown: &[MapBead],
    layout: &Layout,
    options: &MapOptions,
) -> fmt::Result {
    out.write_str(r#"<g class="beads">"#)?;
    for (k, b) in shown.iter().enumerate() {
        write_bead(out, b, layout.view.start + k, layout, options)?;
    }
    out.write_str("</g>")
}

/// One bead box, shaded by confidence, inside a link to its row when it has an id. The title
/// is the link's first child (so it names the link) or else the box's.
fn write_bead(
    out: &mut impl Write,
    b: &MapBead,
    index: usize,
    layout: &Layout,
    options: &MapOptions,
) -> fmt::Result {
    let (x, w, y, h) = bead_box(b, layout);
    let title = bead_title(b, index);
    let one_sided = b.span.is_one_sided();
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
        r#"<rect class="bead {} {}" data-bead="{index}" data-kind="{}" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}""#,
        status.name(),
        if one_sided { "one-sided" } else { "paired" },
        b.span.kind(),
        num(x),
        num(y),
        num(w),
        num(h),
        status.colour(),
        num2(opacity),
    )?;
    // Outlines separate boxes big enough to touch; a one-sided mark always has one.
    if layout.sx.min(layout.sy) >= 4.0 || one_sided {
        write!(out, r#" stroke="{}" stroke-width="0.6""#, status.stroke())?;
    }
    if b.id.is_some() {
        out.write_str("/></a>")
    } else {
        write!(out, "><title>{}</title></rect>", escape(&title))
    }
}

/// At a small scale a disputed box is a dot among thousands: ring it so disputes stand out.
/// The rings are decoration (hidden from screen readers, clicks pass through to the bead).
pub(super) fn write_rings(out: &mut impl Write, shown: &[MapBead], layout: &Layout) -> fmt::Result {
    out.write_str(
        r#"<g class="dispute-rings" fill="none" stroke-width="1.2" pointer-events="none" aria-hidden="true">"#,
    )?;
    for b in shown.iter().filter(|b| b.status == BeadStatus::Disputed) {
        let (x, w, y, h) = bead_box(b, layout);
        write!(
            out,
            r#"<circle cx="{}" cy="{}" r="4.5" stroke="{}"/>"#,
            num(x + w / 2.0),
            num(y + h / 2.0),
            BeadStatus::Disputed.stroke()
        )?;
    }
    out.write_str("</g>")
}

/// The box of a bead: `(x, width, y, height)`. A 1-0 bead sits in the strip above the plot, a
/// 0-1 bead in the strip left of it; no side is drawn shorter than [`MIN_SIDE`].
fn bead_box(b: &MapBead, layout: &Layout) -> (f64, f64, f64, f64) {
    let span = |start: f64, len: f64| {
        if len < MIN_SIDE {
            (start + len / 2.0 - MIN_SIDE / 2.0, MIN_SIDE)
        } else {
            (start, len)
        }
    };
    let (sx, sy) = (layout.sx, layout.sy);
    let ru_len = b.span.ru.end.saturating_sub(b.span.ru.start) as f64;
    let en_len = b.span.en.end.saturating_sub(b.span.en.start) as f64;
    if en_len == 0.0 && ru_len > 0.0 {
        let (x, w) = span(layout.x(b.span.ru.start), ru_len * sx);
        (x, w, layout.top - MARK, MARK - 1.0)
    } else if ru_len == 0.0 {
        let (y, h) = span(layout.y(b.span.en.start), en_len.max(1.0) * sy);
        (LEFT - MARK, MARK - 1.0, y, h)
    } else {
        let (x, w) = span(layout.x(b.span.ru.start), ru_len * sx);
        let (y, h) = span(layout.y(b.span.en.start), en_len * sy);
        (x, w, y, h)
    }
}

/// "2-1 bead: Russian 3–4, English 3; confidence 0.82; approved (bead 17)".
fn bead_title(b: &MapBead, index: usize) -> String {
    let side = |r: &Range<usize>| match r.end.saturating_sub(r.start) {
        0 => "none".to_string(),
        1 => format!("{}", r.start + 1),
        _ => format!("{}–{}", r.start + 1, r.end),
    };
    format!(
        "{} bead: Russian {}, English {}; confidence {:.2}; {} (bead {})",
        b.span.kind(),
        side(&b.span.ru),
        side(&b.span.en),
        b.confidence(),
        b.status.name(),
        index + 1
    )
}
