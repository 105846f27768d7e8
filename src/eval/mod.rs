//! Scoring an alignment against gold beads (strict and lax precision, recall, F1).
//!
//! [`score`] computes the measures exactly as vecalign's `score.py` does (after Sennrich and
//! Volk 2011), the numbers every sentence aligner since Bleualign reports on Text+Berg.
//! [`score_coarse`] scores against coarse gold whose beads are translation units that may hold
//! several sentences, such as the WMT segments.

use std::collections::{HashMap, HashSet};

use crate::export::BeadIds;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1, the harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    /// Precision and recall as `hits / total` each (0.0 for a zero total), with their F1.
    fn from_counts(p_hits: usize, p_total: usize, r_hits: usize, r_total: usize) -> Prf {
        Prf::new(ratio(p_hits, p_total), ratio(r_hits, r_total))
    }

    /// Precision and recall with their harmonic mean (0.0 when both are 0).
    ///
    /// # Example
    /// ```
    /// let prf = sverka::eval::Prf::new(0.5, 1.0);
    /// assert!((prf.f1 - 2.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(sverka::eval::Prf::new(0.0, 0.0).f1, 0.0);
    /// ```
    pub fn new(precision: f64, recall: f64) -> Prf {
        let sum = precision + recall;
        let f1 = if sum == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / sum
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// `a / b`, or 0.0 when `b` is 0.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Strict and lax scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Exact bead matches.
    pub strict: Prf,
    /// Some sentence link of the test bead is in gold.
    pub lax: Prf,
}

/// True and false positives, strict and lax.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp_strict: usize,
    fp_strict: usize,
    tp_lax: usize,
    fp_lax: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tp_strict += o.tp_strict;
        self.fp_strict += o.fp_strict;
        self.tp_lax += o.tp_lax;
        self.fp_lax += o.fp_lax;
    }
}

/// Scores test beads against gold beads, counts summed over all `(gold, test)` documents.
///
/// As in vecalign's `score.py`:
/// - Beads are compared as sets (a bead listed twice counts once), and beads empty on both
///   sides are ignored.
/// - *Precision* is over every test bead, one-sided ones (1-0, 0-1) included. A test bead is
///   a strict hit if gold has the very same bead; a lax hit if it is a strict hit, or some
///   Russian sentence of it is linked in gold to some English sentence of it.
/// - *Recall* is over the gold beads with both sides non-empty, measured the same way against
///   the test beads with both sides non-empty: a gold bead is a strict hit if the test has it,
///   a lax hit if some Russian sentence of it is linked in the test to some English sentence
///   of it.
/// - Counts are summed over all documents before dividing; a zero denominator gives 0.0,
///   as does F1 when precision and recall are both 0.
///
/// # Example
/// ```
/// use sverka::eval::score;
/// use sverka::export::BeadIds;
///
/// let gold = vec![BeadIds::new([0], [0, 1]), BeadIds::new([1], [2])];
/// let test = vec![BeadIds::new([0], [0]), BeadIds::new([], [1]), BeadIds::new([1], [2])];
/// let s = score(&[(gold, test)]);
/// // Test [0]:[0] is a lax hit only, []:[1] no hit, [1]:[2] a strict hit.
/// assert!((s.strict.precision - 1.0 / 3.0).abs() < 1e-12);
/// assert!((s.lax.precision - 2.0 / 3.0).abs() < 1e-12);
/// assert_eq!((s.strict.recall, s.lax.recall), (0.5, 1.0));
/// ```
pub fn score(docs: &[(Vec<BeadIds>, Vec<BeadIds>)]) -> Scores {
    let mut p = Counts::default();
    let mut r = Counts::default();
    for (gold, test) in docs {
        p += hits(gold, test);
        let two_sided = |beads: &[BeadIds]| -> Vec<BeadIds> {
            beads
                .iter()
                .filter(|b| !b.is_one_sided())
                .cloned()
                .collect()
        };
        // Recall is precision with the roles swapped, on two-sided beads only.
        r += hits(&two_sided(test), &two_sided(gold));
    }
    let strict = Prf::new(
        ratio(p.tp_strict, p.tp_strict + p.fp_strict),
        ratio(r.tp_strict, r.tp_strict + r.fp_strict),
    );
    let lax = Prf::new(
        ratio(p.tp_lax, p.tp_lax + p.fp_lax),
        ratio(r.tp_lax, r.tp_lax + r.fp_lax),
    );
    Scores { strict, lax }
}

