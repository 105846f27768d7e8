//! Accounts (issue 17, item 7): changing one's own password, admin resets with a one-time
//! password, the forced change at the first sign-in with one, and invite links — each flow end
//! to end through the router, with its failures.

use crate::support::web::{Client, PASSWORD};
use axum::http::StatusCode;
use sverka::review::{Action, InviteStatus, PasswordCost, Role, Target, hash_password};
use sverka::storage::Store;
use sverka::web::{AppState, Config, bootstrap, router};

const NEW_PASSWORD: &str = "a-brand-new-password";

/// The id of the account `name`.
fn user_id(state: &AppState, name: &str) -> i64 {
    let n = name.to_string();
    state
        .with_store(move |s| s.credentials(&n))
        .unwrap()
        .unwrap()
        .user
        .id
}

/// Whether `password` is the stored password of `name`.
fn has_password(state: &AppState, name: &str, password: &str) -> bool {
    let n = name.to_string();
    let c = state
        .with_store(move |s| s.credentials(&n))
        .unwrap()
        .unwrap();
    sverka::review::verify_password(password, &c.password_hash)
}

/// Whether `name` must change a one-time password.
fn must_change(state: &AppState, name: &str) -> bool {
    let n = name.to_string();
    state
        .with_store(move |s| s.credentials(&n))
        .unwrap()
        .unwrap()
        .user
        .must_change_password
}

/// The one-time password a Users page shows once.
fn one_time_password(page: &str) -> String {
    let at = page
        .find("one-time password is <code>")
        .expect("a one-time password on the page")
        + "one-time password is <code>".len();
    page[at..at + 16].to_string()
}

/// The token of the invite link a Users page shows once.
fn invite_token(page: &str) -> String {
    let at = page.find("/register?invite=").expect("an invite link") + 17;
    page[at..at + 64].to_string()
}

async fn sign_in_with(
    app: &axum::Router,
    name: &str,
    password: &str,
) -> (Client, crate::support::web::Resp) {
    let mut c = Client::anonymous(app).await;
    let r = c
        .post("/signin", &[("name", name), ("password", password)])
        .await;
    (c, r)
}

async fn change_password(
    c: &mut Client,
    current: &str,
    new: &str,
    confirm: &str,
) -> crate::support::web::Resp {
    c.post(
        "/account/password",
        &[
            ("current", current),
            ("password", new),
            ("confirm", confirm),
        ],
    )
    .await
}

