//! Diagnostic (not shipped): Tatoeba top-1 under other balances of the bead cost's terms, to
//! show whether the cost's weights or the lexical evidence limit the pair scorer.
#[path = "../tests/support/data.rs"]
mod data;

use data::tatoeba::{ranked_first, read_documents};
use sverka::{Aligner, score::Params};

fn main() {
    let Some(dir) = data::data_dir("tatoeba-ru-en") else {
        return;
    };
    let (ru, en) = read_documents(&dir).expect("the Tatoeba files");
    let d = Params::default();
    let settings = [
        (d.length_variance, d.lexical, d.evidence, d.punct_mismatch),
        (13.6, d.lexical, d.evidence, d.punct_mismatch),
        (27.0, d.lexical, d.evidence, d.punct_mismatch),
        (1000.0, d.lexical, d.evidence, d.punct_mismatch),
        (d.length_variance, 8.0, d.evidence, d.punct_mismatch),
        (d.length_variance, d.lexical, 1.6, d.punct_mismatch),
        (d.length_variance, d.lexical, d.evidence, 0.0),
        (13.6, 8.0, 1.6, d.punct_mismatch),
    ];
    for (length_variance, lexical, evidence, punct_mismatch) in settings {
        let params = Params {
            length_variance,
            lexical,
            evidence,
            punct_mismatch,
            ..Params::default()
        };
        let scorer = Aligner::new().params(params).scorer(&ru, &en);
        let right = ranked_first(&scorer, &en);
        println!(
            "length variance {length_variance}, lexical {lexical}, evidence {evidence}, \
             ? ! cost {punct_mismatch}: {right} of {} first",
            ru.len()
        );
    }
}
