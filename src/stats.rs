//! Document statistics: bead types, confidence, length ratios, review progress, reviewers.
//!
//! [`bead_stats`] counts what the statistics panel shows; the `*_svg` methods of [`Stats`] draw
//! its histograms as small self-contained SVG bar charts (no script, no `style` attributes),
//! and [`render_histogram_svg`] draws any other.
//!
//! # Example
//! ```
//! use sverka::map::{BeadStatus, MapBead};
//! use sverka::review::ReviewerActivity;
//! use sverka::stats::bead_stats;
//!
//! let beads = [
//!     MapBead::new(0..1, 0..1, 0.95, BeadStatus::Approved),
//!     MapBead::new(1..3, 1..2, 0.55, BeadStatus::Disputed),
//!     MapBead::new(3..4, 2..2, 0.05, BeadStatus::Automatic),
//! ];
//! let chars = [(40, 44), (90, 50), (30, 0)];
//! let reviewers = [ReviewerActivity { user: 1, name: "anna".into(), votes: 12, suggestions: 3, comments: 0 }];
//! let stats = bead_stats(&beads, &chars, &reviewers);
//! assert_eq!(stats.by_type[&sverka::BeadKind::new(2, 1)], 1);
//! assert_eq!(stats.confidence_histogram[9], 1);
//! assert_eq!(stats.share_approved(), 1.0 / 3.0);
//! assert!(stats.confidence_svg().contains("<svg"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::map::{BeadStatus, MapBead, escape};
use crate::review::ReviewerActivity;
use crate::{Bead, BeadKind, Document};

/// Upper edges of the length-ratio bins (English characters / Russian characters); the last
/// bin is open. The bins are even on a log scale, centred on 1, so a 2× longer side and a
/// 2× shorter one are equally far from the middle.
pub const LENGTH_RATIO_EDGES: [f64; 9] = [0.5, 0.59, 0.71, 0.84, 1.0, 1.19, 1.41, 1.68, 2.0];

/// Number of length-ratio bins: one per edge and the open last one.
pub const LENGTH_RATIO_BINS: usize = LENGTH_RATIO_EDGES.len() + 1;

/// What the statistics panel shows about one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Number of beads.
    pub beads: usize,
    /// Beads per type: 1-1, 2-1, 1-0, ….
    pub by_type: BTreeMap<BeadKind, usize>,
    /// Beads per confidence tenth: bin `k` holds confidence in `k/10 .. (k+1)/10` (1.0 in
    /// the last bin).
    pub confidence_histogram: [usize; 10],
    /// Paired beads per length-ratio bin (see [`LENGTH_RATIO_EDGES`]). Beads with an empty
    /// side, or no characters on one side, are left out.
    pub length_ratio_histogram: [usize; LENGTH_RATIO_BINS],
    /// Beads not reviewed yet ([`BeadStatus::Automatic`]).
    pub automatic: usize,
    /// Disputed beads.
    pub disputed: usize,
    /// Approved beads.
    pub approved: usize,
    /// Reviewers, most active first (votes plus suggestions, then name).
    pub reviewers: Vec<ReviewerActivity>,
}

/// Counts the statistics of a document's beads.
///
/// `chars` holds the character counts (Russian, English) of each bead, in the order of
/// `beads` ([`char_lengths`] computes them); beads past its end are left out of the
/// length-ratio histogram, so an empty slice skips it. `reviewers` is each reviewer's
/// activity, as the review database counts it.
pub fn bead_stats(
    beads: &[MapBead],
    chars: &[(usize, usize)],
    reviewers: &[ReviewerActivity],
) -> Stats {
    let mut stats = Stats {
        beads: beads.len(),
        by_type: BTreeMap::new(),
        confidence_histogram: [0; 10],
        length_ratio_histogram: [0; LENGTH_RATIO_BINS],
        automatic: 0,
        disputed: 0,
        approved: 0,
        reviewers: most_active_first(reviewers),
    };
    for b in beads {
        *stats.by_type.entry(b.span.kind()).or_default() += 1;
        let bin = ((b.confidence() * 10.0) as usize).min(9);
        stats.confidence_histogram[bin] += 1;
        match b.status {
            BeadStatus::Automatic => stats.automatic += 1,
            BeadStatus::Disputed => stats.disputed += 1,
            BeadStatus::Approved => stats.approved += 1,
        }
    }
    for (b, &(r, e)) in beads.iter().zip(chars) {
        if b.span.is_one_sided() || r == 0 || e == 0 {
            continue;
        }
        stats.length_ratio_histogram[length_ratio_bin(e as f64 / r as f64)] += 1;
    }
    stats
}

