//! The alignment map (`sverka::map`), the statistics (`sverka::stats`) and `align --format svg`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use sverka::map::{BeadStatus, HeatCell, MapBead, MapOptions, heat_cells, render_svg};
use sverka::stats::{LENGTH_RATIO_BINS, bead_stats, char_lengths, render_histogram_svg};
use sverka::{Aligner, Document, Lang, export};

use crate::support::data::{data_dir, missing};
use crate::support::run;

/// One element of a parsed SVG: its name, attributes, the names of its open ancestors, and
/// the text of its `<title>` child (if it is a `<title>`, its own text).
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    ancestors: Vec<String>,
    parent: Option<usize>,
    title: String,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attrs.get(key).map(String::as_str).unwrap_or("")
    }
    fn num(&self, key: &str) -> f64 {
        self.attr(key)
            .parse()
            .unwrap_or_else(|_| panic!("{key} of {self:?}"))
    }
}

/// Parses an SVG with quick-xml, checking it is well-formed (matching end tags, one root,
/// valid escapes); returns every element in document order.
fn parse(svg: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.buffer_position()));
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().into_inner().to_string();
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.expect("well-formed attribute");
                    let key = a.key.into_inner().to_string();
                    let value = a.normalized_value(XmlVersion::Implicit1_0).unwrap();
                    assert!(
                        attrs.insert(key.clone(), value.into_owned()).is_none(),
                        "duplicate attribute {key}"
                    );
                }
                if stack.is_empty() {
                    roots += 1;
                }
                elements.push(Element {
                    name: name.clone(),
                    attrs,
                    ancestors: stack.iter().map(|s| s.0.clone()).collect(),
                    parent: stack.last().map(|s| s.1),
                    title: String::new(),
                });
                if !is_empty {
                    stack.push((name, elements.len() - 1));
                }
            }
            Event::End(_) => {
                let (name, at) = stack.pop().expect("an end tag closes an open element");
                if name == "title" {
                    let text = elements[at].title.clone();
                    if let Some((_, parent)) = stack.last() {
                        elements[*parent].title = text;
                    }
                }
            }
            Event::Text(t) => {
                if let Some((name, at)) = stack.last()
                    && name == "title"
                {
                    elements[*at].title += &t.xml_content(XmlVersion::Implicit1_0);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((name, at)) = stack.last()
                    && name == "title"
                {
                    let text = match &*r.xml_content(XmlVersion::Implicit1_0) {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => panic!("unknown entity &{other};"),
                        },
                    };
                    elements[*at].title += &text;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(roots, 1, "one root element");
    assert_eq!(elements[0].name, "svg");
    elements
}

/// The bead shapes, in document order, each with the tooltip of its link (or its own).
fn bead_shapes(elements: &[Element]) -> Vec<Element> {
    elements
        .iter()
        .filter(|e| e.attrs.contains_key("data-bead"))
        .map(|e| {
            let mut e = e.clone();
            if let Some(p) = e.parent
                && elements[p].name == "a"
            {
                assert!(e.title.is_empty(), "one tooltip per bead");
                e.title = elements[p].title.clone();
            }
            assert!(!e.title.is_empty(), "bead without a tooltip: {e:?}");
            e
        })
        .collect()
}

fn plot(elements: &[Element]) -> &Element {
    elements
        .iter()
        .find(|e| e.attr("class") == "plot")
        .expect("a plot frame")
}

fn sample() -> Vec<MapBead> {
    vec![
        MapBead::new(0..1, 0..1, 0.97, BeadStatus::Approved).with_id("b1"),
        MapBead::new(1..3, 1..2, 0.61, BeadStatus::Automatic).with_id("b2"),
        MapBead::new(3..4, 2..2, 0.15, BeadStatus::Disputed).with_id("b3"),
        MapBead::new(4..4, 2..3, 0.4, BeadStatus::Automatic).with_id("b4"),
        MapBead::new(4..5, 3..5, 0.88, BeadStatus::Disputed),
        MapBead::new(5..6, 5..6, 0.99, BeadStatus::Automatic).with_id("b6"),
    ]
}

#[test]
fn one_shape_per_bead_coloured_by_status() {
    let beads = sample();
    let svg = render_svg(6, 6, &beads, &MapOptions::default());
    let elements = parse(&svg);
    let shapes = bead_shapes(&elements);
    assert_eq!(shapes.len(), beads.len());
    for (k, (shape, bead)) in shapes.iter().zip(&beads).enumerate() {
        assert_eq!(shape.attr("data-bead"), k.to_string());
        assert_eq!(shape.name, "rect");
        assert_eq!(shape.attr("fill"), bead.status.colour(), "bead {k}");
        assert!(shape.attr("class").contains(bead.status.name()), "bead {k}");
        assert_eq!(
            shape.attr("data-kind"),
            format!("{}-{}", bead.span.ru.len(), bead.span.en.len())
        );
    }
    // The three statuses have three different colours.
    let colours: std::collections::BTreeSet<_> = shapes.iter().map(|s| s.attr("fill")).collect();
    assert_eq!(colours.len(), 3);
    // Confidence shades the fill: the surer bead is more opaque.
    assert!(shapes[0].num("fill-opacity") > shapes[2].num("fill-opacity"));
    // No inline style or script anywhere (the web app's CSP forbids them), and no ids that
    // could clash with the page's.
    assert!(!svg.contains("style="), "{svg}");
    assert!(!svg.contains("<script"));
    assert!(elements.iter().all(|e| !e.attrs.contains_key("id")));
}

#[test]
fn beads_with_ids_are_focusable_links_with_tooltips() {
    let beads = sample();
    let svg = render_svg(6, 6, &beads, &MapOptions::default());
    let elements = parse(&svg);
    let links: Vec<&Element> = elements.iter().filter(|e| e.name == "a").collect();
    assert_eq!(links.len(), 5, "one link per bead with an id");
    assert_eq!(links[1].attr("href"), "#b2");
    assert_eq!(links[1].attr("tabindex"), "0");
    assert!(
        links[1].title.contains("2-1 bead"),
        "the link's accessible name"
    );
    let shapes = bead_shapes(&elements);
    // Each linked shape sits inside its link; the bead without an id has none.
    for (k, s) in shapes.iter().enumerate() {
        assert_eq!(s.ancestors.last().unwrap() == "a", beads[k].id.is_some());
    }
    assert_eq!(
        shapes[1].title,
        "2-1 bead: Russian 2–3, English 2; confidence 0.61; automatic (bead 2)"
    );
    assert_eq!(
        shapes[3].title,
        "0-1 bead: Russian none, English 3; confidence 0.40; automatic (bead 4)"
    );
    // Another page: the prefix goes before each id.
    let options = MapOptions {
        link_prefix: "/documents/4#".into(),
        ..MapOptions::default()
    };
    let svg = render_svg(6, 6, &beads, &options);
    assert!(svg.contains(r#"href="/documents/4#b6""#));
}

#[test]
fn one_sided_beads_sit_on_their_axis() {
    let beads = sample();
    let elements = parse(&render_svg(6, 6, &beads, &MapOptions::default()));
    let frame = plot(&elements);
    let (px, py) = (frame.num("x"), frame.num("y"));
    let (pw, ph) = (frame.num("width"), frame.num("height"));
    let shapes = bead_shapes(&elements);
    for (s, b) in shapes.iter().zip(&beads) {
        let (x, y, w, h) = (s.num("x"), s.num("y"), s.num("width"), s.num("height"));
        match (b.span.ru.is_empty(), b.span.en.is_empty()) {
            // 1-0: above the plot, under its Russian sentence.
            (false, true) => {
                assert!(y + h <= py + 0.01 && y >= py - 10.0, "{s:?}");
                assert!(x >= px && x + w <= px + pw, "{s:?}");
            }
            // 0-1: left of the plot, beside its English sentence.
            (true, false) => {
                assert!(x + w <= px + 0.01 && x >= px - 10.0, "{s:?}");
                assert!(y >= py && y + h <= py + ph, "{s:?}");
            }
            _ => {
                assert!(x >= px - 0.01 && x + w <= px + pw + 0.01, "{s:?}");
                assert!(y >= py - 0.01 && y + h <= py + ph + 0.01, "{s:?}");
            }
        }
    }
    // Boxes follow the sentence indices: bead 5 (Russian 6) is right of bead 2 (Russian 2–3).
    assert!(shapes[5].num("x") > shapes[1].num("x") + shapes[1].num("width") - 0.01);
    assert!(shapes[1].num("width") > shapes[0].num("width") * 1.9);
}

#[test]
fn titles_and_ids_are_escaped() {
    let beads = vec![
        MapBead::new(0..1, 0..1, 0.5, BeadStatus::Automatic).with_id("b\"1&<x>"),
        MapBead::new(1..2, 1..2, f64::NAN, BeadStatus::Approved),
    ];
    let options = MapOptions {
        title: Some("<script>alert('x')</script> & \"Война и мир\"\u{7}".into()),
        ..MapOptions::default()
    };
    let svg = render_svg(2, 2, &beads, &options);
    assert!(!svg.contains("<script"));
    let elements = parse(&svg);
    let a = elements.iter().find(|e| e.name == "a").unwrap();
    assert_eq!(a.attr("href"), "#b\"1&<x>");
    let root = &elements[0];
    assert!(
        root.attr("aria-label")
            .contains("<script>alert('x')</script> & \"Война и мир\"")
    );
    // NaN confidence is drawn as 0, not as "NaN".
    assert!(!svg.contains("NaN"));
    assert!(bead_shapes(&elements)[1].title.contains("confidence 0.00"));
}

#[test]
fn bad_beads_widen_the_axes_instead_of_panicking() {
    #[expect(clippy::reversed_empty_ranges)]
    let beads = vec![
        MapBead::new(0..2, 0..1, 2.5, BeadStatus::Automatic),
        MapBead::new(5..3, 1..2, -1.0, BeadStatus::Automatic),
        MapBead::new(10..12, 2..40, 0.5, BeadStatus::Disputed),
    ];
    let elements = parse(&render_svg(3, 3, &beads, &MapOptions::default()));
    assert_eq!(bead_shapes(&elements).len(), 3);
    let label = elements[0].attr("aria-label");
    assert!(label.contains("12 Russian and 40 English"), "{label}");
    // Nothing at all: an empty plot, still well-formed.
    let elements = parse(&render_svg(0, 0, &[], &MapOptions::default()));
    assert!(bead_shapes(&elements).is_empty());
}

/// A synthetic book: mostly 1-1 with some 2-1, 1-2, 1-0 and 0-1 beads.
fn book(n_beads: usize) -> (usize, usize, Vec<MapBead>) {
    let (mut i, mut j) = (0, 0);
    let mut beads = Vec::with_capacity(n_beads);
    for k in 0..n_beads {
        let (a, b) = match k % 37 {
            5 => (2, 1),
            11 => (1, 2),
            19 => (1, 0),
            23 => (0, 1),
            _ => (1, 1),
        };
        let status = match k % 13 {
            0 => BeadStatus::Disputed,
            1..=4 => BeadStatus::Approved,
            _ => BeadStatus::Automatic,
        };
        let score = (k % 10) as f64 / 10.0 + 0.05;
        beads.push(MapBead::new(i..i + a, j..j + b, score, status).with_id(format!("b{k}")));
        i += a;
        j += b;
    }
    (i, j, beads)
}

#[test]
fn a_five_thousand_bead_book_renders_small_and_fast() {
    let (n_ru, n_en, beads) = book(5000);
    let start = Instant::now();
    let svg = render_svg(n_ru, n_en, &beads, &MapOptions::default());
    let took = start.elapsed();
    assert!(svg.len() < 1_800_000, "{} bytes", svg.len());
    assert!(took < Duration::from_secs(2), "{took:?}");
    let elements = parse(&svg);
    let shapes = bead_shapes(&elements);
    assert_eq!(shapes.len(), 5000);
    // Every bead stays visible however small the scale.
    assert!(
        shapes
            .iter()
            .all(|s| s.num("width") >= 2.0 && s.num("height") >= 2.0)
    );
    // Disputes are ringed so they stand out at this scale (decoration, not bead shapes).
    let disputed = beads
        .iter()
        .filter(|b| b.status == BeadStatus::Disputed)
        .count();
    let rings = elements.iter().filter(|e| e.name == "circle").count();
    assert_eq!(rings, disputed);
    // Round tick labels, not one per sentence.
    let ticks = elements
        .iter()
        .filter(|e| e.name == "text" && e.ancestors.last().is_some_and(|a| a == "g"))
        .count();
    assert!(ticks < 40, "{ticks} labels");
}

#[test]
fn views_split_a_long_book_with_an_overview_strip() {
    let (n_ru, n_en, beads) = book(5000);
    let options = MapOptions {
        max_beads_per_view: Some(500),
        view: 3,
        view_href: Some("?map=".into()),
        ..MapOptions::default()
    };
    assert_eq!(options.view_of(1999), 3);
    let svg = render_svg(n_ru, n_en, &beads, &options);
    let elements = parse(&svg);
    let shapes = bead_shapes(&elements);
    assert_eq!(shapes.len(), 500);
    assert_eq!(shapes[0].attr("data-bead"), "1500");
    assert_eq!(shapes[499].attr("data-bead"), "1999");
    // In a view of 500 beads the boxes are big enough to click.
    let mean_w = shapes.iter().map(|s| s.num("width")).sum::<f64>() / 500.0;
    assert!(mean_w > 1.0, "{mean_w}");
    // The overview links to each of the ten views and marks the current one.
    let views: Vec<&Element> = elements
        .iter()
        .filter(|e| e.name == "a" && e.attr("href").starts_with("?map="))
        .collect();
    assert_eq!(views.len(), 10);
    assert_eq!(views[7].attr("href"), "?map=7");
    let current: Vec<&str> = views
        .iter()
        .filter(|v| v.attr("aria-current") == "true")
        .map(|v| v.attr("href"))
        .collect();
    assert_eq!(current, ["?map=3"]);
    // The strip shows disputes of the whole document in their colour.
    let disputed = BeadStatus::Disputed.colour();
    assert!(
        elements
            .iter()
            .any(|e| e.ancestors.last().is_some_and(|a| a == "g")
                && e.attr("fill") == disputed
                && !e.attrs.contains_key("data-bead"))
    );
    // A view past the end shows the last one.
    let last = MapOptions {
        view: 99,
        ..options.clone()
    };
    let elements = parse(&render_svg(n_ru, n_en, &beads, &last));
    assert_eq!(bead_shapes(&elements)[0].attr("data-bead"), "4500");
}

#[test]
fn heat_lies_under_the_beads_within_the_window() {
    let beads = sample();
    let heat = vec![
        HeatCell {
            ru: 0,
            en: 0,
            score: 0.9,
        },
        HeatCell {
            ru: 1,
            en: 1,
            score: 0.3,
        },
        HeatCell {
            ru: 2,
            en: 5,
            score: 0.01,
        },
        HeatCell {
            ru: 99,
            en: 0,
            score: 0.9,
        },
    ];
    let options = MapOptions {
        heat: Some(heat),
        ..MapOptions::default()
    };
    let svg = render_svg(6, 6, &beads, &options);
    let elements = parse(&svg);
    let heat_at = elements.iter().position(|e| e.attr("class") == "heat");
    let beads_at = elements.iter().position(|e| e.attr("class") == "beads");
    assert!(heat_at.unwrap() < beads_at.unwrap(), "heat drawn first");
    let paths: Vec<&Element> = elements
        .iter()
        .filter(|e| e.name == "path" && e.ancestors.len() == 2)
        .collect();
    // Two cells in two shades; the too-faint one and the one off the map are left out.
    assert_eq!(paths.len(), 2);
    assert!(paths.iter().all(|p| p.attr("d").matches('M').count() == 1));
    assert!(paths[0].num("fill-opacity") < paths[1].num("fill-opacity"));
}

#[test]
fn heat_cells_stay_in_the_band() {
    let ru = Document::new(
        "Мы выросли на 7%. Спасибо Telegram. Москва большая. Париж красивый. Берлин старый. \
         Рим вечный. Лондон туманный. Вена музыкальная. Прага золотая. Осло холодный.",
        Lang::Ru,
    )
    .unwrap();
    let en = Document::new(
        "We grew by 7%. Thank you, Telegram. Moscow is big. Paris is beautiful. Berlin is old. \
         Rome is eternal. London is foggy. Vienna is musical. Prague is golden. Oslo is cold.",
        Lang::En,
    )
    .unwrap();
    let aligner = Aligner::new();
    let beads = aligner.align(&ru, &en);
    assert_eq!(beads.len(), 10);
    let cells = heat_cells(&aligner, &ru, &en, &beads, 2);
    // Within two sentences of a bead in each direction, never further, and each such pair once.
    let near = |i: usize, j: usize| {
        beads.iter().any(|b| {
            let d = |r: &std::ops::Range<usize>, x: usize| {
                if x < r.start {
                    r.start - x
                } else {
                    (x + 1).saturating_sub(r.end)
                }
            };
            d(&b.span.ru, i) <= 2 && d(&b.span.en, j) <= 2
        })
    };
    assert!(cells.iter().all(|c| near(c.ru, c.en)), "{cells:?}");
    let expected = (0..10)
        .flat_map(|i| (0..10).map(move |j| (i, j)))
        .filter(|&(i, j)| near(i, j))
        .count();
    assert_eq!(cells.len(), expected);
    assert!(cells.iter().all(|c| c.ru.abs_diff(c.en) <= 4));
    assert!(cells.len() < 100);
    // The diagonal is the most similar pair of its row.
    for i in [0usize, 1, 2] {
        let row: Vec<&HeatCell> = cells.iter().filter(|c| c.ru == i).collect();
        let best = row
            .iter()
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .unwrap();
        assert_eq!(best.en, i, "{row:?}");
    }
    // Beads that do not fit the documents are skipped, not a panic.
    let wild = [sverka::Bead::new(5..50, 0..1, 0.5)];
    assert!(heat_cells(&aligner, &ru, &en, &wild, 3).is_empty());
}

#[test]
fn stats_count_a_hand_made_document() {
    let beads = sample(); // approved 1-1, automatic 2-1, disputed 1-0, automatic 0-1,
    // disputed 1-2, automatic 1-1
    let chars = [(40, 42), (100, 45), (30, 0), (0, 20), (50, 130), (10, 10)];
    let reviewer = |user, name: &str, votes, suggestions| sverka::review::ReviewerActivity {
        user,
        name: name.into(),
        votes,
        suggestions,
        comments: 0,
    };
    let reviewers = [
        reviewer(1, "boris", 2, 1),
        reviewer(2, "anna", 10, 4),
        reviewer(3, "vera", 0, 3),
    ];
    let stats = bead_stats(&beads, &chars, &reviewers);
    assert_eq!(stats.beads, 6);
    let by_type: Vec<((usize, usize), usize)> = stats
        .by_type
        .iter()
        .map(|(k, &n)| ((k.ru, k.en), n))
        .collect();
    assert_eq!(
        by_type,
        [
            ((0, 1), 1),
            ((1, 0), 1),
            ((1, 1), 2),
            ((1, 2), 1),
            ((2, 1), 1)
        ]
    );
    // Confidence 0.97, 0.61, 0.15, 0.4, 0.88, 0.99.
    let mut expected = [0; 10];
    for k in [9, 6, 1, 4, 8, 9] {
        expected[k] += 1;
    }
    assert_eq!(stats.confidence_histogram, expected);
    // Paired beads only: 42/40 = 1.05, 45/100 = 0.45, 130/50 = 2.6, 10/10 = 1.0.
    let mut ratios = [0; LENGTH_RATIO_BINS];
    ratios[0] += 1; // 0.45
    ratios[5] += 2; // 1.05 and 1.0
    ratios[LENGTH_RATIO_BINS - 1] += 1; // 2.6
    assert_eq!(stats.length_ratio_histogram, ratios);
    assert_eq!((stats.automatic, stats.disputed, stats.approved), (3, 2, 1));
    assert!((stats.share_unreviewed() - 0.5).abs() < 1e-12);
    assert!((stats.share_disputed() - 2.0 / 6.0).abs() < 1e-12);
    let names: Vec<&str> = stats.reviewers.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["anna", "boris", "vera"]);
    assert_eq!(stats.reviewers[0].votes, 10);
    // Fewer lengths than beads: the rest are left out of the ratio histogram.
    let short = bead_stats(&beads, &chars[..2], &[]);
    assert_eq!(short.length_ratio_histogram.iter().sum::<usize>(), 2);
    // No beads: zero shares, no division by zero.
    let empty = bead_stats(&[], &[], &[]);
    assert_eq!(empty.share_approved(), 0.0);
}

#[test]
fn histograms_are_svg_bars_with_counts() {
    let chars = [(40, 42), (100, 45), (30, 0), (0, 20), (50, 130), (10, 10)];
    let stats = bead_stats(&sample(), &chars, &[]);
    for svg in [
        stats.confidence_svg(),
        stats.types_svg(),
        stats.length_ratio_svg(),
    ] {
        let elements = parse(&svg);
        assert!(!svg.contains("style="));
        let bars: Vec<&Element> = elements
            .iter()
            .filter(|e| e.attr("class") == "bar")
            .collect();
        assert!(!bars.is_empty());
        // Taller bar, bigger count.
        let tallest = bars
            .iter()
            .max_by(|a, b| a.num("height").total_cmp(&b.num("height")))
            .unwrap();
        let top = bars
            .iter()
            .filter(|b| b.num("height") == tallest.num("height"));
        assert!(
            top.clone().all(|b| b.title.ends_with(": 2")),
            "{:?}",
            tallest.title
        );
    }
    let svg = render_histogram_svg(
        "Votes <per> reviewer",
        &[("anna & co".into(), 4), ("boris".into(), 0)],
        "#123456",
    );
    let elements = parse(&svg);
    let bars: Vec<&Element> = elements
        .iter()
        .filter(|e| e.attr("class") == "bar")
        .collect();
    assert_eq!(bars[0].title, "anna & co: 4");
    assert_eq!(bars[1].num("height"), 0.0);
    assert!(bars[0].num("height") > 50.0);
}

#[test]
fn char_lengths_count_letters_of_each_side() {
    let ru = Document::presegmented("Да.\nНет, не так.\n", Lang::Ru).unwrap();
    let en = Document::presegmented("Yes.\nNo.\n", Lang::En).unwrap();
    let beads = [
        sverka::Bead::new(0..1, 0..1, 1.0),
        sverka::Bead::new(1..2, 1..2, 1.0),
        sverka::Bead::new(2..2, 2..9, 1.0),
    ];
    assert_eq!(
        char_lengths(&ru, &en, &beads),
        vec![(3, 4), (10, 3), (0, 0)]
    );
}

/// `sverka ARGS…` (arguments given as `OsStr`, so file paths and words mix).
fn sverka(args: &[&OsStr]) -> Output {
    run::sverka(args)
}

#[test]
fn cli_writes_the_map_of_the_bundled_post() {
    let out = sverka(&["align".as_ref(), "--format".as_ref(), "svg".as_ref()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let elements = parse(&svg);
    let beads = sverka(&["align".as_ref(), "--format".as_ref(), "beads".as_ref()]);
    let n = String::from_utf8(beads.stdout).unwrap().lines().count();
    let shapes = bead_shapes(&elements);
    assert_eq!(shapes.len(), n);
    assert!(
        shapes
            .iter()
            .all(|s| s.attr("fill") == BeadStatus::Automatic.colour())
    );
    assert!(svg.contains("Digital Resistance"));
}

/// The Text+Berg data, or `None` (with the reason printed) when it is absent; with
/// `SVERKA_REQUIRE_DATA=1` an absent data set fails the test.
fn textberg() -> Option<PathBuf> {
    let dir = data_dir("textberg-defr")?;
    let test1 = dir.join("test1.de");
    if test1.exists() {
        return Some(dir);
    }
    missing(&format!("{} is missing", test1.display()));
    None
}

#[test]
fn cli_maps_a_textberg_document_and_heat_fits() {
    let Some(dir) = textberg() else { return };
    let (de, fr) = (dir.join("test1.de"), dir.join("test1.fr"));
    let out = sverka(&[
        "align".as_ref(),
        "--presegmented".as_ref(),
        "--format".as_ref(),
        "svg".as_ref(),
        de.as_os_str(),
        fr.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let elements = parse(&svg);
    let label = elements[0].attr("aria-label");
    assert!(label.contains("293 Russian and 274 English"), "{label}");
    // Statuses from the gold alignment: beads the gold set has are approved, the rest
    // disputed; the heat of a band of 3 stays bounded.
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let ru = Document::presegmented(read(&de), Lang::Ru).unwrap();
    let en = Document::presegmented(read(&fr), Lang::En).unwrap();
    let gold = export::read_beads(&read(&dir.join("test1.defr")), "gold").unwrap();
    let aligner = Aligner::new();
    let beads = aligner.align(&ru, &en);
    let map: Vec<MapBead> = beads
        .iter()
        .map(|b| {
            let hit = gold.iter().any(|g| {
                g.ru.iter().copied().eq(b.span.ru.clone())
                    && g.en.iter().copied().eq(b.span.en.clone())
            });
            let status = if hit {
                BeadStatus::Approved
            } else {
                BeadStatus::Disputed
            };
            MapBead::from_bead(b, status)
        })
        .collect();
    let cells = heat_cells(&aligner, &ru, &en, &beads, 3);
    assert!(cells.len() <= ru.len() * 16, "{} cells", cells.len());
    let options = MapOptions {
        heat: Some(cells),
        ..MapOptions::default()
    };
    let svg = render_svg(ru.len(), en.len(), &map, &options);
    let shapes = bead_shapes(&parse(&svg)).len();
    assert_eq!(shapes, beads.len());
    assert!(svg.len() < 400_000, "{} bytes", svg.len());
    // Most beads agree with the gold set.
    let approved = map
        .iter()
        .filter(|b| b.status == BeadStatus::Approved)
        .count();
    assert!(approved * 10 > map.len() * 8, "{approved} of {}", map.len());
}
