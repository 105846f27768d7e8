//! Concurrency and crash safety of the review server, run as a real process: a bounded load
//! over loopback, SIGKILL in the middle of it, a restart, and the check that the database is
//! intact and holds every acknowledged vote and suggestion (and nothing never sent). Also
//! backups taken while serving, and restores. The heavy version (64 reviewers, 10,000 votes,
//! 1,000 suggestions) is `cargo bench --bench load`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::load::{self, Plan, Server};
use crate::support::run::{BIN, command};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `plan` against a server and SIGKILLs it once `kill_after` actions were acknowledged
/// (or the deadline passed). Returns the ledger.
fn load_then_kill(
    server: &mut Server,
    setup: &load::Setup,
    plan: &Plan,
    kill_after: usize,
) -> load::Ledger {
    let rt = runtime();
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let addr = server.addr;
    let task = {
        let (setup, plan, stop, acked) = (setup.clone(), plan.clone(), stop.clone(), acked.clone());
        rt.spawn(async move { load::run(addr, &setup, &plan, stop, acked).await })
    };
    let until = Instant::now() + plan.deadline;
    while acked.load(Ordering::Relaxed) < kill_after && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    rt.block_on(task).unwrap()
}

fn run_load(server: &Server, setup: &load::Setup, plan: &Plan) -> load::Ledger {
    let rt = runtime();
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    rt.block_on(load::run(server.addr, setup, plan, stop, acked))
}

#[test]
fn sigkill_mid_load_loses_no_acknowledged_action() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = load::temp_db(&dir);
    let setup = load::prepare_db(&db, 32, 120);
    let mut server = Server::start(Path::new(BIN), &db);
    let plan = Plan {
        reviewers: 32,
        votes: 3_000,
        suggestions: 300,
        deadline: Duration::from_secs(20),
    };
    let first = load_then_kill(&mut server, &setup, &plan, 400);
    assert!(
        first.failed.is_empty(),
        "failed requests: {:#?}",
        &first.failed[..first.failed.len().min(5)]
    );
    assert!(
        first.acknowledged.len() >= 400,
        "the load ran before the kill"
    );
    assert!(
        first.acknowledged.len() < plan.votes + plan.suggestions,
        "the kill came in the middle of the load"
    );
    let after_kill = load::verify(&db, &[&first]);
    assert!(after_kill.is_ok(), "before the restart: {after_kill:?}");
    // Restart on the same file; it serves again and takes more load.
    let server = Server::start(Path::new(BIN), &db);
    let second = run_load(
        &server,
        &setup,
        &Plan {
            reviewers: 8,
            votes: 200,
            suggestions: 20,
            deadline: Duration::from_secs(15),
        },
    );
    assert!(
        second.failed.is_empty(),
        "after restart: {:?}",
        second.failed.first()
    );
    assert_eq!(second.acknowledged.len(), 220);
    drop(server);
    let check = load::verify(&db, &[&first, &second])
        .unwrap_or_else(|p| panic!("{} problems, first: {:#?}", p.len(), &p[..p.len().min(10)]));
    assert!(check.integrity_ok);
    eprintln!(
        "killed after {} acknowledged ({} unanswered); stored {} vote events, {} suggestions; {:.1?}",
        first.acknowledged.len(),
        first.unknown.len(),
        check.vote_events,
        check.suggestions,
        started.elapsed()
    );
}

#[test]
fn backup_while_serving_then_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = load::temp_db(&dir);
    let setup = load::prepare_db(&db, 8, 40);
    let server = Server::start(Path::new(BIN), &db);
    let rt = runtime();
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let plan = Plan {
        reviewers: 8,
        votes: 800,
        suggestions: 80,
        deadline: Duration::from_secs(20),
    };
    let task = {
        let (setup, plan, stop, acked) = (setup.clone(), plan.clone(), stop.clone(), acked.clone());
        let addr = server.addr;
        rt.spawn(async move { load::run(addr, &setup, &plan, stop, acked).await })
    };
    while acked.load(Ordering::Relaxed) < 100 {
        std::thread::sleep(Duration::from_millis(5));
    }
    // A backup in the middle of the load: succeeds, and is a whole, consistent database.
    let copy = dir.path().join("copy.db");
    let out = command(&["backup", "--db"])
        .arg(&db)
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    let ledger = rt.block_on(task).unwrap();
    assert!(ledger.failed.is_empty(), "{:?}", ledger.failed.first());
    assert_eq!(
        ledger.acknowledged.len(),
        880,
        "the backup blocked no writer"
    );
    drop(server);
    let at_backup = sverka::storage::check_file(&copy).unwrap();
    let now = sverka::storage::check_file(&db).unwrap();
    assert!(at_backup.events >= 100 && at_backup.events <= now.events);
    // A second backup to the same name is refused (exit 2), the first left alone.
    let again = command(&["backup", "--db"])
        .arg(&db)
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    // Restore over the live file (server stopped): the old one is kept aside.
    let out = command(&["backup", "--restore", "--db"])
        .arg(&db)
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = sverka::storage::check_file(&db).unwrap();
    assert_eq!(restored.events, at_backup.events);
    let kept = sverka::storage::check_file(&dir.path().join("load.db.pre-restore")).unwrap();
    assert_eq!(kept.events, now.events);
    // The restored database opens and serves.
    let store = sverka::storage::Store::open(&db).unwrap();
    assert_eq!(store.users().unwrap().len(), 9);
    drop(store);
    let server = Server::start(Path::new(BIN), &db);
    let more = run_load(
        &server,
        &setup,
        &Plan {
            reviewers: 4,
            votes: 40,
            suggestions: 4,
            deadline: Duration::from_secs(10),
        },
    );
    assert!(
        more.failed.is_empty() && more.acknowledged.len() == 44,
        "{:?}",
        more.failed.first()
    );
}

#[test]
fn backup_refuses_what_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = sverka::storage::backup(&dir.path().join("none.db"), &dir.path().join("o.db"));
    assert!(missing.unwrap_err().to_string().contains("no database"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not SQLite").unwrap();
    assert!(sverka::storage::restore(&junk, &dir.path().join("t.db")).is_err());
    assert!(
        !dir.path().join("t.db").exists(),
        "a failed restore writes nothing"
    );
    assert!(!dir.path().join("o.db").exists());
}