#[tokio::test]
async fn changing_ones_password_signs_out_the_other_sessions_and_renews_this_one() {
    let (app, state, _) = crate::support::web::test_app(Config::default());
    let mut here = Client::signed_in(&app, "rev1").await;
    let mut elsewhere = Client::signed_in(&app, "rev1").await;
    let page = here.get("/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Change your password"));
    assert!(
        here.get("/")
            .await
            .body
            .contains("href=\"/account/password\""),
        "the header links to the form"
    );
    let old_session = here.cookie("sverka_session").unwrap().to_string();
    let old_csrf = here.csrf.clone();

    let r = change_password(&mut here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/account/password?changed=1");
    // This browser keeps a session, but a new one (new id, new CSRF token).
    let new_session = here.cookie("sverka_session").unwrap().to_string();
    assert_ne!(new_session, old_session);
    let done = here.get(r.location()).await;
    assert!(done.body.contains("Your password was changed"));
    assert!(done.body.contains("Signed in as <strong>rev1</strong>"));
    assert_ne!(here.csrf, old_csrf);
    let old = old_session.clone();
    assert!(
        state
            .with_store(move |s| s.session(&old))
            .unwrap()
            .is_none()
    );
    // The other browser is signed out.
    let other = elsewhere.get("/").await;
    assert!(!other.body.contains("Signed in as"));
    assert_eq!(
        elsewhere
            .post("/documents/1/beads/1/comment", &[("text", "hi")])
            .await
            .status,
        StatusCode::FORBIDDEN,
        "its old session's CSRF token is dead too"
    );
    // The stored password is the new one; the old one no longer signs in.
    assert!(has_password(&state, "rev1", NEW_PASSWORD));
    let (_, r) = sign_in_with(&app, "rev1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let (_, r) = sign_in_with(&app, "rev1", NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    // The event log says who set it, and that it is not a one-time password.
    let rev1 = user_id(&state, "rev1");
    let events = state.with_store(|s| s.events(None, 20)).unwrap();
    let e = events
        .iter()
        .find(|e| e.action == Action::PasswordSet)
        .expect("a password_set event");
    assert_eq!(e.user.as_deref(), Some("rev1"));
    assert_eq!(e.target, Some(Target::User(rev1)));
    assert_eq!(e.after.as_deref(), Some(r#"{"one_time":false}"#));
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing_and_is_throttled() {
    let (app, state, _) = crate::support::web::test_app(Config::default());
    let mut c = Client::signed_in(&app, "rev1").await;
    for k in 0..5 {
        let r = change_password(&mut c, "not-my-password", NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {k}");
        assert!(
            r.body.contains("The current password is wrong"),
            "{}",
            r.body
        );
    }
    assert!(has_password(&state, "rev1", PASSWORD));
    // Locked now, even with the right current password …
    let r = change_password(&mut c, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Too many wrong passwords"), "{}", r.body);
    assert!(!r.header("retry-after").is_empty());
    // … and the guesses count against the account's sign-in too.
    let (_, r) = sign_in_with(&app, "rev1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are unaffected.
    let mut other = Client::signed_in(&app, "rev2").await;
    let r = change_password(&mut other, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(has_password(&state, "rev1", PASSWORD));
}

#[tokio::test]
async fn a_weak_new_password_is_refused_with_the_registration_rules() {
    let (app, state, _) = crate::support::web::test_app(Config::default());
    let mut c = Client::signed_in(&app, "rev1").await;
    for (new, confirm, why) in [
        ("short", "short", "at least 10 characters"),
        (
            NEW_PASSWORD,
            "a-different-password",
            "The two passwords differ",
        ),
        (PASSWORD, PASSWORD, "must differ from the current one"),
    ] {
        let r = change_password(&mut c, PASSWORD, new, confirm).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{new}");
        assert!(r.body.contains(why), "{why}: {}", r.body);
        assert!(
            !r.body.contains(new) || new == "short",
            "the password is not echoed"
        );
    }
    assert!(has_password(&state, "rev1", PASSWORD));
    // Registration uses the same rules.
    let mut anon = Client::anonymous(&app).await;
    let r = anon
        .post(
            "/register",
            &[
                ("name", "shorty"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("at least 10 characters"));
}

#[tokio::test]
async fn every_account_form_needs_its_csrf_token() {
    let (app, state, _) = crate::support::web::test_app(Config::default());
    let rev1 = user_id(&state, "rev1");
    let mut ada = Client::signed_in(&app, "ada").await;
    let forms: [(String, Vec<(&str, &str)>); 4] = [
        (
            "/account/password".into(),
            vec![
                ("current", PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        ),
        (format!("/admin/users/{rev1}/reset"), vec![]),
        (
            "/admin/invites".into(),
            vec![("role", "reviewer"), ("days", "7")],
        ),
        ("/admin/invites/1/revoke".into(), vec![]),
    ];
    for (path, form) in &forms {
        let r = ada.post_raw(path, form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("security token"), "{path}");
    }
    assert!(has_password(&state, "ada", PASSWORD));
    assert!(has_password(&state, "rev1", PASSWORD));
    assert!(state.with_store(|s| s.invites(10)).unwrap().is_empty());
}

#[tokio::test]
async fn only_admins_reset_passwords_and_make_invites() {
    let (app, state, _) = crate::support::web::test_app(Config::default());
    let rev2 = user_id(&state, "rev2");
    let ada_id = user_id(&state, "ada");
    let mut rev1 = Client::signed_in(&app, "rev1").await;
    let r = rev1.post(&format!("/admin/users/{rev2}/reset"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = rev1
        .post(&format!("/admin/users/{ada_id}/reset"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = rev1
        .post("/admin/invites", &[("role", "admin"), ("days", "7")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut anon = Client::anonymous(&app).await;
    let r = anon.post(&format!("/admin/users/{rev2}/reset"), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        anon.get("/account/password").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(has_password(&state, "rev2", PASSWORD));
    assert!(!must_change(&state, "rev2"));
    assert!(state.with_store(|s| s.invites(10)).unwrap().is_empty());
    // An admin changes their own password on the Password page, not by a reset.
    let mut ada = Client::signed_in(&app, "ada").await;
    let r = ada.post(&format!("/admin/users/{ada_id}/reset"), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("use the Password page"));
    assert!(has_password(&state, "ada", PASSWORD));
    let r = ada.post("/admin/users/9999/reset", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_reset_signs_the_user_out_and_forces_a_change() {
    let (app, state, doc) = crate::support::web::test_app(Config::default());
    let rev1_id = user_id(&state, "rev1");
    let mut old_rev1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let r = ada
        .post(&format!("/admin/users/{rev1_id}/reset"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("cache-control"), "no-store");
    assert!(
        r.body
            .contains("The password of <strong>rev1</strong> was reset")
    );
    let otp = one_time_password(&r.body);
    assert!(has_password(&state, "rev1", &otp));
    assert!(must_change(&state, "rev1"));
    // Shown once: the Users page does not show it again, but marks the account.
    let users = ada.get("/admin/users").await.body;
    assert!(!users.contains(&otp));
    assert!(users.contains("one-time, not yet changed"));
    // rev1's session is gone; the old password no longer works.
    assert!(!old_rev1.get("/").await.body.contains("Signed in as"));
    let (_, r) = sign_in_with(&app, "rev1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The one-time password signs in, straight to the change form, which nothing bypasses.
    let (mut c, r) = sign_in_with(&app, "rev1", &otp).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/account/password");
    let form = c.get("/account/password").await;
    assert!(form.body.contains("You signed in with a one-time password"));
    let r = c.get(&format!("/documents/{doc}")).await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, "/account/password")
    );
    let r = c
        .post(
            &format!("/documents/{doc}/beads/1/comment"),
            &[("text", "sneaky")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let events = state.with_store(|s| s.events(None, 50)).unwrap();
    assert!(!events.iter().any(|e| e.action == Action::Comment));
    // Changing it opens the site again.
    let r = change_password(&mut c, &otp, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!must_change(&state, "rev1"));
    assert_eq!(
        c.get(&format!("/documents/{doc}")).await.status,
        StatusCode::OK
    );
    // The reset is logged as the admin's, as a one-time password.
    let e = events
        .iter()
        .find(|e| e.action == Action::PasswordSet)
        .expect("a password_set event");
    assert_eq!(e.user.as_deref(), Some("ada"));
    assert_eq!(e.target, Some(Target::User(rev1_id)));
    assert_eq!(e.after.as_deref(), Some(r#"{"one_time":true}"#));
}

#[tokio::test]
async fn an_admin_made_account_chooses_its_password_at_the_first_sign_in() {
    let (app, state, doc) = crate::support::web::test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let r = ada
        .post("/admin/users", &[("name", "teacher"), ("role", "reviewer")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("must be changed"));
    let otp = one_time_password(&r.body);
    assert!(must_change(&state, "teacher"));
    let (mut c, r) = sign_in_with(&app, "teacher", &otp).await;
    assert_eq!(r.location(), "/account/password");
    for path in [
        "/".to_string(),
        format!("/documents/{doc}"),
        "/signin".into(),
    ] {
        let r = c.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.location(), "/account/password", "{path}");
    }
    let r = c
        .post(
            &format!("/documents/{doc}/beads/1/vote"),
            &[("value", "1"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A wrong one-time password or a weak new one keeps the gate shut.
    assert_eq!(c.get("/account/password").await.status, StatusCode::OK);
    let r = change_password(&mut c, "wrong-one-time", NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = change_password(&mut c, &otp, &otp, &otp).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(must_change(&state, "teacher"));
    assert_eq!(c.get("/").await.status, StatusCode::SEE_OTHER);
    // Changed: every page opens; signing out and in again uses the new password.
    let r = change_password(&mut c, &otp, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/").await.status, StatusCode::OK);
    assert_eq!(c.post("/signout", &[]).await.status, StatusCode::SEE_OTHER);
    let (_, r) = sign_in_with(&app, "teacher", &otp).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let (_, r) = sign_in_with(&app, "teacher", NEW_PASSWORD).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
}

#[tokio::test]
async fn the_first_start_admin_must_change_its_printed_password() {
    let mut store = Store::open_in_memory().unwrap();
    let otp = bootstrap(&mut store, PasswordCost::Low).unwrap().unwrap();
    let state = AppState::new(
        vec![store],
        Config {
            password_cost: PasswordCost::Low,
            ..Config::default()
        },
    );
    let app = router(state.clone());
    let (mut c, r) = sign_in_with(&app, "admin", &otp).await;
    assert_eq!(r.location(), "/account/password");
    assert_eq!(c.get("/admin/users").await.location(), "/account/password");
    assert!(
        c.get("/account/password")
            .await
            .body
            .contains("one-time password")
    );
    let r = change_password(&mut c, &otp, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/admin/users").await.status, StatusCode::OK);
}

/// An invite-only app and an admin client on it.
async fn invite_only_app() -> (axum::Router, AppState, Client) {
    let (app, state, _) = crate::support::web::test_app(Config {
        invite_only: true,
        ..Config::default()
    });
    let ada = Client::signed_in(&app, "ada").await;
    (app, state, ada)
}

async fn register(c: &mut Client, token: &str, name: &str) -> crate::support::web::Resp {
    c.post(
        "/register",
        &[
            ("name", name),
            ("password", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
            ("invite", token),
        ],
    )
    .await
}

#[tokio::test]
async fn an_invite_link_registers_one_account_with_its_role() {
    let (app, state, mut ada) = invite_only_app().await;
    let mut anon = Client::anonymous(&app).await;
    assert_eq!(anon.get("/register").await.status, StatusCode::FORBIDDEN);

    let r = ada
        .post("/admin/invites", &[("role", "admin"), ("days", "1")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("cache-control"), "no-store");
    assert!(r.body.contains("Invite link for one admin account"));
    let token = invite_token(&r.body);
    assert!(
        !ada.get("/admin/users").await.body.contains(&token),
        "shown once"
    );

    let page = anon.get(&format!("/register?invite={token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("You are invited to make a <strong>admin</strong> account")
    );
    assert!(
        page.body
            .contains(&format!("name=\"invite\" value=\"{token}\""))
    );
    let r = register(&mut anon, &token, "newadmin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/");
    assert!(
        anon.get("/")
            .await
            .body
            .contains("Signed in as <strong>newadmin</strong> (admin)")
    );
    let c = state
        .with_store(|s| s.credentials("newadmin"))
        .unwrap()
        .unwrap();
    assert_eq!(c.user.role, Role::Admin);
    assert!(!c.user.must_change_password, "the user chose this password");
    let users = ada.get("/admin/users").await.body;
    assert!(users.contains("used by newadmin"), "{users}");

    // Used: a second person gets a clear 410, on the form and on submit.
    let mut late = Client::anonymous(&app).await;
    let r = late.get(&format!("/register?invite={token}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("already used"));
    let r = register(&mut late, &token, "latecomer").await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(
        state
            .with_store(|s| s.credentials("latecomer"))
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn expired_revoked_and_unknown_invites_get_a_clear_4xx() {
    let (app, state, mut ada) = invite_only_app().await;
    let ada_id = user_id(&state, "ada");
    let expired = "ab".repeat(32);
    let e = expired.clone();
    state
        .with_store(move |s| s.create_invite(ada_id, &e, Role::Reviewer, -60))
        .unwrap();
    let mut anon = Client::anonymous(&app).await;
    let r = anon.get(&format!("/register?invite={expired}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("This invite link expired on"), "{}", r.body);
    let r = register(&mut anon, &expired, "tooLate").await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(
        state
            .with_store(|s| s.credentials("tooLate"))
            .unwrap()
            .is_none()
    );

    for bad in ["cd".repeat(32), "not-a-token".into(), "%3Cscript%3E".into()] {
        let r = anon.get(&format!("/register?invite={bad}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(r.body.contains("This invite link is not valid"));
        let r = register(&mut anon, &bad, "guesser").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }

    let r = ada
        .post("/admin/invites", &[("role", "reviewer"), ("days", "7")])
        .await;
    let token = invite_token(&r.body);
    let invites = state.with_store(|s| s.invites(10)).unwrap();
    let open = invites
        .iter()
        .find(|i| i.status == InviteStatus::Open)
        .unwrap();
    let r = ada
        .post(&format!("/admin/invites/{}/revoke", open.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = anon.get(&format!("/register?invite={token}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("withdrawn"));
    let r = ada
        .post(&format!("/admin/invites/{}/revoke", open.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = ada.post("/admin/invites/9999/revoke", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // An unknown lifetime or role is refused.
    let r = ada
        .post("/admin/invites", &[("role", "reviewer"), ("days", "3650")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = ada
        .post("/admin/invites", &[("role", "owner"), ("days", "7")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let statuses: Vec<_> = state
        .with_store(|s| s.invites(10))
        .unwrap()
        .into_iter()
        .map(|i| i.status)
        .collect();
    assert_eq!(statuses, [InviteStatus::Revoked, InviteStatus::Expired]);
}

#[tokio::test]
async fn a_failed_registration_keeps_the_invite_open() {
    let (app, state, mut ada) = invite_only_app().await;
    let r = ada
        .post("/admin/invites", &[("role", "reviewer"), ("days", "3")])
        .await;
    let token = invite_token(&r.body);
    let mut anon = Client::anonymous(&app).await;
    // A taken name, or a weak password: the form comes back with the invite and the name.
    let r = register(&mut anon, &token, "rev1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("already taken"));
    assert!(r.body.contains(&format!("value=\"{token}\"")));
    let r = anon
        .post(
            "/register",
            &[
                ("name", "carol"),
                ("password", "short"),
                ("confirm", "short"),
                ("invite", &token),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("value=\"carol\""));
    assert_eq!(
        state.with_store(|s| s.invites(1)).unwrap()[0].status,
        InviteStatus::Open
    );
    let r = register(&mut anon, &token, "carol").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = state
        .with_store(|s| s.credentials("carol"))
        .unwrap()
        .unwrap();
    assert_eq!(c.user.role, Role::Reviewer);
}

#[test]
fn invite_tokens_are_stored_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    let mut s = Store::open(&db).unwrap();
    let hash = hash_password("x", PasswordCost::Low).unwrap();
    let ada = s.create_user("ada", &hash, Role::Admin).unwrap();
    let token = "0123456789abcdef".repeat(4);
    s.create_invite(ada, &token, Role::Reviewer, 3600).unwrap();
    assert_eq!(
        s.invite(&token).unwrap().unwrap().status,
        InviteStatus::Open
    );
    drop(s);
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains(&token), "the raw token is not in the file");
    assert!(raw.contains(&sverka::storage::session_key(&token)));
}

#[test]
fn the_command_line_makes_and_resets_one_time_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let hash = hash_password(PASSWORD, PasswordCost::Low).unwrap();
    Store::open(&db)
        .unwrap()
        .create_user("anna", &hash, Role::Reviewer)
        .unwrap();
    let sverka = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sverka"))
            .arg("user")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let out = sverka(&["reset", "anna"]);
    let otp = out.split("password is: ").nth(1).unwrap()[..16].to_string();
    let out2 = sverka(&["add", "boris"]);
    assert!(out2.contains("must be changed at the first sign-in"));
    let list = sverka(&["list"]);
    assert!(
        list.contains("anna\treviewer (one-time password)"),
        "{list}"
    );
    assert!(
        list.contains("boris\treviewer (one-time password)"),
        "{list}"
    );
    let s = Store::open(&db).unwrap();
    let anna = s.credentials("anna").unwrap().unwrap();
    assert!(anna.user.must_change_password);
    assert!(sverka::review::verify_password(&otp, &anna.password_hash));
    assert!(!sverka::review::verify_password(
        PASSWORD,
        &anna.password_hash
    ));
}