/// The length-ratio bin of `ratio` (see [`LENGTH_RATIO_EDGES`]).
fn length_ratio_bin(ratio: f64) -> usize {
    LENGTH_RATIO_EDGES
        .iter()
        .position(|&edge| ratio < edge)
        .unwrap_or(LENGTH_RATIO_BINS - 1)
}

/// The reviewers, most active first (votes plus suggestions, then name; ties keep their
/// order).
fn most_active_first(reviewers: &[ReviewerActivity]) -> Vec<ReviewerActivity> {
    let mut list = reviewers.to_vec();
    list.sort_by(|a, b| {
        (b.votes + b.suggestions)
            .cmp(&(a.votes + a.suggestions))
            .then_with(|| a.name.cmp(&b.name))
    });
    list
}

/// Character counts (without whitespace) of the two sides of each bead, for [`bead_stats`].
/// Sentences past the end of a document count as empty.
///
/// # Example
/// ```
/// use sverka::stats::char_lengths;
/// use sverka::{Bead, Document, Lang};
/// let ru = Document::presegmented("Да.\nНет.\n", Lang::Ru).unwrap();
/// let en = Document::presegmented("Yes or no.\n", Lang::En).unwrap();
/// assert_eq!(char_lengths(&ru, &en, &[Bead::new(0..2, 0..1, 0.5)]), vec![(7, 8)]);
/// ```
pub fn char_lengths(ru: &Document, en: &Document, beads: &[Bead]) -> Vec<(usize, usize)> {
    let count = |doc: &Document, r: &std::ops::Range<usize>| -> usize {
        r.clone()
            .filter(|&i| i < doc.len())
            .map(|i| {
                doc.sentence_text(i)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count()
            })
            .sum()
    };
    beads
        .iter()
        .map(|b| (count(ru, &b.span.ru), count(en, &b.span.en)))
        .collect()
}

impl Stats {
    /// Share of approved beads in `0.0..=1.0` (0 for no beads).
    pub fn share_approved(&self) -> f64 {
        self.share(self.approved)
    }

    /// Share of disputed beads in `0.0..=1.0`.
    pub fn share_disputed(&self) -> f64 {
        self.share(self.disputed)
    }

    /// Share of beads not reviewed yet in `0.0..=1.0`.
    pub fn share_unreviewed(&self) -> f64 {
        self.share(self.automatic)
    }

    fn share(&self, n: usize) -> f64 {
        if self.beads == 0 {
            0.0
        } else {
            n as f64 / self.beads as f64
        }
    }

    /// The labels of the confidence bins: `"0.0–0.1"`, …, `"0.9–1.0"`.
    fn confidence_labels() -> Vec<String> {
        (0..10)
            .map(|k| format!("{:.1}–{:.1}", k as f64 / 10.0, (k + 1) as f64 / 10.0))
            .collect()
    }

    /// The labels of the length-ratio bins: `"<0.50"`, `"0.50–0.59"`, …, `"≥2.00"`.
    fn length_ratio_labels() -> Vec<String> {
        let mut labels = vec![format!("<{:.2}", LENGTH_RATIO_EDGES[0])];
        for w in LENGTH_RATIO_EDGES.windows(2) {
            labels.push(format!("{:.2}–{:.2}", w[0], w[1]));
        }
        labels.push(format!(
            "≥{:.2}",
            LENGTH_RATIO_EDGES[LENGTH_RATIO_EDGES.len() - 1]
        ));
        labels
    }

