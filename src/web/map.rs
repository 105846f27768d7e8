//! The alignment map and the statistics panel of the review page.
//!
//! The map is [`crate::map::render_svg`] inlined into the page (no script, no `style`
//! attributes, so it passes the Content-Security-Policy and works without JavaScript). Every
//! bead links to its row: `#b{id}` when the row is on the page shown, otherwise the review page
//! holding it (same filter and search when the row is in that list, else the unfiltered list).
//! A long document is split into views of about [`BEADS_PER_VIEW`] beads, chosen with
//! `?map=N` (0-based); without it the view holding the first row of the page is drawn.
//!
//! What the map and statistics need from the text and the reviewers' activity are computed in
//! [`crate::review::overview`] and cached per document ([`super::cache`]).

use std::ops::Range;
use std::sync::Arc;

use super::cache::Caches;
use crate::map::{BeadStatus, MapBead, MapOptions, render_svg};
use crate::review::ReviewerActivity;
use crate::review::overview::{DocShape, map_status};
use crate::review::{BeadReview, DocId};
use crate::stats::{Stats, bead_stats};
use crate::storage::{Store, StoreError};

/// About this many beads are drawn in one view of the map (boxes of 5–7 px, easy to click).
pub(crate) const BEADS_PER_VIEW: usize = 120;

/// A document up to this many beads is drawn in one view.
const ONE_VIEW_MAX: usize = 160;

/// Everything the overview needs, gathered on the blocking pool from the whole (unfiltered)
/// bead list.
pub(crate) struct OverviewData {
    shape: Arc<DocShape>,
    activity: Arc<Vec<ReviewerActivity>>,
    /// Every bead in document order, as the map draws it (without links yet).
    beads: Vec<MapBead>,
    /// The database id of each bead.
    ids: Vec<i64>,
}

impl OverviewData {
    /// Gathers the overview of `doc` whose beads are `all` (in document order, unfiltered).
    pub(crate) fn collect(
        caches: &Caches,
        store: &Store,
        doc: DocId,
        all: &[BeadReview],
    ) -> Result<OverviewData, StoreError> {
        Ok(OverviewData {
            shape: caches.shape(store, doc)?,
            activity: caches.activity(store, doc)?,
            beads: all
                .iter()
                .map(|r| {
                    MapBead::new(
                        r.bead.span.ru.clone(),
                        r.bead.span.en.clone(),
                        r.bead.score,
                        map_status(r),
                    )
                })
                .collect(),
            ids: all.iter().map(|r| r.bead.id).collect(),
        })
    }
}

/// Where the review list stands, for the map's links.
pub(crate) struct ListPlace<'a> {
    /// Positions (in the whole document, 0-based) of the beads of the filtered list, in order.
    pub(crate) listed: &'a [usize],
    /// Beads per page.
    pub(crate) per: usize,
    /// The page shown (1-based).
    pub(crate) page: usize,
    /// The view asked for with `?map=`.
    pub(crate) view: Option<usize>,
    /// The review page link of the filtered list at a page (1-based).
    pub(crate) href: &'a dyn Fn(usize) -> String,
    /// The review page link of the unfiltered list at a page.
    pub(crate) href_all: &'a dyn Fn(usize) -> String,
}

/// One row of the reviewer table.
pub(crate) struct ReviewerRow {
    pub(crate) name: String,
    pub(crate) votes: usize,
    pub(crate) suggestions: usize,
    pub(crate) comments: usize,
}

/// The map and statistics as the template shows them.
pub(crate) struct OverviewView {
    /// The map (SVG markup from [`render_svg`], escaped there).
    pub(crate) map_svg: String,
    /// The text alternative of the map.
    pub(crate) caption: String,
    /// Number of views of the map, and the one drawn (0-based).
    pub(crate) views: usize,
    pub(crate) view: usize,
    /// Links to the previous and next view.
    pub(crate) prev_view: Option<String>,
    pub(crate) next_view: Option<String>,
    pub(crate) beads: usize,
    /// (label, count, percentage) per status: approved, disputed, not reviewed.
    pub(crate) shares: Vec<(&'static str, &'static str, usize, String)>,
    /// The shares as a stacked bar (SVG).
    pub(crate) shares_svg: String,
    /// (type, count) per bead type.
    pub(crate) types: Vec<(String, usize)>,
    pub(crate) types_svg: String,
    pub(crate) confidence_svg: String,
    pub(crate) length_svg: String,
    /// Paired beads in the length-ratio histogram.
    pub(crate) paired: usize,
    pub(crate) reviewers: Vec<ReviewerRow>,
    /// Whether the panel starts open: only when a view of the map was asked for (`?map=`,
    /// its part links and its beads' links to other pages), so that on arrival the beads
    /// are in sight.
    pub(crate) open: bool,
}

