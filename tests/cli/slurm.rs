//! `examples/slurm/align-array.sh` run as a Slurm array job on the one-node cluster that
//! `.ci/slurm-setup.sh` starts: the shards' files are byte for byte those of one `sverka batch`
//! run, a bad pair fails its own task only, rerunning that task alone completes the set, and
//! importing the shards' files loads every pair once.
//!
//! Without a running cluster the test is skipped with a printed reason, unless
//! `SVERKA_REQUIRE_SLURM=1` (as in `.ci/run`) makes that a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use crate::support::data::{data_dir, skip_or_fail, wmt};
use crate::support::run::BIN;

/// The number of array tasks, as in the committed script.
const SHARDS: u64 = 8;

/// The cluster's `slurm.conf` and its job-record file, from `$SVERKA_SLURM_DIR/env`, when the
/// cluster answers; otherwise `None` after saying why (or a panic under
/// `SVERKA_REQUIRE_SLURM=1`).
fn cluster() -> Option<(PathBuf, PathBuf)> {
    let dir = std::env::var("SVERKA_SLURM_DIR").unwrap_or_else(|_| "/tmp/sverka-slurm".into());
    let env = Path::new(&dir).join("env");
    let reason = match fs::read_to_string(&env) {
        Err(e) => format!(
            "no Slurm cluster ({}: {e}); start one with .ci/slurm-setup.sh",
            env.display()
        ),
        Ok(text) => {
            let get = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                    .map(PathBuf::from)
            };
            match (get("SLURM_CONF"), get("SVERKA_SLURM_JOBCOMP")) {
                (Some(conf), Some(jobcomp)) => {
                    let up = Command::new("sinfo")
                        .args(["-h", "-o", "%T"])
                        .env("SLURM_CONF", &conf)
                        .output()
                        .map(|o| String::from_utf8_lossy(&o.stdout).contains("idle"))
                        .unwrap_or(false);
                    if up {
                        return Some((conf, jobcomp));
                    }
                    "the Slurm node is not idle (sinfo); restart it with .ci/slurm-setup.sh".into()
                }
                _ => format!("{} lacks SLURM_CONF or SVERKA_SLURM_JOBCOMP", env.display()),
            }
        }
    };
    skip_or_fail("SVERKA_REQUIRE_SLURM", &reason);
    None
}

/// The shard (1-based) of a pair named `name` among `n`: FNV-1a (64-bit) of its bytes, as
/// `docs/batch.md` specifies; computed here independently of the library.
fn shard_of(name: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h % n + 1
}

/// Writes the corpus: chunks of 30 paragraphs of each book, the first 40 WMT documents, a
/// pair whose Russian file is missing and one whose Russian file is not text. Returns the
/// names of the good pairs and of the two bad ones.
fn write_corpus(dir: &Path) -> (Vec<String>, [String; 2]) {
    let books = data_dir("books-ru-en").expect("books data");
    let wmt_dir = data_dir("wmt-ru-en").expect("WMT data");
    fs::create_dir_all(dir.join("ru")).unwrap();
    fs::create_dir_all(dir.join("en")).unwrap();
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    let text = fs::read_to_string(books.join("books.tsv")).unwrap();
    let mut by_book: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        by_book.entry(c[0]).or_default().push((c[2], c[3]));
    }
    for (book, rows) in &by_book {
        for (k, chunk) in rows.chunks(30).enumerate() {
            let ru: Vec<&str> = chunk.iter().map(|r| r.0).collect();
            let en: Vec<&str> = chunk.iter().map(|r| r.1).collect();
            pairs.push((format!("{book}-{k:03}"), ru.join("\n"), en.join("\n")));
        }
    }
    for (k, doc) in wmt::read_documents(&wmt_dir)
        .unwrap()
        .iter()
        .take(40)
        .enumerate()
    {
        let ru: Vec<&str> = doc.rows.iter().map(|r| r.ru.as_str()).collect();
        let en: Vec<&str> = doc.rows.iter().map(|r| r.en.as_str()).collect();
        pairs.push((format!("wmt-{k:03}"), ru.join("\n"), en.join("\n")));
    }
    let mut manifest = String::from("# name\tRussian\tEnglish\n");
    for (name, ru, en) in &pairs {
        fs::write(dir.join(format!("ru/{name}.txt")), format!("{ru}\n")).unwrap();
        fs::write(dir.join(format!("en/{name}.txt")), format!("{en}\n")).unwrap();
        manifest.push_str(&format!("{name}\tru/{name}.txt\ten/{name}.txt\n"));
    }
    // Two bad pairs, placed in different shards so each fails a task of its own.
    let missing = "broken-missing".to_string();
    let binary = (0..)
        .map(|k| format!("broken-binary-{k}"))
        .find(|n| shard_of(n, SHARDS) != shard_of(&missing, SHARDS))
        .unwrap();
    fs::write(dir.join(format!("en/{missing}.txt")), "A sentence.\n").unwrap();
    fs::write(
        dir.join(format!("ru/{binary}.txt")),
        b"\x00\xff\xfe\x89PNG\x00\x00binary",
    )
    .unwrap();
    fs::write(dir.join(format!("en/{binary}.txt")), "A sentence.\n").unwrap();
    for bad in [&missing, &binary] {
        manifest.push_str(&format!("{bad}\tru/{bad}.txt\ten/{bad}.txt\n"));
    }
    fs::write(dir.join("corpus.tsv"), manifest).unwrap();
    let good = pairs.into_iter().map(|p| p.0).collect();
    (good, [missing, binary])
}

