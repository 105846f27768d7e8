//! Issue 17: the coursework compare page (numbering, warnings, explanations, a parse error
//! keeping the pasted text) and export downloads (file names, types, the TSV header, the
//! cesAlign sentence files).

use crate::support::web::{Client, test_app};
use axum::http::StatusCode;
use sverka::web::Config;

#[tokio::test]
async fn compare_lists_the_sentences_numbered_from_zero() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c.get(&format!("/documents/{doc}/compare")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("numbered from 0 as a beads file counts them")
    );
    assert!(
        r.body
            .contains("<span class=\"n\">0</span> Первое предложение.")
    );
    assert!(
        r.body
            .contains("<span class=\"n\">3</span> The fourth sentence.")
    );
    assert!(!r.body.contains("<span class=\"n\">4</span>"));
}

#[tokio::test]
async fn compare_reports_differences_in_the_numbering_it_reads() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    // Russian 0 with English 1 and Russian 1 with English 0: crossing, and differing beads
    // shown exactly as written.
    let text = "[0]:[1]\n[1]:[0]\n[2]:[2]\n[3]:[3]\n";
    let r = c
        .post(&format!("/documents/{doc}/compare"), &[("text", text)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<code>[0]:[1]</code>"), "{}", r.body);
    assert!(r.body.contains("<code>[0]:[0]</code>"));
    assert!(!r.body.contains("ru [1]"), "no 1-based numbers");
    assert!(r.body.contains("1 bead is out of order"), "{}", r.body);
    assert!(r.body.contains("[1]:[0] after [0]:[1]"));
    // The pasted alignment stays in its field.
    assert!(r.body.contains("[0]:[1]\n[1]:[0]\n[2]:[2]"));
}

#[tokio::test]
async fn compare_warns_about_missing_duplicate_and_too_few_beads() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let r = c
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "[0]:[0]\n[0]:[1]\n")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"warnings\""));
    assert!(
        r.body
            .contains("3 Russian sentences are in no bead: 1, 2, 3")
    );
    assert!(r.body.contains("2 English sentences are in no bead: 2, 3"));
    assert!(
        r.body
            .contains("1 Russian sentence is in more than one bead: 0")
    );
    // A 1-bead alignment of a four-sentence text is too short.
    let r = c
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "[0, 1, 2, 3]:[0, 1, 2, 3]\n")],
        )
        .await;
    assert!(
        r.body
            .contains("Only 1 bead for 4 Russian and 4 English sentences"),
        "{}",
        r.body
    );
    // A right alignment has no warnings.
    let r = c
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n")],
        )
        .await;
    assert!(!r.body.contains("id=\"warnings\""));
}

#[tokio::test]
async fn compare_explains_each_figure_and_the_approved_score() {
    let (app, _, doc) = test_app(Config::default());
    let mut admin = Client::signed_in(&app, "ada").await;
    // Approve the first bead as it is.
    let page = admin.get(&format!("/documents/{doc}")).await.body;
    let first = crate::support::web::bead_ids(&page)[0];
    let version = crate::support::web::version_of(&page, first);
    let r = admin
        .post(
            &format!("/documents/{doc}/beads/{first}/approve"),
            &[("version", &version)],
        )
        .await;
    assert!(
        r.status.is_redirection() || r.status.is_success(),
        "{}",
        r.status
    );
    let r = admin
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for term in [
        "<dt>Precision (P)</dt>",
        "<dt>Recall (R)</dt>",
        "<dt>F1</dt>",
        "<dt>Strict / lax</dt>",
        "<dt>Cohen's κ</dt>",
    ] {
        assert!(r.body.contains(term), "{term}");
    }
    assert!(r.body.contains("id=\"approved-explained\""));
    assert!(
        r.body
            .contains("Reviewers have approved 1 bead, so far only part")
    );
    assert!(
        r.body
            .contains("Only your 1 bead whose sentences all lie inside approved beads is scored")
    );
}

