//! Browser tests of a reviewer's session (issue 17): a tab that visits many pages keeps
//! its connections free (live streams of pages left behind are closed), destructive actions
//! ask for confirmation in a dialog the keyboard answers, and half-typed text is guarded.
//!
//! Skipped like `tests/browser.rs` when Chromium or chromedriver is missing, unless
//! `SVERKA_REQUIRE_BROWSER=1`.

mod common;

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
    let (_, state, small) = common::test_app(Config::default());
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
        .send_keys(common::PASSWORD)
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

async fn type_text(c: &Client, text: &str) {
    for ch in text.chars() {
        press(c, ch).await;
    }
}

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

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let dir = if std::env::var("SVERKA_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs")
    } else {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
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