fn sverka(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Submits the committed script as an array job (`tasks`, e.g. `1-8` or `3`) and waits for it.
fn sbatch(dir: &Path, conf: &Path, tasks: &str) -> (Output, u64) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm/align-array.sh");
    let exports = format!(
        "ALL,MANIFEST=corpus.tsv,OUT=sharded,SHARDS={SHARDS},FORMAT=json,SVERKA={}",
        BIN
    );
    let out = Command::new("sbatch")
        .args(["--wait", "--parsable", "--cpus-per-task=1"])
        .arg(format!("--array={tasks}"))
        .arg(format!("--export={exports}"))
        .args(["--output", "logs/%A_%a.out"])
        .arg(script)
        .current_dir(dir)
        .env("SLURM_CONF", conf)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let job = stdout
        .lines()
        .find_map(|l| l.trim().split(';').next()?.parse().ok())
        .unwrap_or_else(|| panic!("sbatch printed no job id: {out:?}"));
    (out, job)
}

/// The state and exit code of each task of array job `job`, from the job-record file.
fn task_states(jobcomp: &Path, job: u64) -> BTreeMap<u64, (String, String)> {
    let text = fs::read_to_string(jobcomp).unwrap();
    let field = |line: &str, key: &str| {
        line.split(' ')
            .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    text.lines()
        .filter(|l| field(l, "ArrayJobId").as_deref() == Some(&job.to_string()))
        .filter_map(|l| {
            let task = field(l, "ArrayTaskId")?.parse().ok()?;
            Some((task, (field(l, "JobState")?, field(l, "ExitCode")?)))
        })
        .collect()
}

/// Seconds from the submission of array job `job` to the end of its last task, from the
/// job-record file (whole seconds; the records carry no finer times).
fn array_span(jobcomp: &Path, job: u64) -> u64 {
    let text = fs::read_to_string(jobcomp).unwrap();
    let secs = |line: &str, key: &str| -> Option<u64> {
        let t = line
            .split(' ')
            .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))?;
        let hms: Vec<u64> = t
            .split('T')
            .nth(1)?
            .split(':')
            .map(|x| x.parse().ok())
            .collect::<Option<_>>()?;
        Some(hms[0] * 3600 + hms[1] * 60 + hms[2])
    };
    let records: Vec<&str> = text
        .lines()
        .filter(|l| l.split(' ').any(|f| f == format!("ArrayJobId={job}")))
        .collect();
    let submit = records
        .iter()
        .filter_map(|l| secs(l, "SubmitTime"))
        .min()
        .unwrap();
    let end = records
        .iter()
        .filter_map(|l| secs(l, "EndTime"))
        .max()
        .unwrap();
    (end + 86_400 - submit) % 86_400
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn slurm_array_job_matches_one_machine() {
    let Some((conf, jobcomp)) = cluster() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("logs")).unwrap();
    let (good, bad) = write_corpus(dir);
    assert!(good.len() >= 200, "{} good pairs", good.len());

    // One machine, one run: the reference bytes.
    let started = Instant::now();
    let single = sverka(
        dir,
        &["batch", "corpus.tsv", "--out", "single", "-f", "json", "-q"],
    );
    assert_eq!(single.status.code(), Some(1), "{single:?}");
    let single_time = started.elapsed();

    let started = Instant::now();
    let (first, job) = sbatch(dir, &conf, &format!("1-{SHARDS}"));
    let array_time = started.elapsed();
    assert!(
        !first.status.success(),
        "two tasks hold bad pairs: {first:?}"
    );

    let bad_tasks: BTreeSet<u64> = bad.iter().map(|n| shard_of(n, SHARDS)).collect();
    assert_eq!(bad_tasks.len(), 2);
    let states = task_states(&jobcomp, job);
    assert_eq!(states.len(), SHARDS as usize, "{states:?}");
    let span = array_span(&jobcomp, job);
    for (task, (state, code)) in &states {
        if bad_tasks.contains(task) {
            assert_eq!(
                (state.as_str(), code.as_str()),
                ("FAILED", "1:0"),
                "task {task}"
            );
        } else {
            assert_eq!(
                (state.as_str(), code.as_str()),
                ("COMPLETED", "0:0"),
                "task {task}"
            );
        }
    }
    for (name, reason) in [(&bad[0], "No such file"), (&bad[1], "is not text")] {
        let log =
            fs::read_to_string(dir.join(format!("logs/{job}_{}.out", shard_of(name, SHARDS))))
                .unwrap();
        let line = log
            .lines()
            .find(|l| l.starts_with(&format!("failed: {name}: ")))
            .unwrap_or_else(|| panic!("the log of {name}'s task does not report it:\n{log}"));
        assert!(
            line.contains(&format!("ru/{name}.txt")) && line.contains(reason),
            "{line}"
        );
    }
    for name in &good {
        let file = format!("{name}.json");
        assert_eq!(
            read(&dir.join("sharded").join(&file)),
            read(&dir.join("single").join(&file)),
            "{name}: the shard's file differs from one machine's"
        );
    }
    for name in &bad {
        assert!(!dir.join(format!("sharded/{name}.json")).exists(), "{name}");
    }

    // Fix the inputs and rerun each failed task alone.
    for name in &bad {
        fs::write(dir.join(format!("ru/{name}.txt")), "Одно предложение.\n").unwrap();
    }
    let mut rerun_time = std::time::Duration::ZERO;
    for task in &bad_tasks {
        let started = Instant::now();
        let (again, job) = sbatch(dir, &conf, &task.to_string());
        rerun_time += started.elapsed();
        assert!(again.status.success(), "rerun of task {task}: {again:?}");
        let states = task_states(&jobcomp, job);
        assert_eq!(
            states.get(task).map(|s| s.0.as_str()),
            Some("COMPLETED"),
            "{states:?}"
        );
    }
    let fixed = sverka(
        dir,
        &["batch", "corpus.tsv", "--out", "single", "-f", "json", "-q"],
    );
    assert!(fixed.status.success(), "{fixed:?}");
    let all: Vec<&String> = good.iter().chain(&bad).collect();
    for name in &all {
        let file = format!("{name}.json");
        assert_eq!(
            read(&dir.join("sharded").join(&file)),
            read(&dir.join("single").join(&file))
        );
    }
    let written = fs::read_dir(dir.join("sharded"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".json")
        })
        .count();
    assert_eq!(
        written,
        all.len(),
        "the shards wrote exactly one file per pair"
    );

    // Import the shards' files: every pair once, and a second import adds nothing.
    let import = |dir: &Path| {
        let out = sverka(
            dir,
            &[
                "import",
                "--db",
                "review.db",
                "--aligned",
                "sharded",
                "corpus.tsv",
                "-q",
            ],
        );
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let n = all.len();
    let first_import = import(dir);
    assert!(
        first_import.contains(&format!(
            "pairs: {n} imported, 0 already in review.db, 0 failed, {n} in all"
        )),
        "{first_import}"
    );
    let second_import = import(dir);
    assert!(
        second_import.contains(&format!(
            "pairs: 0 imported, {n} already in review.db, 0 failed, {n} in all"
        )),
        "{second_import}"
    );
    println!(
        "slurm: {n} pairs; one `sverka batch` on all cores {:.1} s; array job of {SHARDS} tasks \
         of 1 CPU {span} s from submission to the last task's end, {:.1} s until `sbatch --wait` \
         returned; {} reruns {:.1} s",
        single_time.as_secs_f64(),
        array_time.as_secs_f64(),
        bad_tasks.len(),
        rerun_time.as_secs_f64()
    );
}
