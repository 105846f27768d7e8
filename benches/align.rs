//! Aligner scale benchmark: 1k, 10k and 100k sentences per side built from the WMT
//! Russian–English rows in `../shared/data/wmt-ru-en` (shuffled by a fixed seed, about 5% of the
//! rows dropped on each side), reporting time, time per sentence and peak memory.
//!
//! Run with `cargo bench --bench align` (sizes can be chosen: `-- 1000 10000`). Each size runs in
//! a child process so that its peak resident memory (VmHWM) is its own. Each size also times
//! the re-alignment the review server runs when a merge of two beads is approved.

#[path = "../tests/support/data.rs"]
mod data;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use data::wmt::{Rng, read_documents};
use sverka::{Aligner, Bead, Document, Lang};

const CHILD: &str = "SVERKA_BENCH_SIZE";

/// Reads (Russian, English) rows of the WMT test sets, document by document.
fn wmt_rows(dir: &Path) -> Vec<(String, String)> {
    read_documents(dir)
        .expect("readable WMT files")
        .into_iter()
        .flat_map(|d| d.rows.into_iter().map(|r| (r.ru, r.en)))
        .collect()
}

/// Builds `n` rows per side: rows drawn in shuffled passes, about 5% dropped on each side.
fn corpus(rows: &[(String, String)], n: usize, seed: u64) -> (String, String) {
    let mut rng = Rng(seed);
    let (mut ru, mut en) = (String::new(), String::new());
    let (mut nr, mut ne) = (0, 0);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    while nr < n || ne < n {
        for i in (1..order.len()).rev() {
            order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (r, e) = &rows[k];
            let drop = rng.next_u64() % 40;
            if nr < n && drop != 0 && drop != 1 {
                ru.push_str(r);
                ru.push('\n');
                nr += 1;
            }
            if ne < n && drop != 2 && drop != 3 {
                en.push_str(e);
                en.push('\n');
                ne += 1;
            }
            if nr >= n && ne >= n {
                break;
            }
        }
    }
    (ru, en)
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn child(n: usize, dir: &Path) {
    let rows = wmt_rows(dir);
    let (ru, en) = corpus(&rows, n, 42);
    let ru = Document::presegmented(ru, Lang::Ru).expect("Russian side");
    let en = Document::presegmented(en, Lang::En).expect("English side");
    let before = peak_rss_kb().unwrap_or(0);
    let start = Instant::now();
    let beads = Aligner::new().align(&ru, &en);
    let secs = start.elapsed().as_secs_f64();
    let peak = peak_rss_kb().unwrap_or(0);
    let one_one = beads
        .iter()
        .filter(|b| b.span.kind().is_one_to_one())
        .count();
    println!(
        "{:>7} x {:<7} {:>8.3} s {:>8.2} µs/sentence  peak RSS {:>6.1} MB (inputs {:>5.1} MB)  beads {} (1-1: {})",
        ru.len(),
        en.len(),
        secs,
        secs * 1e6 / (ru.len() + en.len()) as f64 * 2.0,
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        beads.len(),
        one_one
    );
    // What approving a merge costs the review server: the two middle two-sided beads become
    // one, the beads within 10 of it are re-aligned and all others stay fixed
    // (`storage::review`, `REALIGN_WINDOW`).
    let mid = (beads.len() / 2..beads.len() - 1)
        .find(|&i| beads[i..i + 2].iter().all(|b| !b.span.is_one_sided()));
    if let Some(i) = mid {
        let window = sverka::review::REALIGN_WINDOW;
        let merged = Bead::new(
            beads[i].span.ru.start..beads[i + 1].span.ru.end,
            beads[i].span.en.start..beads[i + 1].span.en.end,
            1.0,
        );
        let mut fixed: Vec<Bead> = beads[..i.saturating_sub(window)].to_vec();
        fixed.push(merged);
        fixed.extend_from_slice(&beads[(i + 2 + window).min(beads.len())..]);
        let start = Instant::now();
        let after = Aligner::new()
            .align_fixed(&ru, &en, &fixed)
            .expect("a valid tiling");
        println!(
            "{:>7} x {:<7} {:>8.3} s to re-align around a merge ({} beads)",
            ru.len(),
            en.len(),
            start.elapsed().as_secs_f64(),
            after.len()
        );
    }
}

fn main() {
    let Some(dir) = data::data_dir("wmt-ru-en") else {
        return;
    };
    if let Ok(n) = std::env::var(CHILD) {
        child(n.parse().expect("size"), &dir);
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    println!("sentences per side, time, time per sentence pair, peak memory");
    for n in sizes {
        let status = Command::new(std::env::current_exe().expect("bench binary"))
            .env(CHILD, n.to_string())
            .status()
            .expect("child run");
        assert!(status.success(), "size {n} failed");
    }
}
