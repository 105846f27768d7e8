//! Real-browser tests: Debian's Chromium driven over WebDriver (chromedriver) against the
//! server running in-process on a loopback port, with the helpers of
//! `tests/support/browser.rs`.
//!
//! Skipped with a printed reason when `/usr/bin/chromium` or `chromedriver` is missing, unless
//! `SVERKA_REQUIRE_BROWSER=1` (then missing browsers fail the run). `.ci/browser-setup.sh`
//! installs both. With `SVERKA_UPDATE_SCREENSHOTS=1` the screenshots go to `docs/` (shown in
//! the README); otherwise to the target directory.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;
use sverka::export::Format;
use sverka::review::{ExportRequest, export_applied};

use crate::support::browser::{
    Driver, click, eval, press, screenshot, serve, sign_in_as, skip, type_text, wait_until,
};

/// The id of the `i`-th bead row (0-based) on the page.
async fn row_id(c: &Client, i: usize) -> String {
    eval(
        c,
        &format!("document.querySelectorAll('#rows tr.bead')[{i}].id"),
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

/// The notice every page shows for a change must arrive within this time.
const LIVE_WITHIN: Duration = Duration::from_secs(1);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_reviewers_and_an_admin_review_live() {
    if skip() {
        return;
    }
    let (base, state, _, doc) = serve().await;
    let driver = Driver::start();
    let rev1 = driver.browser("rev1").await;
    let rev2 = driver.browser("rev2").await;
    let ada = driver.browser("ada").await;
    let page = format!("{base}/documents/{doc}");
    for (c, name) in [(&rev1, "rev1"), (&rev2, "rev2"), (&ada, "ada")] {
        sign_in_as(c, &base, name).await;
        c.goto(&page).await.unwrap();
        wait_until(c, "document.documentElement.dataset.live === 'on'", 5000).await;
    }
    let n_rows = eval(&rev1, "document.querySelectorAll('#rows tr.bead').length").await;
    let n = n_rows.as_u64().unwrap() as usize;
    assert!(n >= 15, "the post has enough beads: {n}");

    // rev2 reads further down: the last bead (beyond the re-aligned window of the merge
    // below) sits near the top of the window.
    let anchor = row_id(&rev2, n - 1).await;
    eval(
        &rev2,
        &format!("(document.getElementById('{anchor}').scrollIntoView(), 0)"),
    )
    .await;
    let top_before = eval(
        &rev2,
        &format!("document.getElementById('{anchor}').getBoundingClientRect().top"),
    )
    .await;

    // 1. rev1 votes bead 3 up; the other pages update within a second.
    let b3 = row_id(&rev1, 2).await;
    click(&rev1, &format!("#{b3} button[data-key='1']")).await;
    wait_until(&rev1, &format!("document.querySelector('#{b3} button[data-key=\"1\"]').getAttribute('aria-pressed') === 'true'"), 3000).await;
    for c in [&rev2, &ada] {
        let took = wait_until(
            c,
            "document.getElementById('live').textContent.includes('rev1 voted on bead 3')",
            3000,
        )
        .await;
        assert!(took <= LIVE_WITHIN, "notice took {took:?}");
        let took = wait_until(
            c,
            &format!("document.querySelector('#{b3} .net').textContent.trim() === '1'"),
            3000,
        )
        .await;
        assert!(took <= LIVE_WITHIN, "row update took {took:?}");
    }

    // 2. rev1 suggests merging bead 3 with bead 4; the others see the open suggestion.
    click(&rev1, &format!("#{b3} button[data-key='m']")).await;
    for c in [&rev2, &ada] {
        wait_until(c, "document.getElementById('live').textContent.includes('rev1 suggested merging bead 3 (') && document.getElementById('live').textContent.includes('with bead 4 (')", 3000).await;
        wait_until(
            c,
            &format!("document.querySelector('#{b3} .votes').textContent.includes('1 suggestion')"),
            3000,
        )
        .await;
    }
    let top_after = eval(
        &rev2,
        &format!("document.getElementById('{anchor}').getBoundingClientRect().top"),
    )
    .await;
    let (a, b) = (top_before.as_f64().unwrap(), top_after.as_f64().unwrap());
    assert!(
        (a - b).abs() < 2.0,
        "live updates do not move the reader's place: {a} → {b}"
    );

    // rev1 starts typing a wording suggestion on another bead's page.
    let b12 = row_id(&rev1, 11).await;
    rev1.goto(&format!("{page}/beads/{}", &b12[1..]))
        .await
        .unwrap();
    wait_until(
        &rev1,
        "document.documentElement.dataset.live === 'on'",
        5000,
    )
    .await;
    let area = rev1
        .find(Locator::Css(".wording-form textarea"))
        .await
        .unwrap();
    area.clear().await.unwrap();
    area.send_keys("Half-typed wor").await.unwrap();

    // 3. ada approves the merge on the bead page; every page reloads its rows.
    ada.goto(&format!("{page}/beads/{}", &b3[1..]))
        .await
        .unwrap();
    click(
        &ada,
        "form[action^='/suggestions/'][action$='/approve'] button",
    )
    .await;
    wait_until(
        &ada,
        "location.pathname.endsWith('/documents/' + document.getElementById('beads').dataset.doc)",
        5000,
    )
    .await;
    let took = wait_until(
        &rev2,
        "document.getElementById('live').textContent.includes('ada applied a change')",
        3000,
    )
    .await;
    assert!(took <= LIVE_WITHIN, "notice took {took:?}");
    wait_until(
        &rev2,
        "document.querySelectorAll('#rows tr.bead')[2].classList.contains('approved')",
        3000,
    )
    .await;
    // The live page shows the rows a fresh load of the document shows (ada's, just reloaded):
    // the merged bead, and its neighbourhood as re-alignment left it, which is as it was.
    let row_ids = "Array.from(document.querySelectorAll('#rows tr.bead')).map(r => r.id).join(' ')";
    let (live, fresh) = (eval(&rev2, row_ids).await, eval(&ada, row_ids).await);
    assert_eq!(live, fresh, "the live rows are the document's rows");
    let merged = eval(&rev2, "document.querySelectorAll('#rows tr.bead').length").await;
    assert_eq!(
        merged.as_u64().unwrap() + 1,
        n_rows.as_u64().unwrap(),
        "two beads became one, and the others stay"
    );
    let top_after = eval(
        &rev2,
        &format!("document.getElementById('{anchor}').getBoundingClientRect().top"),
    )
    .await;
    let (a, b) = (top_before.as_f64().unwrap(), top_after.as_f64().unwrap());
    assert!((a - b).abs() < 2.0, "the reader's place stays: {a} → {b}");
    wait_until(
        &rev1,
        "document.getElementById('live').textContent.includes('ada applied a change')",
        3000,
    )
    .await;
    let kept = eval(
        &rev1,
        "document.querySelector('.wording-form textarea').value",
    )
    .await;
    assert_eq!(
        kept,
        json!("Half-typed wor"),
        "a half-typed suggestion is kept"
    );
    screenshot(&rev2, "live-update.png").await;

    // 4. ada approves bead 1 from the table (htmx swaps the row).
    let b1 = row_id(&ada, 0).await;
    click(&ada, &format!("#{b1} button[data-key='a']")).await;
    wait_until(
        &ada,
        &format!("document.getElementById('{b1}').classList.contains('approved')"),
        3000,
    )
    .await;
    wait_until(
        &rev1,
        "document.getElementById('live').textContent.includes('ada approved bead 1')",
        3000,
    )
    .await;

    // 5. ada downloads the TSV with statuses; it is the stored alignment, row for row.
    click(&ada, "details.export summary").await;
    click(&ada, "details.export input[name=columns]").await;
    click(&ada, "details.export button[type=submit]").await;
    let stem = sverka::review::export::file_stem(sverka::corpus::DIGITAL_RESISTANCE_TITLE, doc);
    let file = driver.downloads().join(format!("{stem}.tsv"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !file.exists() {
        assert!(Instant::now() < deadline, "the TSV download did not arrive");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let tsv = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len() as u64, merged.as_u64().unwrap());
    assert!(rows.iter().all(|r| r.len() == 4));
    assert_eq!(rows[0][3], "approved");
    assert_eq!(rows[2][3], "approved", "the applied merge");
    assert_eq!(rows[3][3], "automatic");
    let req = ExportRequest {
        format: Format::Tsv,
        approved_only: false,
        status_column: true,
        book: Default::default(),
        findings: false,
    };
    let applied = state.db(move |s| s.applied(doc)).await.unwrap().unwrap();
    let stored = export_applied(&applied, doc, req).unwrap().0;
    assert_eq!(tsv.as_bytes(), stored.as_slice());

    // The review page as a reviewer sees it: a focused bead with its evidence.
    ada.goto(&page).await.unwrap();
    wait_until(&ada, "document.documentElement.dataset.live === 'on'", 5000).await;
    eval(&ada, "(window.scrollTo(0, 0), 0)").await;
    press(&ada, 'j').await;
    wait_until(
        &ada,
        "document.activeElement.classList.contains('kb-focus')",
        2000,
    )
    .await;
    eval(&ada, "(window.scrollTo(0, 0), 0)").await;
    screenshot(&ada, "review-page.png").await;

    for c in [rev1, rev2, ada] {
        c.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_review_and_uploaded_markup_stays_text() {
    if skip() {
        return;
    }
    let (base, state, small, _) = serve().await;
    let driver = Driver::start();
    let ada = driver.browser("kb-ada").await;
    sign_in_as(&ada, &base, "ada").await;
    let page = format!("{base}/documents/{small}");
    ada.goto(&page).await.unwrap();
    wait_until(&ada, "document.documentElement.dataset.live === 'on'", 5000).await;
    let focused = "(document.activeElement.closest('tr.bead') || {}).id";

    // j / k move between beads, with a visible focus.
    press(&ada, 'j').await;
    let first = row_id(&ada, 0).await;
    assert_eq!(eval(&ada, focused).await, json!(first));
    press(&ada, 'j').await;
    let second = row_id(&ada, 1).await;
    assert_eq!(eval(&ada, focused).await, json!(second));
    let outline = eval(
        &ada,
        "getComputedStyle(document.activeElement).outlineStyle",
    )
    .await;
    assert_eq!(outline, json!("solid"), "the focused bead shows its focus");
    press(&ada, 'k').await;
    assert_eq!(eval(&ada, focused).await, json!(first));

    // 1 / 2 vote; pressing again withdraws.
    press(&ada, '1').await;
    wait_until(&ada, &format!("document.querySelector('#{first} button[data-key=\"1\"]').getAttribute('aria-pressed') === 'true'"), 3000).await;
    assert_eq!(
        eval(&ada, focused).await,
        json!(first),
        "focus stays on the bead"
    );
    press(&ada, '2').await;
    wait_until(
        &ada,
        &format!("document.querySelector('#{first} .net').textContent.trim() === '-1'"),
        3000,
    )
    .await;
    press(&ada, '2').await;
    wait_until(
        &ada,
        &format!("document.querySelector('#{first} .net').textContent.trim() === '0'"),
        3000,
    )
    .await;

    // a approves once the dialog is answered with Enter (issue 17); m and u suggest.
    press(&ada, 'a').await;
    wait_until(
        &ada,
        "document.querySelector('dialog.confirm') && document.querySelector('dialog.confirm').open",
        2000,
    )
    .await;
    press(&ada, '\u{e007}').await;
    wait_until(
        &ada,
        &format!("document.getElementById('{first}').classList.contains('approved')"),
        3000,
    )
    .await;
    press(&ada, 'j').await;
    press(&ada, 'm').await;
    wait_until(
        &ada,
        &format!("document.querySelector('#{second} .votes').textContent.includes('1 suggestion')"),
        3000,
    )
    .await;
    press(&ada, 'u').await;
    wait_until(
        &ada,
        &format!(
            "document.querySelector('#{second} .votes').textContent.includes('2 suggestions')"
        ),
        3000,
    )
    .await;

    // n goes to the least confident bead not yet approved, as the server orders them.
    let from: i64 = second[1..].parse().unwrap();
    let expected = state
        .db(move |s| s.beads(small))
        .await
        .unwrap()
        .map(|beads| sverka::review::next_to_review(&beads, Some(from)))
        .unwrap()
        .unwrap()
        .bead;
    press(&ada, 'n').await;
    wait_until(&ada, &format!("{focused} === 'b{expected}'"), 3000).await;

    // ? opens the help, / goes to the search.
    press(&ada, '?').await;
    wait_until(&ada, "document.getElementById('keys-help').open", 2000).await;
    eval(&ada, "(window.scrollTo(0, 0), 0)").await;
    screenshot(&ada, "keyboard-help.png").await;
    press(&ada, '?').await;
    wait_until(&ada, "!document.getElementById('keys-help').open", 2000).await;
    press(&ada, '/').await;
    wait_until(&ada, "document.activeElement.id === 'q'", 2000).await;
    type_text(&ada, "fourth\n").await;
    wait_until(&ada, "location.search.includes('q=fourth') && document.querySelectorAll('#rows tr.bead').length === 1", 5000).await;

    // c opens the comment box of the bead: write it and send it, all from the keyboard.
    press(&ada, 'j').await;
    press(&ada, 'c').await;
    wait_until(&ada, "location.hash === '#add-comment'", 5000).await;
    wait_until(&ada, "document.activeElement.id === 'comment'", 5000).await;
    type_text(&ada, "Checked <b>twice</b>").await;
    press(&ada, '\u{e004}').await; // Tab to the button
    press(&ada, '\u{e007}').await; // Enter
    wait_until(&ada, "location.hash === '#comments'", 5000).await;
    let comment = eval(&ada, "document.querySelector('.comment-text').textContent").await;
    assert_eq!(comment, json!("Checked <b>twice</b>"));
    // s opens the split choices of a bead.
    ada.goto(&page).await.unwrap();
    press(&ada, 'j').await;
    press(&ada, 's').await;
    wait_until(
        &ada,
        "location.hash === '#split' && document.activeElement.name === 'split'",
        5000,
    )
    .await;

    // Uploaded text with markup stays inert text.
    ada.goto(&format!("{base}/documents/new")).await.unwrap();
    ada.find(Locator::Id("title"))
        .await
        .unwrap()
        .send_keys("Markup <img src=x onerror=\"window.pwned=1\">")
        .await
        .unwrap();
    ada.find(Locator::Id("ru"))
        .await
        .unwrap()
        .send_keys("Первое <script>window.pwned=2</script> предложение. Второе <img src=x onerror=\"window.pwned=3\"> предложение.")
        .await
        .unwrap();
    ada.find(Locator::Id("en"))
        .await
        .unwrap()
        .send_keys("The first <script>window.pwned=4</script> sentence. The second <img src=x onerror=\"window.pwned=5\"> sentence.")
        .await
        .unwrap();
    click(&ada, "main form button[type=submit]").await;
    // The markup makes the Russian side mostly Latin script: the form asks first (issue 17).
    wait_until(
        &ada,
        "document.getElementById('language-check') !== null",
        10000,
    )
    .await;
    click(&ada, "#language-check button[value=keep]").await;
    wait_until(
        &ada,
        "/\\/documents\\/\\d+$/.test(location.pathname)",
        10000,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(eval(&ada, "typeof window.pwned").await, json!("undefined"));
    assert_eq!(
        eval(
            &ada,
            "document.querySelectorAll('main script, main img').length"
        )
        .await,
        json!(0)
    );
    let text = eval(&ada, "document.getElementById('rows').textContent").await;
    let text = text.as_str().unwrap();
    assert!(text.contains("<script>window.pwned=2</script>"), "{text}");
    assert!(
        text.contains("<img src=x onerror=\"window.pwned=5\">"),
        "{text}"
    );
    let title = eval(&ada, "document.querySelector('h1').textContent").await;
    assert_eq!(
        title,
        json!("Markup <img src=x onerror=\"window.pwned=1\">")
    );
    ada.close().await.unwrap();
}

/// Whether the browser shows the row `row` as the one landed on: the address ends in its
/// anchor, the row is `:target`, focused, and inside the window below the sticky table header.
async fn landed_on(c: &Client, row: &str) -> bool {
    eval(
        c,
        &format!(
            "(() => {{ const r = document.getElementById('{row}'); if (!r) return false; \
             const b = r.getBoundingClientRect(); \
             const head = document.querySelector('table.review thead').getBoundingClientRect(); \
             return location.hash === '#{row}' && r.matches(':target') \
               && document.activeElement === r && b.top >= head.bottom - 1 \
               && b.top < window.innerHeight; }})()"
        ),
    )
    .await
        == json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicking_a_bead_on_the_map_lands_on_its_row() {
    if skip() {
        return;
    }
    let (base, state, _, post) = serve().await;
    // Some review on the bundled post, so the map and statistics show every status; and a
    // 300-bead book whose rows span six pages.
    let book = state
        .write(move |s| {
            let user = |n: &str| s.credentials(n).unwrap().unwrap().user.id;
            let (ada, rev1, rev2) = (user("ada"), user("rev1"), user("rev2"));
            let beads = s.beads(post).unwrap();
            for k in [0, 1, 2, 4, 7, 9] {
                s.approve_bead(ada, post, beads[k].id, beads[k].version)
                    .unwrap();
            }
            for k in [3, 5, 6, 10] {
                s.vote_bead(rev1, post, beads[k].id, beads[k].version, 1)
                    .unwrap();
            }
            let sid = s
                .suggest(
                    rev2,
                    post,
                    beads[11].id,
                    beads[11].version,
                    sverka::review::Change::MergeNext,
                )
                .unwrap();
            s.vote_suggestion(rev1, sid, beads[11].version, 1, None)
                .unwrap();
            s.comment(rev2, post, beads[11].id, "The next sentence belongs here.")
                .unwrap();
            let n = 300;
            let ru: String = (0..n)
                .map(|i| format!("Предложение номер {i}.\n"))
                .collect();
            let en: String = (0..n).map(|i| format!("Sentence number {i}.\n")).collect();
            let ru = sverka::Document::presegmented(ru, sverka::Lang::Ru).unwrap();
            let en = sverka::Document::presegmented(en, sverka::Lang::En).unwrap();
            let beads: Vec<sverka::Bead> = (0..n)
                .map(|i| sverka::Bead::new(i..i + 1, i..i + 1, (i % 10) as f64 / 10.0))
                .collect();
            s.create_document(None, "Long book", &ru, &en, &beads)
                .unwrap()
        })
        .await
        .unwrap();
    let driver = Driver::start();
    let c = driver.browser("map").await;

    // The post: every bead is on the page; a click on the map focuses its row in place.
    c.goto(&format!("{base}/documents/{post}")).await.unwrap();
    wait_until(&c, "document.documentElement.dataset.live === 'on'", 5000).await;
    // The panel starts closed (the beads come first); open it.
    click(&c, "#overview > summary").await;
    eval(
        &c,
        "(document.getElementById('overview').scrollIntoView(), 0)",
    )
    .await;
    screenshot(&c, "map-page.png").await;
    let n = eval(
        &c,
        "document.querySelectorAll('svg.sverka-map rect.bead').length",
    )
    .await;
    let rows = eval(&c, "document.querySelectorAll('#rows tr.bead').length").await;
    assert_eq!(n, rows, "one shape per bead");
    let target = row_id(&c, 13).await;
    click(&c, "svg.sverka-map rect.bead[data-bead='13']").await;
    wait_until(&c, &format!("location.hash === '#{target}'"), 3000).await;
    assert!(
        landed_on(&c, &target).await,
        "the row of bead 14 is shown and focused"
    );
    // The disputed bead is drawn orange.
    let fill = eval(
        &c,
        "document.querySelector(\"svg.sverka-map rect.bead[data-bead='11']\").getAttribute('fill')",
    )
    .await;
    assert_eq!(fill, json!(sverka::map::BeadStatus::Disputed.colour()));

    // The book: bead 131 is in the second part of the map and on page 3 of the list.
    c.goto(&format!("{base}/documents/{book}")).await.unwrap();
    wait_until(&c, "document.documentElement.dataset.live === 'on'", 5000).await;
    click(&c, "#overview > summary").await;
    assert_eq!(
        eval(
            &c,
            "document.querySelectorAll('svg.sverka-map rect.bead').length"
        )
        .await,
        json!(100)
    );
    // Choose the second part in the overview strip (the list stays on page 1).
    click(&c, "svg.sverka-map g.overview a:nth-of-type(2) rect").await;
    wait_until(&c, "location.search.includes('map=1')", 5000).await;
    assert!(
        eval(
            &c,
            "document.querySelector(\"svg.sverka-map rect.bead[data-bead='130']\") !== null"
        )
        .await
            == json!(true)
    );
    assert!(eval(&c, "document.body.textContent.includes('Part 2 of 3')").await == json!(true));
    // Enter on the focused bead follows its link to page 3, anchored at its row.
    eval(
        &c,
        "(document.querySelector(\"svg.sverka-map rect.bead[data-bead='130']\").parentNode.focus(), 0)",
    )
    .await;
    press(&c, '\u{E007}').await;
    wait_until(&c, "location.search.includes('page=3')", 5000).await;
    wait_until(&c, "document.documentElement.dataset.live === 'on'", 5000).await;
    let hash = eval(&c, "location.hash").await;
    let row = hash.as_str().unwrap().trim_start_matches('#').to_string();
    let n131 = eval(
        &c,
        &format!("document.getElementById('{row}').querySelector('td.num a').textContent"),
    )
    .await;
    assert_eq!(n131, json!("131"), "the row of bead 131");
    wait_until(
        &c,
        &format!("document.activeElement && document.activeElement.id === '{row}'"),
        3000,
    )
    .await;
    let why = eval(
        &c,
        &format!(
            "(() => {{ const r = document.getElementById('{row}'); const b = r.getBoundingClientRect(); \
             return [location.hash, r.matches(':target'), document.activeElement === r, b.top, window.innerHeight, window.scrollY]; }})()"
        ),
    )
    .await;
    assert!(
        landed_on(&c, &row).await,
        "the row of bead 131 is shown and focused: {why}"
    );
    // The map still shows the part holding it.
    assert!(eval(&c, "document.body.textContent.includes('Part 2 of 3')").await == json!(true));
    c.close().await.unwrap();
}