/// Strict and lax hits of the `test` beads against the `reference` beads.
fn hits(reference: &[BeadIds], test: &[BeadIds]) -> Counts {
    let not_empty = |b: &&BeadIds| !(b.ru.is_empty() && b.en.is_empty());
    let reference: HashSet<&BeadIds> = reference.iter().filter(not_empty).collect();
    let test: HashSet<&BeadIds> = test.iter().filter(not_empty).collect();
    let mut links: HashMap<usize, HashSet<usize>> = HashMap::new();
    for b in &reference {
        for &i in &b.ru {
            links.entry(i).or_default().extend(b.en.iter().copied());
        }
    }
    let mut counts = Counts::default();
    for b in test {
        if reference.contains(b) {
            counts.tp_strict += 1;
            counts.tp_lax += 1;
            continue;
        }
        counts.fp_strict += 1;
        let linked =
            b.ru.iter()
                .filter_map(|i| links.get(i))
                .any(|targets| b.en.iter().any(|j| targets.contains(j)));
        if linked {
            counts.tp_lax += 1;
        } else {
            counts.fp_lax += 1;
        }
    }
    counts
}

/// Scores test beads against coarse gold, counts summed over all `(gold, test)` documents.
///
/// Coarse gold beads are translation units that may hold several sentences on each side (a
/// WMT segment, a paragraph), so a finer test alignment inside one of them is right:
/// - A test bead is *right* if all its sentences lie in one gold bead and it is one-sided only
///   where that gold bead is one-sided.
/// - Precision = right test beads / test beads (beads empty on both sides are ignored).
/// - Recall = sentences of two-sided gold beads that lie in right two-sided test beads / all
///   sentences of two-sided gold beads. Sentences are counted on both sides.
/// - F1 is their harmonic mean; zero denominators give 0.0.
///
/// # Example
/// ```
/// use sverka::eval::score_coarse;
/// use sverka::export::BeadIds;
///
/// // One gold unit of two Russian and two English sentences.
/// let gold = vec![BeadIds::new([0, 1], [0, 1])];
/// // Split 1-1 and 1-1 inside it: both right, all 4 sentences covered.
/// let fine = vec![BeadIds::new([0], [0]), BeadIds::new([1], [1])];
/// assert_eq!(score_coarse(&[(gold.clone(), fine)]).f1, 1.0);
/// // An unpaired sentence inside a two-sided unit is wrong.
/// let test = vec![BeadIds::new([0, 1], [0]), BeadIds::new([], [1])];
/// let prf = score_coarse(&[(gold, test)]);
/// assert_eq!((prf.precision, prf.recall), (0.5, 0.75));
/// ```
pub fn score_coarse(docs: &[(Vec<BeadIds>, Vec<BeadIds>)]) -> Prf {
    let (mut right, mut tested) = (0, 0);
    let (mut covered, mut gold_sentences) = (0, 0);
    for (gold, test) in docs {
        let mut two_sided_sentences: HashSet<(bool, usize)> = HashSet::new();
        for b in gold.iter().filter(|b| !b.is_one_sided()) {
            two_sided_sentences.extend(b.ru.iter().map(|&i| (true, i)));
            two_sided_sentences.extend(b.en.iter().map(|&j| (false, j)));
        }
        gold_sentences += two_sided_sentences.len();
        let mut hit: HashSet<(bool, usize)> = HashSet::new();
        for (b, ok) in test.iter().zip(coarse_right(gold, test)) {
            if b.ru.is_empty() && b.en.is_empty() {
                continue;
            }
            tested += 1;
            if !ok {
                continue;
            }
            right += 1;
            if !b.is_one_sided() {
                hit.extend(b.ru.iter().map(|&i| (true, i)));
                hit.extend(b.en.iter().map(|&j| (false, j)));
            }
        }
        covered += hit.intersection(&two_sided_sentences).count();
    }
    Prf::from_counts(right, tested, covered, gold_sentences)
}

