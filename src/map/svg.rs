//! The map as one SVG document, drawn part by part from the back to the front.

use std::fmt::{self, Write};

use super::format::{escape, num};
use super::layout::{LEFT, Layout};
use super::{MapBead, MapOptions, axes, beads, heat, legend, overview};

/// Writes the map of [`render_svg`](super::render_svg) to `out`.
pub(super) fn write_svg(
    out: &mut impl Write,
    n_ru: usize,
    n_en: usize,
    beads: &[MapBead],
    options: &MapOptions,
) -> fmt::Result {
    let layout = Layout::new(n_ru, n_en, beads, options);
    let shown = &beads[layout.view.clone()];
    write_start(out, &layout, beads.len(), options)?;
    axes::write_axes(out, &layout)?;
    if let Some(cells) = &options.heat {
        heat::write_heat(out, cells, &layout)?;
    }
    beads::write_path(out, shown, &layout)?;
    beads::write_beads(out, shown, &layout, options)?;
    if layout.rings {
        beads::write_rings(out, shown, &layout)?;
    }
    legend::write_legend(out, layout.legend_y, layout.heat, layout.rings)?;
    if layout.partial {
        overview::write_overview(out, beads, &layout, options)?;
    }
    out.write_str("</svg>\n")
}

/// The opening `<svg>` tag with the map's accessible name, the white background and the title.
fn write_start(
    out: &mut impl Write,
    layout: &Layout,
    n_beads: usize,
    options: &MapOptions,
) -> fmt::Result {
    let label = aria_label(options, layout, n_beads);
    write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sverka-map" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="group" aria-label="{label}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="11">"#,
        w = num(layout.width),
        h = num(layout.height),
        label = escape(&label),
    )?;
    write!(
        out,
        r##"<rect class="background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        num(layout.width),
        num(layout.height)
    )?;
    if let Some(title) = &options.title {
        write!(
            out,
            r##"<text class="map-title" x="{}" y="17" font-size="14" font-weight="600" fill="#212529">{}</text>"##,
            num(LEFT),
            escape(title)
        )?;
    }
    Ok(())
}

/// "Alignment map: 130 beads over 140 Russian and 135 English sentences (Title); showing
/// beads 1–40".
fn aria_label(options: &MapOptions, layout: &Layout, n_beads: usize) -> String {
    let (n_ru, n_en) = (layout.n_ru, layout.n_en);
    let mut s =
        format!("Alignment map: {n_beads} beads over {n_ru} Russian and {n_en} English sentences");
    if let Some(t) = &options.title {
        s = format!("{s} ({t})");
    }
    if layout.partial {
        let view = &layout.view;
        let _ = write!(s, "; showing beads {}–{}", view.start + 1, view.end);
    }
    s
}
