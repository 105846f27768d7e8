//! `sverka check` run as a subprocess: the automatic checks on the bundled post (with and
//! without the English-only post appended), the output formats, and the exit codes.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sverka::{Document, Lang, corpus};

use crate::support::run::{stderr, stdout, sverka};

const RU: &str = "corpus/digital-resistance.ru.txt";

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// `sverka check ARGS… --format json`: its exit code and report.
fn json(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let out = sverka(&all);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    (
        out.status.code(),
        serde_json::from_str(&stdout(&out)).unwrap(),
    )
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

/// The number and name findings on beads that pair sentences: (check, severity, message).
fn in_pairs(report: &Value) -> Vec<(String, String, String)> {
    findings(report)
        .iter()
        .filter(|f| {
            let kind = f["type"].as_str().unwrap();
            !kind.starts_with("0-") && !kind.ends_with("-0")
        })
        .filter(|f| f["check"] == "number" || f["check"] == "name")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("check"), s("severity"), s("message"))
        })
        .collect()
}

#[test]
fn check_on_the_bundled_post_finds_no_error() {
    let out = sverka(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.ends_with("15 beads, 12 with findings: 0 errors, 10 warnings, 2 info\n"),
        "{text}"
    );
    // Grouped per bead with the sentences.
    assert!(
        text.contains(
            "bead 2 (0-1)\n  en: The reason is our refusal to provide encryption keys to Russian \
         security agencies.\n  warning  addition      an English sentence with no Russian \
         counterpart (82 characters)\n"
        ),
        "{text}"
    );
    let (_, report) = json(&[]);
    assert_eq!(report["counts"]["error"], 0);
    // The one number or name finding in a pair: the English gives Russia's share of users
    // (~7%), the Russian says only that it is not a significant one.
    assert_eq!(
        in_pairs(&report),
        [(
            "number".to_string(),
            "warning".to_string(),
            "the number \u{201c}7\u{201d} is not in the Russian".to_string()
        )]
    );
}

#[test]
fn check_reports_the_english_only_post_as_additions() {
    let dir = tempfile::tempdir().unwrap();
    let en = format!(
        "{}\n{}",
        corpus::DIGITAL_RESISTANCE_EN,
        corpus::TWO_HUNDRED_MILLION_EN
    );
    let en = write(dir.path(), "en.txt", &en);
    let (code, report) = json(&[RU, en.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let more = Document::new(corpus::TWO_HUNDRED_MILLION_EN, Lang::En).unwrap();
    for i in 0..more.len() {
        let sentence = more.sentence_text(i);
        assert!(
            findings(&report).iter().any(|f| f["check"] == "addition"
                && f["en_text"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == sentence)),
            "{sentence:?} is not reported as an addition"
        );
    }
    assert_eq!(report["counts"]["error"], 0);
    // In the pairs, no error. With the other post's words in the English, "Russia accounts
    // for ~7%…" is left unpaired, and the Russian market sentence pairs with "However, it is
    // important for me personally…" alone, which does not name Telegram.
    let pairs = in_pairs(&report);
    assert!(pairs.iter().all(|p| p.1 != "error"), "{pairs:?}");
    assert_eq!(
        pairs,
        [(
            "name".to_string(),
            "warning".to_string(),
            "\u{201c}Telegram\u{201d} is in the Russian only".to_string()
        )]
    );
}

#[test]
fn check_exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let ru = write(
        dir.path(),
        "ru.txt",
        "Telegram пользуются 200 млн человек.\n",
    );
    let en = write(
        dir.path(),
        "en.txt",
        "Telegram is used by 20,000,000 people.\n",
    );
    let (ru, en) = (ru.to_str().unwrap(), en.to_str().unwrap());
    let out = sverka(&["check", ru, en]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "  error    number        different number: \u{201c}200 млн\u{201d} in the Russian, \
         \u{201c}20,000,000\u{201d} in the English\n"
    ));
    // Only the name check: nothing at all.
    let out = sverka(&["check", ru, en, "--checks", "name,punctuation"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "1 bead, 0 with findings: 0 errors, 0 warnings, 0 info\n"
    );
    // The bundled post has warnings: --fail-on warning fails it.
    assert_eq!(
        sverka(&["check", "--fail-on", "warning"]).status.code(),
        Some(1)
    );
}

#[test]
fn check_tsv_has_a_row_per_finding() {
    let out = sverka(&["check", "--format", "tsv", "--checks", "number"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "bead\ttype\tcheck\tseverity\tmessage\tru\ten\n\
         11\t1-2\tnumber\twarning\tthe number \u{201c}7\u{201d} is not in the Russian\t\t7\n"
    );
}

#[test]
fn check_with_a_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.tsv",
        "# ru\ten\nблокировка\tblocking\nпрогресс\tprogress\n",
    );
    let (code, report) = json(&["--glossary", g.to_str().unwrap(), "--checks", "terminology"]);
    assert_eq!(code, Some(0));
    let found: Vec<&str> = findings(&report)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    // The English says "ban"; and the pair of "…цифровых свобод и прогресса" leaves
    // "progress" to the next English sentence, which stays unpaired.
    assert_eq!(
        found,
        [
            "the glossary term \u{201c}блокировки\u{201d} is not translated as \u{201c}blocking\u{201d}",
            "the glossary term \u{201c}прогресса\u{201d} is not translated as \u{201c}progress\u{201d}"
        ]
    );
}

