//! The real-browser tests' helpers: Debian's Chromium driven over WebDriver (chromedriver,
//! with `fantoccini`) against the server running in-process on a loopback port.
//!
//! A test starts with `if skip() { return; }`: when `/usr/bin/chromium` or `chromedriver` is
//! missing it is skipped with a printed reason, unless `SVERKA_REQUIRE_BROWSER=1` (then it
//! fails; the one rule of [`skip_or_fail`]). `.ci/browser-setup.sh` installs both.
//!
//! Then a [`Driver`] opens browsers with fresh profiles ([`Driver::browser`] for the desktop
//! window, [`Driver::browser_sized`] for a viewport of an exact size), and the page is driven
//! with [`eval`], [`wait_until`], [`click`], [`press`], [`type_text`] and [`type_into`].
//! [`screenshot`] saves into `docs/` with `SVERKA_UPDATE_SCREENSHOTS=1`, otherwise into the
//! target directory.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use sverka::web::{AppState, Config, router};

use super::data::skip_or_fail;
use super::web::{PASSWORD, test_app};

/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The `chromedriver` on `PATH`, if there is one.
pub fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromedriver"))
            .find(|f| f.is_file())
    })
}

/// Why the browser tests cannot run here, if they cannot.
pub fn missing_browser() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing"));
    }
    if chromedriver().is_none() {
        return Some("chromedriver is not on PATH".into());
    }
    None
}

/// Whether the test must return at once: prints why when the browser is missing, or panics
/// when `SVERKA_REQUIRE_BROWSER=1` (the rule of [`skip_or_fail`]).
pub fn skip() -> bool {
    let Some(reason) = missing_browser() else {
        return false;
    };
    skip_or_fail(
        "SVERKA_REQUIRE_BROWSER",
        &format!("{reason} (.ci/browser-setup.sh installs it)"),
    );
    true
}

/// A chromedriver process on a free loopback port, killed on drop with the Chromium processes
/// it started (its process group), also when a test fails before closing its browsers.
pub struct Driver {
    child: Child,
    url: String,
    profiles: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver and waits until it listens.
    pub fn start() -> Driver {
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
            downloads: tempfile::tempdir().unwrap(),
        }
    }

    /// The folder every browser of this driver downloads into, without asking.
    pub fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// A new headless browser with a fresh profile named `name`, in a 1400×1000 desktop
    /// window with its scrollbars, as a reviewer sees the pages.
    pub async fn browser(&self, name: &str) -> Client {
        self.open(name, 1400, 1000, false).await
    }

    /// A new headless browser with a fresh profile named `name` whose viewport is exactly
    /// `width`×`height` CSS pixels: scrollbars hidden, a device scale factor of 1, and below
    /// 500 px (narrower than headless Chromium's windows go) an emulated phone of that size.
    pub async fn browser_sized(&self, name: &str, width: u32, height: u32) -> Client {
        self.open(name, width, height, true).await
    }

    async fn open(&self, name: &str, width: u32, height: u32, exact: bool) -> Client {
        let profile = self.profiles.path().join(name);
        let mut args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=en-GB",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        args.push(format!("--window-size={width},{height}"));
        if exact {
            args.push("--hide-scrollbars".into());
            args.push("--force-device-scale-factor=1".into());
        }
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {
                    "download.default_directory": self.downloads().display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        // Headless Chromium keeps windows at least 500 px wide: narrower ones are emulated.
        if exact && width < 500 {
            caps["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1 }
            });
        }
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

/// Serves `state`'s router on a free loopback port; returns its base URL.
pub async fn serve_app(state: &AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// The server on a loopback port with the test accounts, the 4-sentence test document and
/// the bundled post; returns its base URL, state and the two document ids (small, post).
pub async fn serve() -> (String, AppState, i64, i64) {
    let (_, state, small) = test_app(Config::default());
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
    let base = serve_app(&state).await;
    (base, state, small, post)
}

/// Fills and sends the sign-in form; waits for nothing (the next page may be an error or
/// the change-password form).
pub async fn sign_in(c: &Client, base: &str, name: &str, password: &str) {
    c.goto(&format!("{base}/signin")).await.unwrap();
    type_into(c, "name", name).await;
    type_into(c, "password", password).await;
    click(c, "main form button[type=submit]").await;
}

/// Signs in as the test account `name` (`ada`, `rev1`, `rev2`) and waits for the page that
/// greets it.
pub async fn sign_in_as(c: &Client, base: &str, name: &str) {
    sign_in(c, base, name, PASSWORD).await;
    wait_until(
        c,
        "document.body.textContent.includes('Signed in as')",
        5000,
    )
    .await;
}

/// Runs `js` (an expression) in the page.
pub async fn eval(c: &Client, js: &str) -> Value {
    c.execute(&format!("return ({js});"), vec![]).await.unwrap()
}

/// Waits until the expression `js` is truthy; returns how long it took. Panics after `ms`,
/// saying on which page it gave up and what that page showed.
pub async fn wait_until(c: &Client, js: &str, ms: u64) -> Duration {
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
        if start.elapsed() >= Duration::from_millis(ms) {
            // Where it gave up: the page, the focused row, and any error, notice or live line.
            let at = eval(
                c,
                "[location.href, document.title, 'focus: ' + (document.activeElement && (document.activeElement.closest('tr') || document.activeElement).id), (document.querySelector('main .error, .failure:not([hidden])') || {}).textContent || '', (document.querySelector('.flash') || {}).textContent || '', (document.getElementById('live') || {}).textContent || '']",
            )
            .await;
            panic!("timed out after {ms} ms waiting for: {js}\n  on {at}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Presses one key as the keyboard does (to the focused element).
pub async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.unwrap();
}

/// Types `text` key by key (to the focused element).
pub async fn type_text(c: &Client, text: &str) {
    for ch in text.chars() {
        press(c, ch).await;
    }
}

/// Replaces the value of the field with the id `id` by `text`.
pub async fn type_into(c: &Client, id: &str, text: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Clicks the first element matching `css`.
pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Saves a PNG screenshot of the window as `rel`, a path under `docs/` (`review-page.png`,
/// `screenshots/review-400.png`): there with `SVERKA_UPDATE_SCREENSHOTS=1`, otherwise under
/// the target directory's `screenshots/`.
pub async fn screenshot(c: &Client, rel: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let dir = if std::env::var("SVERKA_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs")
    } else {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    let file = dir.join(rel);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, png).unwrap();
}
