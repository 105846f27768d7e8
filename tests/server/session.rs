//! A reviewer's session (issue 17), through the router: nothing typed on the new-document
//! page is lost, swapped languages and a document added twice are asked about, delete and
//! restore ask for confirmation, own actions get a notice, numbering is the bead's position,
//! and a live stream ends when its client is gone.

use std::time::{Duration, Instant};

use crate::support::web::{Client, bead_ids, test_app, version_of};
use axum::http::StatusCode;
use sverka::review::Status;
use sverka::web::{Config, MAX_TEXT_BYTES};

/// Russian and English texts long enough for the language check.
const RU: &str = "Кошка спит на диване. Собака лает во дворе.";
const EN: &str = "The cat sleeps on the sofa. The dog barks in the yard.";

async fn admin() -> (Client, sverka::web::AppState, i64) {
    let (app, state, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    ada.get("/documents/new").await;
    (ada, state, doc)
}

#[tokio::test]
async fn a_bad_upload_keeps_the_title_and_the_other_side_and_names_its_side() {
    let (mut ada, _, _) = admin().await;
    // Mostly UTF-8 with one bad byte: not taken for a legacy encoding, refused with its line.
    let mut broken = "Кошка спит.\nСобака".as_bytes().to_vec();
    broken.extend(b"\xff \xd0\xbb\xd0\xb0\xd0\xb5\xd1\x82.");
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Kept title"), ("ru", ""), ("en", EN)],
            &[("ru_file", "broken.txt", &broken)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("The Russian file cannot be used"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("broken.txt is not UTF-8 text (invalid byte on line 2)")
    );
    assert!(r.body.contains("value=\"Kept title\""), "the title is kept");
    assert!(r.body.contains(EN), "the English text is kept");

    // A binary file that happens to be UTF-8 is refused too; the typed Russian text stays.
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Kept title"), ("ru", RU), ("en", "")],
            &[("en_file", "picture.png", b"PNG\0\0\x01\x02 data")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("The English file picture.png looks like a binary file"),
        "{}",
        r.body
    );
    assert!(r.body.contains(RU) && r.body.contains("value=\"Kept title\""));
}

#[tokio::test]
async fn an_oversize_side_is_named_and_not_echoed_back() {
    let (mut ada, state, _) = admin().await;
    let before = state.with_store(|s| s.documents()).unwrap().len();
    let line = "Очень длинный текст для проверки предела размера.\n";
    let big = line.repeat(6_100_000 / line.len() + 1);
    assert!(big.len() > MAX_TEXT_BYTES);
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Big one"), ("ru", ""), ("en", EN)],
            &[("ru_file", "big.txt", big.as_bytes())],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("The Russian file big.txt is 6.1 MB, over the 5 MB limit"),
        "{}",
        &r.body[..r.body.len().min(3000)]
    );
    assert!(r.body.len() < 100_000, "the 6 MB text is not sent back");
    assert!(r.body.contains(EN) && r.body.contains("value=\"Big one\""));
    // Pasted into the English box: the same, for that side.
    let big_en = "A very long text to test the size limit.\n".repeat(150_000);
    let r = ada
        .post(
            "/documents",
            &[("title", "Big two"), ("ru", RU), ("en", &big_en)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("The English text is 6.2 MB, over the 5 MB limit"),
        "{}",
        &r.body[..r.body.len().min(3000)]
    );
    assert!(r.body.len() < 100_000 && r.body.contains(RU));
    assert_eq!(state.with_store(|s| s.documents()).unwrap().len(), before);
}

#[tokio::test]
async fn swapped_languages_are_asked_about_and_swapped_in_one_click() {
    let (mut ada, state, _) = admin().await;
    let form = [("title", "Swapped"), ("ru", EN), ("en", RU)];
    let r = ada.post("/documents", &form).await;
    assert_eq!(r.status, StatusCode::OK, "nothing is aligned yet");
    assert!(r.body.contains("they look swapped"), "{}", r.body);
    assert!(r.body.contains("name=\"language\" value=\"swap\""));
    assert!(r.body.contains(RU) && r.body.contains(EN) && r.body.contains("Swapped"));
    let r = ada
        .post(
            "/documents",
            &[
                ("title", "Swapped"),
                ("ru", EN),
                ("en", RU),
                ("language", "swap"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let ru = state
        .with_store(move |s| s.sentences(id, sverka::Lang::Ru))
        .unwrap();
    assert_eq!(ru[0].text, "Кошка спит на диване.");
    // One side only: said so; "keep" aligns them as they are.
    let r = ada
        .post(
            "/documents",
            &[("title", "Both English"), ("ru", EN), ("en", EN)],
        )
        .await;
    assert!(
        r.body
            .contains("the Russian text is mostly in Latin script")
            || r.body
                .contains("The Russian text is mostly in Latin script")
    );
    let r = ada
        .post(
            "/documents",
            &[
                ("title", "Both English"),
                ("ru", EN),
                ("en", EN),
                ("language", "keep"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_identical_document_is_refused_with_a_link_to_the_first() {
    let (mut ada, state, _) = admin().await;
    let form = [("title", "Pets"), ("ru", RU), ("en", EN)];
    let r = ada.post("/documents", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let first = r.location().to_string();
    let n = state.with_store(|s| s.documents()).unwrap().len();
    let r = ada
        .post(
            "/documents",
            &[("title", "Pets again"), ("ru", RU), ("en", EN)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains(&format!("<a href=\"{first}\">Pets</a>")),
        "{}",
        r.body
    );
    assert!(r.body.contains("Nothing was added"));
    assert!(r.body.contains("Pets again"), "the new title is kept");
    assert_eq!(state.with_store(|s| s.documents()).unwrap().len(), n);
    let r = ada
        .post(
            "/documents",
            &[
                ("title", "Pets again"),
                ("ru", RU),
                ("en", EN),
                ("duplicate", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(state.with_store(|s| s.documents()).unwrap().len(), n + 1);
}

#[tokio::test]
async fn adding_a_document_says_so_once() {
    let (mut ada, _, _) = admin().await;
    let r = ada
        .post("/documents", &[("title", "Pets"), ("ru", RU), ("en", EN)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = ada.get(r.location()).await;
    assert!(
        page.body.contains("Document “Pets” added: 2 beads aligned"),
        "{}",
        page.body
    );
    let again = ada.get(r.location()).await;
    assert!(!again.body.contains("added: 2 beads"), "shown once");
}

#[tokio::test]
async fn delete_and_restore_ask_first() {
    let (app, state, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = ada.get(&format!("/documents/{doc}")).await.body;
    assert!(page.contains("data-confirm=\"Delete “Test pair” for good?"));
    let r = ada.post(&format!("/documents/{doc}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Delete “Test pair” for good?"));
    assert!(r.body.contains("name=\"confirm\" value=\"yes\""));
    assert!(
        state
            .with_store(move |s| s.document(doc))
            .unwrap()
            .is_some()
    );

    // Approve a bead, then ask to restore to the import: the page names what is reverted.
    let ids = bead_ids(&page);
    let v = version_of(&page, ids[0]);
    ada.post(
        &format!("/documents/{doc}/beads/{}/approve", ids[0]),
        &[("version", &v)],
    )
    .await;
    let first = state
        .with_store(move |s| s.events(Some(doc), 100))
        .unwrap()
        .last()
        .unwrap()
        .id
        .to_string();
    let r = ada
        .post(&format!("/documents/{doc}/restore"), &[("event", &first)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("The 1 later alignment and wording change will be reverted"),
        "{}",
        r.body
    );
    let status = |st: &sverka::web::AppState| {
        let b = ids[0];
        st.with_store(move |s| s.bead(doc, b))
            .unwrap()
            .unwrap()
            .status
    };
    assert_eq!(status(&state), Status::Approved, "nothing restored yet");
    let r = ada
        .post(
            &format!("/documents/{doc}/restore"),
            &[("event", &first), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_ne!(status(&state), Status::Approved);
    let history = ada.get(r.location()).await.body;
    assert!(history.contains("1 later change reverted"), "{history}");
}

#[tokio::test]
async fn an_approval_as_it_is_can_be_reverted() {
    let (app, state, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = ada.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let v = version_of(&page, ids[1]);
    let r = ada
        .post(
            &format!("/documents/{doc}/beads/{}/approve", ids[1]),
            &[
                ("version", &v),
                ("back", &format!("/documents/{doc}#b{}", ids[1])),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        format!("/documents/{doc}#b{}", ids[1]),
        "back to the row"
    );
    let shown = ada.get(&format!("/documents/{doc}")).await.body;
    assert!(shown.contains("You approved bead 2."), "{shown}");
    assert!(shown.contains("can revert it from the history"));
    let event = state.with_store(move |s| s.events(Some(doc), 1)).unwrap()[0].id;
    let history = ada.get(&format!("/documents/{doc}/history")).await.body;
    assert!(history.contains(&format!("action=\"/events/{event}/revert\"")));
    let r = ada.post(&format!("/events/{event}/revert"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let b = ids[1];
    let now = state.with_store(move |s| s.bead(doc, b)).unwrap().unwrap();
    assert_eq!(now.status, Status::Automatic);
    let after = ada.get(r.location()).await.body;
    assert!(after.contains("The change is reverted."), "{after}");
}

#[tokio::test]
async fn own_votes_get_a_notice_by_page_and_by_htmx() {
    let (app, _, doc) = test_app(Config::default());
    let mut rev = Client::signed_in(&app, "rev1").await;
    let page = rev.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let v = version_of(&page, ids[2]);
    let back = format!("/documents/{doc}?filter=all#b{}", ids[2]);
    let r = rev
        .post(
            &format!("/documents/{doc}/beads/{}/vote", ids[2]),
            &[("value", "1"), ("version", &v), ("back", &back)],
        )
        .await;
    assert_eq!(r.location(), back, "the page returns to the row voted on");
    assert!(r.header("set-cookie").contains("sverka_flash="));
    let page = rev.get(&format!("/documents/{doc}?filter=all")).await.body;
    assert!(page.contains("You voted on bead 3."), "{page}");
    // The row fragment of a live refresh does not use the notice up; the next page is clean.
    let page = rev.get(&format!("/documents/{doc}")).await.body;
    assert!(!page.contains("You voted on bead 3."));
    let r = rev
        .post_hx(
            &format!("/documents/{doc}/beads/{}/vote", ids[2]),
            &[("value", "0"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("hx-trigger").contains("You voted on bead 3."),
        "{:?}",
        r.headers
    );
    assert!(!r.header("set-cookie").contains("sverka_flash="));
}

#[tokio::test]
async fn numbers_are_positions_under_filters_and_search() {
    let (app, _, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = ada.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    assert_eq!(ids.len(), 4);
    let v = version_of(&page, ids[0]);
    ada.post(
        &format!("/documents/{doc}/beads/{}/approve", ids[0]),
        &[("version", &v)],
    )
    .await;
    let num = |html: &str, id: i64| {
        let at = html
            .find(&format!(
                "href=\"/documents/{doc}/beads/{id}\" aria-label=\"Bead "
            ))
            .unwrap();
        let rest = &html[at..];
        let open = rest.find('>').unwrap() + 1;
        rest[open..open + rest[open..].find('<').unwrap()].to_string()
    };
    let unreviewed = ada
        .get(&format!("/documents/{doc}?filter=unreviewed"))
        .await
        .body;
    assert_eq!(bead_ids(&unreviewed), ids[1..].to_vec());
    assert_eq!(
        num(&unreviewed, ids[1]),
        "2",
        "the filter keeps the numbers"
    );
    let found = ada.get(&format!("/documents/{doc}?q=fourth")).await.body;
    assert_eq!(bead_ids(&found), vec![ids[3]]);
    assert_eq!(num(&found, ids[3]), "4", "the search keeps the numbers");
    // The bead page is titled with the same number.
    let bead = ada
        .get(&format!("/documents/{doc}/beads/{}", ids[3]))
        .await
        .body;
    assert!(bead.contains("<title>Bead 4 ·"), "{bead}");
    // Filters, pages and the search land on the list, not the top of the page.
    assert!(page.contains(&format!("action=\"/documents/{doc}#list\"")));
    assert!(page.contains("?filter=low#list\""));
    assert!(page.contains("id=\"list\""));
}

/// A live stream whose client went away ends on the server (it holds nothing afterwards).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_stream_ends_when_its_client_is_gone() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (app, state, doc) = test_app(Config::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = state.live_streams();
    let mut conns = Vec::new();
    for _ in 0..3 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!(
            "GET /documents/{doc}/live HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 4096];
        let mut got = String::new();
        while !got.contains("listening") {
            let n = s.read(&mut buf).await.unwrap();
            assert!(n > 0, "the stream answers");
            got.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        conns.push(s);
    }
    assert_eq!(state.live_streams(), base + 3);
    drop(conns);
    let start = Instant::now();
    while state.live_streams() > base {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{} streams still open after their clients left",
            state.live_streams() - base
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
