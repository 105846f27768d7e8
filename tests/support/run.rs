//! Running the built `sverka` binary as a subprocess: one helper for every test that does.

use std::ffi::OsStr;
use std::process::{Command, Output};

/// The `sverka` binary cargo built for the integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_sverka");

/// `sverka ARGS…`, not yet started, in the package directory (so `corpus/…` and the paths in
/// test manifests resolve the same from every test) and without the caller's `RUST_LOG` (so
/// standard error holds only what the program says by default, unless a test sets it).
pub fn command<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_LOG");
    c
}

/// Runs `sverka ARGS…` (see [`command`]) to the end and returns its status and output.
pub fn sverka<S: AsRef<OsStr>>(args: &[S]) -> Output {
    command(args).output().expect("run sverka")
}

/// Standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Standard error, invalid UTF-8 replaced.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
