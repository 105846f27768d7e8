//! The findings of the automatic checks in a real browser (Chromium over WebDriver, skipped
//! like the other browser tests when it is missing): `f` walks the beads with a finding, and
//! the filter by check lists exactly those beads.

use fantoccini::Client;
use serde_json::{Value, json};
use sverka::{Document, Lang, corpus, qa};

use crate::support::browser::{Driver, eval, press, serve, skip, wait_until};

/// The positions (0-based) of the bundled post's beads with a finding that `keep` accepts,
/// by the library (the server stores the post as `sverka::align` aligns it).
fn post_positions(keep: impl Fn(&qa::Finding) -> bool) -> Vec<usize> {
    let ru = Document::new(corpus::DIGITAL_RESISTANCE_RU, Lang::Ru).unwrap();
    let en = Document::new(corpus::DIGITAL_RESISTANCE_EN, Lang::En).unwrap();
    let beads = sverka::align(&ru, &en);
    let per = qa::per_bead(qa::check(&ru, &en, &beads), beads.len());
    (0..per.len())
        .filter(|&k| per[k].iter().any(&keep))
        .collect()
}

/// The ids of the page's bead rows, in order.
async fn row_ids(c: &Client) -> Vec<String> {
    let v = eval(
        c,
        "Array.from(document.querySelectorAll('#rows tr.bead')).map(function (r) { return r.id; })",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_browser_f_walks_the_beads_with_a_finding() {
    if skip() {
        return;
    }
    let (base, _state, _, post) = serve().await;
    let driver = Driver::start();
    let c = driver.browser("findings").await;
    let page = format!("{base}/documents/{post}");
    c.goto(&page).await.unwrap();
    wait_until(&c, "document.documentElement.dataset.live === 'on'", 5000).await;
    let ids = row_ids(&c).await;
    let with = post_positions(|_| true);
    assert!(!with.is_empty() && with.len() < ids.len(), "{with:?}");
    let focused = "(document.activeElement.closest('tr.bead') || {}).id";
    // `f` from the top goes to each bead with a finding in turn, skipping the others.
    let mut visited = Vec::new();
    for _ in 0..with.len() {
        press(&c, 'f').await;
        visited.push(eval(&c, focused).await);
    }
    let expected: Vec<Value> = with.iter().map(|&k| json!(ids[k])).collect();
    assert_eq!(visited, expected);
    // Past the last one the focus stays and the page says so.
    press(&c, 'f').await;
    assert_eq!(eval(&c, focused).await, *expected.last().unwrap());
    wait_until(
        &c,
        "document.getElementById('live').classList.contains('show') && \
         document.getElementById('live').textContent.includes('No more findings')",
        3000,
    )
    .await;

    // The filter by check: the English-only sentences are additions.
    let additions = post_positions(|f| f.check == qa::CheckId::Addition);
    assert!(!additions.is_empty());
    c.goto(&format!("{page}?check=addition")).await.unwrap();
    let listed = row_ids(&c).await;
    let expected: Vec<String> = additions.iter().map(|&k| ids[k].clone()).collect();
    assert_eq!(listed, expected);
    // Each listed row shows an addition marker, in words.
    let words = eval(
        &c,
        "Array.from(document.querySelectorAll('#rows tr.bead')).every(function (r) { \
         return Array.from(r.querySelectorAll('li.finding')).some(function (m) { \
         return m.textContent.includes('addition') && m.title.length > 0; }); })",
    )
    .await;
    assert_eq!(words, json!(true));
    c.close().await.unwrap();
}
