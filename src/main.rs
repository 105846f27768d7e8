//! The `sverka` command line: align, segment, evaluate, serve.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use sverka::export::{self, ExportOptions, Format};
use sverka::lexicon::Lexicon;
use sverka::{Aligner, Document, Lang, corpus, eval, segment, text};

mod batch_cli;

/// Align Russian and English texts sentence by sentence.
#[derive(Parser, Debug)]
#[command(name = "sverka", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Align a Russian text with its English counterpart (with no files: the bundled post).
    Align(AlignArgs),
    /// Split a text into sentences, one per line.
    Segment(SegmentArgs),
    /// Score test alignments against gold ones (strict and lax precision, recall, F1).
    Eval(EvalArgs),
    /// Run the review server (with no options: the bundled post on 127.0.0.1:8080).
    Serve(sverka::web::cli::ServeArgs),
    /// Manage accounts of the review server.
    User(sverka::web::cli::UserArgs),
    /// Export a reviewed document from the server's database.
    Export(sverka::web::cli::ExportArgs),
    /// Align many pairs listed in a manifest (or a folder of pairs) into an output folder.
    Batch(batch_cli::BatchArgs),
    /// Align the pairs of a manifest and load them into the review database (once per name).
    Import(batch_cli::ImportArgs),
    /// Back up the review database while it is in use (or restore a backup with --restore).
    Backup(sverka::storage::BackupArgs),
}

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
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Tsv => Format::Tsv,
            OutputFormat::Json => Format::Json,
            OutputFormat::Beads => Format::Beads,
            OutputFormat::Tmx => Format::Tmx,
            OutputFormat::Svg => unreachable!("the map is drawn by sverka::map, not exported"),
        }
    }
}

#[derive(clap::Args, Debug)]
struct AlignArgs {
    /// The Russian text (UTF-8, one paragraph per line). Give both files or neither.
    ru: Option<PathBuf>,
    /// The English text (UTF-8, one paragraph per line).
    en: Option<PathBuf>,
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
}

#[derive(clap::Args, Debug)]
struct SegmentArgs {
    /// The text to split (UTF-8, one paragraph per line).
    file: PathBuf,
    /// The language of the text.
    #[arg(long, short = 'l')]
    lang: Lang,
    /// Print JSON with byte spans and paragraph indices.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Pairs of beads files: GOLD TEST [GOLD TEST ...].
    #[arg(required = true, num_args = 2.., value_names = ["GOLD", "TEST"])]
    files: Vec<PathBuf>,
    /// Coarse gold: its beads are translation units that may hold several sentences. A test
    /// bead is right if all its sentences lie in one gold bead (and it is one-sided only where
    /// that bead is).
    #[arg(long)]
    coarse: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Some(e) = err.downcast_ref::<io::Error>()
                && e.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            // The chain of causes, each once (a library error may already name its cause).
            let mut message = err.to_string();
            for cause in err.chain().skip(1) {
                let cause = cause.to_string();
                if !message.ends_with(&cause) {
                    message.push_str(": ");
                    message.push_str(&cause);
                }
            }
            eprintln!("sverka: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Align(args) => align(args),
        Command::Segment(args) => segment_cmd(args),
        Command::Eval(args) => eval_cmd(args),
        Command::Serve(args) => sverka::web::cli::run_serve(args).map(|()| ExitCode::SUCCESS),
        Command::User(args) => sverka::web::cli::run_user(args).map(|()| ExitCode::SUCCESS),
        Command::Export(args) => sverka::web::cli::run_export(args).map(|()| ExitCode::SUCCESS),
        Command::Batch(args) => batch_cli::run_batch(args),
        Command::Import(args) => batch_cli::run_import(args),
        Command::Backup(args) => sverka::storage::run_backup(args).map(|()| ExitCode::SUCCESS),
    }
}

