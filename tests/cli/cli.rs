//! The `sverka` binary run as a subprocess: align in every format on the bundled post,
//! segment, eval, and the errors of bad input.

use std::path::{Path, PathBuf};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use sverka::eval::score;
use sverka::export::{BeadIds, read_beads};

use crate::support::package_path;
use crate::support::run::{command, sverka};

const RU: &str = "corpus/digital-resistance.ru.txt";
const EN: &str = "corpus/digital-resistance.en.txt";

/// Runs `sverka args…`, checks that it succeeds quietly, and returns its standard output.
fn ok<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> String {
    let out = sverka(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sverka {args:?} failed: {stderr}");
    assert!(
        stderr.is_empty(),
        "sverka {args:?} wrote to stderr: {stderr}"
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `sverka args…`, checks that it fails with exit code 2 and one clear message (no
/// panic, nothing on standard output), and returns that message.
fn fails<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> String {
    let out = sverka(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "sverka {args:?}: {stderr}");
    assert!(
        !stderr.contains("panicked"),
        "sverka {args:?} panicked: {stderr}"
    );
    assert!(!stderr.trim().is_empty(), "sverka {args:?} said nothing");
    assert!(out.stdout.is_empty(), "sverka {args:?} wrote to stdout");
    stderr
}

/// `sverka segment FILE --lang LANG`, one sentence a line.
fn sentences(file: &str, lang: &str) -> Vec<String> {
    ok(&["segment", file, "--lang", lang])
        .lines()
        .map(String::from)
        .collect()
}

/// Checks that the non-empty `cells` are runs of `sentences` joined by spaces that take every
/// sentence exactly once, in order.
fn assert_runs(cells: &[&str], sentences: &[String], side: &str) {
    let mut next = 0;
    for cell in cells.iter().filter(|c| !c.is_empty()) {
        let mut joined = String::new();
        while joined.len() < cell.len() {
            assert!(
                next < sentences.len(),
                "{side}: {cell:?} runs past the last sentence"
            );
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&sentences[next]);
            next += 1;
        }
        assert_eq!(
            &joined, cell,
            "{side}: the cell is not the next sentences, in order"
        );
    }
    assert_eq!(next, sentences.len(), "{side}: sentences left out");
}

/// The TSV rows of `out` split into their three cells, each row checked.
fn tsv_rows(out: &str) -> Vec<[&str; 3]> {
    out.lines()
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let [ru, en, confidence] = cells[..] else {
                panic!("row {line:?} has {} cells, not 3", cells.len());
            };
            let (units, decimals) = confidence
                .split_once('.')
                .unwrap_or_else(|| panic!("confidence {confidence:?}"));
            assert!(
                units.len() == 1 && decimals.len() == 3,
                "confidence {confidence:?} is not written with 3 decimals"
            );
            let c: f64 = confidence.parse().unwrap();
            assert!((0.0..=1.0).contains(&c), "confidence {c}");
            assert!(
                !(ru.is_empty() && en.is_empty()),
                "row {line:?} is empty on both sides"
            );
            [ru, en, confidence]
        })
        .collect()
}

#[test]
fn bare_align_writes_tsv_of_the_bundled_post() {
    let out = ok(&["align"]);
    let rows = tsv_rows(&out);
    assert!(rows.len() >= 5, "{out}");
    let ru: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    let en: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_runs(&ru, &sentences(RU, "ru"), "Russian");
    assert_runs(&en, &sentences(EN, "en"), "English");
    // The bundled post is these two files.
    assert_eq!(ok(&["align", RU, EN]), out);
}

#[test]
fn header_adds_one_row() {
    let plain = ok(&["align"]);
    let with = ok(&["align", "--header"]);
    let (first, rest) = with.split_once('\n').unwrap();
    assert_eq!(first, "ru\ten\tconfidence");
    assert_eq!(rest, plain);
}

/// Sentence indices of one side of every bead of a JSON export.
fn json_side(v: &Value, side: &str) -> Vec<Vec<usize>> {
    v["beads"]
        .as_array()
        .expect("beads")
        .iter()
        .map(|b| {
            b[side]
                .as_array()
                .unwrap_or_else(|| panic!("bead {b}"))
                .iter()
                .map(|i| i.as_u64().expect("index") as usize)
                .collect()
        })
        .collect()
}

/// The bundled alignment as beads, from `--format json`.
fn json_beads() -> (Value, Vec<BeadIds>) {
    let v: Value = serde_json::from_str(&ok(&["align", "--format", "json"])).expect("JSON");
    let beads = json_side(&v, "ru")
        .into_iter()
        .zip(json_side(&v, "en"))
        .map(|(ru, en)| BeadIds::new(ru, en))
        .collect();
    (v, beads)
}

#[test]
fn json_puts_every_sentence_in_exactly_one_bead() {
    let (v, beads) = json_beads();
    for (side, file, lang) in [("ru", RU, "ru"), ("en", EN, "en")] {
        let texts: Vec<&str> = v[side]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(texts, sentences(file, lang), "{side} sentences");
        let ids: Vec<usize> = json_side(&v, side).into_iter().flatten().collect();
        assert_eq!(ids, (0..texts.len()).collect::<Vec<_>>(), "{side} cover");
    }
    for (b, json) in beads.iter().zip(v["beads"].as_array().unwrap()) {
        assert!(!(b.ru.is_empty() && b.en.is_empty()), "empty bead");
        let s = json["score"].as_f64().expect("score");
        assert!((0.0..=1.0).contains(&s), "score {s}");
    }
    // The same beads as the TSV, row for row.
    assert_eq!(beads.len(), ok(&["align"]).lines().count());
}

#[test]
fn beads_read_back() {
    let out = ok(&["align", "--format", "beads"]);
    let beads = read_beads(&out, "stdout").expect("beads format");
    assert_eq!(beads, json_beads().1);
}

#[test]
fn tmx_has_one_tu_per_two_sided_bead() {
    let out = ok(&["align", "--format", "tmx"]);
    let (v, beads) = json_beads();
    let text = |side: &str, ids: &[usize]| -> String {
        ids.iter()
            .map(|&i| v[side][i]["text"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let expected: Vec<(String, String)> = beads
        .iter()
        .filter(|b| !b.is_one_sided())
        .map(|b| (text("ru", &b.ru), text("en", &b.en)))
        .collect();

    let mut reader = Reader::from_str(&out);
    let (mut tus, mut segs, mut langs) = (0, Vec::new(), Vec::new());
    let mut in_seg = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().0 == "tu" => tus += 1,
            Event::Start(e) if e.name().0 == "tuv" => {
                let lang = e
                    .attributes()
                    .map(|a| a.unwrap())
                    .find(|a| a.key.0 == "xml:lang")
                    .expect("xml:lang")
                    .normalized_value(XmlVersion::Explicit1_0)
                    .unwrap()
                    .into_owned();
                langs.push(lang);
            }
            Event::Start(e) if e.name().0 == "seg" => {
                in_seg = true;
                segs.push(String::new());
            }
            Event::End(e) if e.name().0 == "seg" => in_seg = false,
            Event::Text(t) if in_seg => {
                segs.last_mut().unwrap().push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_seg => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r.into_inner())
                        .expect("only predefined entities")
                        .to_owned(),
                };
                segs.last_mut().unwrap().push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(tus, expected.len());
    assert_eq!(langs.len(), 2 * tus);
    assert!(langs.chunks(2).all(|l| l == ["ru", "en"]), "{langs:?}");
    let pairs: Vec<(String, String)> = segs
        .chunks(2)
        .map(|s| (s[0].clone(), s[1].clone()))
        .collect();
    assert_eq!(pairs, expected);
}

#[test]
fn output_file_gets_what_stdout_would() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["tsv", "json", "beads", "tmx"] {
        let path = dir.path().join(format!("out.{format}"));
        let out = ok(&[
            "align".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            path.as_os_str(),
        ]);
        assert_eq!(out, "", "{format}: nothing on stdout with -o");
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, ok(&["align", "--format", format]), "{format}");
    }
}

#[test]
fn presegmented_files_take_one_sentence_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let ru = write(
        dir.path(),
        "ru.txt",
        "В 2019 году сеть открыла 14 магазинов. В 2020 году — 27.\nПрибыль выросла на 12%.\n",
    );
    let en = write(
        dir.path(),
        "en.txt",
        "In 2019 the chain opened 14 stores. In 2020, 27.\nProfit grew by 12%.\n",
    );
    let out = ok(&[
        "align".as_ref(),
        "--presegmented".as_ref(),
        "--format".as_ref(),
        "beads".as_ref(),
        ru.as_os_str(),
        en.as_os_str(),
    ]);
    // Each line is one sentence, though it holds two.
    assert_eq!(out, "[0]:[0]\n[1]:[1]\n");
}

