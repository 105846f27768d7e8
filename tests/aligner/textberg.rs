//! The accuracy floor on the Text+Berg German–French gold set, the standard benchmark of
//! sentence aligners (Sennrich and Volk 2011; vecalign and bertalign report on it).
//!
//! German stands in for Russian and French for English: the language-independent parts of the
//! aligner (length model, numbers, names, cognates, punctuation, search) carry the score.
//! Run `cargo test --release --test aligner textberg -- --nocapture` to see the figures.

use std::path::Path;
use std::sync::OnceLock;

use sverka::eval::{Scores, score};
use sverka::export::{BeadIds, read_beads};
use sverka::{Aligner, Document, Lang};

use crate::support::beads::{check_cover, to_ids};
use crate::support::data::data_dir;
use crate::support::run;

/// Reads a file of the data set as text.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Aligns document `name` (`test0`, `dev`) of `dir` with the library and returns its
/// (gold, test) beads.
fn align_doc(dir: &Path, name: &str) -> (Vec<BeadIds>, Vec<BeadIds>) {
    align_doc_with(dir, name, &Aligner::new())
}

/// [`align_doc`] with the given aligner.
fn align_doc_with(dir: &Path, name: &str, aligner: &Aligner) -> (Vec<BeadIds>, Vec<BeadIds>) {
    let de = Document::presegmented(read(&dir.join(format!("{name}.de"))), Lang::Ru).unwrap();
    let fr = Document::presegmented(read(&dir.join(format!("{name}.fr"))), Lang::En).unwrap();
    let gold_path = dir.join(format!("{name}.defr"));
    let gold = read_beads(&read(&gold_path), &gold_path.display().to_string()).unwrap();
    // The gold is not a partition (test1 puts German 218 in two beads), but it is in range.
    assert!(
        gold.iter()
            .all(|b| b.ru.iter().all(|&i| i < de.len()) && b.en.iter().all(|&j| j < fr.len())),
        "{name}: gold index out of range"
    );
    let beads = aligner.align(&de, &fr);
    check_cover(&beads, de.len(), fr.len()).unwrap();
    (gold, to_ids(&beads))
}

fn print(label: &str, s: &Scores) {
    eprintln!(
        "{label:<14} strict P {:.4} R {:.4} F1 {:.4} | lax P {:.4} R {:.4} F1 {:.4}",
        s.strict.precision, s.strict.recall, s.strict.f1, s.lax.precision, s.lax.recall, s.lax.f1
    );
}

/// The seven test documents aligned (once for all tests), each printed; `None` when the data
/// is absent.
fn test_set() -> Option<&'static [(Vec<BeadIds>, Vec<BeadIds>)]> {
    static DOCS: OnceLock<Vec<(Vec<BeadIds>, Vec<BeadIds>)>> = OnceLock::new();
    let dir = data_dir("textberg-defr")?;
    let docs = DOCS.get_or_init(|| {
        (0..7)
            .map(|k| {
                let name = format!("test{k}");
                let doc = align_doc(&dir, &name);
                print(&name, &score(std::slice::from_ref(&doc)));
                doc
            })
            .collect()
    });
    Some(docs)
}

/// The target of issue 3 and the floor no change may fall below: strict F1 ≥ 0.85 and lax
/// F1 ≥ 0.95 (0.853 and 0.950 when it was met, with learned translations).
#[test]
fn test_set_floor() {
    let Some(docs) = test_set() else { return };
    let s = score(docs);
    print("test0-6", &s);
    assert!(s.strict.f1 >= 0.85, "strict F1 {:.4} < 0.85", s.strict.f1);
    assert!(s.lax.f1 >= 0.95, "lax F1 {:.4} < 0.95", s.lax.f1);
}

/// Translations learned from the first pass help on the development document (no lexicon
/// knows German–French): strict 0.796 → 0.805, lax 0.933 → 0.951 when this test was written.
#[test]
fn learned_translations_help_on_dev() {
    let Some(dir) = data_dir("textberg-defr") else {
        return;
    };
    let with = score(&[align_doc(&dir, "dev")]);
    let without = score(&[align_doc_with(&dir, "dev", &Aligner::new().learning(false))]);
    print("dev learning", &with);
    print("dev no learning", &without);
    assert!(
        with.strict.f1 > without.strict.f1 && with.lax.f1 > without.lax.f1,
        "learning: strict {:.4} lax {:.4}; without: strict {:.4} lax {:.4}",
        with.strict.f1,
        with.lax.f1,
        without.strict.f1,
        without.lax.f1
    );
}

