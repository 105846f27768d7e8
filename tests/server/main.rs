//! The review server's integration tests, one test binary: handlers and storage on in-memory
//! databases, web security, the map panel, `sverka serve` under load with a SIGKILL, backups,
//! and real-browser sessions.
//!
//! Each module is one area; test names start with it (`security::…`), so
//! `cargo test --release security` runs that area. `cargo test --release --test server` runs
//! this binary alone.

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod accounts_browser;
mod beads;
mod book;
mod book_browser;
mod browser;
mod compare;
mod day_browser;
mod durability;
mod findings;
mod findings_browser;
mod layout_browser;
mod map_web;
mod security;
mod session;
mod session_browser;
mod storage;
mod upload;
mod upload_browser;
mod web;
