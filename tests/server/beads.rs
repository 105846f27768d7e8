//! Issue 17, beads and suggestions: comments and votes follow their sentences when a change
//! replaces their bead, old bead addresses lead to the bead now holding their first sentence,
//! the history is told in words, a refused or stale form gives back what was typed, and
//! reviewers list and withdraw their own suggestions.

use crate::support::web::{Client, bead_ids, open_test_store, test_app, version_of};
use axum::http::StatusCode;
use sverka::Lang;
use sverka::review::history::describe;
use sverka::review::{Action, Change, DocId, StoredBead, UserId};
use sverka::storage::Store;
use sverka::web::Config;

/// Suggests `change` on bead `i` as `user` and has `admin` apply it.
fn apply(s: &mut Store, doc: DocId, (user, admin): (UserId, UserId), i: usize, change: Change) {
    let b = s.beads(doc).unwrap()[i].clone();
    let sid = s.suggest(user, doc, b.id, b.version, change).unwrap();
    s.approve_suggestion(admin, sid, b.version).unwrap();
}

/// The bead holding Russian sentence `idx`.
fn holding_ru(s: &Store, doc: DocId, idx: usize) -> StoredBead {
    s.beads(doc)
        .unwrap()
        .into_iter()
        .find(|b| b.span.ru.contains(&idx))
        .unwrap()
}

/// The history of `doc` in words, oldest first, votes left out.
fn told(s: &Store, doc: DocId) -> Vec<String> {
    let mut lines: Vec<String> = s
        .events(Some(doc), 500)
        .unwrap()
        .iter()
        .filter(|e| e.action != Action::Vote)
        .map(|e| describe(e).line())
        .collect();
    lines.reverse();
    lines
}

/// The text of a page without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

// ------------------------------------------------------------ comments and votes follow

#[test]
fn comments_follow_a_merge_marked_with_where_they_came_from() {
    let (mut s, doc, [ada, rev1, _]) = open_test_store();
    let b = s.beads(doc).unwrap();
    s.comment(rev1, doc, b[1].id, "the second pair is fine")
        .unwrap();
    apply(&mut s, doc, (rev1, ada), 0, Change::MergeNext);
    let merged = holding_ru(&s, doc, 0);
    assert_eq!(merged.span.ru, 0..2);
    let comments = s.comments(merged.id).unwrap();
    assert_eq!(comments.len(), 1, "the comment moved to the merged bead");
    let moved = comments[0].moved.as_ref().expect("marked as moved");
    assert_eq!(moved.origin, Some(b[1].id), "the original bead is kept");
    assert_eq!(moved.label(), "from bead 2 before the merge");
}

#[test]
fn comments_follow_a_split_and_an_unpairing() {
    let (mut s, doc, [ada, rev1, _]) = open_test_store();
    apply(&mut s, doc, (rev1, ada), 0, Change::MergeNext);
    let merged = holding_ru(&s, doc, 0);
    s.comment(rev1, doc, merged.id, "too long").unwrap();
    apply(
        &mut s,
        doc,
        (rev1, ada),
        0,
        Change::Split { ru_at: 1, en_at: 1 },
    );
    let first = holding_ru(&s, doc, 0);
    assert_eq!(first.span.ru, 0..1);
    let c = s.comments(first.id).unwrap();
    assert_eq!(c.len(), 1, "to the bead holding the first sentence");
    assert_eq!(
        c[0].moved.as_ref().unwrap().label(),
        "from bead 1 before the split"
    );

    // Unpairing bead 3: its comment goes to the Russian-only bead.
    let third = holding_ru(&s, doc, 2);
    s.comment(rev1, doc, third.id, "not a translation").unwrap();
    let i = s
        .beads(doc)
        .unwrap()
        .iter()
        .position(|b| b.id == third.id)
        .unwrap();
    apply(&mut s, doc, (rev1, ada), i, Change::Unpair);
    let ru_only = holding_ru(&s, doc, 2);
    assert!(ru_only.span.en.is_empty());
    let c = s.comments(ru_only.id).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(
        c[0].moved.as_ref().unwrap().label(),
        "from bead 3 before the unpairing"
    );
    // The comment is in the new bead's history too.
    let history = s.history(doc, &ru_only).unwrap();
    assert!(history.iter().any(|e| e.action == Action::Comment));
}