#[test]
fn segment_json_spans_match_the_text() {
    for (file, lang) in [(RU, "ru"), (EN, "en")] {
        let text = std::fs::read_to_string(package_path(file)).unwrap();
        let v: Value =
            serde_json::from_str(&ok(&["segment", file, "--lang", lang, "--json"])).unwrap();
        let items = v.as_array().expect("a list");
        let plain = sentences(file, lang);
        assert_eq!(items.len(), plain.len());
        let (mut end, mut paragraph) = (0, 0);
        for (item, line) in items.iter().zip(&plain) {
            let start = item["start"].as_u64().unwrap() as usize;
            let stop = item["end"].as_u64().unwrap() as usize;
            let p = item["paragraph"].as_u64().unwrap() as usize;
            assert!(
                end <= start && start < stop,
                "span {start}..{stop} after {end}"
            );
            assert!(p == paragraph || p == paragraph + 1, "paragraph {p}");
            assert_eq!(item["text"], text[start..stop], "{file} {start}..{stop}");
            assert_eq!(&text[start..stop], line);
            (end, paragraph) = (stop, p);
        }
        assert_eq!(
            paragraph + 1,
            text.lines().filter(|l| !l.trim().is_empty()).count()
        );
    }
}

/// Writes `contents` to `dir/name`.
fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The figures of an `eval` report: strict and lax (precision, recall, F1), as printed.
fn eval_figures(report: &str) -> [[String; 3]; 2] {
    ["strict", "lax"].map(|name| {
        let line = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} line in {report:?}"));
        let f: Vec<String> = line.split_whitespace().skip(1).map(String::from).collect();
        f.try_into()
            .unwrap_or_else(|f| panic!("{name} line has {f:?}"))
    })
}

