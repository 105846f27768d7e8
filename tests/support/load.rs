//! A load generator for the review server: reviewers sign in over loopback HTTP and cast
//! votes and suggestions; a ledger records every action the server acknowledged, and
//! [`verify`] checks the database holds exactly those. Shared by `tests/server/durability.rs`
//! (as `support::load`) and `benches/load.rs` (which includes this file on its own, so it uses
//! nothing else from `tests/support/`). Loopback only; every loop is bounded in count and by a
//! deadline.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use sverka::review::Role;
use sverka::review::{PasswordCost, hash_password};
use sverka::storage::Store;
use sverka::{Aligner, Document, Lang};

/// The password of every load-test reviewer.
pub const PASSWORD: &str = "load-test-password";

/// What [`prepare_db`] made.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The document reviewed.
    pub doc: i64,
    /// Reviewer names.
    pub reviewers: Vec<String>,
    /// (bead id, version, first English sentence) of every two-sided bead.
    pub beads: Vec<(i64, i64, usize)>,
}

/// Creates the database at `db` with `reviewers` accounts and one document of `sentences`
/// sentence pairs.
pub fn prepare_db(db: &Path, reviewers: usize, sentences: usize) -> Setup {
    let mut s = Store::open(db).unwrap();
    let hash = hash_password(PASSWORD, PasswordCost::Low).unwrap();
    s.create_user("admin", &hash, Role::Admin).unwrap();
    let names: Vec<String> = (0..reviewers).map(|k| format!("rev{k:03}")).collect();
    for n in &names {
        s.create_user(n, &hash, Role::Reviewer).unwrap();
    }
    let ru: String = (0..sentences)
        .map(|k| format!("Предложение номер {k} о работе. "))
        .collect();
    let en: String = (0..sentences)
        .map(|k| format!("Sentence number {k} about work. "))
        .collect();
    let ru = Document::new(ru, Lang::Ru).unwrap();
    let en = Document::new(en, Lang::En).unwrap();
    let beads = Aligner::new().align(&ru, &en);
    let doc = s
        .create_document(None, "Load test", &ru, &en, &beads)
        .unwrap();
    let beads = s
        .beads(doc)
        .unwrap()
        .into_iter()
        .filter(|b| !b.span.ru.is_empty() && !b.span.en.is_empty())
        .map(|b| (b.id, b.version, b.span.en.start))
        .collect();
    Setup {
        doc,
        reviewers: names,
        beads,
    }
}

/// A `sverka serve` child process.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `sverka serve --db DB --bind 127.0.0.1:0` and waits (≤ 30 s) for its address.
    pub fn start(bin: &Path, db: &Path) -> Server {
        let mut child = Command::new(bin)
            .args(["serve", "--db"])
            .arg(db)
            .args(["--bind", "127.0.0.1:0"])
            .env("RUST_LOG", "sverka=info,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sverka serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if !sent && let Some(at) = line.find("serving on http://") {
                    let addr = line[at + "serving on http://".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(|c: char| !c.is_ascii_digit())
                        .to_string();
                    let _ = tx.send(addr);
                    sent = true;
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server prints its address within 30 s");
        Server {
            child,
            addr: addr.parse().expect("a socket address"),
        }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A response: status, the `Set-Cookie` pairs and the body.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `name=value` of each `Set-Cookie`.
    pub cookies: Vec<(String, String)>,
    /// The body (for error messages and CSRF tokens).
    pub body: String,
}

/// One HTTP/1.1 request over a new loopback connection (`Connection: close`), ≤ 20 s.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<&str>,
) -> std::io::Result<Reply> {
    assert!(addr.ip().is_loopback(), "load goes to loopback only");
    let work = async {
        let mut stream = TcpStream::connect(addr).await?;
        let body = form.unwrap_or("");
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n"
        );
        if form.is_some() {
            req.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body);
        stream.write_all(req.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other("no status line"))?;
        let cookies = head
            .lines()
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("set-cookie").then_some(v)
            })
            .filter_map(|v| {
                let (k, v) = v.trim().split(';').next()?.split_once('=')?;
                Some((k.to_string(), v.to_string()))
            })
            .collect();
        Ok(Reply {
            status,
            cookies,
            body: body.to_string(),
        })
    };
    tokio::time::timeout(Duration::from_secs(20), work)
        .await
        .map_err(|_| std::io::Error::other("timed out"))?
}

/// The CSRF token in a page's forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let key = "name=\"csrf\" value=\"";
    let at = html.find(key)? + key.len();
    html.get(at..at + 64).map(str::to_string)
}

/// What the load should do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Concurrent reviewers (at most the accounts made).
    pub reviewers: usize,
    /// Votes in all.
    pub votes: usize,
    /// Suggestions in all.
    pub suggestions: usize,
    /// Stop starting new actions after this.
    pub deadline: Duration,
}

/// A vote or suggestion, as sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// `(reviewer, bead, value)`.
    Vote(String, i64, i64),
    /// The wording suggested (unique).
    Suggest(String),
}

