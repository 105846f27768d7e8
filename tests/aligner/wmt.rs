//! Russian–English accuracy on the WMT development documents (`../shared/data/wmt-ru-en`):
//! one document per `docid`, paragraphs by `para`, 8% of the rows dropped on one side (fixed
//! seed). The gold bead of a row is its Russian sentences against its English sentences.
//! Scored with the coarse metric (`sverka eval --coarse`), raw text and presegmented.
//!
//! `cargo test --release --test aligner wmt -- --nocapture` prints the figures.

use sverka::Aligner;
use sverka::eval::{Prf, score_coarse};
use sverka::export::BeadIds;

use crate::support::data::data_dir;
use crate::support::data::wmt::{Rng, read_documents};

fn run(pre: bool) -> Option<Prf> {
    let dir = data_dir("wmt-ru-en")?;
    let mut rng = Rng(2018);
    let aligner = Aligner::new();
    let mut all = Vec::new();
    for doc in read_documents(&dir).unwrap() {
        let Some(case) = doc.build(&mut rng, 8, pre) else {
            continue;
        };
        let beads = aligner.align(&case.ru, &case.en);
        all.push((case.gold, beads.iter().map(BeadIds::from).collect()));
    }
    let prf = score_coarse(&all);
    eprintln!(
        "WMT ru-en dev ({} documents, {}): coarse P {:.4} R {:.4} F1 {:.4}",
        all.len(),
        if pre { "presegmented" } else { "raw text" },
        prf.precision,
        prf.recall,
        prf.f1
    );
    Some(prf)
}

#[test]
fn wmt_coarse_f1_raw_text() {
    if let Some(prf) = run(false) {
        assert!(prf.f1 >= 0.96, "coarse F1 {:.4} < 0.96", prf.f1);
    }
}

#[test]
fn wmt_coarse_f1_presegmented() {
    if let Some(prf) = run(true) {
        assert!(prf.f1 >= 0.96, "coarse F1 {:.4} < 0.96", prf.f1);
    }
}
