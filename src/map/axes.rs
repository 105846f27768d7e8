//! The plot frame, its grid and the two axes with their labels.

use std::fmt::{self, Write};

use super::format::num;
use super::layout::{LEFT, Layout, MARK};

/// Draws the plot frame, the grid lines at the ticks, and the axis labels and tick labels.
pub(super) fn write_axes(out: &mut impl Write, layout: &Layout) -> fmt::Result {
    write!(
        out,
        r##"<rect class="plot" x="{}" y="{}" width="{}" height="{}" fill="#f8f9fa" stroke="#ced4da" stroke-width="1"/>"##,
        num(LEFT),
        num(layout.top),
        num(layout.pw),
        num(layout.ph)
    )?;
    let ticks_x = ticks(layout.ru.start, layout.ru.end, layout.pw);
    let ticks_y = ticks(layout.en.start, layout.en.end, layout.ph);
    write_grid(out, layout, &ticks_x, &ticks_y)?;
    write_labels(out, layout, &ticks_x, &ticks_y)
}

/// Grid lines on the boundaries before the ticked sentences (none on the plot's edge).
fn write_grid(
    out: &mut impl Write,
    layout: &Layout,
    ticks_x: &[usize],
    ticks_y: &[usize],
) -> fmt::Result {
    out.write_str(r##"<g class="grid" stroke="#e9ecef" stroke-width="1">"##)?;
    for &t in ticks_x.iter().filter(|&&t| t > layout.ru.start) {
        write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            num(layout.top),
            num(layout.bottom()),
            x = num(layout.x(t))
        )?;
    }
    for &t in ticks_y.iter().filter(|&&t| t > layout.en.start) {
        write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(LEFT),
            num(LEFT + layout.pw),
            y = num(layout.y(t))
        )?;
    }
    out.write_str("</g>")
}

/// The axis labels, and the 1-based sentence numbers at the ticks, centred on their sentence.
fn write_labels(
    out: &mut impl Write,
    layout: &Layout,
    ticks_x: &[usize],
    ticks_y: &[usize],
) -> fmt::Result {
    let top = layout.top;
    write!(
        out,
        r##"<g class="axis" fill="#495057"><text x="{}" y="{}" text-anchor="middle" font-weight="600">Russian sentence →</text>"##,
        num(LEFT + layout.pw / 2.0),
        num(top - 36.0)
    )?;
    for &t in ticks_x {
        write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(layout.x(t) + layout.sx / 2.0),
            num(top - MARK - 6.0),
            t + 1
        )?;
    }
    write!(
        out,
        r#"<text transform="translate(14 {y}) rotate(-90)" text-anchor="middle" font-weight="600">English sentence →</text>"#,
        y = num(top + layout.ph / 2.0)
    )?;
    for &t in ticks_y {
        write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>"#,
            num(LEFT - MARK - 5.0),
            num(layout.y(t) + layout.sy / 2.0),
            t + 1
        )?;
    }
    out.write_str("</g>")
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
}
