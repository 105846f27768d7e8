//! The `sverka` command line.

fn main() {}