    /// The confidence histogram as an SVG bar chart.
    pub fn confidence_svg(&self) -> String {
        let bars: Vec<(String, usize)> = Self::confidence_labels()
            .into_iter()
            .zip(self.confidence_histogram)
            .collect();
        render_histogram_svg("Confidence", &bars, BeadStatus::Automatic.colour())
    }

    /// The length-ratio histogram (English / Russian characters of paired beads) as an SVG
    /// bar chart.
    pub fn length_ratio_svg(&self) -> String {
        let bars: Vec<(String, usize)> = Self::length_ratio_labels()
            .into_iter()
            .zip(self.length_ratio_histogram)
            .collect();
        render_histogram_svg("Length ratio, English / Russian", &bars, "#7048e8")
    }

    /// The bead types as an SVG bar chart.
    pub fn types_svg(&self) -> String {
        let bars: Vec<(String, usize)> = self
            .by_type
            .iter()
            .map(|(k, &n)| (k.to_string(), n))
            .collect();
        render_histogram_svg("Bead types", &bars, "#495057")
    }
}

/// Draws a bar chart: one bar per `(label, count)`, the count above each bar, the label below,
/// and a `<title>` tooltip per bar. The picture is 360 × 180 with a `viewBox`, so it scales.
///
/// # Example
/// ```
/// use sverka::stats::render_histogram_svg;
/// let svg = render_histogram_svg("Votes", &[("anna".into(), 3), ("boris".into(), 5)], "#3b6fd4");
/// assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
/// ```
pub fn render_histogram_svg(title: &str, bars: &[(String, usize)], colour: &str) -> String {
    const W: f64 = 360.0;
    const H: f64 = 180.0;
    const TOP: f64 = 34.0;
    const BOTTOM: f64 = 34.0;
    const SIDE: f64 = 24.0;
    let mut out = String::new();
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let slot = (W - 2.0 * SIDE) / bars.len().max(1) as f64;
    let plot_h = H - TOP - BOTTOM;
    let font = if slot < 34.0 { 8 } else { 10 };
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="sverka-histogram" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-label="{}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="{font}"><rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/><text x="10" y="16" font-size="13" font-weight="600" fill="#212529">{}</text>"##,
        escape(&format!(
            "{title}: {}",
            bars.iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        escape(title)
    );
    let base = H - BOTTOM;
    let _ = write!(
        out,
        r##"<line x1="{SIDE}" y1="{base}" x2="{}" y2="{base}" stroke="#adb5bd" stroke-width="1"/>"##,
        W - SIDE
    );
    for (k, (label, n)) in bars.iter().enumerate() {
        let h = (*n as f64 / max * plot_h).round();
        let x = SIDE + k as f64 * slot;
        let bw = (slot * 0.78).max(1.0);
        let cx = x + slot / 2.0;
        let _ = write!(
            out,
            r##"<rect class="bar" x="{:.1}" y="{}" width="{:.1}" height="{}" fill="{}"><title>{}: {n}</title></rect><text x="{cx:.1}" y="{}" text-anchor="middle" fill="#212529">{n}</text><text x="{cx:.1}" y="{}" text-anchor="middle" fill="#495057">{}</text>"##,
            x + (slot - bw) / 2.0,
            base - h,
            bw,
            h,
            escape(colour),
            escape(label),
            base - h - 3.0,
            base + 12.0 + if k % 2 == 1 && slot < 40.0 { 11.0 } else { 0.0 },
            escape(label)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_bins_are_symmetric_around_one() {
        // 1/x and x fall in mirrored bins.
        for r in [1.1, 1.3, 1.5, 1.8, 2.5] {
            assert_eq!(
                length_ratio_bin(r) + length_ratio_bin(1.0 / r),
                LENGTH_RATIO_BINS - 1,
                "ratio {r}"
            );
        }
    }

    #[test]
    fn labels_match_bins() {
        assert_eq!(Stats::length_ratio_labels().len(), LENGTH_RATIO_BINS);
        assert_eq!(Stats::confidence_labels()[3], "0.3–0.4");
    }
}
