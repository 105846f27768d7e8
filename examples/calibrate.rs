//! Fits the confidence calibration of the aligner and prints its reliability table.
//!
//! `cargo run --release --example calibrate` aligns the development data — Text+Berg `dev`
//! (beads right when they are exactly in gold) and the WMT Russian–English documents with 8% of
//! rows dropped (beads right by the coarse rule) — computes each bead's features
//! (`sverka::align::bead_features`), fits a logistic regression for pairs and one for unpaired
//! sentences, and prints the weights to put in `src/align/mod.rs` and the reliability table of
//! the current calibration (confidence bucket → share of beads that are right).

#[path = "../tests/support/data.rs"]
mod data;

use std::path::Path;

use data::wmt::{Rng, read_documents};
use sverka::align::{bead_features, calibrated};
use sverka::eval::coarse_right;
use sverka::export::{BeadIds, read_beads};
use sverka::{Aligner, Document, Lang};

/// (features, one-sided, right) of every bead.
type Sample = ([f64; 3], bool, bool);

fn collect(
    aligner: &Aligner,
    ru: &Document,
    en: &Document,
    right: impl Fn(&[BeadIds]) -> Vec<bool>,
) -> Vec<Sample> {
    let (beads, scorer) = aligner.align_with_scorer(ru, en, &[]).expect("alignment");
    let ids: Vec<BeadIds> = beads.iter().map(BeadIds::from).collect();
    let ok = right(&ids);
    beads
        .iter()
        .zip(ok)
        .map(|(b, ok)| (bead_features(&scorer, &b.span), b.span.is_one_sided(), ok))
        .collect()
}

/// Logistic regression with the sign of each feature's weight given (`1.0`: not below zero,
/// `-1.0`: not above, `0.0`: free). A feature whose weight comes out with the wrong sign is
/// left out and the rest refitted, so the confidence always moves the way the evidence does
/// (a bead that looks more like a translation never gets less confident).
fn fit(samples: &[([f64; 3], bool)], signs: [f64; 3]) -> [f64; 4] {
    let mut used = [true; 3];
    loop {
        let w = fit_features(samples, used);
        let wrong = (0..3).find(|&k| used[k] && w[k + 1] * signs[k] < 0.0);
        match wrong {
            Some(k) => used[k] = false,
            None => return w,
        }
    }
}

/// Logistic regression by Newton's method with a little L2 regularisation, on the features
/// marked `used` (the others get weight zero).
fn fit_features(samples: &[([f64; 3], bool)], used: [bool; 3]) -> [f64; 4] {
    let mut w = [0.0f64; 4];
    for _ in 0..50 {
        let mut g = [0.0f64; 4];
        let mut h = [[0.0f64; 4]; 4];
        for (f, y) in samples {
            let on = |k: usize| if used[k] { f[k] } else { 0.0 };
            let x = [1.0, on(0), on(1), on(2)];
            let z: f64 = w.iter().zip(x).map(|(w, x)| w * x).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(*y));
            for (a, (ga, ha)) in g.iter_mut().zip(h.iter_mut()).enumerate() {
                *ga += (p - y) * x[a];
                for (b, hab) in ha.iter_mut().enumerate() {
                    *hab += p * (1.0 - p) * x[a] * x[b];
                }
            }
        }
        for a in 0..4 {
            g[a] += 0.01 * w[a];
            h[a][a] += 0.01;
        }
        let step = solve(h, g);
        for (w, s) in w.iter_mut().zip(step) {
            *w -= s;
        }
    }
    w
}

fn solve(mut a: [[f64; 4]; 4], mut b: [f64; 4]) -> [f64; 4] {
    // Gauss–Jordan elimination with partial pivoting.
    for c in 0..4 {
        let p = (c..4)
            .max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs()))
            .unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        let (pivot, bc) = (a[c], b[c]);
        if pivot[c] == 0.0 {
            continue;
        }
        for (r, (row, br)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
            if r != c {
                let f = row[c] / pivot[c];
                for (x, p) in row.iter_mut().zip(pivot) {
                    *x -= f * p;
                }
                *br -= f * bc;
            }
        }
    }
    std::array::from_fn(|c| if a[c][c] != 0.0 { b[c] / a[c][c] } else { 0.0 })
}

