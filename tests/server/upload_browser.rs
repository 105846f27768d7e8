//! Issue 19 in a real browser: an admin uploads a DOCX pair and a windows-1251 text through the
//! new-document page, imports a TMX, opens it and votes on and approves one of its beads.
//!
//! Chromium and chromedriver through the helpers of `tests/support/browser.rs`: skipped with
//! a printed reason when missing, unless `SVERKA_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};

use fantoccini::{Client, Locator};
use serde_json::json;
use sverka::review::{Origin, Status};
use sverka::web::{AppState, Config};

use crate::support::browser::{
    Driver, click, eval, serve_app, sign_in_as, skip, type_into, wait_until,
};
use crate::support::web::test_app;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

/// Chooses the file at `path` in the file input with the id `id`.
async fn choose(c: &Client, id: &str, path: &Path) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(&path.display().to_string())
        .await
        .unwrap();
}

/// Waits for a document's review page and returns its id and the notice it shows.
async fn document_page(c: &Client) -> (i64, String) {
    wait_until(c, "/^\\/documents\\/\\d+$/.test(location.pathname)", 20000).await;
    let path = eval(c, "location.pathname").await;
    let id = path.as_str().unwrap()["/documents/".len()..]
        .parse()
        .unwrap();
    let notice = eval(
        c,
        "(document.querySelector('.notice.flash') || {textContent: ''}).textContent",
    )
    .await;
    (id, notice.as_str().unwrap().to_string())
}

/// The document `id`'s beads in the store: (id, status).
fn beads(state: &AppState, id: i64) -> Vec<(i64, Status)> {
    state
        .with_store(|s| s.beads(id))
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_browser_docx_pair_cp1251_text_and_a_tmx_import_reviewed() {
    if skip() {
        return;
    }
    let (_, state, _) = test_app(Config::default());
    let base = serve_app(&state).await;
    let driver = Driver::start();
    let ada = driver.browser("ada").await;
    sign_in_as(&ada, &base, "ada").await;

    // 1. A DOCX pair, chosen in the two file inputs.
    ada.goto(&format!("{base}/documents/new")).await.unwrap();
    type_into(&ada, "title", "The post from Word").await;
    choose(&ada, "ru_file", &fixture("post.ru.docx")).await;
    choose(&ada, "en_file", &fixture("post.en.docx")).await;
    click(&ada, "form[action='/documents'] > button[type=submit]").await;
    let (docx, notice) = document_page(&ada).await;
    assert!(
        notice.contains(
            "Read post.ru.docx as a DOCX document; read post.en.docx as a DOCX document."
        ),
        "{notice}"
    );
    let expected = {
        let read = |name: &str, lang| {
            sverka::input::read_file(&fixture(name), &Default::default())
                .unwrap()
                .document(lang)
                .unwrap()
        };
        sverka::align(
            &read("post.ru.txt", sverka::Lang::Ru),
            &read("post.en.txt", sverka::Lang::En),
        )
    };
    assert_eq!(
        beads(&state, docx).len(),
        expected.len(),
        "as the plain text"
    );

    // 2. A windows-1251 Russian text with the English typed in its box.
    let dir = tempfile::tempdir().unwrap();
    let cp1251 = dir.path().join("koshka.txt");
    let ru = "Кошка спит на диване. Собака лает во дворе.\n";
    std::fs::write(&cp1251, encoding_rs::WINDOWS_1251.encode(ru).0).unwrap();
    ada.goto(&format!("{base}/documents/new")).await.unwrap();
    type_into(&ada, "title", "Legacy encoding").await;
    choose(&ada, "ru_file", &cp1251).await;
    type_into(
        &ada,
        "en",
        "The cat sleeps on the sofa. The dog barks in the yard.",
    )
    .await;
    click(&ada, "form[action='/documents'] > button[type=submit]").await;
    let (legacy, notice) = document_page(&ada).await;
    assert!(
        notice.contains("Read koshka.txt as windows-1251."),
        "{notice}"
    );
    assert_eq!(
        eval(
            &ada,
            "document.body.textContent.includes('Собака лает во дворе.')"
        )
        .await,
        json!(true),
        "the Russian text is decoded"
    );
    assert_eq!(beads(&state, legacy).len(), 2);

    // 3. A TMX imported through the second form.
    ada.goto(&format!("{base}/documents/new#import"))
        .await
        .unwrap();
    type_into(&ada, "import-title", "Translation memory").await;
    choose(&ada, "alignment", &fixture("translate-toolkit.tmx")).await;
    click(&ada, "form[action='/documents/import'] button[type=submit]").await;
    let (tmx, notice) = document_page(&ada).await;
    assert!(
        notice.contains("Document “Translation memory” imported from translate-toolkit.tmx"),
        "{notice}"
    );
    assert_eq!(
        state.with_store(|s| s.document_origin(tmx)).unwrap(),
        Origin::Imported
    );
    let units = sverka::input::read_alignment_file(
        &fixture("translate-toolkit.tmx"),
        None,
        &Default::default(),
    )
    .unwrap();
    let stored = beads(&state, tmx);
    assert_eq!(stored.len(), units.beads.len(), "one bead per unit");

    // 4. It is reviewed like any document: a vote and an approval on its first row.
    wait_until(&ada, "document.querySelector('#rows tr.bead')", 5000).await;
    let row = eval(&ada, "document.querySelector('#rows tr.bead').id").await;
    let row = row.as_str().unwrap().to_string();
    click(&ada, &format!("#{row} button[data-key='1']")).await;
    wait_until(
        &ada,
        &format!("document.querySelector('#{row} button[data-key=\"1\"]').getAttribute('aria-pressed') === 'true'"),
        5000,
    )
    .await;
    click(&ada, &format!("#{row} button[data-key='a']")).await;
    wait_until(
        &ada,
        &format!("document.getElementById('{row}').classList.contains('approved')"),
        5000,
    )
    .await;
    let id: i64 = row.trim_start_matches('b').parse().unwrap();
    assert!(
        beads(&state, tmx).contains(&(id, Status::Approved)),
        "the approval is stored"
    );

    // A bad file comes back with the reason, the title kept.
    ada.goto(&format!("{base}/documents/new")).await.unwrap();
    type_into(&ada, "title", "Bomb").await;
    choose(&ada, "ru_file", &fixture("hostile/bomb.docx")).await;
    type_into(&ada, "en", "Something in English.").await;
    click(&ada, "form[action='/documents'] > button[type=submit]").await;
    wait_until(&ada, "document.getElementById('form-errors')", 10000).await;
    let errors = eval(&ada, "document.getElementById('form-errors').textContent").await;
    assert!(
        errors
            .as_str()
            .unwrap()
            .contains("The Russian file cannot be used: bomb.docx"),
        "{errors}"
    );
    assert_eq!(
        eval(&ada, "document.getElementById('title').value").await,
        json!("Bomb")
    );
    ada.close().await.unwrap();
}