/// Whether each test bead is right against coarse gold: all its sentences lie in one gold bead,
/// and it is one-sided only where that gold bead is.
///
/// # Example
/// ```
/// use sverka::eval::coarse_right;
/// use sverka::export::BeadIds;
/// let gold = vec![BeadIds::new([0, 1], [0])];
/// let test = vec![BeadIds::new([0], [0]), BeadIds::new([1], [])];
/// assert_eq!(coarse_right(&gold, &test), [true, false]);
/// ```
///
/// Public for `examples/calibrate.rs`, which labels each bead of the WMT documents right or
/// wrong with it.
#[doc(hidden)]
pub fn coarse_right(gold: &[BeadIds], test: &[BeadIds]) -> Vec<bool> {
    // The gold beads of each sentence, per side (a faulty gold file may put a sentence in two
    // beads; a test bead is then right in either).
    let mut unit_ru: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut unit_en: HashMap<usize, Vec<usize>> = HashMap::new();
    for (g, b) in gold.iter().enumerate() {
        for &i in &b.ru {
            unit_ru.entry(i).or_default().push(g);
        }
        for &j in &b.en {
            unit_en.entry(j).or_default().push(g);
        }
    }
    let no_unit = Vec::new();
    test.iter()
        .map(|b| {
            // The gold beads holding every sentence of the test bead.
            let mut units =
                b.ru.iter()
                    .map(|i| unit_ru.get(i).unwrap_or(&no_unit))
                    .chain(b.en.iter().map(|j| unit_en.get(j).unwrap_or(&no_unit)));
            let Some(first) = units.next() else {
                return false;
            };
            let mut common: Vec<usize> = first.clone();
            for u in units {
                common.retain(|g| u.contains(g));
            }
            common
                .iter()
                .any(|&g| !b.is_one_sided() || gold[g].is_one_sided())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(ru: &[usize], en: &[usize]) -> BeadIds {
        BeadIds::new(ru, en)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn identical_is_perfect() {
        let gold = vec![
            b(&[0], &[0, 1]),
            b(&[1], &[]),
            b(&[], &[2]),
            b(&[2, 3], &[3]),
        ];
        let s = score(&[(gold.clone(), gold.clone())]);
        let one = Prf::new(1.0, 1.0);
        assert_eq!(
            s,
            Scores {
                strict: one,
                lax: one
            }
        );
        assert_eq!(score_coarse(&[(gold.clone(), gold)]), one);
    }

    #[test]
    fn empty_inputs_give_zero_not_nan() {
        assert_eq!(score(&[]), Scores::default());
        assert_eq!(score(&[(vec![], vec![])]), Scores::default());
        assert_eq!(score_coarse(&[(vec![], vec![])]), Prf::default());
        // Only one-sided gold: no recall denominator.
        let s = score(&[(vec![b(&[0], &[])], vec![b(&[0], &[])])]);
        assert_eq!(s.strict.precision, 1.0);
        assert_eq!(s.strict.recall, 0.0);
        assert!(close(s.strict.f1, 0.0));
    }

    #[test]
    fn hand_computed_strict_and_lax() {
        // Gold: [0]:[0]  [1,2]:[1]  [3]:[]  [4]:[2,3]
        let gold = vec![
            b(&[0], &[0]),
            b(&[1, 2], &[1]),
            b(&[3], &[]),
            b(&[4], &[2, 3]),
        ];
        // Test: [0]:[0] strict; [1]:[1] lax (1-1 in gold); [2]:[] miss (one-sided, not in gold);
        //       [3]:[2] miss (3 links to nothing); [4]:[3] lax; duplicate [4]:[3] ignored.
        let test = vec![
            b(&[0], &[0]),
            b(&[1], &[1]),
            b(&[2], &[]),
            b(&[3], &[2]),
            b(&[4], &[3]),
            b(&[4], &[3]),
        ];
        let s = score(&[(gold, test)]);
        // Precision over 5 distinct test beads: strict 1/5, lax 3/5.
        assert!(close(s.strict.precision, 0.2));
        assert!(close(s.lax.precision, 0.6));
        // Recall over 3 two-sided gold beads against the two-sided test beads
        // {[0]:[0], [1]:[1], [3]:[2], [4]:[3]}: [0]:[0] strict; [1,2]:[1] lax via 1-1;
        // [4]:[2,3] lax via 4-3. Strict 1/3, lax 3/3.
        assert!(close(s.strict.recall, 1.0 / 3.0));
        assert!(close(s.lax.recall, 1.0));
        assert!(close(s.strict.f1, 2.0 * 0.2 / 3.0 / (0.2 + 1.0 / 3.0)));
        assert!(close(s.lax.f1, 2.0 * 0.6 / 1.6));
    }

    #[test]
    fn counts_are_summed_over_documents_before_dividing() {
        let doc1 = (vec![b(&[0], &[0])], vec![b(&[0], &[0])]);
        let doc2 = (
            vec![b(&[0], &[0]), b(&[1], &[1]), b(&[2], &[2])],
            vec![b(&[0, 1, 2], &[0, 1, 2])],
        );
        let s = score(&[doc1, doc2]);
        // Precision: strict hits 1 of 2 test beads. A per-document mean would be 0.5 too, so
        // recall tells them apart: 1 of 4 gold beads (mean of documents: (1 + 0) / 2).
        assert!(close(s.strict.precision, 0.5));
        assert!(close(s.strict.recall, 0.25));
        assert!(close(s.lax.recall, 1.0));
    }

    #[test]
    fn coarse_by_hand() {
        // Gold units: [0,1]:[0]  [2]:[]  [3]:[1,2]
        let gold = vec![b(&[0, 1], &[0]), b(&[2], &[]), b(&[3], &[1, 2])];
        // [0]:[0] right; [1]:[] wrong (one-sided in a two-sided unit); [2]:[] right;
        // [3]:[1] right; []:[2] wrong; [9]:[9] wrong (outside gold).
        let test = vec![
            b(&[0], &[0]),
            b(&[1], &[]),
            b(&[2], &[]),
            b(&[3], &[1]),
            b(&[], &[2]),
            b(&[9], &[9]),
        ];
        let prf = score_coarse(&[(gold, test)]);
        assert!(close(prf.precision, 3.0 / 6.0));
        // Two-sided gold sentences: ru 0,1,3 + en 0,1,2 = 6; covered by right two-sided test
        // beads: ru 0, en 0, ru 3, en 1 = 4.
        assert!(close(prf.recall, 4.0 / 6.0));
        // A sentence that faulty gold puts in two units: a test bead fits either.
        let gold = vec![b(&[0, 1], &[0]), b(&[2, 1], &[1])];
        let test = vec![b(&[0, 1], &[0]), b(&[1, 2], &[1])];
        assert_eq!(score_coarse(&[(gold, test)]), Prf::new(1.0, 1.0));
        // A bead spanning two units is wrong.
        let gold = vec![b(&[0], &[0]), b(&[1], &[1])];
        let prf = score_coarse(&[(gold, vec![b(&[0, 1], &[0, 1])])]);
        assert_eq!((prf.precision, prf.recall), (0.0, 0.0));
    }
}
