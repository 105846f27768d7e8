//! A day of review in Chromium (issue 17, "Done when"): two reviewers and an admin, each in
//! their own browser, work at once on the bundled post: page visits back and forth, votes
//! by key and by click, merges, a split, a pairing, wordings, comments, approvals, a
//! rejection with a reason, a revert from the history, and one stale wording refused (409)
//! with the typed text kept. Then the stored state must have lost nothing: every comment is
//! on a current bead, every acknowledged vote is counted (or kept in the history when its
//! bead was replaced), the beads still tile both texts, and no tab held more than one live
//! stream.
//!
//! The three scripts are fixed sequences of steps run together with `tokio::join!`; where
//! one waits for another (the admin applies a suggestion once it is made) it waits for the
//! stored state, never for a timer. Chromium and chromedriver through the helpers of
//! `tests/support/browser.rs`: skipped with a printed reason when missing, unless
//! `SVERKA_REQUIRE_BROWSER=1`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;
use sverka::Span;
use sverka::review::{Action, Change, Status, StoredBead, SuggestionStatus, Target};
use sverka::storage::Store;
use sverka::web::AppState;
use tokio::sync::Notify;

use crate::support::browser::{Driver, eval, press, serve, sign_in_as, skip, wait_until};

/// Enter and Escape as WebDriver key values.
const ENTER: char = '\u{e007}';
const ESCAPE: char = '\u{e00c}';

/// Whether the page's live stream is open.
const LIVE_ON: &str = "document.documentElement.dataset.live === 'on'";

/// Whether the bead page a suggestion sent from it returns to confirms it.
const SUGGESTED: &str = "location.pathname.includes('/beads/') && document.querySelector('.flash') !== null && document.querySelector('.flash').textContent.startsWith('You suggested a change to bead')";

/// Whether the confirmation dialog is open.
const DIALOG_OPEN: &str =
    "!!document.querySelector('dialog.confirm') && document.querySelector('dialog.confirm').open";

/// Clicks the element `css` from the page's script (a live refresh may replace it at any
/// moment, so it is looked up and clicked at once), after waiting for it to be there.
async fn click_on(c: &Client, css: &str) {
    let q = format!("document.querySelector({})", json!(css));
    wait_until(c, &format!("{q} !== null"), 5000).await;
    eval(c, &format!("({q}.click(), 0)")).await;
}

/// A comment the test wrote: who, the text, the bead it was posted on.
struct Written {
    who: &'static str,
    text: String,
    bead: i64,
}

/// A vote the server acknowledged (the row came back showing it): who, bead, value.
struct Cast {
    who: &'static str,
    bead: i64,
    value: i64,
}

/// What the day did, as the test saw it.
#[derive(Default)]
struct Log {
    comments: Vec<Written>,
    votes: Vec<Cast>,
    /// Votes refused because their bead changed meanwhile (then cast again).
    refused: usize,
    steps: BTreeMap<&'static str, usize>,
}

/// How a vote is cast: a key on the focused row, or a click on the row's button.
#[derive(Clone, Copy)]
enum How {
    Key(char),
    Click(u8),
}

/// The server, the document and the shared record of the day.
struct Day {
    base: String,
    page: String,
    state: AppState,
    doc: i64,
    log: Mutex<Log>,
    /// rev2 has typed a wording on bead 12's page (the admin may approve the bead now).
    typed: Notify,
    /// The admin approved that bead: rev2's wording is stale.
    approved: Notify,
}

impl Day {
    /// Counts one step of `who`.
    fn step(&self, who: &'static str) {
        *self.log.lock().unwrap().steps.entry(who).or_default() += 1;
    }

