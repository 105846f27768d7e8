//! The library-level integration tests, one test binary: the aligner and its parts
//! (segmentation, lexicon, scoring, export, the map), accuracy on the public data sets, hostile
//! input, corpus mode, and the layering of the source tree.
//!
//! Each module is one area; test names start with it (`segment::ru_initials`), so
//! `cargo test --release segment` runs that area. `cargo test --release --test aligner` runs
//! this binary alone.

#[path = "../support/mod.rs"]
mod support;

mod align;
mod batch;
mod book;
mod eval;
mod export;
mod fuzz_regressions;
mod input;
mod layering;
mod lexicon;
mod map;
mod post;
mod qa;
mod segment;
mod tatoeba;
mod textberg;
mod wmt;