#[test]
fn a_restore_brings_comments_and_votes_back_to_the_same_sentences() {
    let (mut s, doc, [ada, rev1, rev2]) = open_test_store();
    let b = s.beads(doc).unwrap();
    s.vote_bead(rev2, doc, b[0].id, b[0].version, -1).unwrap();
    s.vote_bead(rev1, doc, b[0].id, b[0].version, 1).unwrap();
    s.comment(rev2, doc, b[0].id, "keep them apart").unwrap();
    let added = s.events(Some(doc), 10).unwrap().last().unwrap().id;
    apply(&mut s, doc, (rev1, ada), 0, Change::MergeNext);
    let merged = holding_ru(&s, doc, 0);
    assert_eq!(
        s.review(doc, None).unwrap()[0].net,
        0,
        "the merged bead has no votes of its own"
    );
    assert_eq!(s.comments(merged.id).unwrap().len(), 1);

    s.restore(ada, doc, added).unwrap();
    let back = holding_ru(&s, doc, 0);
    assert_eq!(back.span, b[0].span);
    assert_ne!(back.id, b[0].id, "a new row");
    let c = s.comments(back.id).unwrap();
    assert_eq!(c.len(), 1, "the comment came back with its sentences");
    assert_eq!(c[0].text, "keep them apart");
    let votes: Vec<(i64, i64)> = s
        .bead_votes(doc)
        .unwrap()
        .into_iter()
        .filter(|v| v.bead == back.id)
        .map(|v| (v.user, v.value))
        .collect();
    assert_eq!(votes, [(rev1, 1), (rev2, -1)], "same sentences, same votes");
    // The merged bead's address leads to the restored bead.
    let r = s.retired_bead(doc, merged.id).unwrap().unwrap();
    assert_eq!(r.now, Some(back.id));
    assert_eq!(r.number, 1);
}

#[test]
fn a_new_bead_never_takes_the_address_of_a_replaced_one() {
    let (mut s, doc, [ada, rev1, _]) = open_test_store();
    let last = s.beads(doc).unwrap().last().unwrap().id;
    apply(&mut s, doc, (rev1, ada), 2, Change::MergeNext);
    let beads = s.beads(doc).unwrap();
    assert!(beads.iter().all(|b| b.id != last));
    assert!(s.retired_bead(doc, last).unwrap().is_some());
}

// ------------------------------------------------------------ old addresses

