//! Web security: the authorization matrix over every route × anonymous / reviewer / admin,
//! CSRF, sessions and cookies, sign-in throttling, security headers, upload limits, and
//! hostile markup rendered inert.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use sverka::review::Action;
use sverka::review::PasswordCost;
use sverka::review::{Change, DocId};
use sverka::storage::Store;
use sverka::web::{AppState, Config, router};

use crate::support::web::{Client, PASSWORD, Resp, open_test_store, test_app};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    Reviewer,
    Admin,
}

/// What a role gets on a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// 200 (pages, files).
    Ok,
    /// 303 See Other (a form that worked and redirects).
    Done,
    /// 401: sign in first.
    SignIn,
    /// 403: the role may not.
    Deny,
}

/// Ids made for one matrix cell.
struct Fixture {
    doc: DocId,
    bead: i64,
    version: i64,
    open_suggestion: i64,
    applied_event: i64,
    reviewer_id: i64,
    open_invite: i64,
}

fn fixture_app() -> (axum::Router, Fixture) {
    let (mut s, doc, [ada, rev1, rev2]) = open_test_store();
    let beads = s.beads(doc).unwrap();
    assert!(beads.len() >= 4, "the test pair has four beads");
    let applied = s
        .suggest(rev2, doc, beads[2].id, beads[2].version, Change::MergeNext)
        .unwrap();
    let b2 = s.bead(doc, beads[2].id).unwrap().unwrap();
    s.approve_suggestion(ada, applied, b2.version).unwrap();
    let applied_event = s
        .events(Some(doc), 100)
        .unwrap()
        .into_iter()
        .find(|e| e.action != Action::Suggest && e.action != Action::Vote)
        .expect("approving logs an event")
        .id;
    let b0 = s.bead(doc, beads[0].id).unwrap().unwrap();
    let open_suggestion = s
        .suggest(rev2, doc, b0.id, b0.version, Change::Unpair)
        .unwrap();
    let open_invite = s
        .create_invite(ada, &"1f".repeat(32), sverka::review::Role::Reviewer, 3600)
        .unwrap();
    let state = AppState::new(
        vec![s],
        Config {
            password_cost: PasswordCost::Low,
            ..Config::default()
        },
    );
    (
        router(state),
        Fixture {
            doc,
            bead: b0.id,
            version: b0.version,
            open_suggestion,
            applied_event,
            reviewer_id: rev1,
            open_invite,
        },
    )
}

/// One row of the matrix: method, route pattern as the router spells it, and the request.
struct Row {
    method: &'static str,
    route: &'static str,
    want: [Want; 3],
}

const fn row(method: &'static str, route: &'static str, want: [Want; 3]) -> Row {
    Row {
        method,
        route,
        want,
    }
}

use Want::{Deny, Done, Ok as Page, SignIn};

