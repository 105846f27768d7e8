//! Review-server benchmarks on loopback (run with `cargo bench --bench web`):
//!
//! 1. the review page of a 1,000-bead document (all beads on one page, and the default
//!    50-bead page): server time per render, measured in process with `oneshot` and over HTTP;
//! 2. vote submissions from 64 concurrent keep-alive clients: throughput and latency;
//! 3. votes while an admin approves merges in a 10,000-sentence document: how long each
//!    approval takes and how long a vote sent meanwhile waits.
//!
//! Bounded: a fixed number of requests and a time limit. Options by env:
//! `SVERKA_BENCH_VOTES` (default 40000), `SVERKA_BENCH_SECS` (default 30).

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use sverka::review::PasswordCost;
use sverka::review::Role;
use sverka::storage::Store;
use sverka::web::{AppState, Config, router};
use sverka::{Bead, Document, Lang};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

const BEADS: usize = 1000;
const CLIENTS: usize = 64;
/// Sentences a side of the document whose merges are approved in part 3.
const LONG: usize = 10_000;
/// Merges approved in part 3, spread over the long document.
const MERGES: usize = 6;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// The server-time budget of one review page (median), in milliseconds.
const PAGE_BUDGET_MS: u64 = 30;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A minimal HTTP/1.1 keep-alive client over a TcpStream.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn connect(addr: std::net::SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Conn {
            stream,
            buf: Vec::with_capacity(64 * 1024),
        }
    }

    /// Sends one request, returns (status, body length).
    async fn request(&mut self, head: &str, body: &[u8]) -> (u16, usize) {
        let mut req = Vec::with_capacity(head.len() + body.len());
        req.extend_from_slice(head.as_bytes());
        req.extend_from_slice(body);
        self.stream.write_all(&req).await.unwrap();
        self.buf.clear();
        let mut chunk = [0u8; 16 * 1024];
        let head_end = loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "server closed the connection");
            self.buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).to_ascii_lowercase();
        let status: u16 = head[9..12].parse().unwrap();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .expect("content-length");
        while self.buf.len() < head_end + len {
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "server closed the connection");
            self.buf.extend_from_slice(&chunk[..n]);
        }
        (status, len)
    }
}

fn build_state(dir: &std::path::Path) -> (AppState, i64, Vec<(String, String)>, Vec<i64>, Long) {
    let path = dir.join("bench.db");
    let mut store = Store::open(&path).unwrap();
    let hash = sverka::review::hash_password("bench password", PasswordCost::Low).unwrap();
    let admin = store.create_user("admin", &hash, Role::Admin).unwrap();
    let ru: String = (0..BEADS)
        .map(|i| format!("Это предложение номер {i} о цифровом сопротивлении и свободе.\n"))
        .collect();
    let en: String = (0..BEADS)
        .map(|i| format!("This is sentence number {i} about digital resistance and freedom.\n"))
        .collect();
    let ru = Document::presegmented(ru, Lang::Ru).unwrap();
    let en = Document::presegmented(en, Lang::En).unwrap();
    let beads: Vec<Bead> = (0..BEADS)
        .map(|i| Bead::new(i..i + 1, i..i + 1, (i % 100) as f64 / 100.0))
        .collect();
    let doc = store
        .create_document(Some(admin), "Bench book", &ru, &en, &beads)
        .unwrap();
    let mut sessions = Vec::new();
    for c in 0..CLIENTS {
        let u = store
            .create_user(&format!("rev{c}"), &hash, Role::Reviewer)
            .unwrap();
        let token = format!("{:064x}", 0x5e55_0000 + c);
        let csrf = format!("{:064x}", 0xc5f0_0000 + c);
        store.create_session(&token, u, &csrf).unwrap();
        sessions.push((token, csrf));
    }
    let bead_ids = store.beads(doc).unwrap().iter().map(|b| b.id).collect();
    let long = long_document(&mut store, admin, sessions.len());
    drop(store);
    let state = AppState::open(&path, Config::default()).unwrap();
    (state, doc, sessions, bead_ids, long)
}

