//! `sverka segment`: a text split into sentences.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use sverka::{Lang, segment};

/// Options of `sverka segment`.
#[derive(clap::Args, Debug)]
pub struct SegmentArgs {
    /// The text to split: plain text (one paragraph per line, its encoding detected), .docx,
    /// .odt, .epub, .html, .md or .srt.
    file: PathBuf,
    /// Read plain text in this encoding instead of detecting it (utf-8, windows-1251, koi8-r,
    /// cp866 …).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The language of the text.
    #[arg(long, short = 'l')]
    lang: Lang,
    /// Print JSON with byte spans and paragraph indices.
    #[arg(long)]
    json: bool,
}

/// Runs `sverka segment`.
pub fn run(args: SegmentArgs) -> anyhow::Result<ExitCode> {
    let text = super::input::read(&args.file, args.encoding.as_deref())?.into_text();
    let sentences = segment(&text, args.lang);
    if sentences.is_empty() {
        bail!("{} is empty: it holds no sentence", args.file.display());
    }
    let mut out = super::output(None)?;
    if args.json {
        let items: Vec<serde_json::Value> = sentences
            .iter()
            .map(|s| {
                serde_json::json!({
                    "text": s.text(&text), "start": s.start, "end": s.end, "paragraph": s.paragraph
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    } else {
        for s in &sentences {
            writeln!(out, "{}", s.text(&text).replace(['\n', '\r'], " "))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