/// Anonymous, reviewer, admin. Reading is open (the server is not `--private` here); every
/// change needs an account, and documents, approvals, reverts and accounts need an admin.
const MATRIX: &[Row] = &[
    row("GET", "/", [Page, Page, Page]),
    row("GET", "/healthz", [Page, Page, Page]),
    row("GET", "/static/style.css", [Page, Page, Page]),
    row("GET", "/static/review.js", [Page, Page, Page]),
    row("GET", "/static/vendor/htmx.min.js", [Page, Page, Page]),
    row("GET", "/signin", [Page, Page, Page]),
    row("POST", "/signin", [Done, Done, Done]),
    row("POST", "/signout", [Done, Done, Done]),
    row("GET", "/register", [Page, Page, Page]),
    row("POST", "/register", [Done, Done, Done]),
    row("POST", "/documents", [SignIn, Deny, Done]),
    row("GET", "/documents/new", [SignIn, Deny, Page]),
    row("POST", "/documents/import", [SignIn, Deny, Done]),
    row("GET", "/documents/{id}", [Page, Page, Page]),
    row("POST", "/documents/{id}/delete", [SignIn, Deny, Done]),
    row("GET", "/documents/{id}/export", [Page, Page, Page]),
    row("GET", "/documents/{id}/book", [Page, Page, Page]),
    row("GET", "/documents/{id}/findings.tsv", [Page, Page, Page]),
    row("GET", "/documents/{id}/history", [Page, Page, Page]),
    row("GET", "/documents/{id}/live", [Page, Page, Page]),
    row("GET", "/documents/{id}/next", [Done, Done, Done]),
    row("GET", "/documents/{id}/compare", [Page, Page, Page]),
    row("POST", "/documents/{id}/compare", [Page, Page, Page]),
    row(
        "GET",
        "/documents/{id}/beads/{bead}/row",
        [Page, Page, Page],
    ),
    row("POST", "/documents/{id}/restore", [SignIn, Deny, Done]),
    row("GET", "/documents/{id}/beads/{bead}", [Page, Page, Page]),
    row(
        "POST",
        "/documents/{id}/beads/{bead}/vote",
        [SignIn, Done, Done],
    ),
    row(
        "POST",
        "/documents/{id}/beads/{bead}/approve",
        [SignIn, Deny, Done],
    ),
    row(
        "POST",
        "/documents/{id}/beads/{bead}/suggest",
        [SignIn, Done, Done],
    ),
    row(
        "POST",
        "/documents/{id}/beads/{bead}/comment",
        [SignIn, Done, Done],
    ),
    row("POST", "/suggestions/{sid}/vote", [SignIn, Done, Done]),
    row("POST", "/suggestions/{sid}/approve", [SignIn, Deny, Done]),
    row("POST", "/suggestions/{sid}/reject", [SignIn, Deny, Done]),
    row("GET", "/my-suggestions", [SignIn, Page, Page]),
    // Only its author may withdraw a suggestion; the fixture's is by another reviewer.
    row("POST", "/suggestions/{sid}/withdraw", [SignIn, Deny, Deny]),
    row("POST", "/events/{eid}/revert", [SignIn, Deny, Done]),
    row("GET", "/admin/users", [SignIn, Deny, Page]),
    row("POST", "/admin/users", [SignIn, Deny, Page]),
    row("POST", "/admin/users/{uid}", [SignIn, Deny, Done]),
    row("GET", "/account/password", [SignIn, Page, Page]),
    row("POST", "/account/password", [SignIn, Done, Done]),
    row("POST", "/admin/users/{uid}/reset", [SignIn, Deny, Page]),
    row("POST", "/admin/invites", [SignIn, Deny, Page]),
    row("POST", "/admin/invites/{iid}/revoke", [SignIn, Deny, Done]),
];

/// Every `(method, route)` of the router's route table, so a new route without a matrix row
/// fails this test.
fn registered_routes() -> BTreeSet<(String, String)> {
    sverka::web::routes()
        .into_iter()
        .map(|r| {
            let method = match r.method {
                sverka::web::Method::Get => "GET",
                sverka::web::Method::Post => "POST",
            };
            (method.to_string(), r.path.to_string())
        })
        .collect()
}

