//! Coursework tools: a student's own alignment compared with the machine's and the approved
//! one, and the agreement between reviewers' votes.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::Lang;

use super::model::{BeadVote, UserId};
use crate::eval::{self, Scores};
use crate::export::{BeadIds, read_beads};

/// One sentence as a student's file may give it: the applied wording or the original.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub(crate) text: String,
    pub(crate) original: String,
}

/// Collapses runs of white space to one space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a student's alignment of a document with `ru` and `en` sentences: a vecalign beads
/// file (`[0]:[0, 1]` lines) or a two-column TSV of the same sentences (Russian, English,
/// more columns ignored; a cell may join several sentences with spaces, or be empty).
pub(crate) fn read_alignment(
    text: &str,
    ru: &[Known],
    en: &[Known],
) -> Result<Vec<BeadIds>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty());
    let Some(first) = first else {
        return Err("the file is empty".into());
    };
    if first.trim_start().starts_with('[') {
        let beads = read_beads(text, "the beads file").map_err(|e| e.to_string())?;
        check_range(text, &beads, ru.len(), en.len())?;
        return Ok(beads);
    }
    read_tsv(text, ru, en)
}

/// The error for the first sentence number of `beads` that the document does not have,
/// naming the line of `text` it is on and the 0-based numbering.
fn check_range(text: &str, beads: &[BeadIds], n_ru: usize, n_en: usize) -> Result<(), String> {
    // read_beads skips blank lines: bead k is on the k-th non-blank line.
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, _)| n + 1);
    for (b, line) in beads.iter().zip(lines) {
        for (side, ids, n) in [("Russian", &b.ru, n_ru), ("English", &b.en, n_en)] {
            if let Some(&i) = ids.iter().find(|&&i| i >= n) {
                let range = match n {
                    0 => "has no sentences".to_string(),
                    1 => "has 1 sentence, numbered 0".to_string(),
                    n => format!("has {n} sentences, numbered 0–{}", n - 1),
                };
                return Err(format!(
                    "line {line} ({}): there is no {side} sentence {i}; the {side} text {range} \
                     (a beads file counts from 0)",
                    bead_text(b)
                ));
            }
        }
    }
    Ok(())
}

/// A bead as a beads file writes it: `[0, 1]:[2]`.
pub(crate) fn bead_text(b: &BeadIds) -> String {
    let list = |ids: &[usize]| {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("[{}]:[{}]", list(&b.ru), list(&b.en))
}

/// Something odd about a student's alignment that is scored all the same. Sentence numbers
/// are 0-based, as in a beads file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AlignmentWarning {
    /// Sentences of a side that are in no bead.
    Missing { lang: Lang, ids: Vec<usize> },
    /// Sentences of a side that are in more than one bead.
    Duplicate { lang: Lang, ids: Vec<usize> },
    /// Beads that go back before (or skip over) sentences of an earlier bead: each with the
    /// bead before it.
    Crossing {
        beads: Vec<(Option<BeadIds>, BeadIds)>,
    },
    /// Far fewer beads than sentences: each bead holds many sentences, so few can match.
    TooFew { beads: usize, ru: usize, en: usize },
}

/// The longest list of sentence numbers or beads a warning spells out.
const MAX_LISTED: usize = 12;