    /// Reads the store.
    async fn read<T: Send + 'static>(&self, f: impl FnOnce(&Store) -> T + Send + 'static) -> T {
        self.state.db(move |s| f(s)).await.unwrap()
    }

    /// Polls the store until `f` gives something; panics after 30 s, saying `what`.
    async fn until<T: Send + 'static>(
        &self,
        what: &str,
        f: impl Fn(&Store) -> Option<T> + Send + Sync + Clone + 'static,
    ) -> T {
        let start = Instant::now();
        loop {
            let g = f.clone();
            if let Some(t) = self.read(move |s| g(s)).await {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited 30 s for {what}"
            );
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// The open suggestion by `who` on bead `bead` for which `kind` holds.
    async fn open_suggestion(
        &self,
        who: &'static str,
        bead: i64,
        min_net: i64,
        kind: fn(&Change) -> bool,
    ) -> i64 {
        self.until(
            &format!("{who}'s suggestion on bead {bead}"),
            move |s: &Store| {
                s.suggestions(bead, None)
                    .unwrap()
                    .into_iter()
                    .find(|x| {
                        x.status == SuggestionStatus::Open
                            && x.author.as_deref() == Some(who)
                            && kind(&x.change)
                            && x.net >= min_net
                    })
                    .map(|x| x.id)
            },
        )
        .await
    }

    /// `who`'s vote on the current bead `bead` as stored.
    async fn my_vote(&self, who: &'static str, bead: i64) -> i64 {
        let doc = self.doc;
        self.read(move |s| {
            let me = s.credentials(who).unwrap().unwrap().user.id;
            s.review(doc, Some(me))
                .unwrap()
                .into_iter()
                .find(|r| r.bead.id == bead)
                .map_or(0, |r| r.my_vote)
        })
        .await
    }

    /// The status of suggestion `sid`.
    async fn status(&self, sid: i64) -> SuggestionStatus {
        self.read(move |s| s.suggestion(sid).unwrap().unwrap().status)
            .await
    }

    // ------------------------------------------------------------ what a user does

    /// Opens the review page and waits for its live stream.
    async fn open_document(&self, c: &Client) {
        c.goto(&self.page).await.unwrap();
        wait_until(c, "document.getElementById('rows') !== null", 5000).await;
        wait_until(c, LIVE_ON, 5000).await;
    }

    /// From the review page, follows bead `bead`'s "#" link, then goes back with the back
    /// button (the page comes back from the back/forward cache).
    async fn visit_and_back(&self, c: &Client, who: &'static str, bead: i64) {
        click_on(c, &format!("#b{bead} td.num a")).await;
        wait_until(c, "location.pathname.includes('/beads/')", 5000).await;
        wait_until(c, LIVE_ON, 5000).await;
        c.back().await.unwrap();
        wait_until(
            c,
            "!location.pathname.includes('/beads/') && document.getElementById('rows') !== null",
            5000,
        )
        .await;
        wait_until(c, LIVE_ON, 5000).await;
        self.step(who);
    }

    /// From the review page, opens the history with its link, then goes back.
    async fn history_and_back(&self, c: &Client, who: &'static str) {
        eval(
            c,
            "(document.querySelector(\"a[href$='/history']\").click(), 0)",
        )
        .await;
        wait_until(
            c,
            "location.pathname.endsWith('/history') && document.querySelector('table.events') !== null",
            5000,
        )
        .await;
        c.back().await.unwrap();
        wait_until(c, "document.getElementById('rows') !== null", 5000).await;
        wait_until(c, LIVE_ON, 5000).await;
        self.step(who);
    }

    /// Votes `value` on `bead` as `how` says, waits until the row the server sends back shows
    /// it, and records it. A vote refused because the bead changed meanwhile (another
    /// reviewer's change re-scored it) comes back as the fresh row with a notice: then the
    /// user votes again, once, as they would.
    async fn vote(&self, c: &Client, who: &'static str, bead: i64, how: How, value: i64) {
        let pressed = |k: u8| {
            format!(
                "document.querySelector('#b{bead} button[data-key=\"{k}\"]').getAttribute('aria-pressed') === 'true'"
            )
        };
        let shown = match value {
            1 => format!("{} && !({})", pressed(1), pressed(2)),
            -1 => format!("{} && !({})", pressed(2), pressed(1)),
            _ => format!("!({}) && !({})", pressed(1), pressed(2)),
        };
        let shown = format!(
            "({shown}) && !document.querySelector('#b{bead}').classList.contains('sending')"
        );
        for attempt in 0..2 {
            eval(
                c,
                "(window.__refused = false, window.__hooked || document.body.addEventListener('sverka-notice', function (e) { if (!String(e.detail && e.detail.value).startsWith('You voted')) window.__refused = true; }), window.__hooked = true, 0)",
            )
            .await;
            match how {
                How::Key(key) => {
                    click_on(c, &format!("#b{bead} td.meta")).await;
                    wait_until(
                        c,
                        &format!(
                            "document.activeElement && document.activeElement.id === 'b{bead}'"
                        ),
                        3000,
                    )
                    .await;
                    press(c, key).await;
                }
                How::Click(key) => {
                    click_on(c, &format!("#b{bead} button[data-key=\"{key}\"]")).await;
                }
            }
            wait_until(c, &format!("({shown}) || window.__refused"), 5000).await;
            if eval(c, &shown).await == json!(true) {
                self.log
                    .lock()
                    .unwrap()
                    .votes
                    .push(Cast { who, bead, value });
                self.step(who);
                return;
            }
            assert_eq!(attempt, 0, "{who}'s vote on bead {bead} refused twice");
            self.log.lock().unwrap().refused += 1;
        }
    }

    /// Votes on `bead` from the keyboard: focuses its row (a click on its status cell) and
    /// presses `1` (up) or `2` (down); the same key again withdraws.
    async fn vote_by_key(&self, c: &Client, who: &'static str, bead: i64, key: char, value: i64) {
        self.vote(c, who, bead, How::Key(key), value).await;
    }

    /// Votes on `bead` by clicking its ▲ (`1`) or ▼ (`2`) button.
    async fn vote_by_click(&self, c: &Client, who: &'static str, bead: i64, key: u8, value: i64) {
        self.vote(c, who, bead, How::Click(key), value).await;
    }

    /// Writes `text` as a comment on `bead`'s page and sends it; records it.
    async fn comment(&self, c: &Client, who: &'static str, bead: i64, text: String) {
        c.goto(&format!("{}/beads/{bead}#add-comment", self.page))
            .await
            .unwrap();
        wait_until(c, "document.activeElement.id === 'comment'", 5000).await;
        let field = c.find(Locator::Id("comment")).await.unwrap();
        field.send_keys(&text).await.unwrap();
        let posted = "location.hash === '#comments' && document.querySelector('.flash') !== null";
        for attempt in 0..2 {
            c.find(Locator::Css("#add-comment button[type=submit]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_until(
                c,
                &format!("({posted}) || document.querySelector('main .error') !== null"),
                5000,
            )
            .await;
            if eval(c, posted).await == json!(true) {
                break;
            }
            // Refused (the bead changed meanwhile): the text is back in its field; send again.
            assert_eq!(attempt, 0, "{who}'s comment refused twice: {text}");
            let kept = eval(c, "document.getElementById('comment').value").await;
            assert_eq!(kept, json!(text), "a refused comment is kept in its field");
            self.log.lock().unwrap().refused += 1;
        }
        let flash = eval(c, "document.querySelector('.flash').textContent").await;
        assert_eq!(flash, json!("Your comment is posted."), "{who}: {text}");
        let on = eval(c, "location.pathname.split('/').pop()").await;
        let on: i64 = on.as_str().unwrap().parse().unwrap();
        let shown = eval(
            c,
            "Array.from(document.querySelectorAll('.comment-text')).map(p => p.textContent)",
        )
        .await;
        assert!(
            shown.as_array().unwrap().contains(&json!(text)),
            "the posted comment shows on its bead's page: {shown}"
        );
        self.log.lock().unwrap().comments.push(Written {
            who,
            text,
            bead: on,
        });
        self.step(who);
    }

    /// Clicks a row's button (`m` merge, `u` unpair) and waits until the suggestion is
    /// stored.
    async fn suggest_from_row(
        &self,
        c: &Client,
        who: &'static str,
        bead: i64,
        key: char,
        kind: fn(&Change) -> bool,
    ) -> i64 {
        click_on(c, &format!("#b{bead} button[data-key=\"{key}\"]")).await;
        let sid = self.open_suggestion(who, bead, 1, kind).await;
        wait_until(
            c,
            &format!(
                "document.querySelector('#b{bead} .votes').textContent.includes('suggestion')"
            ),
            5000,
        )
        .await;
        self.step(who);
        sid
    }

    /// The admin applies suggestion `sid` with "Approve and apply" on bead `bead`'s page.
    async fn apply(&self, c: &Client, bead: i64, sid: i64) {
        c.goto(&format!("{}/beads/{bead}#suggestions", self.page))
            .await
            .unwrap();
        wait_until(c, LIVE_ON, 5000).await;
        c.find(Locator::Css(&format!(
            "form[action='/suggestions/{sid}/approve'] button"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        wait_until(c, "document.getElementById('rows') !== null", 10000).await;
        let flash = eval(c, "document.querySelector('.flash').textContent").await;
        assert!(
            flash
                .as_str()
                .unwrap()
                .starts_with("You applied a change to "),
            "{flash}"
        );
        assert_eq!(self.status(sid).await, SuggestionStatus::Applied);
        wait_until(c, LIVE_ON, 5000).await;
        self.step("ada");
    }
}

fn is_merge(c: &Change) -> bool {
    matches!(c, Change::MergeNext)
}
fn is_split(c: &Change) -> bool {
    matches!(c, Change::Split { .. })
}
fn is_pair(c: &Change) -> bool {
    matches!(c, Change::PairNext)
}
fn is_wording(c: &Change) -> bool {
    matches!(c, Change::Wording { .. })
}

// ------------------------------------------------------------ the three scripts
//
// The bundled post as the aligner leaves it (15 beads; sentences numbered from 0):
//   1: ru0/en0 · 2–8: en1 … en7 alone · 9, 10: ru1, ru2 alone · 11: ru3/en8+en9 ·
//   12: ru4/en10 · 13: ru5/en11 · 14: en12 alone · 15: ru6 alone.
// The admin first approves beads 1, 7 and 13: approved beads never move, so the
// re-alignment after each change stays between them and the reviewers' regions stay apart.
// `b[n]` is the id of bead n of that first alignment.

/// rev1: visits, votes, comments on beads 2 and 3 and suggests merging them, votes by click,
/// comments on the merged bead, suggests pairing bead 8 with 9 (to be rejected) and merging
/// bead 14 with 15 (by key), and finds the first merge reverted with the votes back.
async fn rev1_day(day: &Day, c: &Client, b: &[i64; 16], merged_comment: &Notify) {
    let who = "rev1";
    sign_in_as(c, &day.base, who).await;
    day.open_document(c).await;
    for round in 0..3 {
        for n in [2, 4, 6] {
            day.visit_and_back(c, who, b[n]).await;
        }
        if round == 1 {
            day.history_and_back(c, who).await;
        }
    }
    day.vote_by_key(c, who, b[2], '1', 1).await;
    day.vote_by_key(c, who, b[3], '1', 1).await;
    day.vote_by_key(c, who, b[4], '2', -1).await;
    // A change of mind on bead 4: withdrawn (the same key again), then up by click.
    day.vote_by_key(c, who, b[4], '2', 0).await;
    day.vote_by_click(c, who, b[4], 1, 1).await;
    day.comment(c, who, b[2], "rev1 #1: bead 2 opens the argument.".into())
        .await;
    day.comment(
        c,
        who,
        b[3],
        "rev1 #2: bead 3 goes on from bead 2; merge them.".into(),
    )
    .await;
    day.open_document(c).await;
    day.suggest_from_row(c, who, b[2], 'm', is_merge).await;
    day.vote_by_click(c, who, b[5], 2, -1).await;
    day.vote_by_click(c, who, b[6], 1, 1).await;
    day.visit_and_back(c, who, b[5]).await;

    // The admin applies the merge (after rev2's vote for it): comment on the merged bead.
    let doc = day.doc;
    let merged = day
        .until("the merge of beads 2 and 3", move |s: &Store| {
            s.beads(doc)
                .unwrap()
                .into_iter()
                .find(|x| x.span.en == (1..3))
                .map(|x| x.id)
        })
        .await;
    day.comment(
        c,
        who,
        merged,
        "rev1 #3: the merged bead reads well.".into(),
    )
    .await;
    merged_comment.notify_one();

    // Bead 8 with bead 9: "Pair with the next one-sided bead" from the bead page's menu.
    c.goto(&format!("{}/beads/{}#suggest", day.page, b[8]))
        .await
        .unwrap();
    wait_until(c, LIVE_ON, 5000).await;
    c.find(Locator::Css("#kind option[value='pair_next']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("#suggest form.row-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    day.open_suggestion(who, b[8], 1, is_pair).await;
    wait_until(c, SUGGESTED, 5000).await;
    wait_until(c, LIVE_ON, 5000).await;
    day.step(who);

    // Bead 14 with 15: a comment and a vote on each, then `m` on bead 14.
    day.comment(
        c,
        who,
        b[14],
        "rev1 #4: bead 14 is the English of bead 15.".into(),
    )
    .await;
    day.open_document(c).await;
    day.vote_by_key(c, who, b[15], '1', 1).await;
    day.vote_by_click(c, who, b[14], 1, 1).await;
    click_on(c, &format!("#b{} td.meta", b[14])).await;
    wait_until(
        c,
        &format!("document.activeElement.id === 'b{}'", b[14]),
        3000,
    )
    .await;
    press(c, 'm').await;
    day.open_suggestion(who, b[14], 1, is_merge).await;
    day.step(who);
    for n in [4, 5, 6] {
        day.visit_and_back(c, who, b[n]).await;
    }

    // The admin reverts the first merge: beads 2 and 3 are back, with the votes on them.
    let back = day
        .until("the revert of the first merge", move |s: &Store| {
            s.beads(doc)
                .unwrap()
                .into_iter()
                .find(|x| x.span.en == (1..2))
                .map(|x| x.id)
        })
        .await;
    day.open_document(c).await;
    wait_until(
        c,
        &format!(
            "document.querySelector('#b{back} button[data-key=\"1\"]').getAttribute('aria-pressed') === 'true'"
        ),
        5000,
    )
    .await;
    day.visit_and_back(c, who, back).await;
    day.comment(
        c,
        who,
        back,
        "rev1 #5: back as two beads after the revert.".into(),
    )
    .await;
    day.open_document(c).await;
}

/// rev2: visits, votes (one withdrawn), comments on bead 11 and suggests its split (by key),
/// votes for rev1's merge, then the stale wording: types a new wording of bead 12's English
/// sentence while the admin approves the bead, sends it (409: the text is kept), sends it
/// again.
async fn rev2_day(day: &Day, c: &Client, b: &[i64; 16]) {
    let who = "rev2";
    sign_in_as(c, &day.base, who).await;
    day.open_document(c).await;
    for round in 0..2 {
        for n in [11, 9, 12] {
            day.visit_and_back(c, who, b[n]).await;
        }
        if round == 0 {
            day.history_and_back(c, who).await;
        }
    }
    day.vote_by_key(c, who, b[9], '1', 1).await;
    day.vote_by_click(c, who, b[10], 1, 1).await;
    day.vote_by_click(c, who, b[10], 1, 0).await;
    day.vote_by_key(c, who, b[11], '1', 1).await;
    day.vote_by_key(c, who, b[12], '1', 1).await;
    day.vote_by_key(c, who, b[14], '2', -1).await;
    day.comment(
        c,
        who,
        b[11],
        "rev2 #1: bead 11 pairs one Russian sentence with two English ones.".into(),
    )
    .await;
    day.comment(c, who, b[9], "rev2 #2: bead 9 has no English; fine.".into())
        .await;

    // `s` on bead 11 opens its split choices; Space takes the first, then "Suggest split".
    day.open_document(c).await;
    click_on(c, &format!("#b{} td.meta", b[11])).await;
    wait_until(
        c,
        &format!("document.activeElement.id === 'b{}'", b[11]),
        3000,
    )
    .await;
    press(c, 's').await;
    wait_until(
        c,
        "location.hash === '#split' && document.activeElement.name === 'split'",
        5000,
    )
    .await;
    press(c, ' ').await;
    wait_until(c, "document.activeElement.checked === true", 3000).await;
    c.find(Locator::Css("#split button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    day.open_suggestion(who, b[11], 1, is_split).await;
    wait_until(c, SUGGESTED, 5000).await;
    day.step(who);

    // A vote for rev1's merge, on bead 2's page.
    let sid = day.open_suggestion("rev1", b[2], 1, is_merge).await;
    c.goto(&format!("{}/beads/{}#suggestions", day.page, b[2]))
        .await
        .unwrap();
    wait_until(c, LIVE_ON, 5000).await;
    c.find(Locator::Css(&format!(
        "form[action='/suggestions/{sid}/vote'] button[value='1']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    day.open_suggestion("rev1", b[2], 2, is_merge).await;
    wait_until(c, "location.hash === '#suggestions'", 5000).await;
    day.step(who);

    // The stale wording: typed on bead 12's page while the admin approves bead 12.
    let typed = "Although Russia is not a significant market for Telegram, rev2's wording.";
    c.goto(&format!("{}/beads/{}#suggest", day.page, b[12]))
        .await
        .unwrap();
    wait_until(c, LIVE_ON, 5000).await;
    let area = c.find(Locator::Id("en10")).await.unwrap();
    area.clear().await.unwrap();
    area.send_keys(typed).await.unwrap();
    day.typed.notify_one();
    day.approved.notified().await;
    c.find(Locator::Css("#en10 ~ button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(c, "document.querySelector('main .error') !== null", 5000).await;
    let kept = eval(c, "document.getElementById('en10').value").await;
    assert_eq!(
        kept,
        json!(typed),
        "the refused wording is back in its field"
    );
    let said = eval(c, "document.querySelector('main .error').textContent").await;
    assert!(
        said.as_str()
            .unwrap()
            .contains("what you typed is back in its field")
            && said
                .as_str()
                .unwrap()
                .contains("Meanwhile: ada approved bead 12"),
        "{said}"
    );
    day.step(who);
    // Sent again from the refreshed form: accepted.
    c.find(Locator::Css("#en10 ~ button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    day.open_suggestion(who, b[12], 1, is_wording).await;
    wait_until(c, SUGGESTED, 5000).await;
    wait_until(c, LIVE_ON, 5000).await;
    day.step(who);

    // Once the admin applied the split: comment on both halves.
    let doc = day.doc;
    let halves = day
        .until("the split of bead 11", move |s: &Store| {
            let beads = s.beads(doc).unwrap();
            let first = beads.iter().find(|x| x.span.en == (8..9))?;
            let second = beads.iter().find(|x| x.span.en == (9..10))?;
            Some((first.id, second.id))
        })
        .await;
    day.open_document(c).await;
    day.visit_and_back(c, who, halves.0).await;
    day.comment(
        c,
        who,
        halves.1,
        "rev2 #3: the second half of the split stands alone.".into(),
    )
    .await;
    day.comment(c, who, b[15], "rev2 #4: bead 15 closes the post.".into())
        .await;
    day.open_document(c).await;
    for n in [9, 12] {
        day.visit_and_back(c, who, b[n]).await;
    }
}

/// ada: approves the fences (by key, with the dialog answered Escape once, and by click),
/// applies the merges, the split and the wording, approves bead 12 under rev2's typing,
/// rejects the pairing with a reason, and reverts the first merge from the history.
async fn ada_day(day: &Day, c: &Client, b: &[i64; 16], merged_comment: &Notify) {
    let who = "ada";
    sign_in_as(c, &day.base, who).await;
    day.open_document(c).await;
    let doc = day.doc;
    let approved = move |bead: i64| async move {
        day.until("an approval", move |s: &Store| {
            (s.bead(doc, bead).unwrap()?.status == Status::Approved).then_some(())
        })
        .await
    };

    // Bead 1 by key: `a` asks; Escape cancels, the second `a` is confirmed with Enter.
    let focus = |bead: i64| async move {
        click_on(c, &format!("#b{bead} td.meta")).await;
        wait_until(c, &format!("document.activeElement.id === 'b{bead}'"), 3000).await;
    };
    focus(b[1]).await;
    press(c, 'a').await;
    wait_until(c, DIALOG_OPEN, 3000).await;
    press(c, ESCAPE).await;
    wait_until(c, &format!("!({DIALOG_OPEN})"), 3000).await;
    let first = b[1];
    let now = day
        .read(move |s| s.bead(doc, first).unwrap().unwrap().status)
        .await;
    assert_eq!(now, Status::Automatic, "Escape approves nothing");
    press(c, 'a').await;
    wait_until(c, DIALOG_OPEN, 3000).await;
    press(c, ENTER).await;
    approved(b[1]).await;
    day.step(who);
    // Bead 7 by key, bead 13 with its button.
    focus(b[7]).await;
    press(c, 'a').await;
    wait_until(c, DIALOG_OPEN, 3000).await;
    press(c, ENTER).await;
    approved(b[7]).await;
    day.step(who);
    click_on(c, &format!("#b{} button[data-key=\"a\"]", b[13])).await;
    approved(b[13]).await;
    wait_until(
        c,
        &format!(
            "document.getElementById('b{}').classList.contains('approved')",
            b[13]
        ),
        5000,
    )
    .await;
    day.step(who);
    day.visit_and_back(c, who, b[11]).await;
    day.history_and_back(c, who).await;

    // The merge, once rev2 voted for it too.
    let merge = day.open_suggestion("rev1", b[2], 2, is_merge).await;
    day.apply(c, b[2], merge).await;
    // The split.
    let split = day.open_suggestion("rev2", b[11], 1, is_split).await;
    day.apply(c, b[11], split).await;

    // Bead 12 approved as it is while rev2 types a wording of it.
    day.typed.notified().await;
    day.open_document(c).await;
    focus(b[12]).await;
    press(c, 'a').await;
    wait_until(c, DIALOG_OPEN, 3000).await;
    press(c, ENTER).await;
    approved(b[12]).await;
    day.approved.notify_one();
    day.step(who);

    // The pairing of beads 8 and 9 is rejected with a reason.
    let pair = day.open_suggestion("rev1", b[8], 1, is_pair).await;
    c.goto(&format!("{}/beads/{}#suggestions", day.page, b[8]))
        .await
        .unwrap();
    wait_until(c, LIVE_ON, 5000).await;
    let reason = "Bead 8 and bead 9 say different things: not a translation.";
    c.find(Locator::Id(&format!("reason{pair}")))
        .await
        .unwrap()
        .send_keys(reason)
        .await
        .unwrap();
    c.find(Locator::Css(&format!(
        "form[action='/suggestions/{pair}/reject'] button"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    day.until("the rejection", move |s: &Store| {
        let x = s.suggestion(pair).unwrap().unwrap();
        (x.status == SuggestionStatus::Rejected).then_some(x.reason)
    })
    .await;
    wait_until(
        c,
        "document.querySelector('.flash') !== null && document.querySelector('.flash').textContent.startsWith('You rejected a suggestion on bead')",
        5000,
    )
    .await;
    // The bead's page lists it as rejected, with the reason.
    c.goto(&format!("{}/beads/{}#suggestions", day.page, b[8]))
        .await
        .unwrap();
    wait_until(
        c,
        &format!("document.querySelector('#suggestions').textContent.includes('Rejected. Reason: {reason}')"),
        5000,
    )
    .await;
    day.step(who);

    // rev2's wording, sent again after the conflict; the second merge.
    let wording = day.open_suggestion("rev2", b[12], 1, is_wording).await;
    day.apply(c, b[12], wording).await;
    let merge2 = day.open_suggestion("rev1", b[14], 1, is_merge).await;
    day.apply(c, b[14], merge2).await;

    // Revert the first merge from the history (after rev1 commented on the merged bead).
    merged_comment.notified().await;
    let event = day
        .until("the first merge's event", move |s: &Store| {
            s.events(Some(doc), 5000)
                .unwrap()
                .into_iter()
                .find(|e| e.action == Action::Apply && e.target == Some(Target::Suggestion(merge)))
                .map(|e| e.id)
        })
        .await;
    c.goto(&format!("{}/history", day.page)).await.unwrap();
    c.find(Locator::Css(&format!(
        "form[action='/events/{event}/revert'] button"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    // The history confirms it and tells it in words.
    wait_until(
        c,
        "location.pathname.endsWith('/history') && document.querySelector('.flash') !== null",
        5000,
    )
    .await;
    let flash = eval(c, "document.querySelector('.flash').textContent").await;
    assert_eq!(
        flash,
        json!("The change is reverted. (Its revert is in the history too.)")
    );
    let told = eval(
        c,
        "Array.from(document.querySelectorAll('table.events td.what')).some(t => t.textContent.includes('reverted the change of'))",
    )
    .await;
    assert_eq!(told, json!(true), "the history tells the revert");
    day.step(who);
    c.back().await.unwrap();
    day.open_document(c).await;
    for n in [9, 12] {
        day.visit_and_back(c, who, b[n]).await;
    }
}

/// A bead's sentences as (Russian start, end, English start, end).
type Sentences = (usize, usize, usize, usize);

/// The id of the bead whose span is `span`, if it is current.
fn current_with(beads: &[StoredBead], span: &Span) -> Option<i64> {
    beads.iter().find(|b| &b.span == span).map(|b| b.id)
}

/// The rounds after the scripted part: each round visits two beads (the `k`-th round picks
/// `beads[(step·k + first) % n]` and the one `gap` further on) and comes back, votes on the
/// first with `key` (which withdraws a vote cast with it before), comments on the second
/// every other round, and opens the history every third round.
async fn rounds(
    day: &Day,
    c: &Client,
    who: &'static str,
    beads: &[i64],
    (step, first, gap): (usize, usize, usize),
    key: char,
) {
    day.open_document(c).await;
    let n = beads.len();
    for k in 0..ROUNDS {
        let a = beads[(step * k + first) % n];
        let b = beads[(step * k + first + gap) % n];
        day.visit_and_back(c, who, a).await;
        day.visit_and_back(c, who, b).await;
        let mine = if key == '1' { 1 } else { -1 };
        let value = if day.my_vote(who, a).await == mine {
            0
        } else {
            mine
        };
        day.vote_by_key(c, who, a, key, value).await;
        if k % 2 == 1 {
            let text = format!("{who} round {k}: bead {b} checked against the original.");
            day.comment(c, who, b, text).await;
            day.open_document(c).await;
        }
        if k % 3 == 2 {
            day.history_and_back(c, who).await;
        }
    }
}

/// How many rounds each of the three works after the scripted part.
const ROUNDS: usize = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_of_review_by_two_reviewers_and_an_admin_loses_nothing() {
    if skip() {
        return;
    }
    let started = Instant::now();
    let (base, state, _, doc) = serve().await;
    let first = state.db(move |s| s.beads(doc)).await.unwrap().unwrap();
    // Sentences per side of each bead: the shape the scripts are written for.
    let shape: Vec<(usize, usize)> = first
        .iter()
        .map(|x| (x.span.ru.len(), x.span.en.len()))
        .collect();
    let mut want = vec![(1, 1)];
    want.extend([(0, 1); 7]);
    want.extend([(1, 0), (1, 0), (1, 2), (1, 1), (1, 1), (0, 1), (1, 0)]);
    assert_eq!(shape, want, "the bundled post aligns as this test expects");
    let mut b = [0i64; 16];
    for (i, bead) in first.iter().enumerate() {
        b[i + 1] = bead.id;
    }
    let page = format!("{base}/documents/{doc}");
    let day = Day {
        base,
        page,
        state: state.clone(),
        doc,
        log: Mutex::new(Log::default()),
        typed: Notify::new(),
        approved: Notify::new(),
    };

    // The live streams the server holds, sampled all day.
    let idle = state.live_streams();
    let most = std::sync::Arc::new(AtomicUsize::new(0));
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let sampler = {
        let (state, most, done) = (state.clone(), most.clone(), done.clone());
        tokio::spawn(async move {
            // Stretches with more streams than tabs: (most, how long).
            let mut over: Vec<(usize, Duration)> = Vec::new();
            let mut since: Option<(Instant, usize)> = None;
            while !done.load(Ordering::Relaxed) {
                let n = state.live_streams().saturating_sub(idle);
                most.fetch_max(n, Ordering::Relaxed);
                match (n > 3, since) {
                    (true, None) => since = Some((Instant::now(), n)),
                    (true, Some((t, m))) => since = Some((t, m.max(n))),
                    (false, Some((t, m))) => {
                        over.push((m, t.elapsed()));
                        since = None;
                    }
                    (false, None) => {}
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            over
        })
    };

    let driver = Driver::start();
    let rev1 = driver.browser("day-rev1").await;
    let rev2 = driver.browser("day-rev2").await;
    let ada = driver.browser("day-ada").await;
    let merged_comment = Notify::new();
    let working = Instant::now();
    tokio::join!(
        rev1_day(&day, &rev1, &b, &merged_comment),
        rev2_day(&day, &rev2, &b),
        ada_day(&day, &ada, &b, &merged_comment),
    );
    // The rest of the day: rounds of reading, voting and commenting on the beads as they
    // are now, all three at once.
    let now: Vec<i64> = state
        .db(move |s| s.beads(doc).unwrap().iter().map(|x| x.id).collect())
        .await
        .unwrap();
    tokio::join!(
        rounds(&day, &rev1, "rev1", &now, (2, 0, 5), '1'),
        rounds(&day, &rev2, "rev2", &now, (2, 1, 2), '2'),
        rounds(&day, &ada, "ada", &now, (3, 7, 4), '1'),
    );
    let worked = working.elapsed();

    // Each tab is on a review page now: one stream each, and never more than one per tab.
    let start = Instant::now();
    while state.live_streams() - idle != 3 {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{} live streams for 3 tabs",
            state.live_streams() - idle
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done.store(true, Ordering::Relaxed);
    let over = sampler.await.unwrap();
    let most = most.load(Ordering::Relaxed);
    // A page that is left closes its stream (on `pagehide`) while the next page opens its
    // own: for the few milliseconds until the server has seen the old connection close, the
    // tab counts two. Anything longer is a stream held by a page left behind.
    for &(n, took) in &over {
        assert!(
            took < Duration::from_millis(500),
            "{n} live streams for 3 tabs during {took:?}: a page left behind kept its stream"
        );
    }

    let log = day.log.into_inner().unwrap();
    let (beads, n_ru, n_en, events, users) = state
        .db(move |s| {
            (
                s.beads(doc).unwrap(),
                s.sentences(doc, sverka::Lang::Ru).unwrap().len(),
                s.sentences(doc, sverka::Lang::En).unwrap().len(),
                s.events(Some(doc), 100_000).unwrap(),
                s.users().unwrap(),
            )
        })
        .await
        .unwrap();

    // The alignment tiles both texts: every sentence in exactly one bead, in order.
    let as_beads: Vec<sverka::Bead> = beads
        .iter()
        .map(|x| sverka::Bead::new(x.span.ru.clone(), x.span.en.clone(), x.score))
        .collect();
    crate::support::beads::check_cover(&as_beads, n_ru, n_en).unwrap();

    // Every comment is on a current bead, once; those whose bead was replaced say where
    // they came from. The bead pages show them.
    let ids: Vec<i64> = beads.iter().map(|x| x.id).collect();
    let on_beads = state
        .db(move |s| {
            ids.iter()
                .map(|&id| (id, s.comments(id).unwrap()))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
    let mut moved = 0;
    let mut pages_to_check: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for w in &log.comments {
        let found: Vec<_> = on_beads
            .iter()
            .flat_map(|(id, cs)| cs.iter().map(move |c| (*id, c)))
            .filter(|(_, c)| c.text == w.text)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{}'s comment {:?} on a current bead once",
            w.who,
            w.text
        );
        let (now, c) = found[0];
        assert_eq!(c.author.as_deref(), Some(w.who));
        if now != w.bead {
            let m = c
                .moved
                .as_ref()
                .unwrap_or_else(|| panic!("{:?} moved unmarked", w.text));
            assert!(m.label().starts_with("from bead "), "{}", m.label());
            assert_eq!(m.origin, Some(w.bead), "{:?}", w.text);
            moved += 1;
        }
        pages_to_check.entry(now).or_default().push(w.text.clone());
    }
    for (bead, texts) in &pages_to_check {
        ada.goto(&format!("{}/beads/{bead}#comments", day.page))
            .await
            .unwrap();
        let shown = eval(
            &ada,
            "Array.from(document.querySelectorAll('.comment-text')).map(p => p.textContent)",
        )
        .await;
        for t in texts {
            assert!(
                shown.as_array().unwrap().contains(&json!(t)),
                "bead {bead}'s page shows {t:?}: {shown}"
            );
        }
    }

    // Every acknowledged vote counts: the latest of each reviewer on each set of sentences is
    // on the current bead of those sentences, or, when no bead holds exactly them any more,
    // in the history (the vote log), as docs/server.md says.
    let uid = |name: &str| users.iter().find(|u| u.name == name).unwrap().id;
    let mut span_of: BTreeMap<i64, Span> = beads.iter().map(|x| (x.id, x.span.clone())).collect();
    for v in &log.votes {
        if !span_of.contains_key(&v.bead) {
            let id = v.bead;
            let gone = state
                .db(move |s| s.retired_bead(doc, id).unwrap())
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("bead {id} is neither current nor replaced"));
            span_of.insert(id, gone.span);
        }
    }
    let mut latest: BTreeMap<(&str, Sentences), (i64, i64)> = BTreeMap::new();
    for v in &log.votes {
        let s = &span_of[&v.bead];
        latest.insert(
            (v.who, (s.ru.start, s.ru.end, s.en.start, s.en.end)),
            (v.bead, v.value),
        );
    }
    let stored = state.db(move |s| s.bead_votes(doc)).await.unwrap().unwrap();
    let (mut on_current, mut in_history) = (0, 0);
    for (&(who, _), &(bead, value)) in &latest {
        let span = &span_of[&bead];
        // The vote log has it, whatever became of the bead.
        let logged = events
            .iter()
            .find(|e| {
                e.action == Action::Vote
                    && e.user.as_deref() == Some(who)
                    && e.target == Some(Target::Bead(bead))
            })
            .and_then(|e| e.after.clone());
        assert_eq!(
            logged.as_deref().map(str::trim),
            Some(value.to_string().as_str()),
            "{who}'s vote on bead {bead} in the history"
        );
        match current_with(&beads, span) {
            Some(now) => {
                let has = stored
                    .iter()
                    .find(|x| x.bead == now && x.user == uid(who))
                    .map(|x| x.value)
                    .unwrap_or(0);
                assert_eq!(
                    has, value,
                    "{who}'s vote on bead {bead} (now {now}, {span:?})"
                );
                on_current += 1;
            }
            None => in_history += 1,
        }
    }

    let applied = events.iter().filter(|e| e.action == Action::Apply).count();
    let reverts = events.iter().filter(|e| e.action == Action::Revert).count();
    println!(
        "a day of review: {:?} of work ({:?} in all); steps {:?}; {} comments ({} moved), \
         {} votes acknowledged ({} kept on current beads, {} in the history of replaced ones), \
         {} refused and sent again; {} changes applied, {} reverted; {} beads now; \
         at most {} live streams for 3 tabs (more than 3 only while a page was left: {:?})",
        worked,
        started.elapsed(),
        log.steps,
        log.comments.len(),
        moved,
        log.votes.len(),
        on_current,
        in_history,
        log.refused,
        applied,
        reverts,
        beads.len(),
        most,
        over
    );
    assert!(
        moved >= 4,
        "comments followed the merges and the split: {moved}"
    );
    assert!(
        in_history >= 2 && on_current >= 8,
        "{on_current} / {in_history}"
    );
    assert_eq!((applied, reverts), (4, 1));
    for c in [rev1, rev2, ada] {
        c.close().await.unwrap();
    }
}
