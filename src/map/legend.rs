//! The legend below the plot: the status colours, the confidence shades, and what marks, rings
//! and heat mean.

use std::fmt::{self, Write};

use super::BeadStatus;
use super::format::{num, num2};
use super::layout::LEFT;

/// Draws the legend with its top at `y`; the third line explains the rings and the heat when
/// they are drawn.
pub(super) fn write_legend(out: &mut impl Write, y: f64, heat: bool, rings: bool) -> fmt::Result {
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
