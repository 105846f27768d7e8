//! What a batch run did: figures of the aligned pairs and the pairs that failed.

use std::collections::BTreeMap;
use std::fmt;

use crate::{BeadKind, Error};

use super::Aligned;

/// Figures of the pairs aligned so far, merged into a [`Summary`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Russian sentences.
    pub ru_sentences: usize,
    /// English sentences.
    pub en_sentences: usize,
    /// Beads by type.
    pub beads: BTreeMap<BeadKind, usize>,
    /// The sum of the beads' confidences.
    pub confidence_sum: f64,
}

impl Stats {
    /// The figures of one aligned pair.
    pub fn of(aligned: &Aligned) -> Stats {
        let mut s = Stats {
            ru_sentences: aligned.ru.len(),
            en_sentences: aligned.en.len(),
            ..Stats::default()
        };
        for b in &aligned.beads {
            *s.beads.entry(b.span.kind()).or_default() += 1;
            s.confidence_sum += b.score;
        }
        s
    }

    /// Adds `other`'s figures to these.
    pub fn add(&mut self, other: &Stats) {
        self.ru_sentences += other.ru_sentences;
        self.en_sentences += other.en_sentences;
        for (&k, &n) in &other.beads {
            *self.beads.entry(k).or_default() += n;
        }
        self.confidence_sum += other.confidence_sum;
    }

    /// The number of beads.
    pub fn bead_count(&self) -> usize {
        self.beads.values().sum()
    }

    /// The mean confidence of the beads, or `None` without beads.
    pub fn mean_confidence(&self) -> Option<f64> {
        let n = self.bead_count();
        (n > 0).then(|| self.confidence_sum / n as f64)
    }
}

/// A pair that could not be aligned or written.
#[derive(Debug)]
pub struct Failure {
    /// The pair's name.
    pub name: String,
    /// What went wrong.
    pub error: Error,
}

/// What a batch run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Pairs given.
    pub pairs: usize,
    /// Pairs aligned (and written).
    pub aligned: usize,
    /// The figures of the aligned pairs.
    pub stats: Stats,
    /// The pairs that failed, in manifest order.
    pub failures: Vec<Failure>,
}

impl Summary {
    /// Whether every pair was aligned.
    pub fn is_success(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Summary {
    /// Several lines: pairs, sentences, beads by type, mean confidence, then each failure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        writeln!(
            f,
            "pairs: {} aligned, {} failed, {} in all",
            self.aligned,
            self.failures.len(),
            self.pairs
        )?;
        writeln!(
            f,
            "sentences: {} Russian, {} English",
            s.ru_sentences, s.en_sentences
        )?;
        let kinds: Vec<String> = s
            .beads
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        if kinds.is_empty() {
            writeln!(f, "beads: 0")?;
        } else {
            writeln!(f, "beads: {} ({})", s.bead_count(), kinds.join(", "))?;
        }
        match s.mean_confidence() {
            Some(c) => writeln!(f, "mean confidence: {c:.3}")?,
            None => writeln!(f, "mean confidence: -")?,
        }
        for failure in &self.failures {
            writeln!(f, "failed: {}: {}", failure.name, failure.error)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_add_up() {
        let mut a = Stats::default();
        a.beads.insert(BeadKind::new(1, 1), 3);
        a.confidence_sum = 2.4;
        let mut b = Stats::default();
        b.beads.insert(BeadKind::new(1, 1), 1);
        b.beads.insert(BeadKind::new(1, 0), 1);
        b.confidence_sum = 0.6;
        a.add(&b);
        assert_eq!(a.bead_count(), 5);
        assert!((a.mean_confidence().unwrap() - 0.6).abs() < 1e-12);
        assert_eq!(Stats::default().mean_confidence(), None);
    }
}