/// Builds the overview of one request: the view of the map holding the page's first row
/// (or the one asked for), its beads linked to their rows, and the statistics.
pub(crate) fn overview(data: &OverviewData, place: &ListPlace<'_>) -> OverviewView {
    let n = data.beads.len();
    let (options, views) = map_options(data, place);
    let view = options.view;
    let shown: Range<usize> = views[view].clone();
    let beads = linked_beads(data, place, &shown, view);
    let map_svg = render_svg(data.shape.n_ru, data.shape.n_en, &beads, &options);
    let caption = caption(
        &data.beads[shown.clone()],
        &shown,
        n,
        data.shape.heat.is_some(),
    );
    let view_link = |v: usize| format!("{}&map={v}#map", (place.href)(place.page));
    OverviewView {
        map_svg,
        caption,
        views: views.len(),
        view,
        prev_view: (view > 0).then(|| view_link(view - 1)),
        next_view: (view + 1 < views.len()).then(|| view_link(view + 1)),
        open: place.view.is_some(),
        ..statistics(data)
    }
}

/// The map's options for this request and the bead ranges of its views.
fn map_options(data: &OverviewData, place: &ListPlace<'_>) -> (MapOptions, Vec<Range<usize>>) {
    let n = data.beads.len();
    let per_view = if n <= ONE_VIEW_MAX {
        None
    } else {
        Some(n.div_ceil(n.div_ceil(BEADS_PER_VIEW)))
    };
    let mut options = MapOptions {
        max_beads_per_view: per_view,
        view_href: Some(format!("{}&map=", (place.href)(place.page))),
        heat: data.shape.heat.clone(),
        link_prefix: String::new(),
        ..MapOptions::default()
    };
    let views = options.views(n);
    let first_row = place
        .listed
        .get((place.page - 1) * place.per)
        .copied()
        .unwrap_or(0);
    options.view = place
        .view
        .unwrap_or_else(|| options.view_of(first_row))
        .min(views.len() - 1);
    (options, views)
}

/// The beads with the ones of the view shown linked to their rows: `#b{id}` on this page,
/// else the page of the list (filtered when the bead is in it) that holds the row.
fn linked_beads(
    data: &OverviewData,
    place: &ListPlace<'_>,
    shown: &Range<usize>,
    view: usize,
) -> Vec<MapBead> {
    let per = place.per.max(1);
    let mut beads = data.beads.clone();
    for k in shown.clone() {
        let id = data.ids[k];
        let href = match place.listed.binary_search(&k) {
            Ok(p) if p / per + 1 == place.page => format!("#b{id}"),
            Ok(p) => format!("{}&map={view}#b{id}", (place.href)(p / per + 1)),
            Err(_) => format!("{}&map={view}#b{id}", (place.href_all)(k / per + 1)),
        };
        beads[k].id = Some(href);
    }
    beads
}

/// The statistics panel of the whole document (the map fields empty).
fn statistics(data: &OverviewData) -> OverviewView {
    let chars: Vec<(usize, usize)> = data
        .beads
        .iter()
        .map(|b| data.shape.chars_of(&b.span))
        .collect();
    let stats = bead_stats(&data.beads, &chars, &data.activity);
    OverviewView {
        map_svg: String::new(),
        caption: String::new(),
        views: 1,
        view: 0,
        prev_view: None,
        next_view: None,
        beads: data.beads.len(),
        shares: vec![
            (
                "approved",
                "Approved",
                stats.approved,
                percent(stats.share_approved()),
            ),
            (
                "disputed",
                "Disputed",
                stats.disputed,
                percent(stats.share_disputed()),
            ),
            (
                "automatic",
                "Not reviewed",
                stats.automatic,
                percent(stats.share_unreviewed()),
            ),
        ],
        shares_svg: shares_svg(&stats),
        types: stats
            .by_type
            .iter()
            .map(|(k, &c)| (k.to_string(), c))
            .collect(),
        types_svg: stats.types_svg(),
        confidence_svg: stats.confidence_svg(),
        length_svg: stats.length_ratio_svg(),
        paired: stats.length_ratio_histogram.iter().sum(),
        reviewers: stats
            .reviewers
            .iter()
            .map(|r| ReviewerRow {
                comments: r.comments,
                name: r.name.clone(),
                votes: r.votes,
                suggestions: r.suggestions,
            })
            .collect(),
        open: false,
    }
}

