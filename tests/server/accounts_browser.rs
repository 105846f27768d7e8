//! Accounts in a real browser (issue 17, item 7): an admin creates an account, its user signs
//! in with the one-time password, is held on the change-password form until they choose their
//! own, then signs out and in again with it.
//!
//! Chromium and chromedriver as in `tests/browser.rs` (whose small helpers are copied here):
//! skipped with a printed reason when missing, unless `SVERKA_REQUIRE_BROWSER=1`.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use sverka::web::{AppState, Config, router};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromedriver"))
            .find(|f| f.is_file())
    })
}

/// Prints why the test is skipped, or panics when `SVERKA_REQUIRE_BROWSER=1`.
fn skip() -> bool {
    let reason = if !Path::new(CHROMIUM).exists() {
        format!("{CHROMIUM} is missing")
    } else if chromedriver().is_none() {
        "chromedriver is not on PATH".to_string()
    } else {
        return false;
    };
    if std::env::var("SVERKA_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("SVERKA_REQUIRE_BROWSER=1 but {reason}; run .ci/browser-setup.sh");
    }
    eprintln!("skipping the browser test: {reason} (run .ci/browser-setup.sh)");
    true
}

/// A chromedriver process on a free loopback port, killed on drop with the Chromium processes
/// it started (its process group).
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

    /// A new headless browser with a fresh profile.
    async fn browser(&self, name: &str) -> Client {
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
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server with the test accounts on a loopback port: its base URL and state.
async fn serve() -> (String, AppState) {
    let (_, state, _) = crate::support::web::test_app(Config::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, state)
}

/// Runs `js` (an expression) in the page.
async fn eval(c: &Client, js: &str) -> Value {
    c.execute(&format!("return ({js});"), vec![]).await.unwrap()
}

/// Waits until the expression `js` is truthy; panics after `ms`.
async fn wait_until(c: &Client, js: &str, ms: u64) {
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
            return;
        }
        assert!(
            start.elapsed() < Duration::from_millis(ms),
            "timed out after {ms} ms waiting for: {js}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn type_into(c: &Client, id: &str, text: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The path of the page the browser shows.
async fn path(c: &Client) -> String {
    eval(c, "location.pathname")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// Fills and sends the sign-in form.
async fn sign_in(c: &Client, base: &str, name: &str, password: &str) {
    c.goto(&format!("{base}/signin")).await.unwrap();
    type_into(c, "name", name).await;
    type_into(c, "password", password).await;
    click(c, "main form button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_changes_its_one_time_password_then_signs_in_with_its_own() {
    if skip() {
        return;
    }
    let (base, state) = serve().await;
    let driver = Driver::start();

    // The admin creates the account and reads its one-time password off the page.
    let ada = driver.browser("ada").await;
    sign_in(&ada, &base, "ada", crate::support::web::PASSWORD).await;
    wait_until(
        &ada,
        "document.body.textContent.includes('Signed in as')",
        5000,
    )
    .await;
    ada.goto(&format!("{base}/admin/users")).await.unwrap();
    type_into(&ada, "newname", "teacher").await;
    click(&ada, "form[action='/admin/users'] button[type=submit]").await;
    wait_until(&ada, "document.querySelector('.notice code')", 5000).await;
    let otp = eval(&ada, "document.querySelector('.notice code').textContent")
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(otp.len(), 16, "{otp}");
    ada.close().await.unwrap();

    // The user signs in with it and lands on the change form, which nothing bypasses.
    let user = driver.browser("teacher").await;
    sign_in(&user, &base, "teacher", &otp).await;
    wait_until(&user, "location.pathname === '/account/password'", 5000).await;
    let notice = eval(&user, "document.querySelector('main').textContent").await;
    assert!(
        notice
            .as_str()
            .unwrap()
            .contains("You signed in with a one-time password"),
        "{notice}"
    );
    user.goto(&format!("{base}/documents/1")).await.unwrap();
    assert_eq!(path(&user).await, "/account/password");

    // A too-short password is refused on the server (the field's minlength is bypassed).
    eval(&user, "(document.getElementById('password').removeAttribute('minlength'), document.getElementById('confirm').removeAttribute('minlength'), 0)").await;
    type_into(&user, "current", &otp).await;
    type_into(&user, "password", "short").await;
    type_into(&user, "confirm", "short").await;
    click(&user, "main form button[type=submit]").await;
    wait_until(&user, "document.querySelector('p.error')", 5000).await;
    let error = eval(&user, "document.querySelector('p.error').textContent").await;
    assert!(
        error.as_str().unwrap().contains("at least 10 characters"),
        "{error}"
    );

    // Now a good one: the site opens.
    let mine = "my own long password";
    type_into(&user, "current", &otp).await;
    type_into(&user, "password", mine).await;
    type_into(&user, "confirm", mine).await;
    click(&user, "main form button[type=submit]").await;
    wait_until(
        &user,
        "document.body.textContent.includes('Your password was changed')",
        5000,
    )
    .await;
    let stored = state
        .with_store(|s| s.credentials("teacher"))
        .unwrap()
        .unwrap();
    assert!(!stored.user.must_change_password);
    assert!(sverka::review::verify_password(mine, &stored.password_hash));
    user.goto(&format!("{base}/documents/1")).await.unwrap();
    assert_eq!(path(&user).await, "/documents/1");

    // Sign out; the one-time password no longer works, the new one does.
    click(&user, "form[action='/signout'] button").await;
    wait_until(
        &user,
        "!document.body.textContent.includes('Signed in as')",
        5000,
    )
    .await;
    sign_in(&user, &base, "teacher", &otp).await;
    wait_until(&user, "document.querySelector('p.error')", 5000).await;
    assert_eq!(path(&user).await, "/signin");
    sign_in(&user, &base, "teacher", mine).await;
    wait_until(
        &user,
        "document.body.textContent.includes('Signed in as teacher')",
        5000,
    )
    .await;
    assert_eq!(path(&user).await, "/");
    user.close().await.unwrap();
}
