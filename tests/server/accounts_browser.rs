//! Accounts in a real browser (issue 17, item 7): an admin creates an account, its user signs
//! in with the one-time password, is held on the change-password form until they choose their
//! own, then signs out and in again with it.
//!
//! Chromium and chromedriver through the helpers of `tests/support/browser.rs`: skipped with
//! a printed reason when missing, unless `SVERKA_REQUIRE_BROWSER=1`.

use fantoccini::Client;
use sverka::web::{AppState, Config};

use crate::support::browser::{
    Driver, click, eval, serve_app, sign_in, sign_in_as, skip, type_into, wait_until,
};
use crate::support::web::test_app;

/// The server with the test accounts on a loopback port: its base URL and state.
async fn serve() -> (String, AppState) {
    let (_, state, _) = test_app(Config::default());
    let base = serve_app(&state).await;
    (base, state)
}

/// The path of the page the browser shows.
async fn path(c: &Client) -> String {
    eval(c, "location.pathname")
        .await
        .as_str()
        .unwrap()
        .to_string()
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
    sign_in_as(&ada, &base, "ada").await;
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
