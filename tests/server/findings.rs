//! The findings of the automatic checks in the review server: in the exports (a TSV column,
//! TMX notes, JSON lists, the findings report) and, on the review page, on each bead row with
//! a filter per check and severity.

use axum::Router;
use axum::http::StatusCode;
use sverka::review::{DocId, PasswordCost};
use sverka::storage::Store;
use sverka::web::{AppState, Config, router};
use sverka::{Aligner, Bead, Document, Lang, qa};

use crate::support;
use crate::support::web::Client;

/// A document whose second pair changed a number (200 million → 20,000,000); the other
/// pairs agree.
const RU: &str = "Мы открыли офис в Казани.\nTelegram используют 200 млн человек.\n\
                  Команда работает из Дубая.\nПродукт бесплатный.";
const EN: &str = "We opened an office in Kazan.\nTelegram is used by 20,000,000 people.\n\
                  The team works from Dubai.\nThe product is free.";

/// The documents and their alignment as the server stores them.
fn texts() -> (Document, Document, Vec<Bead>) {
    let ru = Document::new(RU, Lang::Ru).unwrap();
    let en = Document::new(EN, Lang::En).unwrap();
    let beads = Aligner::new().align(&ru, &en);
    (ru, en, beads)
}

/// A store with the document titled "Numbers".
fn store_with_document(s: &mut Store) -> DocId {
    let (ru, en, beads) = texts();
    s.create_document(None, "Numbers", &ru, &en, &beads)
        .unwrap()
}

/// An app over an in-memory store with the document.
fn app() -> (Router, DocId) {
    let mut s = Store::open_in_memory().unwrap();
    let doc = store_with_document(&mut s);
    let config = Config {
        password_cost: PasswordCost::Low,
        ..Config::default()
    };
    (router(AppState::new(vec![s], config)), doc)
}

/// The findings of the document, per bead.
fn expected() -> Vec<Vec<qa::Finding>> {
    let (ru, en, beads) = texts();
    qa::per_bead(qa::check(&ru, &en, &beads), beads.len())
}

/// The bead (0-based) with the changed number.
fn number_bead() -> usize {
    let per = expected();
    let with: Vec<usize> = (0..per.len())
        .filter(|&k| per[k].iter().any(|f| f.check == qa::CheckId::Number))
        .collect();
    assert_eq!(with.len(), 1, "{per:?}");
    with[0]
}

#[tokio::test]
async fn findings_export_tsv_column_only_when_asked() {
    let (app, doc) = app();
    let mut c = Client::anonymous(&app).await;
    let plain = c
        .get(&format!("/documents/{doc}/export?format=tsv&header=1"))
        .await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.body.lines().next(), Some("ru\ten\tconfidence"));
    let r = c
        .get(&format!(
            "/documents/{doc}/export?format=tsv&header=1&columns=status&findings=1"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut lines = r.body.lines();
    assert_eq!(lines.next(), Some("ru\ten\tconfidence\tstatus\tfindings"));
    let cells: Vec<String> = lines
        .map(|l| l.rsplit('\t').next().unwrap().to_string())
        .collect();
    let per = expected();
    let tags: Vec<String> = per
        .iter()
        .map(|f| f.iter().map(|f| f.tag()).collect::<Vec<_>>().join("; "))
        .collect();
    assert_eq!(cells, tags);
    assert!(cells[number_bead()].contains("number:error"), "{cells:?}");
}

#[tokio::test]
async fn findings_export_tmx_and_json_carry_them() {
    let (app, doc) = app();
    let mut c = Client::anonymous(&app).await;
    let k = number_bead();
    let tmx = c
        .get(&format!("/documents/{doc}/export?format=tmx&findings=1"))
        .await
        .body;
    let message = &expected()[k][0].message;
    // The message quotes with “…”, which need no escaping; the note is the check, severity
    // and message.
    assert!(
        tmx.contains(&format!("<note>number (error): {message}</note>")),
        "{tmx}"
    );
    assert!(tmx.contains(r#"<prop type="x-sverka-check">number:error</prop>"#));
    let plain = c
        .get(&format!("/documents/{doc}/export?format=tmx"))
        .await
        .body;
    assert!(!plain.contains("<note>"));
    let json: serde_json::Value = serde_json::from_str(
        &c.get(&format!("/documents/{doc}/export?format=json&findings=1"))
            .await
            .body,
    )
    .unwrap();
    let found = json["beads"][k]["findings"].as_array().unwrap();
    assert_eq!(found[0]["check"], "number");
    assert_eq!(found[0]["bead"], k + 1);
}

#[tokio::test]
async fn findings_report_is_the_tsv_of_check() {
    let (app, doc) = app();
    let mut c = Client::anonymous(&app).await;
    let r = c.get(&format!("/documents/{doc}/findings.tsv")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type")
            .starts_with("text/tab-separated-values")
    );
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"numbers.findings.tsv\""
    );
    let (ru, en, beads) = texts();
    let mut want = Vec::new();
    sverka::export::write_findings_tsv(&mut want, &ru, &en, &beads, &qa::check(&ru, &en, &beads))
        .unwrap();
    assert_eq!(r.body, String::from_utf8(want).unwrap());
    assert!(r.body.contains("\tnumber\terror\t"));
    // The page offers both.
    let page = c.get(&format!("/documents/{doc}")).await.body;
    assert!(page.contains(r#"name="findings""#));
    assert!(page.contains(&format!(r#"href="/documents/{doc}/findings.tsv""#)));
    assert_eq!(
        c.get("/documents/999/findings.tsv").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn findings_export_of_the_program_is_the_servers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let doc = store_with_document(&mut Store::open(&db).unwrap());
    let state = AppState::open(&db, Config::default()).unwrap();
    let mut c = Client::anonymous(&router(state)).await;
    for format in ["tsv", "tmx", "json"] {
        let web = c
            .get(&format!(
                "/documents/{doc}/export?format={format}&findings=1"
            ))
            .await
            .bytes;
        let out = support::run::command(&[
            "export",
            "--db",
            db.to_str().unwrap(),
            "--doc",
            &doc.to_string(),
            "--format",
            format,
            "--checks",
        ])
        .output()
        .unwrap();
        assert!(out.status.success(), "{}", support::run::stderr(&out));
        assert_eq!(out.stdout, web, "{format}");
    }
}