#[test]
fn eval_of_a_file_against_itself_is_perfect() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        dir.path(),
        "gold.beads",
        ok(&["align", "--format", "beads"]),
    );
    let report = ok(&["eval".as_ref(), gold.as_os_str(), gold.as_os_str()]);
    assert!(report.contains("precision"), "{report}");
    let perfect = ["1.0000", "1.0000", "1.0000"].map(String::from);
    assert_eq!(eval_figures(&report), [perfect.clone(), perfect]);
}

#[test]
fn eval_sums_over_pairs_like_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let gold1 = "[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n";
    let test1 = "[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]\n";
    let gold2 = "[0, 1]:[0]\n[]:[1]\n[2]:[2]\n";
    let test2 = "[0]:[0]\n[1]:[1]\n[2]:[2]\n";
    let files: Vec<PathBuf> = [gold1, test1, gold2, test2]
        .iter()
        .enumerate()
        .map(|(k, t)| write(dir.path(), &format!("{k}.beads"), t))
        .collect();
    let mut args = vec![std::ffi::OsString::from("eval")];
    args.extend(files.iter().map(|p| p.clone().into_os_string()));
    let report = ok(&args);
    let read = |t: &str| read_beads(t, "x").unwrap();
    let s = score(&[(read(gold1), read(test1)), (read(gold2), read(test2))]);
    let f = |x: f64| format!("{x:.4}");
    assert_eq!(
        eval_figures(&report),
        [
            [f(s.strict.precision), f(s.strict.recall), f(s.strict.f1)],
            [f(s.lax.precision), f(s.lax.recall), f(s.lax.f1)],
        ]
    );
    assert_ne!(f(s.strict.f1), "1.0000", "a case that is not perfect");
}

// ---------------------------------------------------------------------------------------------
// Errors: exit code 2, one message that names the problem, never a panic.

#[test]
fn missing_file() {
    let message = fails(&["align", "no/such/ru.txt", EN]);
    assert!(message.contains("no/such/ru.txt"), "{message}");
    let message = fails(&["align", RU, "no/such/en.txt"]);
    assert!(message.contains("no/such/en.txt"), "{message}");
    let message = fails(&["segment", "no/such/file.txt", "--lang", "ru"]);
    assert!(message.contains("no/such/file.txt"), "{message}");
}

#[test]
fn a_directory_is_not_a_file() {
    let message = fails(&["align", "corpus", EN]);
    assert!(message.contains("corpus"), "{message}");
}

