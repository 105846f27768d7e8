//! Handler tests: every route, as anonymous, reviewer and admin, on an in-memory database.

use axum::http::StatusCode;
use sverka::web::Config;

use crate::support;
use crate::support::web::{Client, PASSWORD, bead_ids, test_app, version_of, without_marks};

fn tsv_rows(body: &str) -> usize {
    body.lines().count()
}

#[tokio::test]
async fn healthz_static_and_security_headers() {
    let (app, _, _) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = c.get("/static/style.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/css"));
    let r = c.get("/").await;
    let csp = r.header("content-security-policy");
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(r.header("x-frame-options"), "DENY");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("referrer-policy"), "same-origin");
    // Scripts only from files (no inline script or style: the CSP forbids them).
    let scripts: Vec<&str> = r.body.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 2, "htmx and review.js");
    assert!(
        scripts
            .iter()
            .all(|s| s.trim_start().starts_with("src=\"/static/")
                && s.contains("></script>")
                && s.find("></script>") < s.find('\n').or(Some(usize::MAX)))
    );
    assert!(!r.body.contains("style=\"") && !r.body.contains("<style"));
    for js in ["/static/review.js", "/static/vendor/htmx.min.js"] {
        let r = c.get(js).await;
        assert_eq!(r.status, StatusCode::OK, "{js}");
        assert!(r.header("content-type").starts_with("text/javascript"));
    }
    let r = c.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("404"));
}