/// A valid request for `row` (so that only the role decides the answer).
async fn send(c: &mut Client, row: &Row, f: &Fixture) -> Resp {
    let path = row
        .route
        .replace("{id}", &f.doc.to_string())
        .replace("{bead}", &f.bead.to_string())
        .replace("{sid}", &f.open_suggestion.to_string())
        .replace("{eid}", &f.applied_event.to_string())
        .replace("{uid}", &f.reviewer_id.to_string())
        .replace("{iid}", &f.open_invite.to_string());
    let version = f.version.to_string();
    let event = f.applied_event.to_string();
    if row.route == "/documents/{id}/live" {
        return open_stream(c, &path).await;
    }
    if row.route == "/documents/import" {
        // The import form sends a file: a two-unit TSV.
        let tsv = "Один.\tOne.\nДва.\tTwo.\n";
        return c
            .post_multipart(
                &path,
                &[("title", "Imported pair")],
                &[("alignment", "pair.tsv", tsv.as_bytes())],
            )
            .await;
    }
    if row.method == "GET" {
        let path = match row.route {
            "/documents/{id}/export" => format!("{path}?format=tsv"),
            _ => path,
        };
        return c.get(&path).await;
    }
    let form: Vec<(&str, &str)> = match row.route {
        "/signin" => vec![("name", "rev2"), ("password", PASSWORD)],
        "/register" => vec![
            ("name", "newcomer"),
            ("password", "a-long-enough-password"),
            ("confirm", "a-long-enough-password"),
        ],
        "/documents" => vec![
            ("title", "Another"),
            ("ru", "Один. Два."),
            ("en", "One. Two."),
        ],
        "/documents/{id}/compare" => vec![("text", "[0]:[0]\n")],
        // Both ask for confirmation first; the matrix sends the confirmed form.
        "/documents/{id}/restore" => vec![("event", &event), ("confirm", "yes")],
        "/documents/{id}/delete" => vec![("confirm", "yes")],
        "/documents/{id}/beads/{bead}/vote" | "/suggestions/{sid}/vote" => {
            vec![("value", "1"), ("version", &version)]
        }
        "/documents/{id}/beads/{bead}/approve" | "/suggestions/{sid}/approve" => {
            vec![("version", &version)]
        }
        "/documents/{id}/beads/{bead}/suggest" => {
            vec![("kind", "merge_next"), ("version", &version)]
        }
        "/documents/{id}/beads/{bead}/comment" => vec![("text", "Looks right.")],
        "/suggestions/{sid}/reject" => vec![("reason", "not better")],
        "/admin/users" => vec![("name", "invited"), ("role", "reviewer")],
        "/admin/users/{uid}" => vec![("role", "reviewer"), ("active", "on")],
        "/account/password" => vec![
            ("current", PASSWORD),
            ("password", "a-new-long-password"),
            ("confirm", "a-new-long-password"),
        ],
        "/admin/invites" => vec![("role", "reviewer"), ("days", "7")],
        _ => vec![],
    };
    c.post(&path, &form).await
}

/// Opens the live event stream and reads only the head (the body never ends).
async fn open_stream(c: &Client, path: &str) -> Resp {
    use tower::ServiceExt;
    let cookies = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let req = axum::http::Request::get(path)
        .header("cookie", cookies)
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = c.app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    if status == StatusCode::OK {
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
    }
    Resp {
        status,
        headers: resp.headers().clone(),
        body: String::new(),
        bytes: vec![],
    }
}

fn matches(want: Want, r: &Resp) -> bool {
    match want {
        Want::Ok => r.status == StatusCode::OK,
        Want::Done => r.status == StatusCode::SEE_OTHER && r.location() != "/signin",
        Want::SignIn => r.status == StatusCode::UNAUTHORIZED,
        Want::Deny => r.status == StatusCode::FORBIDDEN,
    }
}