/// Part 3's document: `LONG` sentences a side aligned by sverka, a merge suggested at
/// `MERGES` places, and an admin's session.
struct Long {
    admin: (String, String),
    /// The suggestions to approve, with the version of their bead.
    suggestions: Vec<(i64, i64)>,
}

fn long_document(store: &mut Store, admin: i64, reviewer: usize) -> Long {
    let ru: String = (0..LONG)
        .map(|i| {
            format!(
                "В году {} в городе номер {i} открыли новую школу и библиотеку.\n",
                1000 + i % 997
            )
        })
        .collect();
    let en: String = (0..LONG)
        .map(|i| {
            format!(
                "In the year {} a new school and library opened in town number {i}.\n",
                1000 + i % 997
            )
        })
        .collect();
    let ru = Document::presegmented(ru, Lang::Ru).unwrap();
    let en = Document::presegmented(en, Lang::En).unwrap();
    let beads = sverka::Aligner::new().align(&ru, &en);
    let doc = store
        .create_document(Some(admin), "Long book", &ru, &en, &beads)
        .unwrap();
    let token = format!("{:064x}", 0xad_0000 + reviewer);
    let csrf = format!("{:064x}", 0xadc5_0000 + reviewer);
    store.create_session(&token, admin, &csrf).unwrap();
    let stored = store.beads(doc).unwrap();
    let suggestions = (0..MERGES)
        .map(|k| {
            let b = &stored[(k * 2 + 1) * stored.len() / (MERGES * 2 + 1)];
            let sid = store
                .suggest(
                    admin,
                    doc,
                    b.id,
                    b.version,
                    sverka::review::Change::MergeNext,
                )
                .unwrap();
            (sid, b.version)
        })
        .collect();
    Long {
        admin: (token, csrf),
        suggestions,
    }
}

