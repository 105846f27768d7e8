//! The alignment map and statistics panel of the review page: handler tests on an in-memory
//! database.

use axum::http::StatusCode;
use sverka::map::BeadStatus;
use sverka::web::{AppState, Config};
use sverka::{Bead, Document, Lang};

use crate::support::web::{Client, bead_ids, test_app, version_of};

/// One bead as the map draws it.
#[derive(Debug)]
struct Shape {
    index: usize,
    status: String,
    fill: String,
    href: String,
}

/// The alignment map of a page (the SVG markup).
fn map_of(body: &str) -> &str {
    let at = body
        .find(r#"<svg xmlns="http://www.w3.org/2000/svg" class="sverka-map""#)
        .expect("the page has the map");
    &body[at..at + body[at..].find("</svg>").unwrap() + 6]
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let at = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("{name} in {tag}"))
        + name.len()
        + 3;
    &tag[at..at + tag[at..].find('"').unwrap()]
}

/// Every bead shape of a map, with the link around it.
fn shapes(svg: &str) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = svg[from..].find(r#"<rect class="bead "#) {
        let at = from + i;
        let tag = &svg[at..at + svg[at..].find('>').unwrap()];
        let link_at = svg[..at].rfind("<a href=\"").expect("a link") + 9;
        let href = &svg[link_at..link_at + svg[link_at..].find('"').unwrap()];
        out.push(Shape {
            index: attr(tag, "data-bead").parse().unwrap(),
            status: attr(tag, "class").split(' ').nth(1).unwrap().to_string(),
            fill: attr(tag, "fill").to_string(),
            href: href.replace("&amp;", "&"),
        });
        from = at + 1;
    }
    out
}

/// The rows of the table captioned `caption`: each row's cells as text.
fn table(body: &str, caption: &str) -> Vec<Vec<String>> {
    let at = body
        .find(&format!("<caption>{caption}</caption>"))
        .unwrap_or_else(|| panic!("table {caption}"));
    let t = &body[at..at + body[at..].find("</table>").unwrap()];
    let tbody = &t[t.find("<tbody>").unwrap()..];
    tbody
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(open) = rest.find("<t") {
                let tag_end = open + rest[open..].find('>').unwrap() + 1;
                let close = tag_end + rest[tag_end..].find("</t").unwrap();
                cells.push(rest[tag_end..close].to_string());
                rest = &rest[close + 4..];
                if !rest.contains("<td") && !rest.contains("<th") {
                    break;
                }
            }
            cells
        })
        .collect()
}

/// Adds a document of `n` 1-1 beads (one sentence each side) with confidences 0.00, 0.01, …
fn add_long_document(state: &AppState, n: usize) -> i64 {
    let ru: String = (0..n)
        .map(|i| format!("Предложение номер {i}.\n"))
        .collect();
    let en: String = (0..n).map(|i| format!("Sentence number {i}.\n")).collect();
    let ru = Document::presegmented(ru, Lang::Ru).unwrap();
    let en = Document::presegmented(en, Lang::En).unwrap();
    let beads: Vec<Bead> = (0..n)
        .map(|i| Bead::new(i..i + 1, i..i + 1, (i % 100) as f64 / 100.0))
        .collect();
    state
        .with_store(|s| s.create_document(None, "Long book", &ru, &en, &beads))
        .unwrap()
}