/// `42%` (rounded; a share above 0 never shows as 0%).
fn percent(share: f64) -> String {
    let p = (share * 100.0).round();
    if p == 0.0 && share > 0.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// The text alternative of a view of the map.
fn caption(shown: &[MapBead], range: &Range<usize>, total: usize, heat: bool) -> String {
    let count = |s: BeadStatus| shown.iter().filter(|b| b.status == s).count();
    let one_sided = shown
        .iter()
        .filter(|b| b.span.ru.is_empty() || b.span.en.is_empty())
        .count();
    let part = if range.len() == total {
        format!("all {total} beads")
    } else {
        format!("beads {}–{} of {total}", range.start + 1, range.end)
    };
    format!(
        "Alignment map, {part}: {} automatic, {} disputed, {} approved; {one_sided} one-sided. \
         Across: Russian sentences; down: English sentences. Each box is a bead, blue when \
         automatic, orange when disputed, green when approved, fainter when the aligner is less \
         sure; 1-0 and 0-1 beads are marks on their axis.{} Select a bead to go to its row.",
        count(BeadStatus::Automatic),
        count(BeadStatus::Disputed),
        count(BeadStatus::Approved),
        if heat {
            " Violet cells show how similar nearby sentence pairs are."
        } else {
            ""
        }
    )
}

/// The review progress as one stacked bar: approved, disputed, not reviewed.
fn shares_svg(stats: &Stats) -> String {
    const W: f64 = 360.0;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="sverka-shares" width="{W}" height="18" viewBox="0 0 {W} 18" aria-hidden="true"><rect x="0" y="0" width="{W}" height="18" fill="#e9ecef"/>"##
    );
    let mut x = 0.0;
    for (s, n) in [
        (BeadStatus::Approved, stats.approved),
        (BeadStatus::Disputed, stats.disputed),
        (BeadStatus::Automatic, stats.automatic),
    ] {
        let w = if stats.beads == 0 {
            0.0
        } else {
            W * n as f64 / stats.beads as f64
        };
        if w > 0.0 {
            out.push_str(&format!(
                r#"<rect class="share {}" x="{x:.1}" y="0" width="{w:.1}" height="18" fill="{}"/>"#,
                s.name(),
                s.colour()
            ));
        }
        x += w;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(statuses: &[BeadStatus]) -> OverviewData {
        OverviewData {
            shape: Arc::new(DocShape {
                n_ru: statuses.len(),
                n_en: statuses.len(),
                ..DocShape::default()
            }),
            activity: Arc::new(Vec::new()),
            beads: statuses
                .iter()
                .enumerate()
                .map(|(k, &s)| MapBead::new(k..k + 1, k..k + 1, 0.5, s))
                .collect(),
            ids: (0..statuses.len() as i64).map(|k| 100 + k).collect(),
        }
    }

    #[test]
    fn links_go_to_this_page_another_page_or_the_unfiltered_list() {
        let d = data(&[BeadStatus::Automatic; 300]);
        // A filtered list of the even beads, 10 per page, page 2 shown.
        let listed: Vec<usize> = (0..300).step_by(2).collect();
        let href = |p: usize| format!("/documents/1?filter=x&page={p}");
        let href_all = |p: usize| format!("/documents/1?filter=all&page={p}");
        let place = ListPlace {
            listed: &listed,
            per: 10,
            page: 2,
            view: None,
            href: &href,
            href_all: &href_all,
        };
        let o = overview(&d, &place);
        // 300 beads: three views of 100; page 2 starts at bead 20, in view 0.
        assert_eq!((o.views, o.view), (3, 0));
        assert!(
            o.map_svg.contains(r##"href="#b120""##),
            "bead 20 is on the page"
        );
        assert!(
            o.map_svg
                .contains(r#"href="/documents/1?filter=x&amp;page=1&amp;map=0#b102""#)
        );
        assert!(
            o.map_svg
                .contains(r#"href="/documents/1?filter=all&amp;page=1&amp;map=0#b101""#),
            "an odd bead is not in the filtered list"
        );
        assert_eq!(o.map_svg.matches("data-bead=").count(), 100);
        assert_eq!(
            o.next_view.as_deref(),
            Some("/documents/1?filter=x&page=2&map=1#map")
        );
        // ?map=2 draws the last view; past the end clamps.
        let o = overview(
            &d,
            &ListPlace {
                view: Some(9),
                ..place
            },
        );
        assert_eq!(o.view, 2);
        assert!(o.map_svg.contains("data-bead=\"299\""));
        assert!(o.prev_view.is_some() && o.next_view.is_none());
    }

    #[test]
    fn shares_and_caption_count_statuses() {
        use BeadStatus::*;
        let d = data(&[Approved, Disputed, Automatic, Automatic]);
        let listed = [0, 1, 2, 3];
        let href = |p: usize| format!("?page={p}");
        let o = overview(
            &d,
            &ListPlace {
                listed: &listed,
                per: 50,
                page: 1,
                view: None,
                href: &href,
                href_all: &href,
            },
        );
        assert_eq!(o.views, 1);
        let shares: Vec<(usize, &str)> = o.shares.iter().map(|s| (s.2, s.3.as_str())).collect();
        assert_eq!(shares, [(1, "25%"), (1, "25%"), (2, "50%")]);
        assert!(
            o.caption
                .starts_with("Alignment map, all 4 beads: 2 automatic, 1 disputed, 1 approved")
        );
        assert_eq!(o.shares_svg.matches("class=\"share").count(), 3);
        assert_eq!(percent(0.001), "<1%");
    }
}
