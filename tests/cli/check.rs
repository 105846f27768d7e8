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
