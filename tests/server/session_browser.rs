//! Browser tests of a reviewer's session (issue 17): a tab that visits many pages keeps
//! its connections free (live streams of pages left behind are closed), destructive actions
//! ask for confirmation in a dialog the keyboard answers, and half-typed text is guarded.
//!
//! Skipped like `tests/browser.rs` when Chromium or chromedriver is missing, unless
//! `SVERKA_REQUIRE_BROWSER=1`.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use sverka::web::{AppState, Config, router};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Why the browser tests cannot run here, if they cannot.
fn missing_browser() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing"));
    }
    if chromedriver().is_none() {
        return Some("chromedriver is not on PATH".into());
    }
    None
}

fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromedriver"))
            .find(|f| f.is_file())
    })
}

/// Prints why the test is skipped, or panics when `SVERKA_REQUIRE_BROWSER=1`.
fn skip() -> bool {
    let Some(reason) = missing_browser() else {
        return false;
    };
    if std::env::var("SVERKA_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("SVERKA_REQUIRE_BROWSER=1 but {reason}; run .ci/browser-setup.sh");
    }
    eprintln!("skipping the browser test: {reason} (run .ci/browser-setup.sh)");
    true
}

/// A chromedriver process on a free loopback port, killed on drop with the Chromium processes
/// it started (its process group), also when a test fails before closing its browsers.
struct Driver {
    child: Child,
    url: String,
    profiles: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver().unwrap())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profiles: tempfile::tempdir().unwrap(),
        }
    }

    /// A new browser with a fresh profile, downloading into `downloads`.
    async fn browser(&self, name: &str, downloads: &Path) -> Client {
        let profile = self.profiles.path().join(name);
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000",
                    "--lang=en-GB",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid; `kill -- -PGID` signals every process in it.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server on a loopback port with the test accounts, the 4-sentence test document and
/// the bundled post; returns its base URL, state and the two document ids.
async fn serve() -> (String, AppState, i64, i64) {
    let (_, state, small) = crate::support::web::test_app(Config::default());
    let post = state
        .write(|s| {
            let ru = sverka::Document::new(sverka::corpus::DIGITAL_RESISTANCE_RU, sverka::Lang::Ru)
                .unwrap();
            let en = sverka::Document::new(sverka::corpus::DIGITAL_RESISTANCE_EN, sverka::Lang::En)
                .unwrap();
            let beads = sverka::align(&ru, &en);
            s.create_document(
                None,
                sverka::corpus::DIGITAL_RESISTANCE_TITLE,
                &ru,
                &en,
                &beads,
            )
        })
        .await
        .unwrap()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, state, small, post)
}

async fn sign_in(c: &Client, base: &str, name: &str) {
    c.goto(&format!("{base}/signin")).await.unwrap();
    c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys(name)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(crate::support::web::PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        c,
        "document.body.textContent.includes('Signed in as')",
        5000,
    )
    .await;
}

/// Runs `js` (an expression) in the page.
async fn eval(c: &Client, js: &str) -> Value {
    c.execute(&format!("return ({js});"), vec![]).await.unwrap()
}

/// Waits until the expression `js` is truthy; returns how long it took. Panics after `ms`.
async fn wait_until(c: &Client, js: &str, ms: u64) -> Duration {
    let start = Instant::now();
    loop {
        let v = c
            .execute(
                &format!("try {{ return !!({js}); }} catch (e) {{ return false; }}"),
                vec![],
            )
            .await
            .unwrap();
        if v == json!(true) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_millis(ms),
            "timed out after {ms} ms waiting for: {js}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Presses one key as the keyboard does (to the focused element).
async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

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
    let downloads = tempfile::tempdir().unwrap();
    let rev1 = driver.browser("stall-rev1", downloads.path()).await;
    sign_in(&rev1, &base, "rev1").await;
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
    let downloads = tempfile::tempdir().unwrap();
    let ada = driver.browser("dialog-ada", downloads.path()).await;
    sign_in(&ada, &base, "ada").await;
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
    let downloads = tempfile::tempdir().unwrap();
    let rev = driver.browser("unload-rev", downloads.path()).await;
    sign_in(&rev, &base, "rev1").await;
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
    let downloads = tempfile::tempdir().unwrap();
    let rev = driver.browser("retry-rev", downloads.path()).await;
    sign_in(&rev, &base, "rev1").await;
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