fn load(path: Option<&Path>, bundled: &str, lang: Lang, pre: bool) -> anyhow::Result<Document> {
    let (text, what) = match path {
        Some(p) => (text::read_utf8(p)?, p.display().to_string()),
        None => (bundled.to_string(), format!("the bundled {lang} text")),
    };
    let doc = if pre {
        Document::presegmented(text, lang)
    } else {
        Document::new(text, lang)
    };
    doc.map_err(|e| match e {
        sverka::Error::EmptyInput { .. } => {
            anyhow::anyhow!("{what} is empty: it holds no sentence")
        }
        other => other.into(),
    })
}

/// Opens the output: a file or standard output.
fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(io::BufWriter::new(
            fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

fn align(args: AlignArgs) -> anyhow::Result<ExitCode> {
    let (ru, en) = match (&args.ru, &args.en) {
        (Some(r), Some(e)) => (
            load(Some(r), "", Lang::Ru, args.presegmented)?,
            load(Some(e), "", Lang::En, args.presegmented)?,
        ),
        (None, None) => (
            load(
                None,
                corpus::DIGITAL_RESISTANCE_RU,
                Lang::Ru,
                args.presegmented,
            )?,
            load(
                None,
                corpus::DIGITAL_RESISTANCE_EN,
                Lang::En,
                args.presegmented,
            )?,
        ),
        _ => bail!("give both a Russian and an English file, or neither for the bundled post"),
    };
    let progress = (ru.len() + en.len() > 20_000 && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(format!("aligning {} × {} sentences", ru.len(), en.len()));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
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
    let beads = aligner.align(&ru, &en);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if args.explain && args.format != OutputFormat::Json {
        bail!("--explain goes with --format json");
    }
    let explain = args.explain.then(|| {
        aligner
            .explain(&ru, &en, &beads)
            .iter()
            .map(|e| serde_json::to_value(e).expect("explanations serialise"))
            .collect()
    });
    let mut out = output(args.output.as_deref())?;
    if args.format == OutputFormat::Svg {
        let title = match (&args.ru, &args.en) {
            (Some(r), Some(e)) => format!("{} ↔ {}", r.display(), e.display()),
            _ => corpus::DIGITAL_RESISTANCE_TITLE.to_string(),
        };
        let options = sverka::map::MapOptions {
            title: Some(title),
            ..Default::default()
        };
        let map = sverka::map::MapBead::automatic(&beads);
        out.write_all(sverka::map::render_svg(ru.len(), en.len(), &map, &options).as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = ExportOptions {
        header: args.header,
        explain,
        ..ExportOptions::default()
    };
    export::write(&mut out, args.format.into(), &ru, &en, &beads, &options)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn segment_cmd(args: SegmentArgs) -> anyhow::Result<ExitCode> {
    let text = text::read_utf8(&args.file)?;
    let sentences = segment(&text, args.lang);
    if sentences.is_empty() {
        bail!("{} is empty: it holds no sentence", args.file.display());
    }
    let mut out = output(None)?;
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

fn eval_cmd(args: EvalArgs) -> anyhow::Result<ExitCode> {
    if !args.files.len().is_multiple_of(2) {
        bail!("give beads files in pairs: GOLD TEST [GOLD TEST ...]");
    }
    let mut docs = Vec::new();
    for pair in args.files.chunks(2) {
        let gold = export::read_beads(&text::read_utf8(&pair[0])?, &pair[0].display().to_string())?;
        let test = export::read_beads(&text::read_utf8(&pair[1])?, &pair[1].display().to_string())?;
        docs.push((gold, test));
    }
    let mut out = output(None)?;
    if args.coarse {
        let p = eval::score_coarse(&docs);
        writeln!(out, "         precision  recall      F1")?;
        writeln!(
            out,
            "coarse   {:>9.4} {:>7.4} {:>7.4}",
            p.precision, p.recall, p.f1
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = eval::score(&docs);
    writeln!(out, "         precision  recall      F1")?;
    for (name, p) in [("strict", s.strict), ("lax", s.lax)] {
        writeln!(
            out,
            "{name:<8} {:>9.4} {:>7.4} {:>7.4}",
            p.precision, p.recall, p.f1
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