#[tokio::test]
async fn authorization_matrix_covers_every_route_and_role() {
    let listed: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    let registered = registered_routes();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "the matrix must list exactly the router's routes; missing rows: {missing:?}; rows for no route: {stale:?}"
    );
    let mut failures = vec![];
    for row in MATRIX {
        for (k, role) in [Role::Anonymous, Role::Reviewer, Role::Admin]
            .into_iter()
            .enumerate()
        {
            let (app, f) = fixture_app();
            let mut c = match role {
                Role::Anonymous => Client::anonymous(&app).await,
                Role::Reviewer => Client::signed_in(&app, "rev1").await,
                Role::Admin => Client::signed_in(&app, "ada").await,
            };
            let r = send(&mut c, row, &f).await;
            if !matches(row.want[k], &r) {
                failures.push(format!(
                    "{} {} as {role:?}: want {:?}, got {} {}",
                    row.method,
                    row.route,
                    row.want[k],
                    r.status,
                    r.location()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn private_mode_sends_anonymous_readers_to_sign_in_on_every_page() {
    let (app, _, doc) = test_app(Config {
        private: true,
        ..Config::default()
    });
    let mut anon = Client::anonymous(&app).await;
    for row in MATRIX.iter().filter(|r| r.method == "GET") {
        let path = row
            .route
            .replace("{id}", &doc.to_string())
            .replace("{bead}", "1");
        let r = anon.get(&path).await;
        let public = ["/signin", "/register", "/healthz"].contains(&row.route)
            || row.route.starts_with("/static/");
        if public {
            assert_eq!(r.status, StatusCode::OK, "{path}");
        } else {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.location(), "/signin", "{path}");
        }
    }
}

#[tokio::test]
async fn every_post_needs_the_right_csrf_token() {
    let (app, f) = fixture_app();
    for row in MATRIX.iter().filter(|r| r.method == "POST") {
        let mut c = Client::signed_in(&app, "ada").await;
        let good = c.csrf.clone();
        let path = row
            .route
            .replace("{id}", &f.doc.to_string())
            .replace("{bead}", &f.bead.to_string())
            .replace("{sid}", &f.open_suggestion.to_string())
            .replace("{eid}", &f.applied_event.to_string())
            .replace("{uid}", &f.reviewer_id.to_string())
            .replace("{iid}", &f.open_invite.to_string());
        let missing = c.post_raw(&path, &[("value", "1")]).await;
        assert_eq!(missing.status, StatusCode::FORBIDDEN, "no token: {path}");
        let mut wrong = good.clone().into_bytes();
        wrong[0] = if wrong[0] == b'a' { b'b' } else { b'a' };
        let wrong = String::from_utf8(wrong).unwrap();
        let r = c.post_raw(&path, &[("csrf", &wrong)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "wrong token: {path}");
        let r = c.post_raw(&path, &[("csrf", "")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "empty token: {path}");
        // An anonymous visitor's token is not a signed-in user's token.
        let anon = Client::anonymous(&app).await;
        let r = c.post_raw(&path, &[("csrf", &anon.csrf)]).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "someone else's token: {path}"
        );
    }
}

#[tokio::test]
async fn sign_in_starts_a_new_session_and_sign_out_ends_it() {
    let (app, state, _) = test_app(Config::default());
    let mut c = Client::signed_in(&app, "rev1").await;
    let first = c.cookie("sverka_session").unwrap().to_string();
    let first_csrf = c.csrf.clone();
    // Signing in again (e.g. as someone else on a shared computer) replaces the session id.
    let r = c
        .post("/signin", &[("name", "rev2"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = c.cookie("sverka_session").unwrap().to_string();
    assert_ne!(first, second);
    c.get("/").await;
    assert_ne!(c.csrf, first_csrf, "a new session has a new CSRF token");
    let old = first.clone();
    assert!(
        state
            .with_store(move |s| s.session(&old))
            .unwrap()
            .is_none(),
        "the old session is gone"
    );
    // A fixated id planted before sign-in is never adopted.
    let mut anon = Client::anonymous(&app).await;
    let planted = "ab".repeat(32);
    anon.cookies
        .push(("sverka_session".into(), planted.clone()));
    anon.post("/signin", &[("name", "rev1"), ("password", PASSWORD)])
        .await;
    assert_ne!(anon.cookie("sverka_session"), Some(planted.as_str()));
    // Signing out deletes the session on the server, not only the cookie.
    let token = c.cookie("sverka_session").unwrap().to_string();
    let r = c.post("/signout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let t = token.clone();
    assert!(state.with_store(move |s| s.session(&t)).unwrap().is_none());
}

#[test]
fn session_tokens_are_stored_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut s = Store::open(&db).unwrap();
    let hash = sverka::review::hash_password("x", PasswordCost::Low).unwrap();
    let u = s
        .create_user("anna", &hash, sverka::review::Role::Reviewer)
        .unwrap();
    let token = "0123456789abcdef".repeat(4);
    s.create_session(&token, u, &"c".repeat(64)).unwrap();
    assert_eq!(s.session(&token).unwrap().unwrap().user.name, "anna");
    drop(s);
    let conn = rusqlite_free_read(&db);
    assert!(!conn.contains(&token), "the raw token is not in the file");
    assert!(conn.contains(&sverka::storage::session_key(&token)));
}

/// The raw bytes of a database file and its write-ahead log, as text.
fn rusqlite_free_read(db: &std::path::Path) -> String {
    let mut bytes = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn cookies_are_http_only_same_site_and_secure_behind_tls() {
    for secure in [false, true] {
        let (app, _, _) = test_app(Config {
            secure_cookies: secure,
            ..Config::default()
        });
        let mut c = Client::anonymous(&app).await;
        let anon = c.get("/signin").await;
        let r = c
            .post("/signin", &[("name", "rev1"), ("password", PASSWORD)])
            .await;
        let cookies: Vec<String> = anon
            .headers
            .get_all("set-cookie")
            .iter()
            .chain(r.headers.get_all("set-cookie"))
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert!(cookies.iter().any(|c| c.starts_with("sverka_session=")));
        for cookie in &cookies {
            assert!(cookie.contains("HttpOnly"), "{cookie}");
            assert!(cookie.contains("SameSite=Lax"), "{cookie}");
            assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
        }
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled() {
    let (app, _, _) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    for k in 0..5 {
        let r = c
            .post("/signin", &[("name", "rev1"), ("password", "guess")])
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {k}");
    }
    // Locked now, even with the right password and another spelling of the name.
    let r = c
        .post("/signin", &[("name", " REV1 "), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.header("retry-after").parse().unwrap();
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    assert!(r.body.contains("Too many failed sign-ins"));
    // Other accounts are unaffected.
    let r = c
        .post("/signin", &[("name", "rev2"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn passwords_are_hashed_with_argon2id() {
    let (app, state, _) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    c.get("/register").await;
    let pw = "a-long-enough-password";
    let r = c
        .post(
            "/register",
            &[("name", "newcomer"), ("password", pw), ("confirm", pw)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hash = state
        .with_store(|s| s.credentials("newcomer"))
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert!(!hash.contains(pw));
    // The server's own default cost is the crate's Argon2id default (19 MiB, 2 passes).
    let h = sverka::review::hash_password("x", PasswordCost::Default).unwrap();
    assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    for path in [
        "/".to_string(),
        format!("/documents/{doc}"),
        "/static/style.css".into(),
        "/no/such/page".into(),
        "/signin".into(),
    ] {
        let r = c.get(&path).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
    }
    // No inline script or style in the pages themselves (the CSP would block them).
    let page = c.get(&format!("/documents/{doc}")).await.body;
    assert!(!page.contains("<script>") && !page.contains(" style=\""));
    assert!(!page.contains(" onclick=") && !page.contains("javascript:"));
}

#[tokio::test]
async fn uploads_over_the_limits_get_a_clear_4xx() {
    let (app, _, _) = test_app(Config::default());
    let mut c = Client::signed_in(&app, "ada").await;
    c.get("/documents/new").await;
    // Over the body limit: 413 before anything is parsed.
    let huge = vec![b'a'; sverka::web::MAX_BODY_BYTES + 1];
    let r = c
        .post_multipart(
            "/documents",
            &[("title", "Huge")],
            &[("ru_file", "ru.txt", &huge)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    // Under the body limit but over one side's text limit: 4xx with the reason.
    let big = "Слово. ".repeat(sverka::web::MAX_TEXT_BYTES / 12 + 10);
    assert!(big.len() > sverka::web::MAX_TEXT_BYTES);
    let r = c
        .post_multipart(
            "/documents",
            &[("title", "Big"), ("en", "One.")],
            &[("ru_file", "ru.txt", big.as_bytes())],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    // Invalid UTF-8 and NUL bytes are refused with a reason, not stored.
    for bad in [&b"\xff\xfe\xfd broken"[..], b"nul \0 inside. Next."] {
        let r = c
            .post_multipart(
                "/documents",
                &[("title", "Bad"), ("en", "One.")],
                &[("ru_file", "ru.txt", bad)],
            )
            .await;
        assert!(
            r.status.is_client_error() || r.status == StatusCode::SEE_OTHER,
            "{}",
            r.status
        );
    }
}

#[tokio::test]
async fn markup_in_texts_suggestions_and_comments_is_inert() {
    let (app, state, _) = test_app(Config::default());
    let mut admin = Client::signed_in(&app, "ada").await;
    admin.get("/documents/new").await;
    let evil = r#"<script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" 'single' &amp;"#;
    let ru = format!("{evil} Первое. Второе.");
    let en = format!("{evil} First. Second.");
    let title = format!("{evil} title");
    // The markup makes the Russian side mostly Latin script, which the form asks about
    // first (issue 17); `language=keep` answers "align them as they are".
    let r = admin
        .post(
            "/documents",
            &[
                ("title", &title),
                ("ru", &ru),
                ("en", &en),
                ("language", "keep"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let doc_path = r.location().to_string();
    let doc: DocId = doc_path.rsplit('/').next().unwrap().parse().unwrap();
    let bead = state.with_store(move |s| s.beads(doc)).unwrap()[0].clone();
    let mut rev = Client::signed_in(&app, "rev1").await;
    rev.get(&doc_path).await;
    let bead_path = format!("{doc_path}/beads/{}", bead.id);
    let r = rev
        .post(&format!("{bead_path}/comment"), &[("text", evil)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = rev
        .post(
            &format!("{bead_path}/suggest"),
            &[
                ("kind", "wording"),
                ("lang", "en"),
                ("idx", &bead.span.en.start.to_string()),
                ("text", &format!("{evil} better")),
                ("version", &bead.version.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for path in [
        "/".to_string(),
        doc_path.clone(),
        bead_path.clone(),
        format!("{bead_path}/row"),
        format!("{doc_path}/history"),
    ] {
        let page = rev.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let b = &page.body;
        assert!(
            !b.contains("<script>alert"),
            "{path}: a script tag got through"
        );
        assert!(!b.contains("<img src=x"), "{path}: an img tag got through");
        assert!(!b.contains("onerror=alert(2)>"), "{path}");
    }
    let page = rev.get(&bead_path).await.body;
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    // Exports keep the text as text: TSV verbatim, TMX escaped.
    let tmx = rev.get(&format!("{doc_path}/export?format=tmx")).await;
    assert!(tmx.body.contains("&lt;script&gt;") && !tmx.body.contains("<script>"));
    let ct = tmx.header("content-type").to_string();
    assert!(!ct.starts_with("text/html"), "{ct}");
}

#[tokio::test]
async fn a_one_time_password_closes_every_route_but_the_password_form() {
    let (app, state, doc) = test_app(Config::default());
    let hash = sverka::review::hash_password("one-time-pass", PasswordCost::Low).unwrap();
    state
        .with_store(|s| s.create_user_one_time(None, "newbie", &hash, sverka::review::Role::Admin))
        .unwrap();
    let mut c = Client::anonymous(&app).await;
    let r = c
        .post(
            "/signin",
            &[("name", "newbie"), ("password", "one-time-pass")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/account/password");
    let r = c.get("/account/password").await;
    assert_eq!(r.status, StatusCode::OK);
    let open =
        |route: &str| route == "/account/password" || route == "/signout" || route == "/healthz";
    for row in MATRIX
        .iter()
        .filter(|r| !open(r.route) && !r.route.starts_with("/static/"))
    {
        let path = row
            .route
            .replace("{id}", &doc.to_string())
            .replace("{bead}", "1")
            .replace("{sid}", "1")
            .replace("{eid}", "1")
            .replace("{uid}", "2")
            .replace("{iid}", "1");
        let r = if row.method == "GET" {
            c.get(&path).await
        } else {
            c.post(&path, &[("name", "x"), ("role", "admin")]).await
        };
        if row.method == "GET" {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "GET {path}");
            assert_eq!(r.location(), "/account/password", "GET {path}");
        } else {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {path}");
            assert!(r.body.contains("one-time password"), "POST {path}");
        }
    }
    assert_eq!(c.get("/static/style.css").await.status, StatusCode::OK);
    // Signing out still works.
    let r = c.post("/signout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/").await.status, StatusCode::OK);
}
