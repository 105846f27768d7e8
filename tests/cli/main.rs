//! The `sverka` program run as a subprocess, one test binary: align in every format on the
//! bundled post, segment, eval, log output, and the errors of bad input.
//!
//! Other binaries run the program too where their area needs it (`sverka batch` in the aligner
//! tests, `sverka serve` under load in the server tests); all go through `support::run`.

#[path = "../support/mod.rs"]
mod support;

mod book;
mod check;
mod cli;
mod input;
mod slurm;