/// The explanation of an alignment shows learned word pairs: stems of German and French that
/// keep pairing in confident beads, with byte spans of real words.
#[test]
fn explanations_show_learned_pairs() {
    let Some(dir) = data_dir("textberg-defr") else {
        return;
    };
    let de = Document::presegmented(read(&dir.join("test1.de")), Lang::Ru).unwrap();
    let fr = Document::presegmented(read(&dir.join("test1.fr")), Lang::En).unwrap();
    let aligner = Aligner::new();
    let beads = aligner.align(&de, &fr);
    let learned: Vec<(&str, &str)> = aligner
        .explain(&de, &fr, &beads)
        .iter()
        .flat_map(|x| &x.matches)
        .filter(|m| m.kind == sverka::score::EvidenceKind::Learned)
        .map(|m| (&de.text()[m.ru.clone()], &fr.text()[m.en.clone()]))
        .collect();
    assert!(
        learned.len() >= 50,
        "only {} learned matches",
        learned.len()
    );
    // Every learned match joins two words (not numbers or punctuation).
    let word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    };
    assert!(
        learned.iter().all(|(a, b)| word(a) && word(b)),
        "{learned:?}"
    );
    // Real translations are among them.
    for pair in [("Seil", "corde"), ("Pickel", "piolet"), ("Hütte", "cabane")] {
        assert!(learned.contains(&pair), "{pair:?} not learned");
    }
    let without = Aligner::new().learning(false).explain(&de, &fr, &beads);
    assert!(
        without
            .iter()
            .flat_map(|x| &x.matches)
            .all(|m| m.kind != sverka::score::EvidenceKind::Learned)
    );
}

/// `sverka align --presegmented --format beads` then `sverka eval` on test0 gives the
/// library's figures.
#[test]
fn cli_agrees_with_the_library_on_test0() {
    let Some(dir) = data_dir("textberg-defr") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("test0.beads");
    let run = |args: &[&std::ffi::OsStr]| {
        let o = run::sverka(args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "sverka {args:?}: {stderr}");
        String::from_utf8(o.stdout).unwrap()
    };
    run(&[
        "align".as_ref(),
        "--presegmented".as_ref(),
        "--format".as_ref(),
        "beads".as_ref(),
        dir.join("test0.de").as_os_str(),
        dir.join("test0.fr").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let report = run(&[
        "eval".as_ref(),
        dir.join("test0.defr").as_os_str(),
        out.as_os_str(),
    ]);
    eprintln!("sverka eval test0:\n{report}");

    let doc = align_doc(&dir, "test0");
    // The beads file is the library's alignment.
    let written = read_beads(&std::fs::read_to_string(&out).unwrap(), "test0.beads").unwrap();
    assert_eq!(written, doc.1);
    let s = score(std::slice::from_ref(&doc));
    let figures = |name: &str| -> Vec<String> {
        let line = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} line in {report:?}"));
        line.split_whitespace().skip(1).map(String::from).collect()
    };
    for (name, prf) in [("strict", s.strict), ("lax", s.lax)] {
        let expected: Vec<String> = [prf.precision, prf.recall, prf.f1]
            .iter()
            .map(|x| format!("{x:.4}"))
            .collect();
        assert_eq!(figures(name), expected, "{name} figures");
    }
}

/// The development set: printed, with a sanity floor only.
#[test]
fn dev_set_figures() {
    let Some(dir) = data_dir("textberg-defr") else {
        return;
    };
    let doc = align_doc(&dir, "dev");
    let s = score(std::slice::from_ref(&doc));
    print("dev", &s);
    assert!(s.strict.f1 >= 0.7, "dev strict F1 {:.4}", s.strict.f1);
    assert!(s.lax.f1 >= 0.88, "dev lax F1 {:.4}", s.lax.f1);
}