#[tokio::test]
async fn the_page_holds_one_linked_shape_per_bead_and_the_statistics() {
    let (app, state, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c.get(&format!("/documents/{doc}")).await;
    assert_eq!(r.status, StatusCode::OK);
    // Inline SVG only: nothing the Content-Security-Policy would block.
    assert!(!r.body.contains("style=\"") && !r.body.contains("<script>"));
    let ids = bead_ids(&r.body);
    let svg = map_of(&r.body);
    let shapes = shapes(svg);
    assert_eq!(shapes.len(), ids.len(), "one shape per bead");
    for (k, (s, id)) in shapes.iter().zip(&ids).enumerate() {
        assert_eq!(s.index, k);
        assert_eq!(s.status, "automatic");
        assert_eq!(s.fill, BeadStatus::Automatic.colour());
        assert_eq!(s.href, format!("#b{id}"), "a row of this page");
    }
    // A text alternative: the SVG's label and a caption.
    assert!(attr(svg, "aria-label").starts_with("Alignment map: 4 beads over 4 Russian"));
    assert!(r.body.contains("<figcaption id=\"map-caption\">Alignment map, all 4 beads: 4 automatic, 0 disputed, 0 approved"));
    // The similarity heat is drawn for a document this small.
    assert!(svg.contains("<g class=\"heat\""));

    // Statistics: bead types and confidences as stored.
    let stored = state.with_store(|s| s.beads(doc)).unwrap();
    let types = table(&r.body, "Bead types");
    let mut expected = std::collections::BTreeMap::new();
    for b in &stored {
        *expected.entry(b.span.kind().to_string()).or_insert(0) += 1;
    }
    let got: std::collections::BTreeMap<String, i32> = types
        .iter()
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect();
    assert_eq!(got, expected);
    let mut hist = [0; 10];
    for b in &stored {
        hist[((b.score.clamp(0.0, 1.0) * 10.0) as usize).min(9)] += 1;
    }
    let label = (0..10)
        .map(|k| {
            format!(
                "{:.1}–{:.1} {}",
                k as f64 / 10.0,
                (k + 1) as f64 / 10.0,
                hist[k]
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        r.body
            .contains(&format!("aria-label=\"Confidence: {label}\"")),
        "confidence histogram {label}"
    );
    assert!(r.body.contains("Not reviewed <strong>4</strong> (100%)"));
    assert_eq!(
        table(&r.body, "Reviewers' activity"),
        [vec!["No votes, suggestions or comments yet.".to_string()]]
    );
}

#[tokio::test]
async fn colours_follow_votes_and_approval_and_activity_is_counted() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut r2 = Client::signed_in(&app, "rev2").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let path = format!("/documents/{doc}");
    let page = r1.get(&path).await.body;
    let ids = bead_ids(&page);
    let (b0, v0) = (ids[0], version_of(&page, ids[0]));

    // rev1 agrees with bead 1; rev2 suggests merging it (net 1 against 1: not disputed yet).
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b0}/vote"),
            &[("value", "1"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = r2
        .post(
            &format!("/documents/{doc}/beads/{b0}/suggest"),
            &[("kind", "merge_next"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let status = |body: &str, k: usize| {
        let s = shapes(map_of(body));
        (s[k].status.clone(), s[k].fill.clone())
    };
    let body = ada.get(&path).await.body;
    assert_eq!(status(&body, 0).0, "automatic");

    // ada's vote for the suggestion makes it outvote the bead: disputed, drawn orange.
    let bead_page = ada.get(&format!("/documents/{doc}/beads/{b0}")).await.body;
    let sid = {
        let at = bead_page.find("/suggestions/").unwrap() + 13;
        bead_page[at..at + bead_page[at..].find('/').unwrap()].to_string()
    };
    let r = ada
        .post(
            &format!("/suggestions/{sid}/vote"),
            &[("value", "1"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let body = ada.get(&path).await.body;
    assert_eq!(
        status(&body, 0),
        ("disputed".into(), BeadStatus::Disputed.colour().into())
    );

    // ada approves bead 4 as it is: green.
    let b3 = ids[3];
    let r = ada
        .post(
            &format!("/documents/{doc}/beads/{b3}/approve"),
            &[("version", &version_of(&body, b3))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    r2.post(
        &format!("/documents/{doc}/beads/{}/comment", ids[1]),
        &[("text", "Looks right <b>to me</b>")],
    )
    .await;
    let body = Client::anonymous(&app).await.get(&path).await.body;
    let s = shapes(map_of(&body));
    let statuses: Vec<&str> = s.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["disputed", "automatic", "automatic", "approved"]);
    assert_eq!(s[3].fill, BeadStatus::Approved.colour());
    assert!(body.contains("Approved <strong>1</strong> (25%)"));
    assert!(body.contains("Disputed <strong>1</strong> (25%)"));
    assert!(body.contains("Not reviewed <strong>2</strong> (50%)"));

    // Activity: rev1 one vote; rev2 one suggestion (its own vote is not counted twice) and a
    // comment; ada one vote (approving is not a vote).
    let rows = table(&body, "Reviewers' activity");
    let got: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            ["ada", "1", "0", "0"],
            ["rev1", "1", "0", "0"],
            ["rev2", "0", "1", "1"]
        ]
    );

    // Withdrawing a vote takes it off the count (rev1 has nothing left, so is not listed).
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b0}/vote"),
            &[("value", "0"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let body = r1.get(&path).await.body;
    let rows = table(&body, "Reviewers' activity");
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["ada", "rev2"]);
}

#[tokio::test]
async fn a_long_document_is_drawn_in_views_that_follow_the_list() {
    let (app, state, _) = test_app(Config::default());
    let doc = add_long_document(&state, 1000);
    let mut c = Client::anonymous(&app).await;
    let path = format!("/documents/{doc}");

    // Page 1: the first view, 120 beads of 1,000 (no heat for a book this long).
    let body = c.get(&path).await.body;
    let svg = map_of(&body);
    let s = shapes(svg);
    assert_eq!(s.len(), 1000usize.div_ceil(1000usize.div_ceil(120)));
    assert_eq!((s[0].index, s.last().unwrap().index), (0, s.len() - 1));
    assert!(!svg.contains("class=\"heat\""));
    assert!(body.contains("Part 1 of 9"));
    let ids = bead_ids(&body);
    assert_eq!(ids.len(), 50);
    assert_eq!(s[0].href, format!("#b{}", ids[0]));
    // Bead 60 is on page 2 of the list.
    assert!(
        s[60]
            .href
            .starts_with(&format!("/documents/{doc}?filter=all&page=2&map=0#b")),
        "{}",
        s[60].href
    );
    // Following the link gives the page holding that row, with the same view of the map.
    let target = s[60].href.clone();
    let (page, anchor) = target.split_once('#').unwrap();
    let next = c.get(page).await.body;
    assert!(next.contains(&format!("<tr id=\"{anchor}\"")));
    assert!(next.contains("Part 1 of 9"));
    assert_eq!(shapes(map_of(&next))[60].href, format!("#{anchor}"));

    // Page 11 (beads 501–550) draws the view holding bead 501; ?map= picks another.
    let body = c.get(&format!("{path}?page=11")).await.body;
    let s = shapes(map_of(&body));
    assert!(s.iter().any(|s| s.index == 500));
    assert!(body.contains("Part 5 of 9"));
    let body = c.get(&format!("{path}?page=11&map=8")).await.body;
    let s = shapes(map_of(&body));
    assert_eq!(s.last().unwrap().index, 999);
    assert!(body.contains("Part 9 of 9"));
    // The overview strip links every view, keeping the list where it is.
    assert!(map_of(&body).contains(&format!(
        "href=\"/documents/{doc}?filter=all&amp;page=11&amp;map=3\""
    )));
    // Past the last view draws the last; a bad value is a clear 400, not a crash.
    assert!(
        c.get(&format!("{path}?map=99"))
            .await
            .body
            .contains("Part 9 of 9")
    );
    assert_eq!(
        c.get(&format!("{path}?map=x")).await.status,
        StatusCode::BAD_REQUEST
    );

    // A filtered list: a bead in it links to its page of the filtered list, one outside it to
    // the unfiltered list.
    let body = c.get(&format!("{path}?filter=low")).await.body;
    let s = shapes(map_of(&body));
    // Low confidence (< 0.9): beads 0–89 of each hundred; page 1 holds beads 0–49.
    assert!(s[10].href.starts_with('#'));
    assert!(
        s[100]
            .href
            .starts_with(&format!("/documents/{doc}?filter=low&page=2&map=0#b")),
        "{}",
        s[100].href
    );
    assert!(
        s[95]
            .href
            .starts_with(&format!("/documents/{doc}?filter=all&page=2&map=0#b")),
        "{}",
        s[95].href
    );
}

#[tokio::test]
async fn the_live_rows_partial_has_no_map() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c.get(&format!("/documents/{doc}?partial=rows")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("sverka-map"));
}