impl AlignmentWarning {
    /// The warning as the compare page shows it.
    pub(crate) fn message(&self) -> String {
        fn ids(ids: &[usize]) -> String {
            let mut s = ids
                .iter()
                .take(MAX_LISTED)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            if ids.len() > MAX_LISTED {
                s.push_str(&format!(" and {} more", ids.len() - MAX_LISTED));
            }
            s
        }
        let side = |lang: &Lang| match lang {
            Lang::Ru => "Russian",
            Lang::En => "English",
        };
        match self {
            AlignmentWarning::Missing { lang, ids: v } => format!(
                "{} {} sentence{} in no bead: {}. Missing sentences count against recall.",
                v.len(),
                side(lang),
                if v.len() == 1 { " is" } else { "s are" },
                ids(v)
            ),
            AlignmentWarning::Duplicate { lang, ids: v } => format!(
                "{} {} sentence{} in more than one bead: {}. A sentence belongs to one bead.",
                v.len(),
                side(lang),
                if v.len() == 1 { " is" } else { "s are" },
                ids(v)
            ),
            AlignmentWarning::Crossing { beads } => {
                let listed = beads
                    .iter()
                    .take(MAX_LISTED)
                    .map(|(prev, b)| match prev {
                        Some(p) => format!("{} after {}", bead_text(b), bead_text(p)),
                        None => bead_text(b),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                format!(
                    "{} bead{} out of order (crossing an earlier bead, or not consecutive): \
                     {listed}. An alignment keeps both texts in order.",
                    beads.len(),
                    if beads.len() == 1 { " is" } else { "s are" }
                )
            }
            AlignmentWarning::TooFew { beads, ru, en } => format!(
                "Only {beads} bead{} for {ru} Russian and {en} English sentences: beads this \
                 large rarely match a reference exactly, so the strict figures are low.",
                if *beads == 1 { "" } else { "s" }
            ),
        }
    }
}

/// What is odd about `beads` as an alignment of `n_ru` Russian and `n_en` English sentences:
/// missing, duplicate or out-of-order sentences, and too few beads (fewer than a third of the
/// longer side's sentences).
pub(crate) fn check_alignment(
    beads: &[BeadIds],
    n_ru: usize,
    n_en: usize,
) -> Vec<AlignmentWarning> {
    let mut out = Vec::new();
    for (lang, n) in [(Lang::Ru, n_ru), (Lang::En, n_en)] {
        let mut seen = vec![0usize; n];
        for b in beads {
            for &i in side_of(b, lang) {
                if let Some(c) = seen.get_mut(i) {
                    *c += 1;
                }
            }
        }
        let missing: Vec<usize> = (0..n).filter(|&i| seen[i] == 0).collect();
        let duplicate: Vec<usize> = (0..n).filter(|&i| seen[i] > 1).collect();
        if !missing.is_empty() {
            out.push(AlignmentWarning::Missing { lang, ids: missing });
        }
        if !duplicate.is_empty() {
            out.push(AlignmentWarning::Duplicate {
                lang,
                ids: duplicate,
            });
        }
    }
    let crossing = crossing(beads);
    if !crossing.is_empty() {
        out.push(AlignmentWarning::Crossing { beads: crossing });
    }
    if beads.len() * 3 < n_ru.max(n_en) {
        out.push(AlignmentWarning::TooFew {
            beads: beads.len(),
            ru: n_ru,
            en: n_en,
        });
    }
    out
}

/// One side of a bead.
fn side_of(b: &BeadIds, lang: Lang) -> &[usize] {
    match lang {
        Lang::Ru => &b.ru,
        Lang::En => &b.en,
    }
}

/// The beads (with the bead before each) whose sentences on a side are not consecutive or do
/// not all come after the sentences of the earlier beads on that side.
fn crossing(beads: &[BeadIds]) -> Vec<(Option<BeadIds>, BeadIds)> {
    let mut out = Vec::new();
    let mut last: [Option<usize>; 2] = [None, None];
    for (k, b) in beads.iter().enumerate() {
        let mut bad = false;
        for (s, lang) in [Lang::Ru, Lang::En].into_iter().enumerate() {
            let ids = side_of(b, lang);
            let consecutive = ids.windows(2).all(|w| w[1] == w[0] + 1);
            let after = match (ids.first(), last[s]) {
                (Some(&first), Some(l)) => first > l,
                _ => true,
            };
            bad |= !consecutive || !after;
            if let Some(&m) = ids.iter().max() {
                last[s] = Some(last[s].map_or(m, |l| l.max(m)));
            }
        }
        if bad {
            let prev = k.checked_sub(1).map(|p| beads[p].clone());
            out.push((prev, b.clone()));
        }
    }
    out
}

/// Reads a two-column TSV of the document's sentences (see [`read_alignment`]).
fn read_tsv(text: &str, ru: &[Known], en: &[Known]) -> Result<Vec<BeadIds>, String> {
    let (mut r, mut e) = (0, 0);
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split('\t');
        let (Some(a), Some(b)) = (cells.next(), cells.next()) else {
            return Err(format!(
                "line {}: expected two tab-separated columns (Russian, English) or a beads file",
                n + 1
            ));
        };
        if beads.is_empty() && r == 0 && e == 0 && a.trim() == "ru" && b.trim() == "en" {
            continue; // a header row
        }
        let nr = cell_run(a, r, ru).ok_or_else(|| mismatch(n, "Russian", ru, r))?;
        let ne = cell_run(b, e, en).ok_or_else(|| mismatch(n, "English", en, e))?;
        if nr + ne == 0 {
            continue;
        }
        beads.push(BeadIds::new(
            (r..r + nr).collect::<Vec<_>>(),
            (e..e + ne).collect::<Vec<_>>(),
        ));
        r += nr;
        e += ne;
    }
    if r != ru.len() || e != en.len() {
        return Err(format!(
            "the file covers {r} of {} Russian and {e} of {} English sentences; align all of them",
            ru.len(),
            en.len()
        ));
    }
    Ok(beads)
}

/// How many sentences of `side` from `at` on the `cell` holds (their applied or original
/// wordings joined by spaces); `None` when it does not continue the document.
fn cell_run(cell: &str, at: usize, side: &[Known]) -> Option<usize> {
    let want = squash(cell);
    if want.is_empty() {
        return Some(0);
    }
    let (mut joined_text, mut joined_orig) = (String::new(), String::new());
    for (k, s) in side.iter().enumerate().skip(at) {
        for (j, part) in [(&mut joined_text, &s.text), (&mut joined_orig, &s.original)] {
            if !j.is_empty() {
                j.push(' ');
            }
            j.push_str(&squash(part));
        }
        if joined_text == want || joined_orig == want {
            return Some(k + 1 - at);
        }
        if joined_text.len().min(joined_orig.len()) > want.len() {
            break;
        }
    }
    None
}

/// The error of line `n` (0-based) whose `what` cell does not continue `side` at `at`.
fn mismatch(n: usize, what: &str, side: &[Known], at: usize) -> String {
    let expected = side
        .get(at)
        .map(|s| format!("sentence {at} “{}”, counting from 0", s.text))
        .unwrap_or_else(|| "no more sentences".into());
    format!(
        "line {}: the {what} text does not continue the document (expected {expected})",
        n + 1
    )
}

/// How a student's alignment compares with a reference.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub(crate) scores: Scores,
    /// Student beads the reference does not have.
    pub(crate) only_student: Vec<BeadIds>,
    /// Reference beads the student does not have.
    pub(crate) only_reference: Vec<BeadIds>,
}