#[tokio::test]
async fn a_parse_error_keeps_the_pasted_alignment() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let pasted = "[0]:[0]\n[1]-[1]\n<b>mine</b>";
    let r = c
        .post(&format!("/documents/{doc}/compare"), &[("text", pasted)])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("The beads file, line 2: expected &#39;:&#39; at column 4."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("[0]:[0]\n[1]-[1]\n&#60;b&#62;mine&#60;/b&#62;</textarea>")
            || r.body
                .contains("[0]:[0]\n[1]-[1]\n&lt;b&gt;mine&lt;/b&gt;</textarea>"),
        "{}",
        r.body
    );
    // Out of range: the line, the bead and the 0-based numbering.
    let r = c
        .post(
            &format!("/documents/{doc}/compare"),
            &[("text", "[0]:[0]\n[4]:[1]\n")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains(
            "Line 2 ([4]:[1]): there is no Russian sentence 4; the Russian text has 4 \
             sentences, numbered 0–3"
        ),
        "{}",
        r.body
    );
    assert!(r.body.contains("[0]:[0]\n[4]:[1]\n</textarea>"));
    // Uploaded as multipart with the pasted field: kept as well.
    let r = c
        .post_multipart(
            &format!("/documents/{doc}/compare"),
            &[("text", "[9]:[9]")],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("[9]:[9]</textarea>"));
}

#[tokio::test]
async fn exports_are_named_after_the_title_with_the_formats_type() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    for (format, ctype, name) in [
        ("tsv", "text/tab-separated-values", "test-pair.tsv"),
        ("tmx", "application/x-tmx+xml", "test-pair.tmx"),
        ("json", "application/json", "test-pair.json"),
        ("beads", "text/plain", "test-pair.beads"),
        ("cesalign", "application/xml", "test-pair.xml"),
    ] {
        let r = c
            .get(&format!("/documents/{doc}/export?format={format}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{format}");
        assert!(r.header("content-type").starts_with(ctype), "{format}");
        assert_eq!(
            r.header("content-disposition"),
            format!("attachment; filename=\"{name}\"")
        );
    }
    // The TSV header row, offered on the review page's export form.
    let page = c.get(&format!("/documents/{doc}")).await.body;
    assert!(page.contains("name=\"header\""));
    let r = c
        .get(&format!(
            "/documents/{doc}/export?format=tsv&header=1&columns=status"
        ))
        .await;
    assert!(
        r.body.starts_with("ru\ten\tconfidence\tstatus\n"),
        "{}",
        r.body
    );
    let r = c.get(&format!("/documents/{doc}/export?format=tsv")).await;
    assert!(r.body.starts_with("Первое предложение."));
}

#[tokio::test]
async fn cesalign_sentence_files_are_downloadable() {
    let (app, _, doc) = test_app(Config::default());
    let mut c = Client::anonymous(&app).await;
    let links = c
        .get(&format!("/documents/{doc}/export?format=cesalign"))
        .await
        .body;
    assert!(links.contains("fromDoc=\"test-pair.ru.xml\""));
    assert!(links.contains("toDoc=\"test-pair.en.xml\""));
    let page = c.get(&format!("/documents/{doc}")).await.body;
    for (lang, first) in [("ru", "Первое предложение."), ("en", "The first sentence.")]
    {
        let href = format!("/documents/{doc}/export?format=cesalign&amp;part={lang}");
        assert!(page.contains(&href), "the page links {href}");
        let r = c
            .get(&format!(
                "/documents/{doc}/export?format=cesalign&part={lang}"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header("content-type").starts_with("application/xml"));
        assert_eq!(
            r.header("content-disposition"),
            format!("attachment; filename=\"test-pair.{lang}.xml\"")
        );
        assert!(
            r.body.contains(&format!("<s id=\"s1\">{first}</s>")),
            "{}",
            r.body
        );
    }
    // Sentence files exist only for cesAlign; an unknown part is refused.
    for q in ["format=tsv&part=ru", "format=cesalign&part=de"] {
        let r = c.get(&format!("/documents/{doc}/export?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
    }
}
