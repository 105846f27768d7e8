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
use crate::support::web::{Client, bead_ids};

/// A document whose second pair changed a number (200 million → 20,000,000), with an English
/// sentence the Russian does not have; the other pairs agree.
const RU: &str = "Мы открыли офис в Казани.\nTelegram используют 200 млн человек.\n\
                  Команда работает из Дубая.\nПродукт бесплатный.";
const EN: &str = "We opened an office in Kazan. It is open every day of the week.\nTelegram is used by 20,000,000 people.\n\
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
    let (app, _, doc) = app_and_state();
    (app, doc)
}

/// An app over an in-memory store with the document, and its state.
fn app_and_state() -> (Router, AppState, DocId) {
    let mut s = Store::open_in_memory().unwrap();
    let doc = store_with_document(&mut s);
    let config = Config {
        password_cost: PasswordCost::Low,
        ..Config::default()
    };
    let state = AppState::new(vec![s], config);
    (router(state.clone()), state, doc)
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

// ---------------------------------------------------------------- the review page

/// The HTML of the row of bead `id` on a page.
fn row_of(html: &str, id: i64) -> &str {
    let start = html.find(&format!("<tr id=\"b{id}\"")).expect("the row");
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

/// The positions (0-based) of the beads with a finding `keep` accepts.
fn positions(keep: impl Fn(&qa::Finding) -> bool) -> Vec<usize> {
    let per = expected();
    (0..per.len())
        .filter(|&k| per[k].iter().any(&keep))
        .collect()
}

#[tokio::test]
async fn findings_show_on_each_bead_row() {
    let (app, doc) = app();
    let mut c = Client::anonymous(&app).await;
    let page = c.get(&format!("/documents/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let ids = bead_ids(&page.body);
    let per = expected();
    assert_eq!(ids.len(), per.len());
    let k = number_bead();
    let row = row_of(&page.body, ids[k]);
    let number = per[k]
        .iter()
        .find(|f| f.check == qa::CheckId::Number)
        .unwrap();
    assert!(row.contains("has-findings"), "{row}");
    // The check and the severity in words, the message as the title and as text.
    assert!(
        row.contains(&format!(
            r#"<li class="finding finding-error" data-check="number" title="{}">"#,
            number.message
        )),
        "{row}"
    );
    assert!(
        row.contains(r#"<span class="finding-word">error</span>"#),
        "{row}"
    );
    assert!(
        row.contains(&format!(
            r#"<span class="visually-hidden">: {}</span>"#,
            number.message
        )),
        "{row}"
    );
    // A row shows its own findings and no others.
    for (j, id) in ids.iter().enumerate() {
        let row = row_of(&page.body, *id);
        assert_eq!(
            row.contains("has-findings"),
            !per[j].is_empty(),
            "bead {j}: {row}"
        );
        assert_eq!(
            row.matches(r#"<li class="finding "#).count(),
            per[j].len(),
            "bead {j}"
        );
    }
    // The row fragment of a live refresh and the bead page show it too.
    let fragment = c
        .get(&format!("/documents/{doc}/beads/{}/row", ids[k]))
        .await
        .body;
    assert!(fragment.contains(r#"data-check="number""#), "{fragment}");
    let bead = c
        .get(&format!("/documents/{doc}/beads/{}", ids[k]))
        .await
        .body;
    assert!(row_of(&bead, ids[k]).contains(r#"data-check="number""#));
}

#[tokio::test]
async fn findings_filter_by_check_and_severity() {
    let (app, doc) = app();
    let mut c = Client::anonymous(&app).await;
    let all = bead_ids(&c.get(&format!("/documents/{doc}")).await.body);
    let listed = |q: &'static str| {
        let path = format!("/documents/{doc}?{q}");
        let mut c = Client {
            app: c.app.clone(),
            cookies: c.cookies.clone(),
            csrf: c.csrf.clone(),
        };
        async move {
            let r = c.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            (bead_ids(&r.body), r.body)
        }
    };
    let at = |ks: Vec<usize>| -> Vec<i64> { ks.into_iter().map(|k| all[k]).collect() };
    let (number, page) = listed("check=number").await;
    assert_eq!(number, at(positions(|f| f.check == qa::CheckId::Number)));
    assert_eq!(number.len(), 1);
    // The filter is marked current and its links keep it across pages and status filters.
    assert!(
        page.contains(r#"aria-current="page" class="current">number (1)</a>"#),
        "{page}"
    );
    assert!(
        page.contains("?filter=unreviewed&#38;check=number#list"),
        "{page}"
    );
    assert!(page.contains(r#"<input type="hidden" name="check" value="number">"#));
    let any = positions(|_| true);
    assert!(
        any.len() > 1,
        "the document has more than the number finding"
    );
    assert_eq!(listed("check=any").await.0, at(any));
    assert_eq!(
        listed("severity=error").await.0,
        at(positions(|f| f.severity == qa::Severity::Error))
    );
    assert_eq!(
        listed("check=number&severity=warning").await.0,
        at(positions(
            |f| f.check == qa::CheckId::Number && f.severity == qa::Severity::Warning
        ))
    );
    // With a status filter: both must keep the bead.
    assert!(listed("filter=approved&check=any").await.0.is_empty());
    // Unknown names are ignored, as an unknown status filter is: every bead is listed.
    for q in ["check=numbers", "severity=fatal", "check=", "filter=bogus"] {
        assert_eq!(listed(q).await.0, all, "{q}");
    }
}

#[tokio::test]
async fn findings_follow_a_change_of_the_text() {
    let (app, state, doc) = app_and_state();
    let mut c = Client::anonymous(&app).await;
    let k = number_bead();
    assert_eq!(
        bead_ids(&c.get(&format!("/documents/{doc}?check=number")).await.body).len(),
        1
    );
    // An admin applies a corrected English sentence: the finding goes with the next page.
    state.with_store(|s| {
        let hash = sverka::review::hash_password("x-long-password", PasswordCost::Low).unwrap();
        let ada = s
            .create_user("ada", &hash, sverka::review::Role::Admin)
            .unwrap();
        let b = s.beads(doc).unwrap()[k].clone();
        let change = sverka::review::Change::Wording {
            lang: Lang::En,
            idx: b.span.en.start,
            text: "Telegram is used by 200,000,000 people.".into(),
        };
        let sid = s.suggest(ada, doc, b.id, b.version, change).unwrap();
        s.approve_suggestion(ada, sid, b.version).unwrap();
    });
    let page = c.get(&format!("/documents/{doc}?check=number")).await.body;
    assert!(bead_ids(&page).is_empty(), "{page}");
    let all = c.get(&format!("/documents/{doc}")).await.body;
    assert!(!all.contains(r#"data-check="number""#));
}