/// Scores `student` against `reference` (strict and lax F1) and lists the beads that differ.
pub(crate) fn compare(reference: &[BeadIds], student: &[BeadIds]) -> Comparison {
    let scores = eval::score(&[(reference.to_vec(), student.to_vec())]);
    let r: HashSet<&BeadIds> = reference.iter().collect();
    let s: HashSet<&BeadIds> = student.iter().collect();
    Comparison {
        scores,
        only_student: student.iter().filter(|b| !r.contains(b)).cloned().collect(),
        only_reference: reference
            .iter()
            .filter(|b| !s.contains(b))
            .cloned()
            .collect(),
    }
}

/// A student's alignment scored against the two references of a reviewed document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grading {
    /// The student's beads.
    pub(crate) student: usize,
    /// Against what the aligner makes of the original texts.
    pub(crate) automatic: Comparison,
    /// Beads of the automatic alignment.
    pub(crate) automatic_beads: usize,
    /// Against the approved beads: only the student's beads inside them are scored. `None`
    /// while no bead is approved.
    pub(crate) approved: Option<ApprovedComparison>,
}

/// A student's alignment against the approved beads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApprovedComparison {
    /// The comparison.
    pub(crate) comparison: Comparison,
    /// Approved beads.
    pub(crate) approved: usize,
    /// The student's beads whose sentences all lie in approved beads.
    pub(crate) within: usize,
    /// Approved beads with both sides non-empty (recall counts only these).
    pub(crate) two_sided: usize,
}

/// Scores a student's alignment (read by [`read_alignment`]) against the `automatic` and the
/// `approved` beads of the document.
pub(crate) fn grade(student: &[BeadIds], automatic: &[BeadIds], approved: &[BeadIds]) -> Grading {
    let covered_ru: HashSet<usize> = approved.iter().flat_map(|b| b.ru.iter().copied()).collect();
    let covered_en: HashSet<usize> = approved.iter().flat_map(|b| b.en.iter().copied()).collect();
    let within: Vec<BeadIds> = student
        .iter()
        .filter(|b| {
            b.ru.iter().all(|i| covered_ru.contains(i))
                && b.en.iter().all(|i| covered_en.contains(i))
        })
        .cloned()
        .collect();
    Grading {
        student: student.len(),
        automatic: compare(automatic, student),
        automatic_beads: automatic.len(),
        approved: (!approved.is_empty()).then(|| ApprovedComparison {
            comparison: compare(approved, &within),
            approved: approved.len(),
            within: within.len(),
            two_sided: approved.iter().filter(|b| !b.is_one_sided()).count(),
        }),
    }
}

/// Agreement of two reviewers on the beads they both voted on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PairAgreement {
    pub(crate) a: UserId,
    pub(crate) b: UserId,
    /// Beads both voted on.
    pub(crate) items: usize,
    /// Share of those where the votes are the same.
    pub(crate) observed: f64,
    /// Cohen's kappa; `None` when chance agreement is 1 (both always voted the same way).
    pub(crate) kappa: Option<f64>,
}