/// What happened to every action.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Answered 303 by the server, in the order each reviewer sent them.
    pub acknowledged: Vec<Action>,
    /// Sent but not answered (the server died): may or may not be stored.
    pub unknown: Vec<Action>,
    /// Answered with anything else (each is a failure of the test).
    pub failed: Vec<String>,
    /// Wall time of the load.
    pub elapsed: Duration,
    /// Per-request latencies of acknowledged actions.
    pub latencies: Vec<Duration>,
}

impl Ledger {
    /// Acknowledged votes.
    pub fn votes(&self) -> usize {
        self.acknowledged
            .iter()
            .filter(|a| matches!(a, Action::Vote(..)))
            .count()
    }
    /// Acknowledged suggestions.
    pub fn suggestions(&self) -> usize {
        self.acknowledged.len() - self.votes()
    }
    /// The `p`-quantile of the latencies.
    pub fn latency(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        l.get(((l.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// Runs the plan against `addr`; `stop` ends it early (e.g. once the server was killed).
pub async fn run(
    addr: SocketAddr,
    setup: &Setup,
    plan: &Plan,
    stop: Arc<AtomicBool>,
    acked: Arc<AtomicUsize>,
) -> Ledger {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let start = Instant::now();
    let deadline = start + plan.deadline;
    let n = plan.reviewers.min(setup.reviewers.len());
    let mut tasks = Vec::new();
    for k in 0..n {
        let name = setup.reviewers[k].clone();
        let setup = setup.clone();
        let stop = stop.clone();
        let acked = acked.clone();
        let votes = plan.votes / n + usize::from(k < plan.votes % n);
        let suggestions = plan.suggestions / n + usize::from(k < plan.suggestions % n);
        tasks.push(tokio::spawn(async move {
            let name = (name, run);
            reviewer(
                addr,
                &setup,
                &name,
                k,
                votes,
                suggestions,
                deadline,
                &stop,
                &acked,
            )
            .await
        }));
    }
    let mut ledger = Ledger::default();
    for t in tasks {
        let l = t.await.unwrap();
        ledger.acknowledged.extend(l.acknowledged);
        ledger.unknown.extend(l.unknown);
        ledger.failed.extend(l.failed);
        ledger.latencies.extend(l.latencies);
    }
    ledger.elapsed = start.elapsed();
    ledger
}

#[allow(clippy::too_many_arguments)]
async fn reviewer(
    addr: SocketAddr,
    setup: &Setup,
    (name, run): &(String, usize),
    k: usize,
    votes: usize,
    suggestions: usize,
    deadline: Instant,
    stop: &AtomicBool,
    acked: &AtomicUsize,
) -> Ledger {
    let mut ledger = Ledger::default();
    // Sign in: the anonymous CSRF cookie, then the form.
    let Ok(first) = request(addr, "GET", "/signin", "", None).await else {
        return ledger;
    };
    let anon = first
        .cookies
        .iter()
        .find(|(k, _)| k == "sverka_csrf")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let form = format!("name={name}&password={PASSWORD}&csrf={anon}");
    let Ok(r) = request(
        addr,
        "POST",
        "/signin",
        &format!("sverka_csrf={anon}"),
        Some(&form),
    )
    .await
    else {
        return ledger;
    };
    let Some(session) = r
        .cookies
        .iter()
        .find(|(k, _)| k == "sverka_session")
        .map(|(_, v)| v.clone())
    else {
        ledger
            .failed
            .push(format!("{name}: sign-in answered {}", r.status));
        return ledger;
    };
    let cookie = format!("sverka_session={session}");
    let Ok(page) = request(addr, "GET", "/", &cookie, None).await else {
        return ledger;
    };
    let Some(csrf) = csrf_in(&page.body) else {
        ledger
            .failed
            .push(format!("{name}: no CSRF token on the front page"));
        return ledger;
    };
    let doc = setup.doc;
    let total = votes + suggestions;
    let mut made = (0, 0);
    for i in 0..total {
        if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
            break;
        }
        // Spread suggestions evenly among the votes.
        let suggest =
            made.1 < suggestions && (made.0 >= votes || i * suggestions >= made.1 * total);
        let (bead, version, en) = setup.beads[(k * 7 + i) % setup.beads.len()];
        let (action, path, form) = if suggest {
            let text = format!("Wording {} by {name} in run {run}, take {i}.", made.1);
            (
                Action::Suggest(text.clone()),
                format!("/documents/{doc}/beads/{bead}/suggest"),
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("kind", "wording")
                    .append_pair("lang", "en")
                    .append_pair("idx", &en.to_string())
                    .append_pair("text", &text)
                    .append_pair("version", &version.to_string())
                    .append_pair("csrf", &csrf)
                    .finish(),
            )
        } else {
            // Alternate the sign so repeated votes on one bead change it.
            let value = if (i / setup.beads.len() + k).is_multiple_of(2) {
                1
            } else {
                -1
            };
            (
                Action::Vote(name.to_string(), bead, value),
                format!("/documents/{doc}/beads/{bead}/vote"),
                format!("value={value}&version={version}&csrf={csrf}"),
            )
        };
        let sent = Instant::now();
        match request(addr, "POST", &path, &cookie, Some(&form)).await {
            Ok(r) if r.status == 303 => {
                ledger.latencies.push(sent.elapsed());
                ledger.acknowledged.push(action);
                acked.fetch_add(1, Ordering::Relaxed);
            }
            Ok(r) => {
                let reason: String = r.body.chars().take(300).collect();
                ledger
                    .failed
                    .push(format!("{name} {path}: {} {reason}", r.status));
            }
            Err(_) => {
                // No answer: the server died with the request in flight (or before it).
                ledger.unknown.push(action);
                break;
            }
        }
        if suggest {
            made.1 += 1;
        } else {
            made.0 += 1;
        }
    }
    ledger
}

/// What the database holds after a load.
#[derive(Debug)]
pub struct Check {
    /// `PRAGMA integrity_check` said `ok`.
    pub integrity_ok: bool,
    /// Logged vote events.
    pub vote_events: usize,
    /// Suggestions stored.
    pub suggestions: usize,
}

/// Checks the database at `db` against the ledgers of one or more loads (in order):
/// integrity, every acknowledged action stored, and nothing stored that was never sent.
/// Returns the counts, or a list of discrepancies.
pub fn verify(db: &Path, ledgers: &[&Ledger]) -> Result<Check, Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(30)).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let mut problems = vec![];
    if integrity != "ok" {
        problems.push(format!("integrity_check: {integrity}"));
    }
    let count =
        |sql: &str| -> usize { conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize };
    let vote_events = count("SELECT count(*) FROM events WHERE action = 'vote'");
    let suggestions = count("SELECT count(*) FROM suggestions");
    let acked_votes: usize = ledgers.iter().map(|l| l.votes()).sum();
    let unknown_votes: usize = ledgers
        .iter()
        .map(|l| {
            l.unknown
                .iter()
                .filter(|a| matches!(a, Action::Vote(..)))
                .count()
        })
        .sum();
    let acked_sugg: usize = ledgers.iter().map(|l| l.suggestions()).sum();
    let unknown_sugg: usize =
        ledgers.iter().map(|l| l.unknown.len()).sum::<usize>() - unknown_votes;
    if !(acked_votes..=acked_votes + unknown_votes).contains(&vote_events) {
        problems.push(format!(
            "{vote_events} vote events stored, {acked_votes} acknowledged (+{unknown_votes} unanswered)"
        ));
    }
    if !(acked_sugg..=acked_sugg + unknown_sugg).contains(&suggestions) {
        problems.push(format!(
            "{suggestions} suggestions stored, {acked_sugg} acknowledged (+{unknown_sugg} unanswered)"
        ));
    }
    // Every acknowledged suggestion is there, word for word.
    let mut st = conn.prepare("SELECT payload FROM suggestions").unwrap();
    let payloads: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let stored: BTreeSet<String> = payloads
        .iter()
        .filter_map(|p| {
            let v: serde_json::Value = serde_json::from_str(p).ok()?;
            find_text(&v)
        })
        .collect();
    for l in ledgers {
        for a in &l.acknowledged {
            if let Action::Suggest(t) = a
                && !stored.contains(t)
            {
                problems.push(format!("acknowledged suggestion {t:?} is missing"));
            }
        }
    }
    // Each reviewer's last acknowledged vote on a bead is the stored one (a later unanswered
    // vote on the same bead may have landed instead).
    // `None`: no vote stored.
    let mut want: BTreeMap<(String, i64), BTreeSet<Option<i64>>> = BTreeMap::new();
    for l in ledgers {
        for a in &l.acknowledged {
            if let Action::Vote(u, b, v) = a {
                want.insert((u.clone(), *b), BTreeSet::from([Some(*v)]));
            }
        }
        for a in &l.unknown {
            if let Action::Vote(u, b, v) = a {
                want.entry((u.clone(), *b))
                    .or_insert_with(|| BTreeSet::from([None]))
                    .insert(Some(*v));
            }
        }
    }
    let mut st = conn
        .prepare(
            "SELECT u.name, v.bead_id, v.value FROM bead_votes v JOIN users u ON u.id = v.user_id",
        )
        .unwrap();
    let stored: BTreeMap<(String, i64), i64> = st
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (key, values) in &want {
        let got = stored.get(key).copied();
        if !values.contains(&got) {
            problems.push(format!(
                "vote {key:?}: stored {got:?}, want one of {values:?}"
            ));
        }
    }
    let acked_keys: BTreeSet<_> = want.keys().collect();
    if let Some(extra) = stored.keys().find(|k| !acked_keys.contains(k)) {
        problems.push(format!("a vote nobody cast is stored: {extra:?}"));
    }
    if problems.is_empty() {
        Ok(Check {
            integrity_ok: true,
            vote_events,
            suggestions,
        })
    } else {
        Err(problems)
    }
}

/// The wording text inside a stored suggestion payload.
fn find_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(t)) = m.get("text") {
                return Some(t.clone());
            }
            m.values().find_map(find_text)
        }
        serde_json::Value::Array(a) => a.iter().find_map(find_text),
        _ => None,
    }
}

/// A fresh temporary directory for a database.
pub fn temp_db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("load.db")
}
