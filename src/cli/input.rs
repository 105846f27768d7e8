//! Reading the texts the subcommands take: any format `sverka::input` reads, with the
//! encoding report on standard error.

use std::path::Path;

use anyhow::bail;
use sverka::input::{self, Input, ReadOptions};
use sverka::{Document, Lang, corpus};

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

/// The two texts of `align` and `check`: the files given (any format [`read`] takes, one
/// sentence a line with `presegmented`), or the bundled post when neither is.
pub fn pair(
    ru: Option<&Path>,
    en: Option<&Path>,
    encoding: Option<&str>,
    presegmented: bool,
) -> anyhow::Result<(Document, Document)> {
    let split = |text: &str, lang| -> sverka::Result<Document> {
        if presegmented {
            Document::presegmented(text, lang)
        } else {
            Document::new(text, lang)
        }
    };
    match (ru, en) {
        (Some(r), Some(e)) => {
            let side = |path: &Path, lang| -> anyhow::Result<Document> {
                let input = read(path, encoding)?;
                Ok(if presegmented {
                    input.presegmented(lang)?
                } else {
                    input.document(lang)?
                })
            };
            Ok((side(r, Lang::Ru)?, side(e, Lang::En)?))
        }
        (None, None) => Ok((
            split(corpus::DIGITAL_RESISTANCE_RU, Lang::Ru)?,
            split(corpus::DIGITAL_RESISTANCE_EN, Lang::En)?,
        )),
        _ => bail!("give both a Russian and an English file, or neither for the bundled post"),
    }
}