/// Agreement between the reviewers of a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Agreement {
    /// Beads with votes from two or more reviewers.
    pub(crate) multi: usize,
    /// Of those, beads where every vote is the same.
    pub(crate) unanimous: usize,
    /// Cohen's kappa for every pair of reviewers with a bead in common.
    pub(crate) pairs: Vec<PairAgreement>,
    /// The mean of the defined pairwise kappas (Light's kappa).
    pub(crate) mean_kappa: Option<f64>,
}

/// Cohen's kappa on up/down votes of two raters over the same items: `(a, b)` per item.
pub(crate) fn cohen_kappa(votes: &[(i64, i64)]) -> Option<f64> {
    let n = votes.len() as f64;
    if votes.is_empty() {
        return None;
    }
    let agree = votes.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let a_up = votes.iter().filter(|(a, _)| *a > 0).count() as f64 / n;
    let b_up = votes.iter().filter(|(_, b)| *b > 0).count() as f64 / n;
    let chance = a_up * b_up + (1.0 - a_up) * (1.0 - b_up);
    if (1.0 - chance).abs() < 1e-12 {
        return None;
    }
    Some((agree - chance) / (1.0 - chance))
}

/// Agreement between reviewers from every vote on a document's beads.
pub(crate) fn agreement(votes: &[BeadVote]) -> Agreement {
    let mut by_bead: BTreeMap<i64, HashMap<UserId, i64>> = BTreeMap::new();
    for v in votes {
        by_bead.entry(v.bead).or_default().insert(v.user, v.value);
    }
    let mut out = Agreement::default();
    for users in by_bead.values() {
        if users.len() >= 2 {
            out.multi += 1;
            let first = users.values().next().copied();
            if users.values().all(|v| Some(*v) == first) {
                out.unanimous += 1;
            }
        }
    }
    let mut users: Vec<UserId> = votes.iter().map(|v| v.user).collect();
    users.sort_unstable();
    users.dedup();
    for (i, &a) in users.iter().enumerate() {
        for &b in &users[i + 1..] {
            let pairs: Vec<(i64, i64)> = by_bead
                .values()
                .filter_map(|u| Some((*u.get(&a)?, *u.get(&b)?)))
                .collect();
            if pairs.is_empty() {
                continue;
            }
            let observed = pairs.iter().filter(|(x, y)| x == y).count() as f64 / pairs.len() as f64;
            out.pairs.push(PairAgreement {
                a,
                b,
                items: pairs.len(),
                observed,
                kappa: cohen_kappa(&pairs),
            });
        }
    }
    let defined: Vec<f64> = out.pairs.iter().filter_map(|p| p.kappa).collect();
    out.mean_kappa =
        (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(s: &[&str]) -> Vec<Known> {
        s.iter()
            .map(|t| Known {
                text: t.to_string(),
                original: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn tsv_cells_map_to_sentence_runs() {
        let ru = known(&["Один.", "Два.", "Три."]);
        let en = known(&["One and two.", "Three.", "Extra."]);
        let tsv = "ru\ten\nОдин.  Два.\tOne and two.\t0.9\nТри.\tThree.\n\tExtra.\n";
        let beads = read_alignment(tsv, &ru, &en).unwrap();
        assert_eq!(
            beads,
            [
                BeadIds::new([0, 1], [0]),
                BeadIds::new([2], [1]),
                BeadIds::new([], [2])
            ]
        );
        let err = read_alignment("Один.\tThree.\n", &ru, &en).unwrap_err();
        assert!(err.contains("English text does not continue"), "{err}");
        let err = read_alignment("Один.\tOne and two.\n", &ru, &en).unwrap_err();
        assert!(err.contains("covers 1 of 3 Russian"), "{err}");
        let err = read_alignment("no tabs here\n", &ru, &en).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn beads_files_are_read_and_checked() {
        let ru = known(&["Один.", "Два."]);
        let en = known(&["One.", "Two."]);
        let b = read_alignment("[0]:[0]\n[1]:[1]\n", &ru, &en).unwrap();
        assert_eq!(b.len(), 2);
        assert!(read_alignment("[0]:[0]\n[1]:[5]\n", &ru, &en).is_err());
    }

    #[test]
    fn out_of_range_names_the_line_and_the_numbering() {
        let ru = known(&["Один.", "Два."]);
        let en = known(&["One.", "Two."]);
        let err = read_alignment("[0]:[0]\n\n[1]:[2]\n", &ru, &en).unwrap_err();
        assert_eq!(
            err,
            "line 3 ([1]:[2]): there is no English sentence 2; the English text has 2 \
             sentences, numbered 0–1 (a beads file counts from 0)"
        );
    }

    #[test]
    fn odd_alignments_are_warned_about() {
        let b = |r: &[usize], e: &[usize]| BeadIds::new(r, e);
        assert!(check_alignment(&[b(&[0], &[0]), b(&[1], &[1])], 2, 2).is_empty());
        // Two beads for twelve sentences a side, most of them missing.
        let w = check_alignment(&[b(&[0], &[6]), b(&[1], &[7])], 12, 12);
        assert!(
            matches!(&w[0], AlignmentWarning::Missing { lang: Lang::Ru, ids } if ids.len() == 10)
        );
        assert!(
            w.iter()
                .any(|w| matches!(w, AlignmentWarning::TooFew { beads: 2, .. }))
        );
        assert!(
            w[0].message()
                .starts_with("10 Russian sentences are in no bead: 2, 3, 4")
        );
        // A duplicate and a crossing.
        let w = check_alignment(&[b(&[0], &[1]), b(&[1], &[0]), b(&[1], &[])], 2, 2);
        assert!(w.contains(&AlignmentWarning::Duplicate {
            lang: Lang::Ru,
            ids: vec![1]
        }));
        let crossing = w
            .iter()
            .find(|w| matches!(w, AlignmentWarning::Crossing { .. }))
            .unwrap();
        assert!(
            crossing.message().contains("[1]:[0] after [0]:[1]"),
            "{}",
            crossing.message()
        );
        // Sentences of a bead out of order.
        let w = check_alignment(&[b(&[1, 0], &[0, 1])], 2, 2);
        assert!(w[0].message().contains("[1, 0]:[0, 1]"), "{:?}", w);
    }

    #[test]
    fn comparison_lists_the_differences() {
        let reference = vec![BeadIds::new([0], [0]), BeadIds::new([1, 2], [1])];
        let student = vec![
            BeadIds::new([0], [0]),
            BeadIds::new([1], [1]),
            BeadIds::new([2], []),
        ];
        let c = compare(&reference, &student);
        assert_eq!(c.scores.strict.precision, 1.0 / 3.0);
        assert_eq!(c.scores.strict.recall, 0.5);
        assert_eq!(c.scores.lax.recall, 1.0);
        assert_eq!(c.only_student.len(), 2);
        assert_eq!(c.only_reference, vec![BeadIds::new([1, 2], [1])]);
    }

    #[test]
    fn kappa_matches_a_worked_example() {
        // 10 items: both up 4, both down 3, a up b down 2, a down b up 1.
        let mut v = vec![(1, 1); 4];
        v.extend([(-1, -1); 3]);
        v.extend([(1, -1); 2]);
        v.push((-1, 1));
        // po = 0.7; a_up = 0.6, b_up = 0.5; pe = 0.3 + 0.2 = 0.5; kappa = 0.4.
        assert!((cohen_kappa(&v).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(cohen_kappa(&[(1, 1), (1, 1)]), None);
        assert_eq!(cohen_kappa(&[]), None);
    }

    #[test]
    fn agreement_counts_beads_and_pairs() {
        let vote = |bead, user, value| BeadVote { bead, user, value };
        let votes = [
            vote(1, 10, 1),
            vote(1, 11, 1),
            vote(2, 10, 1),
            vote(2, 11, -1),
            vote(3, 10, -1),
            vote(3, 11, -1),
            vote(3, 12, -1),
            vote(4, 12, 1),
        ];
        let a = agreement(&votes);
        assert_eq!((a.multi, a.unanimous), (3, 2));
        let p = a.pairs.iter().find(|p| (p.a, p.b) == (10, 11)).unwrap();
        assert_eq!(p.items, 3);
        assert!((p.observed - 2.0 / 3.0).abs() < 1e-12);
        // a: up, up, down; b: up, down, down -> po 2/3, pe = 2/3*1/3 + 1/3*2/3 = 4/9.
        let k = (2.0 / 3.0 - 4.0 / 9.0) / (1.0 - 4.0 / 9.0);
        assert!((p.kappa.unwrap() - k).abs() < 1e-12);
        // 10-12 and 11-12 share only bead 3 where all voted down: kappa undefined.
        assert_eq!(a.pairs.len(), 3);
        assert!((a.mean_kappa.unwrap() - k).abs() < 1e-12);
    }
}