#[test]
fn not_utf8_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "latin1.txt",
        b"\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb0\xd1\x8f.\nSecond.\nCaf\xe9 au lait.\n",
    );
    for args in [
        vec!["align".as_ref(), bad.as_os_str(), EN.as_ref()],
        vec!["align".as_ref(), RU.as_ref(), bad.as_os_str()],
        vec![
            "segment".as_ref(),
            bad.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
    ] {
        let message = fails(&args);
        assert!(message.contains("latin1.txt"), "{message}");
        assert!(message.contains("UTF-8"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }
}

#[test]
fn empty_and_blank_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let blank = write(dir.path(), "blank.txt", "  \n\t\n \r\n\n");
    for file in [&empty, &blank] {
        let name = file.file_name().unwrap().to_str().unwrap();
        for args in [
            vec!["align".as_ref(), file.as_os_str(), EN.as_ref()],
            vec!["align".as_ref(), RU.as_ref(), file.as_os_str()],
            vec![
                "align".as_ref(),
                "--presegmented".as_ref(),
                RU.as_ref(),
                file.as_os_str(),
            ],
            vec![
                "segment".as_ref(),
                file.as_os_str(),
                "--lang".as_ref(),
                "ru".as_ref(),
            ],
        ] {
            let message = fails(&args);
            assert!(message.contains(name), "{message}");
            assert!(message.contains("empty"), "{message}");
        }
    }
}

#[test]
fn only_one_text_given() {
    let message = fails(&["align", RU]);
    assert!(message.contains("both"), "{message}");
}

#[test]
fn malformed_beads_line_in_eval() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.beads", "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    let bad = write(dir.path(), "bad.beads", "[0]:[0]\n[1]:[1]\n[2]-[2]\n");
    for (gold, test) in [(&bad, &good), (&good, &bad)] {
        let message = fails(&["eval".as_ref(), gold.as_os_str(), test.as_os_str()]);
        assert!(message.contains("bad.beads"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }
    let message = fails(&[
        "eval".as_ref(),
        good.as_os_str(),
        dir.path().join("missing.beads").as_os_str(),
    ]);
    assert!(message.contains("missing.beads"), "{message}");
}

#[test]
fn odd_number_of_eval_files() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.beads", "[0]:[0]\n");
    let message = fails(&["eval".as_ref(), f.as_os_str(), f.as_os_str(), f.as_os_str()]);
    assert!(message.contains("pairs"), "{message}");
    // One file is a usage error.
    fails(&["eval".as_ref(), f.as_os_str()]);
}

#[test]
fn usage_errors() {
    let message = fails(&["align", "--format", "csv"]);
    assert!(message.contains("csv"), "{message}");
    let message = fails(&["segment", RU, "--lang", "de"]);
    assert!(message.contains("de"), "{message}");
}

#[test]
fn unwritable_output() {
    let message = fails(&["align", "-o", "no/such/dir/out.tsv"]);
    assert!(message.contains("no/such/dir/out.tsv"), "{message}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    // Enough output to fill the pipe, so the writer meets the closed end.
    let dir = tempfile::tempdir().unwrap();
    let ru: String = (0..3000)
        .map(|i| format!("В {i} году сеть открыла {} магазинов в Казани.\n", i % 97))
        .collect();
    let en: String = (0..3000)
        .map(|i| format!("In {i} the chain opened {} stores in Kazan.\n", i % 97))
        .collect();
    let ru = write(dir.path(), "ru.txt", ru);
    let en = write(dir.path(), "en.txt", en);
    let mut child = command(&[
        "align".as_ref(),
        "--presegmented".as_ref(),
        ru.as_os_str(),
        en.as_os_str(),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("В 0 году"), "{first}");
    // The reader is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
}

/// The bundled post written to `dir` with `\r\n` line ends and, if `bom`, a byte order mark.
fn windows_copies(dir: &Path, bom: bool) -> (PathBuf, PathBuf) {
    let copy = |name: &str, file: &str| {
        let text = std::fs::read_to_string(package_path(file)).unwrap();
        let mut bytes = if bom {
            vec![0xef, 0xbb, 0xbf]
        } else {
            Vec::new()
        };
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        write(dir, name, bytes)
    };
    (copy("ru.txt", RU), copy("en.txt", EN))
}

#[test]
fn windows_line_ends_are_read_like_unix_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = windows_copies(dir.path(), false);
    assert_eq!(
        ok(&["align".as_ref(), ru.as_os_str(), en.as_os_str()]),
        ok(&["align"])
    );
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = windows_copies(dir.path(), true);
    assert_eq!(
        ok(&["align".as_ref(), ru.as_os_str(), en.as_os_str()]),
        ok(&["align"])
    );
    let segmented = ok(&[
        "segment".as_ref(),
        ru.as_os_str(),
        "--lang".as_ref(),
        "ru".as_ref(),
    ]);
    assert!(!segmented.contains('\u{feff}'), "{segmented}");
}

/// `RUST_LOG=sverka=debug` sends the library's debug lines to standard error, without colour
/// codes since standard error is a pipe, and leaves standard output to the alignment alone.
#[test]
fn debug_logs_go_to_stderr_without_colour_and_stdout_holds_only_the_alignment() {
    let out = command(&["align", RU, EN])
        .env("RUST_LOG", "sverka=debug")
        // Colour must be off because standard error is not a terminal, not because of NO_COLOR.
        .env_remove("NO_COLOR")
        .output()
        .expect("run sverka");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let debug: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(" DEBUG ") && l.contains("sverka"))
        .collect();
    assert!(!debug.is_empty(), "no debug line on stderr: {stderr:?}");
    assert!(
        !stderr.contains("\x1b["),
        "colour codes on stderr, which is not a terminal: {stderr:?}"
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(!stdout.contains("DEBUG"), "a log line on stdout: {stdout}");
    // Every line is a row of the alignment, and the rows are those of a run without logs.
    tsv_rows(&stdout);
    assert_eq!(stdout, ok(&["align", RU, EN]));
}
