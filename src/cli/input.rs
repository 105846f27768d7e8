//! Reading the texts the subcommands take: any format `sverka::input` reads, with the
//! encoding report on standard error.

use std::path::Path;

use sverka::input::{self, Input, ReadOptions};

/// Reads the file at `path` (`encoding`: the `--encoding` override) and says on standard
/// error which encoding a text in another encoding than UTF-8 was read as.
pub fn read(path: &Path, encoding: Option<&str>) -> sverka::Result<Input> {
    let options = ReadOptions {
        encoding: encoding.map(str::to_string),
        ..ReadOptions::default()
    };
    let input = input::read_file(path, &options)?;
    if input.encoding().is_some_and(|e| e != "UTF-8") {
        eprintln!("{}", input.report());
    }
    Ok(input)
}
