//! Corpus-mode benchmark: 1,000 document pairs built from the WMT Russian–English documents in
//! `../shared/data/wmt-ru-en` (about 570 documents, so each is reused with a different seed:
//! about 5% of its rows dropped on each side), aligned with `Batch::write_all` on 1 and on 2
//! threads, after a warm-up. Prints the best of three runs: pairs per second, sentences per
//! second and the speed-up over the first thread count.
//!
//! Run with `cargo bench --bench batch` (another number of pairs: `-- 200`; other thread counts:
//! `-- 1000 1 2 4`). Skips with a message when the data is absent, fails instead with
//! `SVERKA_REQUIRE_DATA=1`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

use sverka::batch::{Batch, Manifest};
use sverka::export::Format;

/// Timed runs per thread count; the fastest counts (the machine may be shared).
const ROUNDS: usize = 3;

/// A small deterministic generator (SplitMix64), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// One WMT row: paragraph, Russian, English.
type Row = (usize, String, String);

/// The WMT documents (rows grouped by file and `docid`), in file order.
fn documents(dir: &Path) -> Vec<Vec<Row>> {
    let mut docs: Vec<Vec<Row>> = Vec::new();
    for (file, ru_first) in [
        ("wmttest2022.ru-en.tsv", true),
        ("wmttest2023.ru-en.tsv", true),
        ("wmttest2022.en-ru.tsv", false),
    ] {
        let text = fs::read_to_string(dir.join(file)).expect("readable WMT file");
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 7 {
                continue;
            }
            let (ru, en) = if ru_first { (c[5], c[6]) } else { (c[6], c[5]) };
            let k = *index.entry(c[1]).or_insert_with(|| {
                docs.push(Vec::new());
                docs.len() - 1
            });
            docs[k].push((c[3].parse().unwrap_or(0), ru.to_string(), en.to_string()));
        }
    }
    docs
}

/// One side of a document: a line per paragraph, rows in `keep` only.
fn side(rows: &[Row], keep: &[bool], ru: bool) -> String {
    let mut text = String::new();
    let mut para = None;
    for (row, _) in rows.iter().zip(keep).filter(|(_, k)| **k) {
        match para {
            None => {}
            Some(p) if p == row.0 => text.push(' '),
            Some(_) => text.push('\n'),
        }
        para = Some(row.0);
        text.push_str(if ru { &row.1 } else { &row.2 });
    }
    text.push('\n');
    text
}

/// Writes `n` pairs `wmt-0000.{ru,en}.txt`… into `dir`; returns the number of rows written.
fn build_corpus(docs: &[Vec<Row>], n: usize, dir: &Path) -> usize {
    let mut rows = 0;
    for k in 0..n {
        let doc = &docs[k % docs.len()];
        let mut rng = Rng(k as u64);
        // The first use of a document keeps every row; later uses drop about 5% on each side.
        let mut keep = |_: &Row| k < docs.len() || !rng.next().is_multiple_of(20);
        let keep_ru: Vec<bool> = doc.iter().map(&mut keep).collect();
        let keep_en: Vec<bool> = doc.iter().map(&mut keep).collect();
        rows += doc.len();
        fs::write(
            dir.join(format!("wmt-{k:04}.ru.txt")),
            side(doc, &keep_ru, true),
        )
        .unwrap();
        fs::write(
            dir.join(format!("wmt-{k:04}.en.txt")),
            side(doc, &keep_en, false),
        )
        .unwrap();
    }
    rows
}

/// The CPU time of this process so far (user + system, Linux `/proc/self/stat`), if known.
fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux architecture Rust supports.
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let pairs = args.first().copied().unwrap_or(1000);
    let threads: Vec<usize> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        vec![1, 2]
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/wmt-ru-en");
    if !dir.is_dir() {
        assert!(
            std::env::var("SVERKA_REQUIRE_DATA").as_deref() != Ok("1"),
            "{} is missing and SVERKA_REQUIRE_DATA=1 asks for it",
            dir.display()
        );
        println!("skipped: {} is missing", dir.display());
        return;
    }
    let docs = documents(&dir);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let input = tmp.path().join("pairs");
    fs::create_dir_all(&input).unwrap();
    let rows = build_corpus(&docs, pairs, &input);
    let manifest = Manifest::read(&input).expect("the corpus folder");
    println!(
        "{} pairs from {} WMT documents ({rows} rows), {} logical CPUs",
        manifest.len(),
        docs.len(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    // Warm up (the bundled lexicon loads once, the files enter the page cache).
    let warm = &manifest.pairs()[..manifest.len().min(50)];
    Batch::new(Format::Tsv)
        .write_all(warm, &tmp.path().join("warm-up"), &|_| {})
        .expect("batch run");
    println!(
        "load average before: {}",
        fs::read_to_string("/proc/loadavg").map_or("unknown".into(), |l| l.trim().to_string())
    );
    println!("threads  seconds  pairs/s  sentences/s  speed-up  CPU s  (best of {ROUNDS} runs)");
    let mut base = None;
    for &jobs in &threads {
        let out = tmp.path().join(format!("out-{jobs}"));
        let mut best = f64::INFINITY;
        let mut cpu = None;
        let mut summary = None;
        for _ in 0..ROUNDS {
            let start = Instant::now();
            let cpu_start = cpu_seconds();
            let s = Batch::new(Format::Tsv)
                .jobs(jobs)
                .write_all(manifest.pairs(), &out, &|_| {})
                .expect("batch run");
            let wall = start.elapsed().as_secs_f64();
            if wall < best {
                best = wall;
                cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
            }
            summary = Some(s);
        }
        let summary = summary.expect("at least one round");
        let secs = best;
        assert!(summary.is_success(), "{summary}");
        let sentences = summary.stats.ru_sentences + summary.stats.en_sentences;
        let rate = summary.pairs as f64 / secs;
        let speedup = rate / *base.get_or_insert(rate);
        println!(
            "{jobs:>7} {secs:>8.2} {rate:>8.1} {:>12.0} {speedup:>8.2}× {:>6}",
            sentences as f64 / secs,
            cpu.map_or("-".into(), |c| format!("{c:.2}"))
        );
    }
}
