//! Storage tests: the review workflow on a plain `Store`, no HTTP.

use sverka::Lang;
use sverka::export::Format;
use sverka::review::Action;
use sverka::review::{Change, Role, Status, StoredBead, SuggestionStatus};
use sverka::review::{ExportRequest, export_applied};
use sverka::storage::{Approver, Store, StoreError};

use crate::support::web::open_test_store;

fn spans(beads: &[StoredBead]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    beads
        .iter()
        .map(|b| (b.span.ru.clone(), b.span.en.clone()))
        .collect()
}

/// Beads tile both sides in order, each sentence once.
fn assert_tiling(s: &Store, doc: i64) {
    let beads = s.beads(doc).unwrap();
    let (nr, ne) = (
        s.sentences(doc, Lang::Ru).unwrap().len(),
        s.sentences(doc, Lang::En).unwrap().len(),
    );
    let (mut r, mut e) = (0, 0);
    for b in &beads {
        assert_eq!(
            (b.span.ru.start, b.span.en.start),
            (r, e),
            "gap or overlap at {b:?}"
        );
        assert!(!(b.span.ru.is_empty() && b.span.en.is_empty()));
        r = b.span.ru.end;
        e = b.span.en.end;
    }
    assert_eq!((r, e), (nr, ne));
}

fn tsv(s: &Store, doc: i64) -> Vec<u8> {
    let req = ExportRequest {
        format: Format::Tsv,
        approved_only: false,
        status_column: true,
        book: Default::default(),
        findings: false,
    };
    export_applied(&s.applied(doc).unwrap(), doc, req)
        .unwrap()
        .0
}

#[test]
fn document_is_stored_with_sentences_and_automatic_beads() {
    let (s, doc, _) = open_test_store();
    let ru = s.sentences(doc, Lang::Ru).unwrap();
    assert_eq!(ru.len(), 4);
    assert_eq!(ru[2].text, "Третье предложение.");
    assert_eq!(ru[2].paragraph, 1);
    assert_eq!(ru[2].text, ru[2].original);
    let beads = s.beads(doc).unwrap();
    assert!(
        beads
            .iter()
            .all(|b| b.status == Status::Automatic && b.version == 1)
    );
    assert_tiling(&s, doc);
    let d = s.document(doc).unwrap().unwrap();
    assert_eq!(
        (d.total, d.approved, d.disputed),
        (beads.len() as i64, 0, 0)
    );
}

#[test]
fn votes_are_one_per_user_changeable_and_withdrawable() {
    let (mut s, doc, [_, r1, r2]) = open_test_store();
    let b = s.beads(doc).unwrap()[0].clone();
    assert_eq!(s.vote_bead(r1, doc, b.id, b.version, 1).unwrap().net, 1);
    assert_eq!(s.vote_bead(r1, doc, b.id, b.version, 1).unwrap().net, 1);
    assert_eq!(s.vote_bead(r2, doc, b.id, b.version, -1).unwrap().net, 0);
    assert_eq!(s.vote_bead(r1, doc, b.id, b.version, -1).unwrap().net, -2);
    assert_eq!(s.vote_bead(r1, doc, b.id, b.version, 0).unwrap().net, -1);
    assert!(matches!(
        s.vote_bead(r1, doc, b.id, b.version, 2),
        Err(StoreError::Invalid(_))
    ));
    let review = s.review(doc, Some(r2)).unwrap();
    assert_eq!((review[0].net, review[0].my_vote), (-1, -1));
}

#[test]
fn stale_version_is_refused_and_changes_nothing() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let b = s.beads(doc).unwrap()[0].clone();
    s.approve_bead(ada, doc, b.id, b.version).unwrap();
    let err = s.vote_bead(r1, doc, b.id, b.version, 1).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Stale {
                seen: 1,
                current: 2,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(s.review(doc, None).unwrap()[0].net, 0);
    assert!(matches!(
        s.suggest(r1, doc, b.id, b.version, Change::MergeNext),
        Err(StoreError::Stale { .. })
    ));
}

