//! `sverka check`: automatic checks of a translation (numbers, names, omissions…) on each bead
//! of the alignment, printed per bead; the exit code says whether a finding reached
//! `--fail-on`, so it can gate a translation in CI.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use serde_json::json;

use sverka::qa::{CheckId, Checker, Config, Finding, FindingRecord, Glossary, Severity};
use sverka::{Aligner, Bead, Document, export, text};

/// Output formats of `sverka check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Findings grouped per bead, with the bead's sentences.
    Text,
    /// One finding a line: bead, type, check, severity, message, Russian and English text.
    Tsv,
    /// The findings with their byte spans, as JSON.
    Json,
}

/// The least severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Fail on an error.
    Error,
    /// Fail on a warning or an error.
    Warning,
    /// Fail on any finding.
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Options of `sverka check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The Russian text: plain text (one paragraph per line; UTF-8, UTF-16 or a legacy
    /// encoding, detected), .docx, .odt, .epub, .html, .md or .srt. Give both files or
    /// neither (the bundled post).
    ru: Option<PathBuf>,
    /// The English text, in any of the same formats.
    en: Option<PathBuf>,
    /// Read plain text in this encoding instead of detecting it (utf-8, utf-16le,
    /// windows-1251, koi8-r, cp866 …).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    #[command(flatten)]
    qa: QaOptions,
    /// Exit with 1 when a finding of this severity or above exists.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Run only these checks, comma-separated: number, name, omission, addition, untranslated,
    /// punctuation, length, terminology. The default is all.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    checks: Vec<CheckId>,
    /// The input is one sentence per line, used as is (blank lines separate paragraphs).
    #[arg(long)]
    presegmented: bool,
}

/// The options of the checks that `sverka check` and `sverka align --checks` share.
#[derive(clap::Args, Debug, Default)]
pub struct QaOptions {
    /// A glossary for the `terminology` check: TSV, `ru<TAB>en` a line.
    #[arg(long, value_name = "FILE")]
    glossary: Option<PathBuf>,
    /// The checks' settings as JSON (`{"length": {"enabled": false}, "name": {"severity":
    /// "error"}}`); `sverka check --checks` then narrows it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The checks' settings and glossary as [`QaOptions`] ask, ready to make a [`Checker`].
pub struct Qa {
    config: Config,
    glossary: Option<Glossary>,
}

impl QaOptions {
    /// Whether a glossary or a configuration was given.
    pub fn given(&self) -> bool {
        self.glossary.is_some() || self.config.is_some()
    }

    /// Reads the configuration (the file's, or the default) narrowed to `only` (every check
    /// when empty), and the glossary.
    pub fn load(&self, only: &[CheckId]) -> anyhow::Result<Qa> {
        let mut config = match &self.config {
            Some(p) => {
                let text = text::read_utf8(p)?;
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a checks configuration", p.display()))?
            }
            None => Config::default(),
        };
        if !only.is_empty() {
            for id in CheckId::ALL {
                if !only.contains(&id) {
                    config.get_mut(id).enabled = false;
                }
            }
        }
        let glossary = self
            .glossary
            .as_deref()
            .map(|p| {
                Glossary::load(p).with_context(|| format!("cannot use glossary {}", p.display()))
            })
            .transpose()?;
        Ok(Qa { config, glossary })
    }
}

impl Qa {
    /// The findings of the alignment `beads` of `ru` and `en`, with the evidence of `aligner`.
    pub fn check(
        &self,
        aligner: &Aligner,
        ru: &Document,
        en: &Document,
        beads: &[Bead],
    ) -> Vec<Finding> {
        let mut checker = Checker::new().config(self.config.clone()).aligner(aligner);
        if let Some(g) = &self.glossary {
            checker = checker.glossary(g);
        }
        checker.check(ru, en, beads)
    }
}

/// Runs `sverka check`.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let qa = args.qa.load(&args.checks)?;
    let (ru, en) = documents(&args)?;
    let aligner = Aligner::new();
    let beads = aligner.align(&ru, &en);
    let findings = qa.check(&aligner, &ru, &en, &beads);
    let mut out = super::output(None)?;
    let view = Report {
        ru: &ru,
        en: &en,
        beads: &beads,
        findings: &findings,
    };
    match args.format {
        OutputFormat::Text => view.text(&mut out)?,
        OutputFormat::Tsv => view.tsv(&mut out)?,
        OutputFormat::Json => view.json(&mut out)?,
    }
    out.flush()?;
    let fail = args.fail_on.severity();
    Ok(if findings.iter().any(|f| f.severity >= fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The two documents: the files given, or the bundled post (as `sverka align` reads them).
fn documents(args: &CheckArgs) -> anyhow::Result<(Document, Document)> {
    super::input::pair(
        args.ru.as_deref(),
        args.en.as_deref(),
        args.encoding.as_deref(),
        args.presegmented,
    )
}

/// What is printed: the alignment and its findings.
struct Report<'a> {
    ru: &'a Document,
    en: &'a Document,
    beads: &'a [Bead],
    findings: &'a [Finding],
}

impl Report<'_> {
    /// The sentences of bead `k` on one side, joined by a space.
    fn side(&self, doc: &Document, range: std::ops::Range<usize>) -> String {
        range
            .map(|i| doc.sentence_text(i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Findings grouped per bead under its sentences, then the counts.
    fn text(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut at = 0;
        while at < self.findings.len() {
            let k = self.findings[at].bead;
            let b = &self.beads[k];
            writeln!(out, "bead {} ({})", k + 1, b.span.kind())?;
            if !b.span.ru.is_empty() {
                writeln!(
                    out,
                    "  ru: {}",
                    one_line(&self.side(self.ru, b.span.ru.clone()))
                )?;
            }
            if !b.span.en.is_empty() {
                writeln!(
                    out,
                    "  en: {}",
                    one_line(&self.side(self.en, b.span.en.clone()))
                )?;
            }
            while at < self.findings.len() && self.findings[at].bead == k {
                let f = &self.findings[at];
                writeln!(out, "  {:<8} {:<13} {}", f.severity, f.check, f.message)?;
                at += 1;
            }
            writeln!(out)?;
        }
        writeln!(out, "{}", self.summary())?;
        Ok(())
    }

    /// `15 beads, 9 with findings: 0 errors, 9 warnings, 3 info`.
    fn summary(&self) -> String {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        let mut with: Vec<usize> = self.findings.iter().map(|f| f.bead).collect();
        with.dedup();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {} with findings: {}, {}, {} info",
            plural(self.beads.len(), "bead", "beads"),
            with.len(),
            plural(count(Severity::Error), "error", "errors"),
            plural(count(Severity::Warning), "warning", "warnings"),
            count(Severity::Info)
        )
    }

    /// A header, then one finding a line.
    fn tsv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        export::write_findings_tsv(out, self.ru, self.en, self.beads, self.findings)?;
        Ok(())
    }

    /// The findings with their spans and texts, and the counts.
    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let findings: Vec<FindingRecord> = self
            .findings
            .iter()
            .map(|f| FindingRecord::new(f, &self.beads[f.bead], self.ru, self.en))
            .collect();
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        let report = json!({
            "beads": self.beads.len(),
            "findings": findings,
            "counts": {
                "error": count(Severity::Error),
                "warning": count(Severity::Warning),
                "info": count(Severity::Info),
            },
        });
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        Ok(())
    }
}

/// `s` on one line: tabs and line breaks as spaces.
fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