fn reliability(name: &str, samples: &[Sample]) {
    println!("\n{name}: confidence → share right");
    println!("| confidence | beads | right |");
    println!("|---|---|---|");
    for k in 0..10 {
        let (lo, hi) = (k as f64 / 10.0, (k + 1) as f64 / 10.0);
        let in_bucket: Vec<&Sample> = samples
            .iter()
            .filter(|(f, one, _)| {
                let c = (calibrated(*f, *one) * 1000.0).round() / 1000.0;
                c >= lo && (c < hi || k == 9)
            })
            .collect();
        if in_bucket.is_empty() {
            continue;
        }
        let right = in_bucket.iter().filter(|s| s.2).count();
        println!(
            "| {lo:.1}–{hi:.1} | {} | {:.1}% |",
            in_bucket.len(),
            100.0 * right as f64 / in_bucket.len() as f64
        );
    }
    let high: Vec<&Sample> = samples
        .iter()
        .filter(|(f, one, _)| calibrated(*f, *one) >= 0.9)
        .collect();
    let right = high.iter().filter(|s| s.2).count();
    println!(
        "confidence ≥ 0.9: {} beads, {:.1}% right",
        high.len(),
        100.0 * right as f64 / high.len().max(1) as f64
    );
}

fn main() {
    let (Some(textberg_dir), Some(wmt_dir)) =
        (data::data_dir("textberg-defr"), data::data_dir("wmt-ru-en"))
    else {
        return;
    };
    let aligner = Aligner::new();
    let read = |p: &Path| std::fs::read_to_string(p).expect("data file");

    let textberg = |name: &str| -> Vec<Sample> {
        let ru = Document::presegmented(read(&textberg_dir.join(format!("{name}.de"))), Lang::Ru)
            .unwrap();
        let en = Document::presegmented(read(&textberg_dir.join(format!("{name}.fr"))), Lang::En)
            .unwrap();
        let gold_path = textberg_dir.join(format!("{name}.defr"));
        let gold = read_beads(&read(&gold_path), name).unwrap();
        collect(&aligner, &ru, &en, |test| {
            test.iter().map(|b| gold.contains(b)).collect()
        })
    };
    let wmt = |seed: u64| -> Vec<Sample> {
        let mut rng = Rng(seed);
        let mut out = Vec::new();
        for doc in read_documents(&wmt_dir).unwrap() {
            if let Some(case) = doc.build(&mut rng, 8, false) {
                out.extend(collect(&aligner, &case.ru, &case.en, |test| {
                    coarse_right(&case.gold, test)
                }));
            }
        }
        out
    };

    let mut dev = textberg("dev");
    dev.extend(wmt(7));
    let pairs: Vec<([f64; 3], bool)> = dev.iter().filter(|s| !s.1).map(|s| (s.0, s.2)).collect();
    let unpaired: Vec<([f64; 3], bool)> = dev.iter().filter(|s| s.1).map(|s| (s.0, s.2)).collect();
    println!(
        "fitted on {} pairs and {} unpaired sentences",
        pairs.len(),
        unpaired.len()
    );
    println!(
        "const PAIR_CALIBRATION: [f64; 4] = {:?};",
        // A pair: the margin over leaving it unpaired and its likelihood ratio both count for it.
        fit(&pairs, [1.0, 1.0, 0.0]).map(|x| (x * 1000.0).round() / 1000.0)
    );
    println!(
        "const UNPAIRED_CALIBRATION: [f64; 4] = {:?};",
        // An unpaired sentence: a dearer pairing counts for it, a likelier one against it.
        fit(&unpaired, [1.0, -1.0, 0.0]).map(|x| (x * 1000.0).round() / 1000.0)
    );

    reliability(
        "development data (Text+Berg dev, WMT seed 7), current calibration",
        &dev,
    );
    let mut test: Vec<Sample> = (0..7).flat_map(|k| textberg(&format!("test{k}"))).collect();
    test.extend(wmt(2018));
    reliability(
        "test data (Text+Berg test0–6, WMT seed 2018), current calibration",
        &test,
    );
}