#[test]
fn merge_outvotes_then_applies_and_realigns_around_it() {
    let (mut s, doc, [ada, r1, r2]) = open_test_store();
    let before = s.beads(doc).unwrap();
    let b0 = before[0].clone();
    let sid = s
        .suggest(r1, doc, b0.id, b0.version, Change::MergeNext)
        .unwrap();
    // The author's suggestion is their vote; a duplicate suggestion adds a vote instead.
    assert_eq!(
        s.suggest(r2, doc, b0.id, b0.version, Change::MergeNext)
            .unwrap(),
        sid
    );
    let review = s.review(doc, None).unwrap();
    assert_eq!(review[0].best_suggestion_net, Some(2));
    assert!(review[0].disputed());
    assert_eq!(s.document(doc).unwrap().unwrap().disputed, 1);

    s.approve_suggestion(ada, sid, b0.version).unwrap();
    let after = s.beads(doc).unwrap();
    assert_eq!(
        after[0].span.ru,
        before[0].span.ru.start..before[1].span.ru.end
    );
    assert_eq!(
        after[0].span.en,
        before[0].span.en.start..before[1].span.en.end
    );
    assert_eq!(after[0].status, Status::Approved);
    assert_tiling(&s, doc);
    let sugg = s.suggestion(sid).unwrap().unwrap();
    assert_eq!(sugg.status.as_str(), "applied");
    // Applying twice is refused.
    assert!(matches!(
        s.approve_suggestion(ada, sid, b0.version),
        Err(StoreError::Conflict(_))
    ));
}

#[test]
fn every_structural_change_keeps_a_tiling() {
    let changes = [
        (1, Change::MergePrev),
        (1, Change::Unpair),
        (0, Change::Split { ru_at: 1, en_at: 0 }),
        (1, Change::MoveFirstToPrev { lang: Lang::En }),
        (1, Change::MoveLastToNext { lang: Lang::Ru }),
    ];
    for (i, change) in changes {
        let (mut s, doc, [ada, r1, _]) = open_test_store();
        let b = s.beads(doc).unwrap()[i].clone();
        let sid = s.suggest(r1, doc, b.id, b.version, change.clone()).unwrap();
        s.approve_suggestion(ada, sid, b.version)
            .unwrap_or_else(|e| panic!("{change:?}: {e}"));
        assert_tiling(&s, doc);
        let approved: Vec<_> = s
            .beads(doc)
            .unwrap()
            .into_iter()
            .filter(|b| b.status == Status::Approved)
            .collect();
        assert!(!approved.is_empty(), "{change:?} approved nothing");
    }
}

#[test]
fn unpair_then_pair_next_restores_the_pair() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let b = s.beads(doc).unwrap()[2].clone();
    let sid = s.suggest(r1, doc, b.id, b.version, Change::Unpair).unwrap();
    s.approve_suggestion(ada, sid, b.version).unwrap();
    let beads = s.beads(doc).unwrap();
    let one = beads
        .iter()
        .position(|x| x.span.ru == b.span.ru && x.span.en.is_empty())
        .unwrap();
    assert!(beads[one + 1].span.ru.is_empty() && beads[one + 1].span.en == b.span.en);
    let u = beads[one].clone();
    let sid = s
        .suggest(r1, doc, u.id, u.version, Change::PairNext)
        .unwrap();
    s.approve_suggestion(ada, sid, u.version).unwrap();
    let beads = s.beads(doc).unwrap();
    assert!(
        beads
            .iter()
            .any(|x| x.span.ru == b.span.ru && x.span.en == b.span.en)
    );
    assert_tiling(&s, doc);
}

#[test]
fn invalid_changes_are_refused() {
    let (mut s, doc, [_, r1, _]) = open_test_store();
    let beads = s.beads(doc).unwrap();
    let (first, last) = (beads[0].clone(), beads[beads.len() - 1].clone());
    for (b, c) in [
        (&first, Change::MergePrev),
        (&last, Change::MergeNext),
        (&first, Change::PairNext),
        (&first, Change::Split { ru_at: 9, en_at: 9 }),
        (&first, Change::Split { ru_at: 0, en_at: 0 }),
        (
            &first,
            Change::Wording {
                lang: Lang::En,
                idx: 3,
                text: "x".into(),
            },
        ),
        (
            &first,
            Change::Wording {
                lang: Lang::En,
                idx: 0,
                text: "  ".into(),
            },
        ),
    ] {
        let r = s.suggest(r1, doc, b.id, b.version, c.clone());
        assert!(matches!(r, Err(StoreError::Invalid(_))), "{c:?} gave {r:?}");
    }
}

