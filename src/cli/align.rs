//! `sverka align`: a Russian text aligned with its English counterpart.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::ValueEnum;

use sverka::export::{self, ExportOptions, Format};
use sverka::lexicon::Lexicon;
use sverka::map::{MapBead, MapOptions, render_svg};
use sverka::qa;
use sverka::{Aligner, Bead, Document, corpus};

/// Output formats of `sverka align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Russian, English, confidence; one bead per line.
    Tsv,
    /// Sentences and beads as JSON.
    Json,
    /// vecalign's beads format, `[0]:[0, 1]`.
    Beads,
    /// TMX 1.4b translation memory.
    Tmx,
    /// The alignment map as an SVG picture (see docs/map.md).
    Svg,
    /// A parallel book: one self-contained HTML file, the languages side by side.
    Html,
    /// A parallel book as an EPUB 3 file (needs -o FILE).
    Epub,
}

impl OutputFormat {
    /// The export format, or `None` for the map (drawn, not exported).
    fn export_format(self) -> Option<Format> {
        match self {
            OutputFormat::Tsv => Some(Format::Tsv),
            OutputFormat::Json => Some(Format::Json),
            OutputFormat::Beads => Some(Format::Beads),
            OutputFormat::Tmx => Some(Format::Tmx),
            OutputFormat::Html => Some(Format::Html),
            OutputFormat::Epub => Some(Format::Epub),
            OutputFormat::Svg => None,
        }
    }
}

/// Options of `sverka align`.
#[derive(clap::Args, Debug)]
pub struct AlignArgs {
    /// The Russian text: plain text (one paragraph per line; UTF-8, UTF-16 or a legacy
    /// encoding, detected), .docx, .odt, .epub, .html, .md or .srt. Give both files or neither.
    ru: Option<PathBuf>,
    /// The English text, in any of the same formats.
    en: Option<PathBuf>,
    /// Read plain text in this encoding instead of detecting it (utf-8, utf-16le,
    /// windows-1251, koi8-r, cp866 …).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Tsv)]
    format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// The input is one sentence per line, used as is (blank lines separate paragraphs).
    #[arg(long)]
    presegmented: bool,
    /// Write a header row (TSV).
    #[arg(long)]
    header: bool,
    /// A dictionary to use besides the bundled one (repeatable): TSV `ru<TAB>en`, hunalign
    /// `en @ ru`, or dictd (`NAME.index` with `NAME.dict` or `NAME.dict.dz`).
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Do not use the bundled OpenRussian lexicon.
    #[arg(long)]
    no_builtin_dict: bool,
    /// JSON: add each bead's evidence (matched word pairs with their kind and byte spans,
    /// length ratio, similarity).
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    book: super::book::BookArgs,
    /// Run the automatic checks (see `sverka check`) and add their findings: JSON per bead,
    /// TSV as a `findings` column, TMX as notes.
    #[arg(long)]
    checks: bool,
    #[command(flatten)]
    qa: super::check::QaOptions,
}

/// Runs `sverka align`.
pub fn run(args: AlignArgs) -> anyhow::Result<ExitCode> {
    if args.explain && args.format != OutputFormat::Json {
        bail!("--explain goes with --format json");
    }
    if args.checks
        && !matches!(
            args.format,
            OutputFormat::Json | OutputFormat::Tsv | OutputFormat::Tmx
        )
    {
        bail!("--checks goes with --format json, tsv or tmx");
    }
    if args.qa.given() && !args.checks {
        bail!("--glossary and --config go with --checks");
    }
    let qa = args.checks.then(|| args.qa.load(&[])).transpose()?;
    let style = args.book.style(args.format.export_format())?;
    if let Some(format) = args.format.export_format() {
        super::book::check_binary_output(format, args.output.as_deref())?;
    }
    let (ru, en) = documents(&args)?;
    let dicts = args
        .dicts
        .iter()
        .map(|p| Lexicon::load(p).with_context(|| format!("cannot use dictionary {}", p.display())))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut aligner = if args.no_builtin_dict {
        Aligner::without_lexicon()
    } else {
        Aligner::new()
    };
    for d in &dicts {
        aligner = aligner.matcher(d);
    }
    let beads = with_spinner(&ru, &en, || aligner.align(&ru, &en));
    let mut out = super::output(args.output.as_deref())?;
    match args.format.export_format() {
        None => out.write_all(map(&args, &ru, &en, &beads).as_bytes())?,
        Some(format) => {
            let explain = args.explain.then(|| {
                aligner
                    .explain(&ru, &en, &beads)
                    .iter()
                    .map(|e| serde_json::to_value(e).expect("explanations serialise"))
                    .collect()
            });
            let findings = qa.map(|qa| {
                let found = qa.check(&aligner, &ru, &en, &beads);
                qa::per_bead(found, beads.len())
            });
            let options = ExportOptions {
                header: args.header,
                explain,
                title: Some(title(&args)),
                author: args.book.author.clone(),
                book: style,
                findings,
                ..ExportOptions::default()
            };
            export::write(&mut out, format, &ru, &en, &beads, &options)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn documents(args: &AlignArgs) -> anyhow::Result<(Document, Document)> {
    super::input::pair(
        args.ru.as_deref(),
        args.en.as_deref(),
        args.encoding.as_deref(),
        args.presegmented,
    )
}

/// The book's title: `--title`, the bundled post's title, or the Russian file's name without
/// its extensions and a final `_ru` or `-ru` (`war.ru.txt` → `war`); both files' names when
/// that leaves nothing but `ru` (`ru.txt ↔ en.txt`).
fn title(args: &AlignArgs) -> String {
    if let Some(t) = &args.book.title {
        return t.clone();
    }
    let (Some(ru), Some(en)) = (&args.ru, &args.en) else {
        return corpus::DIGITAL_RESISTANCE_TITLE.to_string();
    };
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let ru_name = name(ru);
    let stem = ru_name.split('.').next().unwrap_or_default();
    let stem = stem
        .strip_suffix("_ru")
        .or_else(|| stem.strip_suffix("-ru"))
        .unwrap_or(stem);
    if stem.is_empty() || stem.eq_ignore_ascii_case("ru") {
        format!("{ru_name} ↔ {}", name(en))
    } else {
        stem.to_string()
    }
}

/// Runs `align` with a spinner on a terminal when the texts are long.
fn with_spinner(ru: &Document, en: &Document, align: impl FnOnce() -> Vec<Bead>) -> Vec<Bead> {
    let bar = (ru.len() + en.len() > 20_000 && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(format!("aligning {} × {} sentences", ru.len(), en.len()));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let beads = align();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    beads
}

/// The alignment map as SVG, titled by the file names or the bundled post's title.
fn map(args: &AlignArgs, ru: &Document, en: &Document, beads: &[Bead]) -> String {
    let title = match (&args.ru, &args.en) {
        (Some(r), Some(e)) => format!("{} ↔ {}", r.display(), e.display()),
        _ => corpus::DIGITAL_RESISTANCE_TITLE.to_string(),
    };
    let options = MapOptions {
        title: Some(title),
        ..Default::default()
    };
    render_svg(ru.len(), en.len(), &MapBead::automatic(beads), &options)
}
