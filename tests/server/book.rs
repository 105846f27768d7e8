//! The parallel book from the review server: the "Read as a book" link, the book page and its
//! Content-Security-Policy, a reviewer's approved wording in the book, the approved-only book,
//! the EPUB download, and bad options.

use axum::http::StatusCode;
use sverka::web::Config;

use crate::support::book::{epub_entries, html_beads};
use crate::support::web::{Client, bead_ids, test_app, version_of};

#[tokio::test]
async fn book_link_on_the_document_page() {
    let (app, _, doc) = test_app(Config::default());
    let mut anon = Client::anonymous(&app).await;
    let page = anon.get(&format!("/documents/{doc}")).await.body;
    assert!(
        page.contains(&format!(
            "<a class=\"button\" id=\"book-link\" href=\"/documents/{doc}/book\">Read as a book</a>"
        )),
        "{page}"
    );
    // The Export menu offers both book formats.
    assert!(page.contains("<option value=\"html\">html</option>"));
    assert!(page.contains("<option value=\"epub\">epub</option>"));
}

#[tokio::test]
async fn book_page_is_html_without_scripts() {
    let (app, _, doc) = test_app(Config::default());
    let mut anon = Client::anonymous(&app).await;
    for path in [
        format!("/documents/{doc}/book"),
        format!("/documents/{doc}/export?format=html"),
    ] {
        let r = anon.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), "text/html; charset=utf-8");
        assert_eq!(
            r.header("content-disposition"),
            "inline; filename=\"test-pair.html\""
        );
        let csp = r.header("content-security-policy");
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        assert!(!csp.contains("script-src"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.header("x-frame-options"), "DENY");
        assert!(!r.body.contains("<script"));
        let beads = html_beads(&r.body);
        let ru: Vec<&str> = beads.iter().map(|b| b.text("ru")).collect();
        assert_eq!(
            ru.join(" "),
            "Первое предложение. Второе предложение. Третье предложение. Четвёртое предложение."
        );
        assert!(r.body.contains("<title>Test pair</title>"));
        // Nothing is approved yet: every bead is marked.
        assert!(beads.iter().all(|b| b.has_class("unapproved")));
    }
    let r = anon
        .get(&format!(
            "/documents/{doc}/book?layout=interleaved&order=en,ru&numbers=1"
        ))
        .await;
    assert!(r.body.contains("<body class=\"interleaved numbered\">"));
    assert_eq!(html_beads(&r.body)[0].sides[0].lang, "en");
}

#[tokio::test]
async fn book_shows_an_approved_wording_escaped() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let mut anon = Client::anonymous(&app).await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[0];
    let v = version_of(&page, b);
    let wording = "The <b>very</b> first sentence.";
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/suggest"),
            &[
                ("kind", "wording"),
                ("lang", "en"),
                ("idx", "0"),
                ("text", wording),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let book = format!("/documents/{doc}/book");
    // Suggested, not approved: the book keeps the applied wording.
    let before = anon.get(&book).await.body;
    assert!(!before.contains("very"));
    let bead = ada.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    let at = bead.find("/suggestions/").unwrap() + 13;
    let sid = bead[at..at + bead[at..].find('/').unwrap()].to_string();
    let r = ada
        .post(&format!("/suggestions/{sid}/approve"), &[("version", &v)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = anon.get(&book).await.body;
    assert!(!after.contains("<b>very"));
    let beads = html_beads(&after);
    assert!(beads[0].text("en").starts_with(wording), "{after}");
    assert!(!beads[0].has_class("unapproved"));
    assert!(beads[1..].iter().all(|b| b.has_class("unapproved")));
    // The approved state alone: the one approved bead.
    let approved = anon.get(&format!("{book}?status=approved")).await.body;
    let beads = html_beads(&approved);
    assert_eq!(beads.len(), 1);
    assert!(beads[0].text("en").starts_with(wording));
    assert!(!approved.contains("not approved yet"));
}

#[tokio::test]
async fn book_epub_downloads() {
    let (app, _, doc) = test_app(Config::default());
    let mut anon = Client::anonymous(&app).await;
    for path in [
        format!("/documents/{doc}/book?format=epub"),
        format!("/documents/{doc}/export?format=epub"),
    ] {
        let r = anon.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), "application/epub+zip");
        assert_eq!(
            r.header("content-disposition"),
            "attachment; filename=\"test-pair.epub\""
        );
        let entries = epub_entries(&r.bytes);
        assert_eq!(entries[0].name, "mimetype");
        assert!(entries.iter().any(|e| e.name == "OEBPS/nav.xhtml"));
    }
}

#[tokio::test]
async fn book_bad_options_are_400() {
    let (app, _, doc) = test_app(Config::default());
    let mut anon = Client::anonymous(&app).await;
    for (query, message) in [
        ("format=tsv", "a book is html or epub"),
        ("layout=grid", "columns or interleaved"),
        ("order=ru,de", "ru,en or en,ru"),
        ("status=rejected", "unknown status"),
    ] {
        let r = anon.get(&format!("/documents/{doc}/book?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            r.body.to_lowercase().contains(message),
            "{query}: {}",
            r.body
        );
    }
    let r = anon.get("/documents/999/book").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