#[test]
fn wording_applies_keeps_original_and_reverts_byte_for_byte() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let original = tsv(&s, doc);
    let b = s.beads(doc).unwrap()[0].clone();
    let change = Change::Wording {
        lang: Lang::En,
        idx: 0,
        text: "The very first sentence.".into(),
    };
    let sid = s.suggest(r1, doc, b.id, b.version, change).unwrap();
    s.approve_suggestion(ada, sid, b.version).unwrap();
    let en = s.sentences(doc, Lang::En).unwrap();
    assert_eq!(en[0].text, "The very first sentence.");
    assert_eq!(en[0].original, "The first sentence.");
    let changed = tsv(&s, doc);
    assert_ne!(changed, original);
    assert!(String::from_utf8_lossy(&changed).contains("The very first sentence.\t"));

    let apply = s
        .events(Some(doc), 50)
        .unwrap()
        .into_iter()
        .find(|e| e.action == Action::Apply)
        .unwrap();
    s.revert(ada, apply.id).unwrap();
    assert_eq!(tsv(&s, doc), original);
}

#[test]
fn structural_revert_restores_export_and_refuses_when_overlapped() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let original = tsv(&s, doc);
    let b = s.beads(doc).unwrap()[1].clone();
    let sid = s
        .suggest(r1, doc, b.id, b.version, Change::MergeNext)
        .unwrap();
    s.approve_suggestion(ada, sid, b.version).unwrap();
    let first_apply = s.events(Some(doc), 1).unwrap()[0].clone();
    assert_eq!(first_apply.action, Action::Apply);
    let merged = tsv(&s, doc);
    // A later change on the same bead blocks reverting the earlier one.
    let m = s.beads(doc).unwrap()[1].clone();
    let sid = s.suggest(r1, doc, m.id, m.version, Change::Unpair).unwrap();
    s.approve_suggestion(ada, sid, m.version).unwrap();
    let second_apply = s.events(Some(doc), 1).unwrap()[0].clone();
    assert!(matches!(
        s.revert(ada, first_apply.id),
        Err(StoreError::Conflict(_))
    ));
    s.revert(ada, second_apply.id).unwrap();
    assert_eq!(tsv(&s, doc), merged);
    s.revert(ada, first_apply.id).unwrap();
    assert_eq!(tsv(&s, doc), original);
    // Votes and comments cannot be reverted.
    let vote_like = s
        .events(Some(doc), 50)
        .unwrap()
        .into_iter()
        .find(|e| e.action == Action::Suggest)
        .unwrap();
    assert!(matches!(
        s.revert(ada, vote_like.id),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn auto_approve_applies_at_the_threshold() {
    let (mut s, doc, [_, r1, r2]) = open_test_store();
    let b = s.beads(doc).unwrap()[0].clone();
    let sid = s
        .suggest(r1, doc, b.id, b.version, Change::MergeNext)
        .unwrap();
    let out = s.vote_suggestion(r2, sid, b.version, 1, Some(3)).unwrap();
    assert_eq!((out.net, out.outvotes), (2, false));
    assert!(
        matches!(s.apply_outvoting(sid, 3), Err(StoreError::Conflict(_))),
        "two votes do not reach three"
    );
    let (_, r3) = (0, s.create_user("rev3", "h", Role::Reviewer).unwrap());
    let out = s.vote_suggestion(r3, sid, b.version, 1, Some(3)).unwrap();
    assert_eq!((out.net, out.outvotes), (3, true));
    // The vote's transaction applies nothing; the application is a step of its own, whose
    // re-alignment runs outside any transaction.
    assert_eq!(s.beads(doc).unwrap()[0].status, Status::Automatic);
    s.apply_outvoting(sid, 3).unwrap();
    assert_eq!(s.beads(doc).unwrap()[0].status, Status::Approved);
    assert_eq!(spans(&s.beads(doc).unwrap())[0].0, 0..2);
}

#[test]
fn an_approval_read_before_another_change_is_computed_again_and_never_undoes_it() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let beads = s.beads(doc).unwrap();
    let (first, last) = (beads[0].clone(), beads[beads.len() - 1].clone());
    let sid = s
        .suggest(r1, doc, first.id, first.version, Change::MergeNext)
        .unwrap();
    // Read and re-aligned; then another approval lands before this one is stored.
    let approval = s.prepare_approval(sid).unwrap().compute().unwrap();
    s.approve_bead(ada, doc, last.id, last.version).unwrap();
    let before = spans(&s.beads(doc).unwrap());
    assert!(matches!(
        s.commit_approval(Approver::Admin(ada, first.version), approval),
        Err(StoreError::Moved)
    ));
    assert_eq!(spans(&s.beads(doc).unwrap()), before, "nothing was stored");
    assert_eq!(
        s.suggestion(sid).unwrap().unwrap().status,
        SuggestionStatus::Open
    );
    // Read again, it applies; the bead approved meanwhile stays approved.
    s.approve_suggestion(ada, sid, first.version).unwrap();
    let now = s.beads(doc).unwrap();
    assert_eq!(
        (now[0].span.ru.clone(), now[0].status),
        (0..2, Status::Approved)
    );
    assert_eq!(now[now.len() - 1].span, last.span);
    assert_eq!(now[now.len() - 1].status, Status::Approved);
    assert_tiling(&s, doc);
    // A wording approval read before a re-alignment of its document is read again too.
    let b = s.beads(doc).unwrap()[1].clone();
    let idx = b.span.en.start;
    let sid = s
        .suggest(
            r1,
            doc,
            b.id,
            b.version,
            Change::Wording {
                lang: Lang::En,
                idx,
                text: "A better sentence.".into(),
            },
        )
        .unwrap();
    let approval = s.prepare_approval(sid).unwrap().compute().unwrap();
    // Meanwhile another wording is approved elsewhere: the text has changed.
    let other = s.beads(doc).unwrap()[0].clone();
    let other_sid = s
        .suggest(
            r1,
            doc,
            other.id,
            other.version,
            Change::Wording {
                lang: Lang::En,
                idx: other.span.en.start,
                text: "Another sentence.".into(),
            },
        )
        .unwrap();
    s.approve_suggestion(ada, other_sid, other.version).unwrap();
    assert!(matches!(
        s.commit_approval(Approver::Admin(ada, b.version), approval),
        Err(StoreError::Moved)
    ));
    s.approve_suggestion(ada, sid, b.version).unwrap();
    assert_eq!(
        s.sentences(doc, Lang::En).unwrap()[idx].text,
        "A better sentence."
    );
}

#[test]
fn reject_needs_a_reason_and_closes_the_suggestion() {
    let (mut s, doc, [ada, r1, r2]) = open_test_store();
    let b = s.beads(doc).unwrap()[0].clone();
    let sid = s
        .suggest(r1, doc, b.id, b.version, Change::MergeNext)
        .unwrap();
    assert!(matches!(
        s.reject_suggestion(ada, sid, " "),
        Err(StoreError::Invalid(_))
    ));
    s.reject_suggestion(ada, sid, "The sentences are separate.")
        .unwrap();
    let sug = s.suggestion(sid).unwrap().unwrap();
    assert_eq!(sug.reason.as_deref(), Some("The sentences are separate."));
    assert!(matches!(
        s.vote_suggestion(r2, sid, b.version, 1, None),
        Err(StoreError::Conflict(_))
    ));
}

#[test]
fn the_last_admin_stays() {
    let (mut s, _, [ada, r1, _]) = open_test_store();
    assert!(matches!(
        s.set_user(ada, ada, Role::Reviewer, true),
        Err(StoreError::Invalid(_))
    ));
    s.set_user(ada, r1, Role::Admin, true).unwrap();
    s.set_user(r1, ada, Role::Reviewer, false).unwrap();
    assert!(!s.user(ada).unwrap().unwrap().active);
    assert!(matches!(
        s.create_user("REV1", "h", Role::Reviewer),
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.create_user("bad name!", "h", Role::Reviewer),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn sessions_expire_with_deactivation() {
    let (mut s, _, [ada, r1, _]) = open_test_store();
    s.create_session("t1", r1, "c1").unwrap();
    assert_eq!(s.session("t1").unwrap().unwrap().user.name, "rev1");
    s.set_user(ada, r1, Role::Reviewer, false).unwrap();
    assert!(s.session("t1").unwrap().is_none());
}

#[test]
fn file_database_uses_wal_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.create_user("ada", "h", Role::Admin).unwrap();
        // In WAL mode a write goes to the -wal file while the connection is open.
        assert!(dir.path().join("t.db-wal").exists());
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.user_count().unwrap(), 1);
    assert_eq!(s.users().unwrap()[0].name, "ada");
}

#[test]
fn comments_and_history_are_kept() {
    let (mut s, doc, [_, r1, _]) = open_test_store();
    let b = s.beads(doc).unwrap()[0].clone();
    s.comment(r1, doc, b.id, "<b>check</b> this").unwrap();
    let c = s.comments(b.id).unwrap();
    assert_eq!(c[0].text, "<b>check</b> this");
    assert_eq!(c[0].author.as_deref(), Some("rev1"));
    let h = s.history(doc, &b).unwrap();
    assert!(
        h.iter()
            .any(|e| e.action == Action::Comment && e.user.as_deref() == Some("rev1"))
    );
}

/// A document whose stored alignment is wrong around a merge: after the merge is approved,
/// the unapproved beads next to it are re-aligned by the aligner, and approved beads keep
/// their row, span and version.
#[test]
fn approved_merge_realigns_unapproved_neighbours_and_never_moves_approved_beads() {
    use sverka::{Bead, Document};
    let ru = Document::presegmented(
        "В 2013 году Павел Дуров запустил Telegram.\n\
         Сервис быстро рос.\n\
         К 2015 году у него было 60 миллионов пользователей.\n\
         В Москве открылся новый офис на 150 сотрудников.\n\
         Компания потратила 7 миллионов долларов на серверы в Амстердаме.\n\
         В 2018 году суд заблокировал мессенджер в России.\n\
         Блокировку сняли в 2020 году.\n",
        Lang::Ru,
    )
    .unwrap();
    let en = Document::presegmented(
        "In 2013 Pavel Durov launched Telegram.\n\
         The service grew fast, reaching 60 million users by 2015.\n\
         A new office for 150 employees opened in Moscow.\n\
         The company spent 7 million dollars on servers in Amsterdam.\n\
         In 2018 a court blocked the messenger in Russia.\n\
         The ban was lifted in 2020.\n",
        Lang::En,
    )
    .unwrap();
    // Right: 0-0, 1+2-1, 3-2, 4-3, 5-4, 6-5. Stored: the middle is wrong.
    let wrong = [
        Bead::new(0..1, 0..1, 0.9),
        Bead::new(1..2, 1..2, 0.5),
        Bead::new(2..3, 2..2, 0.5),
        Bead::new(3..5, 2..3, 0.3),
        Bead::new(5..6, 3..5, 0.3),
        Bead::new(6..7, 5..6, 0.9),
    ];
    let (mut s, _, [ada, r1, _]) = open_test_store();
    let doc = s
        .create_document(Some(ada), "Realign", &ru, &en, &wrong)
        .unwrap();
    let beads = s.beads(doc).unwrap();
    for k in [0, 5] {
        s.approve_bead(ada, doc, beads[k].id, beads[k].version)
            .unwrap();
    }
    let approved: Vec<StoredBead> = s
        .beads(doc)
        .unwrap()
        .into_iter()
        .filter(|b| b.status == Status::Approved)
        .collect();
    assert_eq!(approved.len(), 2);
    let sid = s
        .suggest(r1, doc, beads[1].id, beads[1].version, Change::MergeNext)
        .unwrap();
    s.approve_suggestion(ada, sid, beads[1].version).unwrap();
    let after = s.beads(doc).unwrap();
    assert_eq!(
        spans(&after),
        vec![
            (0..1, 0..1),
            (1..3, 1..2),
            (3..4, 2..3),
            (4..5, 3..4),
            (5..6, 4..5),
            (6..7, 5..6),
        ],
        "the neighbours of the merge are re-aligned one to one"
    );
    assert_eq!(after[1].status, Status::Approved);
    assert!(after[2..5].iter().all(|b| b.status == Status::Automatic));
    for a in &approved {
        let now = after
            .iter()
            .find(|b| b.id == a.id)
            .expect("approved bead kept");
        assert_eq!(now, a, "an approved bead never moves or changes");
    }
    assert_tiling(&s, doc);
}

#[test]
fn text_stamp_changes_with_the_alignment_not_with_votes() {
    let (mut s, doc, [ada, r1, _]) = open_test_store();
    let before = s.text_stamp(doc).unwrap();
    assert!(before > 0);
    let b = s.beads(doc).unwrap();
    s.vote_bead(r1, doc, b[0].id, b[0].version, 1).unwrap();
    s.comment(r1, doc, b[0].id, "fine").unwrap();
    assert_eq!(s.text_stamp(doc).unwrap(), before);
    let sid = s
        .suggest(r1, doc, b[0].id, b[0].version, Change::MergeNext)
        .unwrap();
    s.approve_suggestion(ada, sid, b[0].version).unwrap();
    assert!(s.text_stamp(doc).unwrap() > before);
    // Votes by bead and the bead positions the live notices use.
    let votes = s.bead_votes(doc).unwrap();
    assert!(votes.is_empty(), "the voted bead was replaced by the merge");
    let now = s.beads(doc).unwrap();
    assert_eq!(s.bead_position(doc, now[1].id).unwrap(), Some(1));
    assert_eq!(s.bead_position(doc, 99_999).unwrap(), None);
}