/// Part 3: each merge approved while a reviewer votes on the other document every 20 ms.
async fn bench_votes_during_approvals(
    doc: i64,
    addr: std::net::SocketAddr,
    voter: (String, String),
    beads: &[i64],
    long: Long,
) {
    let (token, csrf) = long.admin;
    let (vtoken, vcsrf) = voter;
    let mut approvals = Vec::new();
    let mut waits = Vec::new();
    for (k, (sid, version)) in long.suggestions.into_iter().enumerate() {
        let (token, csrf) = (token.clone(), csrf.clone());
        let approval = tokio::spawn(async move {
            let mut conn = Conn::connect(addr).await;
            let body = format!("version={version}");
            let head = format!(
                "POST /suggestions/{sid}/approve HTTP/1.1\r\nHost: bench\r\nCookie: sverka_session={token}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let t = Instant::now();
            let (status, _) = conn.request(&head, body.as_bytes()).await;
            assert_eq!(status, 303, "approval {sid} accepted");
            t.elapsed()
        });
        let mut conn = Conn::connect(addr).await;
        let mut i = 0;
        while !approval.is_finished() {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let bead = beads[(k * 31 + i * 7) % beads.len()];
            let body = "value=1&version=1";
            let head = format!(
                "POST /documents/{doc}/beads/{bead}/vote HTTP/1.1\r\nHost: bench\r\nCookie: sverka_session={vtoken}\r\nX-CSRF-Token: {vcsrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let t = Instant::now();
            let (status, _) = conn.request(&head, body.as_bytes()).await;
            assert_eq!(status, 303, "a vote during an approval is accepted");
            waits.push(t.elapsed());
            i += 1;
        }
        approvals.push(approval.await.unwrap());
    }
    approvals.sort();
    waits.sort();
    println!(
        "approving {MERGES} merges in a {LONG}-sentence document: median {:.0} ms, max {:.0} ms; \
         {} votes sent meanwhile: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(percentile(&approvals, 0.5)),
        ms(*approvals.last().unwrap()),
        waits.len(),
        ms(percentile(&waits, 0.5)),
        ms(percentile(&waits, 0.99)),
        ms(*waits.last().unwrap()),
    );
}

async fn bench_page(state: &AppState, doc: i64, addr: std::net::SocketAddr) {
    let app = router(state.clone());
    for (label, query) in [("all 1,000 beads", "?per=1000"), ("default page (50)", "")] {
        let path = format!("/documents/{doc}{query}");
        let mut times = Vec::new();
        let mut size = 0;
        let mut first = Duration::ZERO;
        for i in 0..60 {
            let t = Instant::now();
            let resp = app
                .clone()
                .oneshot(Request::get(&path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(resp.status(), 200);
            size = resp.into_body().collect().await.unwrap().to_bytes().len();
            if i == 0 {
                first = t.elapsed();
            }
            if i >= 10 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "review page, {label}: in process median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} KB)",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(*times.last().unwrap()),
            size / 1024
        );
        println!(
            "review page, {label}: first request (evidence computed, then cached) {:.2} ms",
            ms(first)
        );
        assert!(
            percentile(&times, 0.5) <= Duration::from_millis(PAGE_BUDGET_MS),
            "the review page must render within {PAGE_BUDGET_MS} ms"
        );
        let mut conn = Conn::connect(addr).await;
        let head = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
        let mut times = Vec::new();
        for i in 0..60 {
            let t = Instant::now();
            let (status, _) = conn.request(&head, b"").await;
            assert_eq!(status, 200);
            if i >= 10 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "review page, {label}: over loopback HTTP median {:.2} ms, p95 {:.2} ms",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
}

async fn bench_votes(
    doc: i64,
    addr: std::net::SocketAddr,
    sessions: Vec<(String, String)>,
    beads: Vec<i64>,
) {
    let total: usize = std::env::var("SVERKA_BENCH_VOTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40_000);
    let secs: u64 = std::env::var("SVERKA_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let per_client = total / CLIENTS;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (c, (token, csrf)) in sessions.into_iter().enumerate() {
        let beads = beads.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::connect(addr).await;
            let mut lat = Vec::with_capacity(per_client);
            let mut bad = 0usize;
            for i in 0..per_client {
                if Instant::now() > deadline {
                    break;
                }
                let bead = beads[(c * 7 + i * 13) % beads.len()];
                let value = if i % 3 == 0 { "-1" } else { "1" };
                let body = format!("value={value}&version=1");
                let head = format!(
                    "POST /documents/{doc}/beads/{bead}/vote HTTP/1.1\r\nHost: bench\r\nCookie: sverka_session={token}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let t = Instant::now();
                let (status, _) = conn.request(&head, body.as_bytes()).await;
                lat.push(t.elapsed());
                if status != 303 {
                    bad += 1;
                }
            }
            (lat, bad)
        }));
    }
    let mut all = Vec::new();
    let mut bad = 0;
    for t in tasks {
        let (lat, b) = t.await.unwrap();
        all.extend(lat);
        bad += b;
    }
    let elapsed = start.elapsed();
    all.sort();
    println!(
        "votes, {CLIENTS} concurrent clients: {} requests in {:.2} s = {:.0}/s; latency median {:.2} ms, p99 {:.2} ms, max {:.2} ms; non-303 responses: {bad}",
        all.len(),
        elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap()),
    );
    assert_eq!(bad, 0, "every vote must be accepted");
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (state, doc, sessions, beads, long) = build_state(dir.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(state.clone());
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        bench_page(&state, doc, addr).await;
        let voter = sessions[0].clone();
        bench_votes(doc, addr, sessions, beads.clone()).await;
        bench_votes_during_approvals(doc, addr, voter, &beads, long).await;
        server.abort();
    });
}
