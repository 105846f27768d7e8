//! Load and crash benchmark of the review server (issue 6): 64 concurrent reviewers cast
//! 10,000 votes and 1,000 suggestions over loopback against `sverka serve`; the stored
//! totals must equal the acknowledged actions exactly. Then the same on a fresh database
//! with SIGKILL after 5,000 acknowledged actions, a restart, and the rest of the load.
//!
//! `cargo bench --bench load` (release build). `SVERKA_LOAD_SCALE=0.1` runs a tenth.
//! Bounded: every phase has a deadline, and the load goes to 127.0.0.1 only.

#[path = "../tests/support/load.rs"]
mod load;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use load::{Plan, Server};

const BIN: &str = env!("CARGO_BIN_EXE_sverka");

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let scale: f64 = std::env::var("SVERKA_LOAD_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let votes = (10_000.0 * scale) as usize;
    let suggestions = (1_000.0 * scale) as usize;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let plan = Plan {
        reviewers: 64,
        votes,
        suggestions,
        deadline: Duration::from_secs(300),
    };

    // 1. The whole load, no faults: totals equal the acknowledged actions exactly.
    let dir = tempfile::tempdir().unwrap();
    let db = load::temp_db(&dir);
    let setup = load::prepare_db(&db, 64, 200);
    let server = Server::start(Path::new(BIN), &db);
    let ledger = rt.block_on(load::run(
        server.addr,
        &setup,
        &plan,
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    ));
    drop(server);
    assert!(
        ledger.failed.is_empty(),
        "failed: {:?}",
        &ledger.failed[..ledger.failed.len().min(5)]
    );
    assert_eq!((ledger.votes(), ledger.suggestions()), (votes, suggestions));
    let check = load::verify(&db, &[&ledger]).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!((check.vote_events, check.suggestions), (votes, suggestions));
    let secs = ledger.elapsed.as_secs_f64();
    println!(
        "load: 64 reviewers, {} votes + {} suggestions acknowledged and stored exactly, 0 failed, \
         in {secs:.1} s ({:.0} actions/s); latency p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        ledger.votes(),
        ledger.suggestions(),
        ledger.acknowledged.len() as f64 / secs,
        ledger.latency(0.5),
        ledger.latency(0.99),
        ledger.latency(1.0),
    );

    // 2. SIGKILL halfway, restart, the rest of the load.
    let dir = tempfile::tempdir().unwrap();
    let db = load::temp_db(&dir);
    let setup = load::prepare_db(&db, 64, 200);
    let mut server = Server::start(Path::new(BIN), &db);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let task = {
        let (setup, plan, stop, acked) = (setup.clone(), plan.clone(), stop.clone(), acked.clone());
        let addr = server.addr;
        rt.spawn(async move { load::run(addr, &setup, &plan, stop, acked).await })
    };
    let half = (votes + suggestions) / 2;
    let until = Instant::now() + plan.deadline;
    while acked.load(Ordering::Relaxed) < half && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(1));
    }
    let killed_at = Instant::now();
    server.kill();
    stop.store(true, Ordering::Relaxed);
    let first = rt.block_on(task).unwrap();
    assert!(first.failed.is_empty(), "{:?}", first.failed.first());
    let server = Server::start(Path::new(BIN), &db);
    let restart = killed_at.elapsed();
    let rest = Plan {
        votes: votes - first.votes(),
        suggestions: suggestions - first.suggestions(),
        ..plan.clone()
    };
    let second = rt.block_on(load::run(
        server.addr,
        &setup,
        &rest,
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    ));
    drop(server);
    assert!(second.failed.is_empty(), "{:?}", second.failed.first());
    let check = load::verify(&db, &[&first, &second]).unwrap_or_else(|p| panic!("{p:#?}"));
    println!(
        "crash: SIGKILL after {} acknowledged actions with {} in flight; restarted and serving in {restart:.1?}; \
         integrity_check ok; all {} acknowledged actions stored ({} vote events, {} suggestions), 0 failed",
        first.acknowledged.len(),
        first.unknown.len(),
        first.acknowledged.len() + second.acknowledged.len(),
        check.vote_events,
        check.suggestions,
    );
}