#[test]
fn check_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "g.tsv", "блокировка ban\n");
    for (args, says) in [
        (vec!["check", RU], "give both"),
        (vec!["check", "--glossary", bad.to_str().unwrap()], "line 1"),
        (vec!["check", "--checks", "numbers"], "numbers"),
        (vec!["check", "--fail-on", "never"], "never"),
    ] {
        let out = sverka(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// `sverka align ARGS…` parsed as JSON, which must succeed quietly.
fn align_json(args: &[&str]) -> Value {
    let mut all = vec!["align", "--format", "json"];
    all.extend(args);
    let out = sverka(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// The findings of every bead of an `align --checks` JSON, in bead order, and whether each
/// sits on the bead it names.
fn bead_findings(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for (k, b) in v["beads"].as_array().unwrap().iter().enumerate() {
        for f in b["findings"]
            .as_array()
            .expect("a findings list on every bead")
        {
            assert_eq!(f["bead"], k + 1, "{f} is listed on bead {}", k + 1);
            out.push(f.clone());
        }
    }
    out
}

#[test]
fn align_json_without_checks_is_the_plain_export() {
    let out = sverka(&["align", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The bytes the library writes with no options: no findings key anywhere.
    let ru = Document::new(corpus::DIGITAL_RESISTANCE_RU, Lang::Ru).unwrap();
    let en = Document::new(corpus::DIGITAL_RESISTANCE_EN, Lang::En).unwrap();
    let beads = sverka::align(&ru, &en);
    let mut expected = Vec::new();
    sverka::export::write_json(
        &mut expected,
        &ru,
        &en,
        &beads,
        &sverka::export::ExportOptions::default(),
    )
    .unwrap();
    assert_eq!(stdout(&out), String::from_utf8(expected).unwrap());
    assert!(!stdout(&out).contains("\"findings\""));
}

#[test]
fn align_checks_adds_the_findings_of_check_per_bead() {
    let plain = align_json(&[]);
    let mut with = align_json(&["--checks"]);
    // The same findings, in the same shape, as `sverka check --format json`.
    let (_, report) = json(&[]);
    assert!(!findings(&report).is_empty());
    assert_eq!(&bead_findings(&with), findings(&report));
    // Nothing else changes.
    for b in with["beads"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("findings");
    }
    assert_eq!(with, plain);
}

#[test]
fn align_checks_takes_the_glossary_and_config_of_check() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.tsv", "блокировка\tblocking\n");
    let g = g.to_str().unwrap();
    let terms = |v: &Value| -> Vec<String> {
        bead_findings(v)
            .iter()
            .filter(|f| f["check"] == "terminology")
            .map(|f| f["ru_text"][0].as_str().unwrap().to_string())
            .collect()
    };
    let v = align_json(&["--checks", "--glossary", g]);
    assert_eq!(terms(&v), ["блокировки"]);
    let (_, report) = json(&["--glossary", g]);
    assert_eq!(&bead_findings(&v), findings(&report));
    // A configuration that turns the check off, and one that makes it an error.
    let off = write(
        dir.path(),
        "off.json",
        r#"{"terminology": {"enabled": false}}"#,
    );
    let v = align_json(&[
        "--checks",
        "--glossary",
        g,
        "--config",
        off.to_str().unwrap(),
    ]);
    assert!(terms(&v).is_empty());
    let error = write(
        dir.path(),
        "e.json",
        r#"{"terminology": {"severity": "error"}}"#,
    );
    let v = align_json(&[
        "--checks",
        "--glossary",
        g,
        "--config",
        error.to_str().unwrap(),
    ]);
    let severities: Vec<Value> = bead_findings(&v)
        .into_iter()
        .filter(|f| f["check"] == "terminology")
        .map(|f| f["severity"].clone())
        .collect();
    assert_eq!(severities, ["error"]);
}

#[test]
fn align_checks_refuses_what_does_not_go_together() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.tsv", "блокировка\tblocking\n");
    let bad = write(dir.path(), "bad.json", r#"{"numbers": {}}"#);
    for (args, says) in [
        (
            vec!["align", "--glossary", g.to_str().unwrap()],
            "go with --checks",
        ),
        (
            vec!["align", "--checks", "--format", "beads"],
            "--checks goes with",
        ),
        (
            vec!["align", "--checks", "--format", "svg"],
            "--checks goes with",
        ),
        (
            vec!["align", "--checks", "--config", bad.to_str().unwrap()],
            "not a checks configuration",
        ),
    ] {
        let out = sverka(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn align_checks_adds_a_tsv_column_and_tmx_notes() {
    let plain = stdout(&sverka(&["align", "--header"]));
    let out = sverka(&["align", "--header", "--checks"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let with = stdout(&out);
    assert_eq!(plain.lines().next(), Some("ru\ten\tconfidence"));
    assert_eq!(with.lines().next(), Some("ru\ten\tconfidence\tfindings"));
    // The same rows with one more cell: the findings of `sverka check` per bead.
    let (_, report) = json(&[]);
    let mut tags = vec![Vec::new(); plain.lines().count() - 1];
    for f in findings(&report) {
        let k = f["bead"].as_u64().unwrap() as usize - 1;
        tags[k].push(format!(
            "{}:{}",
            f["check"].as_str().unwrap(),
            f["severity"].as_str().unwrap()
        ));
    }
    for ((p, w), t) in plain.lines().zip(with.lines()).skip(1).zip(&tags) {
        assert_eq!(w, format!("{p}\t{}", t.join("; ")));
    }
    let tmx = stdout(&sverka(&["align", "--format", "tmx", "--checks"]));
    assert!(tmx.contains("<prop type=\"x-sverka-check\">number:warning</prop>"));
    assert!(tmx.contains("<note>number (warning): the number “7” is not in the Russian</note>"));
}

/// `sverka check` reads what `sverka align` reads: the post as a windows-1251 text and as a
/// DOCX gives the same report as its UTF-8 text, and the encoding is reported.
#[test]
fn check_reads_any_input_format() {
    let fixture = |name: &str| format!("tests/fixtures/input/{name}");
    let plain = sverka(&[
        "check",
        &fixture("post.ru.txt"),
        &fixture("post.en.txt"),
        "--format",
        "tsv",
    ]);
    assert!(stderr(&plain).is_empty(), "{}", stderr(&plain));
    for (ru, en, note) in [
        ("post.ru.cp1251.txt", "post.en.txt", "as windows-1251"),
        ("post.ru.docx", "post.en.docx", ""),
    ] {
        let out = sverka(&["check", &fixture(ru), &fixture(en), "--format", "tsv"]);
        assert_eq!(out.status.code(), plain.status.code(), "{ru}");
        assert_eq!(stdout(&out), stdout(&plain), "{ru}: the same findings");
        assert!(stderr(&out).contains(note), "{ru}: {}", stderr(&out));
    }
    let out = sverka(&["check", RU, "Cargo.lock.missing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Cargo.lock.missing"),
        "{}",
        stderr(&out)
    );
}
