//! Browser tests of a reviewer's session (issue 17): a tab that visits many pages keeps
//! its connections free (live streams of pages left behind are closed), destructive actions
//! ask for confirmation in a dialog the keyboard answers, and half-typed text is guarded.
//!
//! Chromium and chromedriver through the helpers of `tests/support/browser.rs`: skipped with
//! a printed reason when missing, unless `SVERKA_REQUIRE_BROWSER=1`.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;
use sverka::web::AppState;

use crate::support::browser::{Driver, click, eval, press, serve, sign_in_as, skip, wait_until};

/// The user id of `name`.
async fn user_id(state: &AppState, name: &'static str) -> i64 {
    state
        .db(move |s| s.users())
        .await
        .unwrap()
        .unwrap()
        .into_iter()
        .find(|u| u.name == name)
        .unwrap()
        .id
}

/// Polls the store until `user`'s vote on the first bead of `doc` is `value`; returns how
/// long it took. Panics after `within`.
async fn stored_vote(
    state: &AppState,
    doc: i64,
    user: i64,
    value: i64,
    within: Duration,
) -> Duration {
    let start = Instant::now();
    loop {
        let now = state
            .db(move |s| s.review(doc, Some(user)))
            .await
            .unwrap()
            .unwrap()[0]
            .my_vote;
        if now == value {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "the vote was not stored within {within:?} (stored: {now})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tab_after_ten_visits_back_and_forth_still_votes_at_once() {
    if skip() {
        return;
    }
    let (base, state, _, doc) = serve().await;
    let driver = Driver::start();
    let rev1 = driver.browser("stall-rev1").await;
    sign_in_as(&rev1, &base, "rev1").await;
    let me = user_id(&state, "rev1").await;
    let page = format!("{base}/documents/{doc}");
    rev1.goto(&page).await.unwrap();
    wait_until(
        &rev1,
        "document.documentElement.dataset.live === 'on'",
        5000,
    )
    .await;
    for i in 0..10 {
        // A bead's "#" link, then back to the document (from the back/forward cache).
        // (Clicked from the page: a live refresh may replace the row at any moment.)
        let row = format!("#rows tr.bead:nth-child({}) td.num a", i + 1);
        eval(
            &rev1,
            &format!("(document.querySelector('{row}').click(), 0)"),
        )
        .await;
        wait_until(&rev1, "location.pathname.includes('/beads/')", 5000).await;
        wait_until(
            &rev1,
            "document.documentElement.dataset.live === 'on'",
            5000,
        )
        .await;
        eval(&rev1, "(history.back(), 0)").await;
        wait_until(
            &rev1,
            "!location.pathname.includes('/beads/') && document.getElementById('rows') !== null",
            5000,
        )
        .await;
        wait_until(
            &rev1,
            "document.documentElement.dataset.live === 'on'",
            5000,
        )
        .await;
    }
    // The pages left behind hold no stream: the server sees this tab's one.
    let start = Instant::now();
    while state.live_streams() > 1 {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{} live streams are open for one tab",
            state.live_streams()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eval(&rev1, "(window.scrollTo(0, 0), 0)").await;
    press(&rev1, 'j').await;
    wait_until(
        &rev1,
        "document.activeElement.classList.contains('kb-focus')",
        2000,
    )
    .await;
    press(&rev1, '1').await;
    let took = stored_vote(&state, doc, me, 1, Duration::from_secs(5)).await;
    assert!(
        took <= Duration::from_secs(1),
        "the vote reached the store after {took:?}"
    );
    // The page shows the vote as done, not pending.
    wait_until(
        &rev1,
        "document.querySelector('#rows tr.bead button[data-key=\"1\"]').getAttribute('aria-pressed') === 'true'",
        3000,
    )
    .await;
    rev1.close().await.unwrap();
}

/// Whether the confirmation dialog is open.
const DIALOG_OPEN: &str =
    "!!document.querySelector('dialog.confirm') && document.querySelector('dialog.confirm').open";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_restore_and_keyboard_approval_ask_in_a_dialog() {
    if skip() {
        return;
    }
    let (base, state, small, _) = serve().await;
    let driver = Driver::start();
    let ada = driver.browser("dialog-ada").await;
    sign_in_as(&ada, &base, "ada").await;
    let page = format!("{base}/documents/{small}");
    ada.goto(&page).await.unwrap();
    wait_until(&ada, "document.documentElement.dataset.live === 'on'", 5000).await;
    let approved = |state: &AppState| {
        let state = state.clone();
        async move {
            state
                .db(move |s| s.beads(small))
                .await
                .unwrap()
                .unwrap()
                .iter()
                .filter(|b| b.status == sverka::review::Status::Approved)
                .count()
        }
    };

    // `a` asks; Escape cancels (nothing is sent), Enter approves.
    press(&ada, 'j').await;
    press(&ada, 'a').await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    let text = eval(
        &ada,
        "document.querySelector('dialog.confirm p').textContent",
    )
    .await;
    assert!(
        text.as_str()
            .unwrap()
            .starts_with("Approve bead 1 as it is?"),
        "{text}"
    );
    press(&ada, '\u{e00c}').await; // Escape
    wait_until(&ada, &format!("!({DIALOG_OPEN})"), 2000).await;
    assert_eq!(approved(&state).await, 0, "Escape approves nothing");
    assert_eq!(
        eval(&ada, "document.activeElement.closest('tr.bead') !== null").await,
        json!(true),
        "the focus is back on the bead"
    );
    press(&ada, 'a').await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    press(&ada, '\u{e007}').await; // Enter
    let start = Instant::now();
    while approved(&state).await != 1 {
        assert!(start.elapsed() < Duration::from_secs(3), "Enter approves");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    wait_until(
        &ada,
        "document.querySelector('#rows tr.bead').classList.contains('approved')",
        3000,
    )
    .await;

    // "restore to here" on the history page asks; Enter restores.
    ada.goto(&format!("{page}/history")).await.unwrap();
    // The oldest entry's "restore to here" (the state before the approval).
    let restore_oldest = "(Array.from(document.querySelectorAll(\"form[action$='/restore'] button\")).pop().click(), 0)";
    eval(&ada, restore_oldest).await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    press(&ada, '\u{e00c}').await;
    wait_until(&ada, &format!("!({DIALOG_OPEN})"), 2000).await;
    assert_eq!(approved(&state).await, 1, "Escape restores nothing");
    eval(&ada, restore_oldest).await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    press(&ada, '\u{e007}').await;
    let start = Instant::now();
    while approved(&state).await != 0 {
        assert!(start.elapsed() < Duration::from_secs(3), "Enter restores");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    wait_until(&ada, "document.querySelector('.flash') && document.querySelector('.flash').textContent.includes('later change reverted')", 5000).await;

    // "Delete this document…" asks; Escape keeps it, the dialog's button deletes it.
    ada.goto(&page).await.unwrap();
    click(&ada, "form.danger-zone button").await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    let text = eval(
        &ada,
        "document.querySelector('dialog.confirm p').textContent",
    )
    .await;
    assert!(
        text.as_str().unwrap().contains("cannot be undone"),
        "{text}"
    );
    press(&ada, '\u{e00c}').await;
    wait_until(&ada, &format!("!({DIALOG_OPEN})"), 2000).await;
    let exists = |state: &AppState| {
        let state = state.clone();
        async move {
            state
                .db(move |s| s.document(small))
                .await
                .unwrap()
                .unwrap()
                .is_some()
        }
    };
    assert!(exists(&state).await, "Escape deletes nothing");
    click(&ada, "form.danger-zone button").await;
    wait_until(&ada, DIALOG_OPEN, 2000).await;
    press(&ada, '\u{e007}').await;
    wait_until(&ada, "location.pathname === '/'", 5000).await;
    assert!(!exists(&state).await, "Enter deletes");
    let flash = eval(&ada, "document.querySelector('.flash').textContent").await;
    assert_eq!(flash, json!("Document “Test pair” deleted."));
    ada.close().await.unwrap();
}

/// Whether leaving the page now would ask first: a cancelable `beforeunload` is cancelled.
/// (Headless Chromium under WebDriver leaves without showing the prompt itself.)
const WOULD_ASK: &str = "!window.dispatchEvent(new Event('beforeunload', { cancelable: true }))";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_typed_text_is_guarded_when_leaving() {
    if skip() {
        return;
    }
    let (base, _, small, _) = serve().await;
    let driver = Driver::start();
    let rev = driver.browser("unload-rev").await;
    sign_in_as(&rev, &base, "rev1").await;
    let page = format!("{base}/documents/{small}");
    rev.goto(&page).await.unwrap();
    assert_eq!(eval(&rev, WOULD_ASK).await, json!(false), "nothing typed");
    let first = eval(&rev, "document.querySelector('#rows tr.bead').dataset.bead").await;
    let bead = format!("{page}/beads/{}", first.as_str().unwrap());
    rev.goto(&format!("{bead}#add-comment")).await.unwrap();
    assert_eq!(eval(&rev, WOULD_ASK).await, json!(false));
    rev.find(Locator::Id("comment"))
        .await
        .unwrap()
        .send_keys("Half a thought.")
        .await
        .unwrap();
    assert_eq!(
        eval(&rev, WOULD_ASK).await,
        json!(true),
        "typed text is guarded"
    );
    // Sending it does not ask: the check, made while the form is being sent, is kept for
    // the next page.
    eval(
        &rev,
        &format!(
            "(document.addEventListener('submit', function () {{ sessionStorage.setItem('asked', String({WOULD_ASK})); }}), 0)"
        ),
    )
    .await;
    click(&rev, "#add-comment button[type=submit]").await;
    wait_until(&rev, "location.hash === '#comments'", 5000).await;
    assert_eq!(
        eval(&rev, "sessionStorage.getItem('asked')").await,
        json!("false")
    );
    let flash = eval(&rev, "document.querySelector('.flash').textContent").await;
    assert_eq!(flash, json!("Your comment is posted."));
    rev.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_vote_says_so_and_can_be_retried() {
    if skip() {
        return;
    }
    let (base, state, small, _) = serve().await;
    let driver = Driver::start();
    let rev = driver.browser("retry-rev").await;
    sign_in_as(&rev, &base, "rev1").await;
    let me = user_id(&state, "rev1").await;
    rev.goto(&format!("{base}/documents/{small}"))
        .await
        .unwrap();
    wait_until(&rev, "document.documentElement.dataset.live === 'on'", 5000).await;
    // The form's token goes stale (as after signing in again elsewhere): the vote is refused.
    let token = eval(
        &rev,
        "document.querySelector('#rows tr.bead input[name=csrf]').value",
    )
    .await;
    eval(
        &rev,
        "(document.querySelector('#rows tr.bead input[name=csrf]').value = 'stale', 0)",
    )
    .await;
    press(&rev, 'j').await;
    press(&rev, '1').await;
    wait_until(&rev, "!document.querySelector('.failure').hidden", 3000).await;
    let text = eval(&rev, "document.querySelector('.failure').textContent").await;
    assert!(
        text.as_str()
            .unwrap()
            .contains("did not go through (the server answered 403)"),
        "{text}"
    );
    assert_eq!(
        eval(
            &rev,
            "document.querySelectorAll('.pending, tr.sending').length"
        )
        .await,
        json!(0),
        "nothing shows as pending any more"
    );
    // Retry with the token back: the vote is stored.
    eval(
        &rev,
        &format!("(document.querySelector('#rows tr.bead input[name=csrf]').value = {token}, 0)"),
    )
    .await;
    click(&rev, ".failure button").await;
    stored_vote(&state, small, me, 1, Duration::from_secs(3)).await;
    wait_until(&rev, "document.querySelector('.failure').hidden", 2000).await;
    wait_until(
        &rev,
        "document.getElementById('live').textContent.includes('You voted on bead 1.')",
        3000,
    )
    .await;
    rev.close().await.unwrap();
}
