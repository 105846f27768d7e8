//! Helpers shared by the three integration test binaries, `tests/aligner`, `tests/server` and
//! `tests/cli`. Each includes this folder as
//!
//! ```ignore
//! #[path = "../support/mod.rs"]
//! mod support;
//! ```
//!
//! - [`data`]: where the public data sets of `../shared/data` are, the one skip-or-fail rule
//!   for whatever a test needs and may not find ([`data::skip_or_fail`]: `SVERKA_REQUIRE_DATA=1`
//!   for data, `SVERKA_REQUIRE_BROWSER=1` for the browser), and the WMT and Tatoeba readers.
//!   Benches and examples include this file on its own.
//! - [`beads`]: checks on bead lists (a full cover, ranges, sentence ids).
//! - [`web`]: an in-memory store and router with the test document and accounts, and a client
//!   that keeps cookies and the CSRF token.
//! - [`load`]: the load generator against a `sverka serve` process, and the check of the
//!   database after it; `benches/load.rs` includes this file on its own.
//! - [`run`]: the one way to run the built `sverka` binary.
//! - [`book`]: parallel books read back: an HTML book's beads and tags, an EPUB's entries and
//!   texts, and epubcheck (skipped by the same rule with `SVERKA_REQUIRE_EPUBCHECK`).
//! - [`browser`]: the real-browser tests' Chromium over chromedriver (skipped by the rule of
//!   [`data::skip_or_fail`] with `SVERKA_REQUIRE_BROWSER`), the server on a loopback port,
//!   signing in, and the page helpers (`eval`, `wait_until`, `click`, `press`, `screenshot`).
//!
//! Form bodies are percent-encoded with the `form_urlencoded` crate ([`web`], [`load`]), the
//! encoder of the server's own form parser.

// Each binary uses its own part of these helpers.
#![allow(dead_code)]

pub mod beads;
pub mod book;
pub mod browser;
pub mod data;
pub mod load;
pub mod run;
pub mod web;

use std::path::PathBuf;

use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

/// A path inside the package (`corpus/…`).
pub fn package_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `config` with failing cases kept next to the test's source file, as
/// `tests/aligner/align.proptest-regressions` for `tests/aligner/align.rs`.
///
/// proptest's default (`SourceParallel`) walks up from the source file to the nearest folder
/// holding a `main.rs` and writes into a sibling `proptest-regressions/` tree; in a test binary
/// made of a folder with a `main.rs` that would be `tests/proptest-regressions/align.txt`, away
/// from the seeds already saved beside the sources.
pub fn proptest_config(config: ProptestConfig) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..config
    }
}
