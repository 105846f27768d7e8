//! sverka aligns a Russian text with its English counterpart sentence by sentence.
//!
//! The library splits each text into sentences ([`segment()`]), pairs them as *beads*
//! (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1) with a confidence for each ([`align()`]),
//! and writes the result as TSV, JSON, vecalign beads, TMX or cesAlign, or as a parallel book
//! to read, in HTML or EPUB ([`export`]).
//! The review server (`sverka serve`) builds on the same API.
//!
//! # Example
//! ```
//! use sverka::{Document, Lang, Span, align};
//!
//! let ru = Document::new("Спасибо за поддержку. Мы выросли на 7%.", Lang::Ru).unwrap();
//! let en = Document::new("Thank you for your support. We grew by 7%.", Lang::En).unwrap();
//! let beads = align(&ru, &en);
//! assert_eq!(beads.len(), 2);
//! assert_eq!(beads[1].span, Span::new(1..2, 1..2));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod align;
pub mod batch;
mod bead;
pub mod corpus;
mod document;
mod error;
pub mod eval;
pub mod export;
pub mod input;
mod lang;
pub mod lexicon;
pub mod map;
pub mod qa;
pub mod review;
pub mod score;
pub mod segment;
mod spelled;
pub mod stats;
pub mod storage;
pub mod text;
pub mod web;

pub use align::{Aligner, align};
pub use bead::{Bead, BeadKind, Span};
pub use document::Document;
pub use error::{Error, Result};
pub use lang::{Lang, ParseLangError};
pub use segment::{Sentence, segment};