#[tokio::test]
async fn anonymous_reads_but_cannot_act() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c.get("/").await;
    assert!(r.body.contains("Test pair") && r.body.contains("0 / 4 approved"));
    let r = c.get(&format!("/documents/{doc}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = without_marks(&r.body);
    assert!(text.contains("Первое предложение.") && text.contains("The first sentence."));
    assert!(
        !r.body.contains("/vote\""),
        "anonymous visitors get no vote forms"
    );
    let ids = bead_ids(&r.body);
    assert_eq!(ids.len(), 4);
    let r = c.get(&format!("/documents/{doc}/beads/{}", ids[0])).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = c
        .post(
            &format!("/documents/{doc}/beads/{}/vote", ids[0]),
            &[("value", "1"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for path in ["/admin/users", "/documents/new"] {
        assert_eq!(c.get(path).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = c.post(&format!("/documents/{doc}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn csrf_token_is_required_on_every_post() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::signed_in(&app, "rev1").await;
    let ids = bead_ids(&c.get(&format!("/documents/{doc}")).await.body);
    let path = format!("/documents/{doc}/beads/{}/vote", ids[0]);
    let r = c.post_raw(&path, &[("value", "1"), ("version", "1")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let wrong = "0".repeat(64);
    let r = c
        .post_raw(&path, &[("value", "1"), ("version", "1"), ("csrf", &wrong)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Sign-in needs it too.
    let mut anon = Client::anonymous(&app).await;
    let r = anon
        .post_raw("/signin", &[("name", "rev1"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // With the token the vote goes through.
    let r = c.post(&path, &[("value", "1"), ("version", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sign_in_sets_a_fresh_http_only_session() {
    let (app, _, _) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c
        .post(
            "/signin",
            &[("name", "rev1"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Wrong name or password"));
    let r = c
        .post("/signin", &[("name", "rev1"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r.header("set-cookie");
    assert!(cookie.starts_with("sverka_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"));
    let first = c.cookie("sverka_session").unwrap().to_string();
    assert!(
        c.get("/")
            .await
            .body
            .contains("Signed in as <strong>rev1</strong>")
    );
    // Signing in again gives a new session id and ends the old one.
    c.get("/signin").await;
    let r = c
        .post("/signin", &[("name", "rev1"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = c.cookie("sverka_session").unwrap().to_string();
    assert_ne!(first, second);
    let mut old = Client::anonymous(&app).await;
    old.cookies.push(("sverka_session".into(), first));
    assert!(!old.get("/").await.body.contains("Signed in as"));
    // Sign out ends the session.
    c.get("/").await;
    let r = c.post("/signout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!c.get("/").await.body.contains("Signed in as"));
}

#[tokio::test]
async fn secure_cookie_flag() {
    let (app, _, _) = test_app(Config {
        secure_cookies: true,
        ..Config::default()
    });
    let mut c = Client::anonymous(&app).await;
    let r = c
        .post("/signin", &[("name", "rev1"), ("password", PASSWORD)])
        .await;
    assert!(r.header("set-cookie").contains("; Secure"));
}

#[tokio::test]
async fn registration_open_or_invite_only() {
    let (app, _, _) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    assert_eq!(c.get("/register").await.status, StatusCode::OK);
    let r = c
        .post(
            "/register",
            &[
                ("name", "student"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = c
        .post(
            "/register",
            &[
                ("name", "rev1"),
                ("password", "long enough pw"),
                ("confirm", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("already taken"));
    let r = c
        .post(
            "/register",
            &[
                ("name", "student"),
                ("password", "long enough pw"),
                ("confirm", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        c.get("/")
            .await
            .body
            .contains("Signed in as <strong>student</strong>")
    );

    let (app, _, _) = test_app(Config {
        invite_only: true,
        ..Config::default()
    });
    let mut c = Client::anonymous(&app).await;
    assert!(!c.get("/").await.body.contains("href=\"/register\""));
    assert_eq!(c.get("/register").await.status, StatusCode::FORBIDDEN);
    let r = c
        .post(
            "/register",
            &[
                ("name", "student"),
                ("password", "long enough pw"),
                ("confirm", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn private_mode_keeps_anonymous_out() {
    let (app, _, doc) = test_app(Config {
        private: true,
        ..Config::default()
    });
    let mut c = Client::anonymous(&app).await;
    let r = c.get(&format!("/documents/{doc}")).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/signin"));
    let r = c.get(&format!("/documents/{doc}/export?format=tsv")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/signin").await.status, StatusCode::OK);
    let mut c = Client::signed_in(&app, "rev1").await;
    assert_eq!(
        c.get(&format!("/documents/{doc}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn workflow_vote_outvote_approve_changes_export_and_revert_restores_it() {
    let (app, _, doc) = test_app(Config::default());
    let export = format!("/documents/{doc}/export?format=tsv");
    let mut anon = Client::anonymous(&app).await;
    let original = anon.get(&export).await.bytes;
    assert_eq!(tsv_rows(&String::from_utf8_lossy(&original)), 4);

    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut r2 = Client::signed_in(&app, "rev2").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let (b0, v0) = (ids[0], version_of(&page, ids[0]));

    // rev1 suggests merging beads 1 and 2; rev2 votes for it.
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b0}/suggest"),
            &[("kind", "merge_next"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let bead_page = r2.get(&format!("/documents/{doc}/beads/{b0}")).await.body;
    assert!(bead_page.contains("Merge with the next bead"));
    let sid = {
        let at = bead_page.find("/suggestions/").unwrap() + 13;
        bead_page[at..at + bead_page[at..].find('/').unwrap()].to_string()
    };
    let r = r2
        .post(
            &format!("/suggestions/{sid}/vote"),
            &[("value", "1"), ("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The suggestion (net 2) outvotes the applied bead (net 0): disputed.
    let list = anon.get("/").await.body;
    assert!(
        list.contains(&format!("/documents/{doc}?filter=disputed\">1</a>")),
        "{list}"
    );
    let disputed = anon
        .get(&format!("/documents/{doc}?filter=disputed"))
        .await
        .body;
    assert_eq!(bead_ids(&disputed), vec![b0]);
    assert!(disputed.contains("disputed-badge"));

    // A reviewer may not approve.
    let r = r1
        .post(&format!("/suggestions/{sid}/approve"), &[("version", &v0)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b0}/approve"),
            &[("version", &v0)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(anon.get(&export).await.bytes, original);

    // The admin approves: the change is live at once.
    let r = ada
        .post(&format!("/suggestions/{sid}/approve"), &[("version", &v0)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let merged = anon.get(&export).await.body;
    assert_eq!(tsv_rows(&merged), 3);
    assert!(merged.starts_with(
        "Первое предложение. Второе предложение.\tThe first sentence. The second sentence."
    ));
    let with_status = anon.get(&format!("{export}&columns=status")).await.body;
    assert!(with_status.lines().next().unwrap().ends_with("\tapproved"));
    let approved_only = anon.get(&format!("{export}&status=approved")).await.body;
    assert_eq!(tsv_rows(&approved_only), 1);
    assert!(anon.get("/").await.body.contains("1 / 3 approved"));

    // History shows the change; the admin reverts it and the export is as before, byte for byte.
    let history = ada.get(&format!("/documents/{doc}/history")).await.body;
    let at = history.find("/events/").expect("a revert button") + 8;
    let eid = history[at..at + history[at..].find('/').unwrap()].to_string();
    let r = r1.post(&format!("/events/{eid}/revert"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = ada.post(&format!("/events/{eid}/revert"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(anon.get(&export).await.bytes, original);
}

#[tokio::test]
async fn stale_version_is_refused_with_the_current_state() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[1];
    let v = version_of(&page, b);
    let r = ada
        .post(
            &format!("/documents/{doc}/beads/{b}/approve"),
            &[("version", &v)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // rev1 votes on the version it saw, which is now stale.
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/vote"),
            &[("value", "-1"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains("changed since you loaded the page"),
        "{}",
        r.body
    );
    assert!(r.body.contains("The current state is shown below"));
    assert!(r.body.contains("approved"));
    // Nothing was changed: the vote was not counted.
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    assert!(!page.contains("class=\"vote mine\""));
    // Approving twice with the old version is refused too.
    let r = ada
        .post(
            &format!("/documents/{doc}/beads/{b}/approve"),
            &[("version", &v)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn votes_change_and_withdraw() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[0];
    let path = format!("/documents/{doc}/beads/{b}/vote");
    for (value, shown) in [("1", "1"), ("-1", "-1"), ("0", "0")] {
        let r = r1.post(&path, &[("value", value), ("version", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = r1.get(&format!("/documents/{doc}/beads/{b}")).await.body;
        assert!(
            page.contains(&format!("The applied version has <strong>{shown}</strong>")),
            "after {value}"
        );
    }
    let r = r1.post(&path, &[("value", "5"), ("version", "1")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn wording_suggestion_and_comment_are_escaped_and_applied() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[0];
    let evil = "<script>alert(1)</script> The first one.";
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/suggest"),
            &[
                ("kind", "wording"),
                ("lang", "en"),
                ("idx", "0"),
                ("text", evil),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/comment"),
            &[("text", "<img src=x> ok?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let bead = ada.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    assert!(!bead.contains("<script>alert") && bead.contains("&#60;script&#62;alert(1)"));
    assert!(!bead.contains("<img src=x>") && bead.contains("&#60;img src=x&#62; ok?"));
    let at = bead.find("/suggestions/").unwrap() + 13;
    let sid = bead[at..at + bead[at..].find('/').unwrap()].to_string();
    let r = ada
        .post(&format!("/suggestions/{sid}/approve"), &[("version", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let tsv = ada
        .get(&format!("/documents/{doc}/export?format=tsv"))
        .await
        .body;
    assert!(tsv.lines().next().unwrap().contains(evil));
}

#[tokio::test]
async fn reject_with_reason() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let b = bead_ids(&r1.get(&format!("/documents/{doc}")).await.body)[2];
    r1.post(
        &format!("/documents/{doc}/beads/{b}/suggest"),
        &[("kind", "split"), ("split", "3:2"), ("version", "1")],
    )
    .await;
    let bead = ada.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    let at = bead.find("/suggestions/").unwrap() + 13;
    let sid = bead[at..at + bead[at..].find('/').unwrap()].to_string();
    let r = r1
        .post(&format!("/suggestions/{sid}/reject"), &[("reason", "no")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = ada
        .post(
            &format!("/suggestions/{sid}/reject"),
            &[("reason", "Keep them together.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let bead = ada.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    assert!(bead.contains("Reason: Keep them together.") && bead.contains("rejected"));
}

#[tokio::test]
async fn auto_approve_applies_without_an_admin() {
    let (app, _, doc) = test_app(Config {
        auto_approve: Some(2),
        ..Config::default()
    });
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut r2 = Client::signed_in(&app, "rev2").await;
    let b = bead_ids(&r1.get(&format!("/documents/{doc}")).await.body)[0];
    r1.post(
        &format!("/documents/{doc}/beads/{b}/suggest"),
        &[("kind", "merge_next"), ("version", "1")],
    )
    .await;
    let bead = r2.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    let at = bead.find("/suggestions/").unwrap() + 13;
    let sid = bead[at..at + bead[at..].find('/').unwrap()].to_string();
    let r = r2
        .post(
            &format!("/suggestions/{sid}/vote"),
            &[("value", "1"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let tsv = r2
        .get(&format!("/documents/{doc}/export?format=tsv"))
        .await
        .body;
    assert_eq!(tsv_rows(&tsv), 3);
}

#[tokio::test]
async fn exports_have_types_and_file_names() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    for (format, ctype, ext) in [
        ("tsv", "text/tab-separated-values", "tsv"),
        ("tmx", "application/x-tmx+xml", "tmx"),
        ("json", "application/json", "json"),
        ("beads", "text/plain", "beads"),
        ("cesalign", "application/xml", "xml"),
    ] {
        let r = c
            .get(&format!("/documents/{doc}/export?format={format}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{format}");
        assert!(r.header("content-type").starts_with(ctype), "{format}");
        assert_eq!(
            r.header("content-disposition"),
            format!("attachment; filename=\"test-pair.{ext}\"")
        );
    }
    let ces = c
        .get(&format!("/documents/{doc}/export?format=cesalign"))
        .await
        .body;
    assert!(ces.contains("xtargets=\"s1;s1\""));
    assert!(ces.contains("fromDoc=\"test-pair.ru.xml\""), "{ces}");
    let r = c.get(&format!("/documents/{doc}/export?format=docx")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = c
        .get(&format!("/documents/{doc}/export?status=rejected"))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        c.get("/documents/999/export").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn filters_search_and_pagination() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let page = c.get(&format!("/documents/{doc}?per=3")).await.body;
    assert_eq!(bead_ids(&page).len(), 3);
    assert!(page.contains("page 1 of 2"));
    let page2 = c.get(&format!("/documents/{doc}?per=3&page=2")).await.body;
    assert_eq!(bead_ids(&page2).len(), 1);
    let found = c
        .get(&format!(
            "/documents/{doc}?q=%D0%A2%D1%80%D0%B5%D1%82%D1%8C%D0%B5"
        ))
        .await
        .body;
    assert_eq!(bead_ids(&found).len(), 1, "search for Третье");
    assert!(without_marks(&found).contains("Третье предложение."));
    let found = c.get(&format!("/documents/{doc}?q=FOURTH")).await.body;
    assert_eq!(bead_ids(&found).len(), 1);
    for (filter, n) in [
        ("approved", 0),
        ("unreviewed", 4),
        ("not11", 0),
        ("disputed", 0),
    ] {
        let page = c
            .get(&format!("/documents/{doc}?filter={filter}"))
            .await
            .body;
        assert_eq!(bead_ids(&page).len(), n, "{filter}");
    }
    assert_eq!(c.get("/documents/999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        c.get(&format!("/documents/{doc}/beads/999")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn user_admin() {
    let (app, _, _) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    assert_eq!(r1.get("/admin/users").await.status, StatusCode::FORBIDDEN);
    let r = r1
        .post("/admin/users", &[("name", "mallory"), ("role", "admin")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = ada.get("/admin/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("rev2"));
    let r = ada
        .post("/admin/users", &[("name", "teacher"), ("role", "reviewer")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let at = r.body.find("one-time password is <code>").unwrap() + 27;
    let password = r.body[at..at + 16].to_string();
    let mut t = Client::anonymous(&app).await;
    let r = t
        .post("/signin", &[("name", "teacher"), ("password", &password)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Deactivate rev2 (no `active` field): rev2 can no longer sign in.
    let users = ada.get("/admin/users").await.body;
    let at = users.find("<td>rev2</td>").unwrap();
    let form = &users[at..];
    let f = form.find("/admin/users/").unwrap() + 13;
    let uid = form[f..f + form[f..].find('"').unwrap()].to_string();
    let r = ada
        .post(&format!("/admin/users/{uid}"), &[("role", "reviewer")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut r2 = Client::anonymous(&app).await;
    let r = r2
        .post("/signin", &[("name", "rev2"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn new_document_and_delete() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    assert_eq!(r1.get("/documents/new").await.status, StatusCode::FORBIDDEN);
    let form = [
        ("title", "Pair two"),
        ("ru", "Один. Два."),
        ("en", "One. Two."),
    ];
    assert_eq!(
        r1.post("/documents", &form).await.status,
        StatusCode::FORBIDDEN
    );
    let mut ada = Client::signed_in(&app, "ada").await;
    assert_eq!(ada.get("/documents/new").await.status, StatusCode::OK);
    let r = ada
        .post(
            "/documents",
            &[("title", "Empty"), ("ru", "  "), ("en", "One.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("empty"));
    let r = ada.post("/documents", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let new = r.location().to_string();
    let page = without_marks(&ada.get(&new).await.body);
    assert!(page.contains("Pair two") && page.contains("Один.") && page.contains("Two."));
    assert_eq!(
        r1.post(&format!("/documents/{doc}/delete"), &[("confirm", "yes")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Deleting asks first (a confirmation page), then deletes once confirmed.
    let r = ada.post(&format!("/documents/{doc}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("cannot be undone"), "{}", r.body);
    assert_eq!(
        ada.get(&format!("/documents/{doc}")).await.status,
        StatusCode::OK
    );
    let r = ada
        .post(&format!("/documents/{doc}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        ada.get(&format!("/documents/{doc}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn new_document_from_uploaded_files() {
    let (app, _, _) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    ada.get("/documents/new").await;
    let ru = "Кошка спит. Собака лает.\n".as_bytes();
    let en = b"The cat sleeps. The dog barks.\n";
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Uploaded"), ("ru", ""), ("en", "")],
            &[("ru_file", "ru.txt", ru), ("en_file", "en.txt", en)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = without_marks(&ada.get(r.location()).await.body);
    assert!(page.contains("Собака лает.") && page.contains("The dog barks."));
    // A windows-1251 text is read as such, aligned, and the notice names the encoding.
    let cp1251 = encoding_rs::WINDOWS_1251
        .encode("Кошка спит. Собака громко лает.\n")
        .0;
    let en = b"The cat sleeps. The dog barks loudly.\n";
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Legacy encoding")],
            &[
                ("ru_file", "cp1251.txt", &cp1251),
                ("en_file", "en.txt", en),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = ada.get(r.location()).await.body;
    assert!(
        page.contains("Read cp1251.txt as windows-1251; read en.txt as UTF-8."),
        "{page}"
    );
    assert!(page.contains("2 beads aligned"), "{page}");
    let page = without_marks(&page);
    assert!(page.contains("Собака громко лает.") && page.contains("The dog barks loudly."));
    // A binary file is refused with the side, the file and the reason; nothing is stored.
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Bad")],
            &[
                ("ru_file", "blob.txt", b"ok\n\0\0\x01\x02\xcf\xf0\xe8"),
                ("en_file", "en.txt", en),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains(
            "The Russian file blob.txt looks like a binary file, not text (it holds NUL bytes (binary data))"
        ),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Bad\""), "the title is kept");
    // Without the CSRF part the upload is refused.
    let r = ada
        .post_raw(
            "/documents",
            &[("title", "x"), ("ru", "Да."), ("en", "Yes.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn restore_to_an_earlier_state() {
    let (app, _, doc) = test_app(Config::default());
    let export = format!("/documents/{doc}/export?format=tsv&columns=status");
    let mut ada = Client::signed_in(&app, "ada").await;
    let original = ada.get(&export).await.bytes;
    let page = ada.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    for b in [ids[0], ids[3]] {
        let r = ada
            .post(
                &format!("/documents/{doc}/beads/{b}/approve"),
                &[("version", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_ne!(ada.get(&export).await.bytes, original);
    let history = ada.get(&format!("/documents/{doc}/history")).await.body;
    // The oldest event (the document's import) is the last restore form on the page.
    let at = history.rfind("name=\"event\" value=\"").unwrap() + 20;
    let first = history[at..at + history[at..].find('"').unwrap()].to_string();
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let r = r1
        .post(&format!("/documents/{doc}/restore"), &[("event", &first)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Restoring asks first, then restores once confirmed.
    let r = ada
        .post(&format!("/documents/{doc}/restore"), &[("event", &first)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(ada.get(&export).await.bytes, original);
    let r = ada
        .post(
            &format!("/documents/{doc}/restore"),
            &[("event", &first), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(ada.get(&export).await.bytes, original);
}

#[tokio::test]
async fn first_start_bootstrap_and_cli_export() {
    use sverka::storage::Store;
    use sverka::web::bootstrap;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut store = Store::open(&db).unwrap();
    let password = bootstrap(&mut store, sverka::review::PasswordCost::Low)
        .unwrap()
        .expect("a one-time password on first start");
    assert_eq!(password.len(), 16);
    // A second start creates nothing.
    assert!(
        bootstrap(&mut store, sverka::review::PasswordCost::Low)
            .unwrap()
            .is_none()
    );
    let docs = store.documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, 1);
    assert!(docs[0].total > 10);
    let admin = store.credentials("admin").unwrap().unwrap();
    assert!(sverka::review::verify_password(
        &password,
        &admin.password_hash
    ));
    drop(store);

    let state = sverka::web::AppState::open(&db, Config::default()).unwrap();
    let app = sverka::web::router(state);
    let mut c = Client::anonymous(&app).await;
    // `sverka export` as a user runs it.
    let export = |args: &[&str]| {
        support::run::command(&["export"])
            .args(args)
            .output()
            .expect("sverka runs")
    };
    let db_arg = db.to_str().unwrap().to_string();
    for format in ["tsv", "tmx", "cesalign"] {
        let web = c
            .get(&format!(
                "/documents/1/export?format={format}&columns=status"
            ))
            .await
            .bytes;
        let out = dir.path().join(format!("out.{format}"));
        let run = export(&[
            "--db",
            &db_arg,
            "--doc",
            "1",
            "--format",
            format,
            "--status-column",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{run:?}");
        let cli = std::fs::read(&out).unwrap();
        if format == "tmx" {
            // TMX carries a creation date; compare the bodies.
            let body = |b: &[u8]| {
                let s = String::from_utf8_lossy(b).into_owned();
                s[s.find("<body>").unwrap_or(0)..].to_string()
            };
            assert_eq!(body(&cli), body(&web));
        } else {
            assert_eq!(cli, web, "{format}");
        }
    }
    let missing = dir.path().join("missing.db");
    let run = export(&["--db", missing.to_str().unwrap(), "--doc", "1"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no database"));
    let run = export(&["--db", &db_arg, "--doc", "1", "--format", "docx"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("unknown export format"), "{stderr}");
}

#[tokio::test]
async fn role_matrix_for_every_post_route() {
    let (app, state, doc) = test_app(Config::default());
    let (bead, sid, eid) = state.with_store(|s| {
        let b = s.beads(doc).unwrap()[0].clone();
        let users = s.users().unwrap();
        let rev = users.iter().find(|u| u.name == "rev1").unwrap().id;
        let sid = s
            .suggest(rev, doc, b.id, b.version, sverka::review::Change::MergeNext)
            .unwrap();
        let eid = s.events(Some(doc), 1).unwrap()[0].id;
        (b.id, sid, eid)
    });
    let reviewer_ok = [
        format!("/documents/{doc}/beads/{bead}/vote"),
        format!("/documents/{doc}/beads/{bead}/suggest"),
        format!("/documents/{doc}/beads/{bead}/comment"),
        format!("/suggestions/{sid}/vote"),
    ];
    let admin_only = [
        format!("/documents/{doc}/beads/{bead}/approve"),
        format!("/suggestions/{sid}/approve"),
        format!("/suggestions/{sid}/reject"),
        format!("/events/{eid}/revert"),
        format!("/documents/{doc}/restore"),
        format!("/documents/{doc}/delete"),
        "/documents".to_string(),
        "/admin/users".to_string(),
        "/admin/users/1".to_string(),
    ];
    let form = [
        ("value", "1"),
        ("version", "1"),
        ("kind", "move_last_to_next:en"),
        ("text", "A comment."),
        ("reason", "A reason."),
        ("event", "0"),
        ("role", "reviewer"),
        ("name", "x"),
        ("title", "t"),
        ("ru", "Да."),
        ("en", "Yes."),
    ];
    let mut anon = Client::anonymous(&app).await;
    for path in reviewer_ok.iter().chain(&admin_only) {
        let r = anon.post(path, &form).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "anonymous {path}");
    }
    let mut rev = Client::signed_in(&app, "rev2").await;
    for path in &admin_only {
        let r = rev.post(path, &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "reviewer {path}");
    }
    for path in &reviewer_ok {
        let r = rev.post(path, &form).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "reviewer {path}: {}",
            r.body
        );
    }
    // The reviewer's move suggestion was stored as such.
    let page = rev
        .get(&format!("/documents/{doc}/beads/{bead}"))
        .await
        .body;
    assert!(page.contains("Move the last English sentence to the next bead"));
    assert!(page.contains("A comment."));
    // Admin GET pages.
    let mut ada = Client::signed_in(&app, "ada").await;
    for path in [
        "/admin/users",
        "/documents/new",
        &format!("/documents/{doc}/history"),
    ] {
        assert_eq!(ada.get(path).await.status, StatusCode::OK, "admin {path}");
    }
    let history = ada.get(&format!("/documents/{doc}/history")).await.body;
    assert!(history.contains("Revert") || history.contains("restore to here"));
    let history = rev.get(&format!("/documents/{doc}/history")).await.body;
    assert!(!history.contains("/revert\"") && !history.contains("/restore\""));
}

#[tokio::test]
async fn changes_are_announced_live_with_who_and_where() {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let (app, state, doc) = test_app(Config::default());
    let mut rx = state.subscribe();
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let v = version_of(&page, ids[1]);
    r1.post(
        &format!("/documents/{doc}/beads/{}/vote", ids[1]),
        &[("value", "1"), ("version", &v)],
    )
    .await;
    let e = rx.try_recv().expect("the vote is announced");
    assert_eq!(
        (e.doc, e.kind, e.bead, e.structural),
        (doc, sverka::web::LiveKind::Vote, Some(ids[1]), false)
    );
    assert_eq!(e.who, "rev1");
    assert_eq!(e.message, "rev1 voted on bead 2");
    r1.post(
        &format!("/documents/{doc}/beads/{}/comment", ids[0]),
        &[("text", "Looks right")],
    )
    .await;
    assert_eq!(rx.try_recv().unwrap().message, "rev1 commented on bead 1");
    // A refused (stale) vote announces nothing.
    r1.post(
        &format!("/documents/{doc}/beads/{}/vote", ids[1]),
        &[("value", "-1"), ("version", "999")],
    )
    .await;
    assert!(rx.try_recv().is_err());

    // The stream itself: an event-stream that greets, then sends the document's changes.
    let resp = app
        .clone()
        .oneshot(
            Request::get(format!("/documents/{doc}/live"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = resp.into_body();
    let hello = body.frame().await.unwrap().unwrap().into_data().unwrap();
    let hello = String::from_utf8_lossy(&hello).into_owned();
    assert!(
        hello.contains("event: hello") && hello.contains("retry: 1000"),
        "{hello}"
    );
    r1.post(
        &format!("/documents/{doc}/beads/{}/vote", ids[1]),
        &[("value", "0"), ("version", &v)],
    )
    .await;
    let change = tokio::time::timeout(std::time::Duration::from_secs(2), body.frame())
        .await
        .expect("the change arrives");
    let change = change.unwrap().unwrap().into_data().unwrap();
    let change = String::from_utf8_lossy(&change).into_owned();
    assert!(change.contains("event: change"), "{change}");
    assert!(
        change.contains("\"message\":\"rev1 voted on bead 2\""),
        "{change}"
    );
    let r = r1.get("/documents/999/live").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn htmx_actions_answer_with_the_fresh_row() {
    let (app, _, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = ada.get(&format!("/documents/{doc}")).await.body;
    let id = bead_ids(&page)[0];
    let v = version_of(&page, id);
    let r = ada
        .post_hx(
            &format!("/documents/{doc}/beads/{id}/vote"),
            &[("value", "1"), ("version", &v), ("back", "/documents/1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .trim_start()
            .starts_with(&format!("<tr id=\"b{id}\"")),
        "{}",
        r.body
    );
    assert!(r.body.contains("aria-pressed=\"true\""));
    assert!(!r.body.contains("<html"), "a fragment, not a page");
    // A stale action answers with the current row and a notice for the page.
    let r = ada
        .post_hx(
            &format!("/documents/{doc}/beads/{id}/approve"),
            &[("version", "999")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("hx-trigger").contains("sverka-notice"));
    assert!(
        r.header("hx-trigger")
            .contains("changed since you loaded the page")
    );
    // The row route gives the same fragment; the rows partial gives every row.
    let row = ada.get(&format!("/documents/{doc}/beads/{id}/row")).await;
    assert_eq!(row.status, StatusCode::OK);
    assert!(row.body.contains(&format!("id=\"b{id}\"")) && !row.body.contains("<html"));
    let rows = ada
        .get(&format!("/documents/{doc}?partial=rows"))
        .await
        .body;
    assert_eq!(bead_ids(&rows).len(), 4);
    assert!(!rows.contains("<html"));
    assert_eq!(
        ada.get(&format!("/documents/{doc}/beads/99999/row"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn next_goes_to_the_least_confident_unapproved_bead() {
    use sverka::review::Status;
    let (app, state, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let beads = state.db(move |s| s.beads(doc)).await.unwrap().unwrap();
    let mut order: Vec<_> = beads.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.score.total_cmp(&b.1.score).then(a.0.cmp(&b.0)));
    let least = order[0].1.clone();
    let r = ada.get(&format!("/documents/{doc}/next")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location().ends_with(&format!("#b{}", least.id)),
        "{}",
        r.location()
    );
    // Approved, it is skipped; the next asks walk on in order of confidence.
    ada.post(
        &format!("/documents/{doc}/beads/{}/approve", least.id),
        &[("version", &least.version.to_string())],
    )
    .await;
    let mut seen = Vec::new();
    let mut from = String::new();
    for _ in 0..3 {
        let r = ada.get(&format!("/documents/{doc}/next{from}")).await;
        let id: i64 = r.location().rsplit("#b").next().unwrap().parse().unwrap();
        let b = beads.iter().find(|b| b.id == id).unwrap();
        assert_ne!(id, least.id, "an approved bead is never next");
        seen.push(b.clone());
        from = format!("?from={id}");
    }
    let expected: Vec<i64> = order[1..].iter().map(|(_, b)| b.id).collect();
    assert_eq!(seen.iter().map(|b| b.id).collect::<Vec<_>>(), expected);
    let now = state.db(move |s| s.beads(doc)).await.unwrap().unwrap();
    assert_eq!(
        now.iter().filter(|b| b.status == Status::Approved).count(),
        1
    );
}

#[tokio::test]
async fn review_page_marks_evidence_and_shows_agreement() {
    let (app, _, doc) = test_app(Config::default());
    let mut anon = Client::anonymous(&app).await;
    let page = anon.get(&format!("/documents/{doc}")).await.body;
    assert!(
        page.contains("<mark class=\"ev ev-"),
        "matched words are marked"
    );
    assert!(
        page.contains("same number") && page.contains("dictionary translation"),
        "legend"
    );
    assert!(page.contains("Reviewer agreement: no shared votes yet"));
    let ids = bead_ids(&page);
    // rev1 and rev2 agree on bead 1 and disagree on bead 2.
    for (who, votes) in [("rev1", ["1", "1"]), ("rev2", ["1", "-1"])] {
        let mut c = Client::signed_in(&app, who).await;
        for (k, value) in votes.iter().enumerate() {
            let page = c.get(&format!("/documents/{doc}")).await.body;
            let v = version_of(&page, ids[k]);
            let r = c
                .post(
                    &format!("/documents/{doc}/beads/{}/vote", ids[k]),
                    &[("value", value), ("version", &v)],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
    }
    let page = anon.get(&format!("/documents/{doc}")).await.body;
    assert!(
        page.contains("Reviewer agreement: 50% of 2 beads"),
        "{}",
        &page[..page.len().min(4000)]
    );
    assert!(page.contains("rev1 · rev2"));
}

#[tokio::test]
async fn compare_scores_a_students_alignment() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let form = c.get(&format!("/documents/{doc}/compare")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    // The test pair is four 1-1 beads; the aligner finds them.
    let right = "Первое предложение.\tThe first sentence.\nВторое предложение.\tThe second sentence.\n\
                 Третье предложение.\tThe third sentence.\nЧетвёртое предложение.\tThe fourth sentence.\n";
    let r = c
        .post(&format!("/documents/{doc}/compare"), &[("text", right)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Your 4 beads"));
    assert!(r.body.contains("<td class=\"f1\">100.0%</td>"));
    assert!(r.body.contains("No bead is approved yet."));
    // A beads file merging the first two: strict precision 2/3, recall 2/4.
    let merged = "[0, 1]:[0, 1]\n[2]:[2]\n[3]:[3]\n";
    let r = c
        .post_multipart(
            &format!("/documents/{doc}/compare"),
            &[],
            &[("file", "mine.beads", merged.as_bytes())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("<td>66.7%</td><td>50.0%</td><td class=\"f1\">57.1%</td>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Only yours (1)") && r.body.contains("Only theirs (2)"));
    // Differences are written as the beads file writes them, 0-based.
    assert!(r.body.contains("<code>[0, 1]:[0, 1]</code>"), "{}", r.body);
    // Text that is not this document's is refused with the line.
    let r = c
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "Чужой текст.\tOther.\n")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("Line 1: the Russian text does not continue the document")
    );
}

#[tokio::test]
async fn closing_ends_live_streams_for_a_clean_shutdown() {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let (app, state, doc) = test_app(Config::default());
    let resp = app
        .clone()
        .oneshot(
            Request::get(format!("/documents/{doc}/live"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let mut body = resp.into_body();
    assert!(body.frame().await.is_some(), "the greeting");
    state.close_live();
    let end = tokio::time::timeout(std::time::Duration::from_secs(2), body.frame())
        .await
        .expect("the stream ends when the server closes");
    assert!(end.is_none());
    let r = Client::anonymous(&app)
        .await
        .get(&format!("/documents/{doc}/live"))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}