#[tokio::test]
async fn an_old_bead_address_redirects_to_the_bead_holding_its_first_sentence() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let (b0, b1, v0) = (ids[0], ids[1], version_of(&page, ids[0]));
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b1}/comment"),
            &[("text", "quoted in a message: see this bead")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    r1.post(
        &format!("/documents/{doc}/beads/{b0}/suggest"),
        &[("kind", "merge_next"), ("version", &v0)],
    )
    .await;
    let bead_page = ada.get(&format!("/documents/{doc}/beads/{b0}")).await.body;
    let sid = {
        let at = bead_page.find("/suggestions/").unwrap() + 13;
        bead_page[at..at + bead_page[at..].find('/').unwrap()].to_string()
    };
    let r = ada
        .post(&format!("/suggestions/{sid}/approve"), &[("version", &v0)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let merged = bead_ids(&r1.get(&format!("/documents/{doc}")).await.body)[0];

    let r = r1.get(&format!("/documents/{doc}/beads/{b1}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        format!("/documents/{doc}/beads/{merged}?replaced={b1}")
    );
    let r = r1.get(r.location()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Bead 2 at the address you followed was replaced by a merge"),
        "{}",
        r.body
    );
    assert!(r.body.contains("quoted in a message: see this bead"));
    assert!(r.body.contains("from bead 2 before the merge"));
    assert!(!r.body.contains("No comments yet"));
    // A bead that never existed is still a 404.
    let r = r1.get(&format!("/documents/{doc}/beads/999999")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// ------------------------------------------------------------ history in words

#[test]
fn the_history_tells_each_kind_of_change_in_words() {
    let (mut s, doc, [ada, rev1, rev2]) = open_test_store();
    // approve bead 4 as it is
    let fourth = holding_ru(&s, doc, 3);
    s.approve_bead(ada, doc, fourth.id, fourth.version).unwrap();
    let approve_event = s.events(Some(doc), 1).unwrap()[0].id;
    // merge (suggested and applied)
    apply(&mut s, doc, (rev1, ada), 0, Change::MergeNext);
    let after_merge = s.events(Some(doc), 1).unwrap()[0].id;
    // split it again
    apply(
        &mut s,
        doc,
        (rev2, ada),
        0,
        Change::Split { ru_at: 1, en_at: 1 },
    );
    // unpair bead 3, then pair its halves
    apply(&mut s, doc, (rev1, ada), 2, Change::Unpair);
    apply(&mut s, doc, (rev2, ada), 2, Change::PairNext);
    // a wording of bead 4
    apply(
        &mut s,
        doc,
        (rev1, ada),
        3,
        Change::Wording {
            lang: Lang::En,
            idx: 3,
            text: "The fourth and last sentence.".into(),
        },
    );
    // reject, revert, restore
    let second = holding_ru(&s, doc, 1);
    let sid = s
        .suggest(rev2, doc, second.id, second.version, Change::Unpair)
        .unwrap();
    s.reject_suggestion(ada, sid, "they are translations")
        .unwrap();
    s.revert(ada, approve_event).unwrap();
    s.restore(ada, doc, after_merge).unwrap();

    let lines = told(&s, doc);
    let all = lines.join("\n");
    let has = |needle: &str| {
        assert!(
            lines.iter().any(|l| l.contains(needle)),
            "no line with {needle:?} in:\n{all}"
        )
    };
    has("ada added the document «Test pair»: 4 Russian and 4 English sentences in 4 beads");
    has(
        "rev1 suggested merging bead 1 («Первое предложение.» / «The first sentence.») \
         with bead 2 («Второе предложение.» / «The second sentence.»)",
    );
    has("ada approved and applied rev1's suggestion: merging bead 1");
    has(
        "rev2 suggested splitting bead 1 («Первое предложение.…» / «The first sentence.…») into bead 1 («Первое предложение.» / «The first sentence.») and bead 2 («Второе предложение.» / «The second sentence.»)",
    );
    has("rev1 suggested unpairing bead 3 («Третье предложение.» / «The third sentence.»)");
    has(
        "rev2 suggested pairing bead 3 («Третье предложение.» / —) with bead 4 (— / «The third sentence.»)",
    );
    has("rev1 suggested a new English wording of sentence 4 in bead 4");
    has(
        "ada approved and applied rev1's suggestion: a new English wording of sentence 4 in bead 4",
    );
    has(
        "ada approved bead 4 («Четвёртое предложение.» / «The fourth sentence.») as it is (the aligner's confidence",
    );
    has("ada rejected rev2's suggestion: unpairing bead 2");
    has("ada reverted the change of");
    has("ada reverted the change of 2");
    has("bead 4 («Четвёртое предложение.» / «The fourth sentence.») is no longer approved");
    has("ada restored the document to an earlier state, undoing the change of");
    has("(ada approved and applied rev2's suggestion: pairing bead 3");
    // No raw JSON or internal ids.
    assert!(!all.contains('{'), "{all}");
    for raw in ["suggestion:", "event:", "bead:"] {
        assert!(
            !all.match_indices(raw)
                .any(|(i, _)| all[i + raw.len()..].starts_with(|c: char| c.is_ascii_digit())),
            "{all}"
        );
    }

    // The wording event carries its old → new diff; the reject its reason; the merge only
    // the beads it touched.
    let events = s.events(Some(doc), 500).unwrap();
    let wording = events
        .iter()
        .find(|e| e.action == Action::Apply && describe(e).line().contains("wording"))
        .map(describe)
        .unwrap();
    assert!(
        wording
            .diff
            .iter()
            .any(|d| d.added() && d.text.contains("and last"))
    );
    let reject = events
        .iter()
        .find(|e| e.action == Action::Reject)
        .map(describe)
        .unwrap();
    assert_eq!(reject.note.as_deref(), Some("they are translations"));
    let merge = events
        .iter()
        .rev()
        .find(|e| e.action == Action::Apply)
        .map(describe)
        .unwrap();
    assert_eq!((merge.before.len(), merge.after.len()), (2, 1), "{merge:?}");
}

#[tokio::test]
async fn the_history_page_shows_words_diffs_and_links_not_json() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let (b, v) = (ids[1], version_of(&page, ids[1]));
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/suggest"),
            &[
                ("kind", "wording"),
                ("lang", "en"),
                ("idx", "1"),
                ("text", "The second, better sentence."),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let bead_page = ada.get(&format!("/documents/{doc}/beads/{b}")).await.body;
    let at = bead_page.find("/suggestions/").unwrap() + 13;
    let sid = bead_page[at..at + bead_page[at..].find('/').unwrap()].to_string();
    ada.post(
        &format!("/suggestions/{sid}/reject"),
        &[("reason", "keep the original")],
    )
    .await;
    let h = r1.get(&format!("/documents/{doc}/history")).await.body;
    assert!(
        text_of(&h).contains("suggested a new English wording of sentence 2 in bead 2"),
        "{h}"
    );
    assert!(h.contains("The second<ins>, better </ins>sentence."), "{h}");
    assert!(h.contains("Reason:</strong> keep the original"), "{h}");
    assert!(
        h.contains(&format!("/documents/{doc}/beads/{b}\">bead 2</a>")),
        "{h}"
    );
    assert!(!h.contains("{&quot;") && !h.contains("suggestion:1"), "{h}");
}

// ------------------------------------------------------------ typed text comes back

#[tokio::test]
async fn a_stale_wording_comes_back_with_the_text_typed() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[2];
    let v = version_of(&page, b);
    let r = ada
        .post(
            &format!("/documents/{doc}/beads/{b}/approve"),
            &[("version", &v)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let typed = "Третье, исправленное предложение.";
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/suggest"),
            &[
                ("kind", "wording"),
                ("lang", "ru"),
                ("idx", "2"),
                ("text", typed),
                ("seen", "Третье предложение."),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains(&format!(">{typed}</textarea>")),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("Current wording: <span lang=\"ru\">Третье предложение.</span>")
    );
    assert!(
        r.body.contains("Meanwhile: ada approved bead 3"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn refused_wordings_and_comments_come_back_in_their_fields() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let b = bead_ids(&page)[0];
    let v = version_of(&page, b);
    let path = format!("/documents/{doc}/beads/{b}/suggest");
    let long = "слово ".repeat(900);
    // Too long.
    let r = r1
        .post(
            &path,
            &[
                ("kind", "wording"),
                ("lang", "ru"),
                ("idx", "0"),
                ("text", &long),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains(&format!(">{long}</textarea>")));
    // Malformed: no version.
    let r = r1
        .post(
            &path,
            &[
                ("kind", "wording"),
                ("lang", "en"),
                ("idx", "0"),
                ("text", "Typed without a version."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains(">Typed without a version.</textarea>"),
        "{}",
        r.body
    );
    // No change chosen in the dropdown.
    let r = r1.post(&path, &[("kind", ""), ("version", &v)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("choose a change to suggest"));
    // A comment that is too long.
    let r = r1
        .post(
            &format!("/documents/{doc}/beads/{b}/comment"),
            &[("text", &long)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains(&format!(">{long}</textarea>")));
}

// ------------------------------------------------------------ own suggestions

#[tokio::test]
async fn reviewers_list_and_withdraw_their_own_suggestions_only() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut r2 = Client::signed_in(&app, "rev2").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    for (b, kind) in [(ids[0], "merge_next"), (ids[2], "unpair")] {
        let v = version_of(&page, b);
        let r = r1
            .post(
                &format!("/documents/{doc}/beads/{b}/suggest"),
                &[("kind", kind), ("version", &v)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let mine = text_of(&r1.get("/my-suggestions").await.body);
    assert!(mine.contains("merging bead 1"), "{mine}");
    assert!(mine.contains("unpairing bead 3"), "{mine}");
    let sid_of = |html: &str, bead: i64| {
        let page_part = &html[html.find(&format!("/beads/{bead}\"")).unwrap()..];
        let at = page_part.find("/suggestions/").unwrap() + 13;
        page_part[at..at + page_part[at..].find('/').unwrap()].to_string()
    };
    let bead_page = r1
        .get(&format!("/documents/{doc}/beads/{}", ids[0]))
        .await
        .body;
    assert!(bead_page.contains("Withdraw my suggestion"));
    let merge_sid = sid_of(&bead_page, ids[0]);

    // Someone else may not withdraw it.
    let r = r2
        .post(&format!("/suggestions/{merge_sid}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nor without the CSRF token.
    let r = r1
        .post_raw(&format!("/suggestions/{merge_sid}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = r1
        .post(
            &format!("/suggestions/{merge_sid}/withdraw"),
            &[("back", "/my-suggestions")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mine = r1.get(r.location()).await.body;
    assert!(mine.contains("Your suggestion was withdrawn"));
    assert!(mine.contains(">withdrawn</span>"), "{mine}");
    // A withdrawn suggestion cannot be withdrawn (or applied) again.
    let r = r1
        .post(&format!("/suggestions/{merge_sid}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // The admin rejects the other one: the reason is in the list and in the history.
    let bead_page = ada
        .get(&format!("/documents/{doc}/beads/{}", ids[2]))
        .await
        .body;
    let unpair_sid = sid_of(&bead_page, ids[2]);
    let r = ada
        .post(
            &format!("/suggestions/{unpair_sid}/reject"),
            &[("reason", "these two are a translation")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mine = r1.get("/my-suggestions").await.body;
    assert!(mine.contains("these two are a translation"), "{mine}");
    let history = text_of(&r1.get(&format!("/documents/{doc}/history")).await.body);
    assert!(history.contains("these two are a translation"));
    assert!(
        history.contains("withdrew their suggestion: merging bead 1"),
        "{history}"
    );
    // Signed out, the list asks to sign in.
    let mut anon = Client::anonymous(&app).await;
    assert_eq!(
        anon.get("/my-suggestions").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn split_choices_preview_their_sentences_and_the_dropdown_has_no_default() {
    let (app, _, doc) = test_app(Config::default());
    let mut r1 = Client::signed_in(&app, "rev1").await;
    let mut ada = Client::signed_in(&app, "ada").await;
    let page = r1.get(&format!("/documents/{doc}")).await.body;
    let ids = bead_ids(&page);
    let v = version_of(&page, ids[0]);
    r1.post(
        &format!("/documents/{doc}/beads/{}/suggest", ids[0]),
        &[("kind", "merge_next"), ("version", &v)],
    )
    .await;
    let bead_page = ada
        .get(&format!("/documents/{doc}/beads/{}", ids[0]))
        .await
        .body;
    let at = bead_page.find("/suggestions/").unwrap() + 13;
    let sid = bead_page[at..at + bead_page[at..].find('/').unwrap()].to_string();
    ada.post(&format!("/suggestions/{sid}/approve"), &[("version", &v)])
        .await;
    let merged = bead_ids(&r1.get(&format!("/documents/{doc}")).await.body)[0];
    let p = r1
        .get(&format!("/documents/{doc}/beads/{merged}"))
        .await
        .body;
    assert!(p.contains("id=\"suggest\""));
    assert!(p.contains("<option value=\"\" selected disabled>Choose a change…</option>"));
    assert!(
        p.contains("«Первое предложение.»</span> / <span lang=\"en\">«The first sentence.»"),
        "{p}"
    );
    // An applied suggestion's bead shows the aligner's confidence, not a made-up 1.00.
    assert!(p.contains("approved, the aligner's confidence"));
    assert!(!p.contains("the aligner's confidence 1.00"), "{p}");
}
