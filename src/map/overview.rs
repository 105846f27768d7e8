//! The overview strip of a partial view: the whole document as one bar coloured by status,
//! with a segment per view (linked when [`MapOptions::view_href`] is set).

use std::fmt::{self, Write};
use std::ops::Range;

use super::format::{escape, num};
use super::layout::{LEFT, Layout};
use super::{BeadStatus, MapBead, MapOptions};

/// Height of the status bar.
const BAR_H: f64 = 14.0;

/// Draws the strip with its label at `layout.overview_y`, the width of the plot.
pub(super) fn write_overview(
    out: &mut impl Write,
    beads: &[MapBead],
    layout: &Layout,
    options: &MapOptions,
) -> fmt::Result {
    let y = layout.overview_y;
    write!(
        out,
        r##"<g class="overview"><text x="{}" y="{}" fill="#495057">Whole document, {} beads; view {} of {}{}</text>"##,
        num(LEFT),
        num(y + 10.0),
        beads.len(),
        layout.view_no + 1,
        layout.views.len(),
        if options.view_href.is_some() {
            " (choose a part to show it)"
        } else {
            ""
        }
    )?;
    write_status_runs(out, beads, y + 16.0, layout.pw)?;
    for (k, v) in layout.views.iter().enumerate() {
        write_view_segment(out, k, v, beads.len(), layout, options)?;
    }
    out.write_str("</g>")
}

/// The status bar, one pixel column at a time, drawn as runs of one colour: a disputed bead
/// outweighs an approved one, which outweighs an automatic one, so a single dispute stays
/// visible. An empty column (more columns than beads) continues the run before it.
fn write_status_runs(out: &mut impl Write, beads: &[MapBead], bar_y: f64, pw: f64) -> fmt::Result {
    let n = beads.len().max(1) as f64;
    let columns = pw.floor().max(1.0) as usize;
    let mut col_status = vec![None::<BeadStatus>; columns];
    for (k, b) in beads.iter().enumerate() {
        let c = ((k as f64 / n * columns as f64) as usize).min(columns - 1);
        if col_status[c].is_none_or(|s| weight(b.status) > weight(s)) {
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
                num(BAR_H),
                s.colour()
            )?;
        }
        c = e;
    }
    Ok(())
}

/// Which status a column of the status bar shows when it holds several.
fn weight(s: BeadStatus) -> u8 {
    match s {
        BeadStatus::Automatic => 0,
        BeadStatus::Approved => 1,
        BeadStatus::Disputed => 2,
    }
}

/// The frame of view `k` (beads `v` of `n_beads`) over the status bar: bold for the view drawn,
/// a veil over the others; a link to the view when the strip has links.
fn write_view_segment(
    out: &mut impl Write,
    k: usize,
    v: &Range<usize>,
    n_beads: usize,
    layout: &Layout,
    options: &MapOptions,
) -> fmt::Result {
    let n = n_beads.max(1) as f64;
    let x_of = |k: usize| LEFT + k as f64 / n * layout.pw;
    let (x0, x1) = (x_of(v.start), x_of(v.end));
    let bar_y = layout.overview_y + 16.0;
    let title = format!("View {}: beads {}–{}", k + 1, v.start + 1, v.end);
    let is_current = k == layout.view_no;
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
        num(BAR_H + 4.0),
        if is_current { "0" } else { "0.45" },
        if is_current { "#212529" } else { "#adb5bd" },
        if is_current { "2" } else { "0.8" },
        escape(&title)
    )?;
    if options.view_href.is_some() {
        out.write_str("</a>")?;
    }
    Ok(())
}
