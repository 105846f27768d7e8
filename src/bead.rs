//! Beads: which sentences of the two texts go together.
//!
//! A [`Span`] names the sentences of one bead: a run of Russian sentences and a run of English
//! sentences (either may be empty, never both). Everything that speaks of a bead's sentences
//! holds a `Span`: the aligner's [`Bead`] (with its confidence), the review database's stored
//! bead, the alignment map's bead. Its [`BeadKind`] (`1-2`, `0-1` …) is computed in one place,
//! [`Span::kind`].

use std::fmt;
use std::ops::Range;

/// The sentences of one bead: a run of Russian sentences and a run of English sentences.
///
/// Either side may be empty (an unpaired sentence), never both in a valid alignment. An empty
/// side still has a position (`3..3`): where the bead sits in that text.
///
/// It serialises as `[ru_start, ru_end, en_start, en_end]`, the form the review database keeps
/// in its event log.
///
/// # Example
/// ```
/// use sverka::Span;
/// let span = Span::new(0..1, 0..2);
/// assert_eq!(span.kind().to_string(), "1-2");
/// assert!(!span.is_one_sided());
/// assert_eq!(serde_json::to_string(&span).unwrap(), "[0,1,0,2]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "[usize; 4]", into = "[usize; 4]")]
pub struct Span {
    /// Indices of the Russian sentences.
    pub ru: Range<usize>,
    /// Indices of the English sentences.
    pub en: Range<usize>,
}

impl Span {
    /// The span of the Russian sentences `ru` and the English sentences `en`.
    pub fn new(ru: Range<usize>, en: Range<usize>) -> Span {
        Span { ru, en }
    }

    /// The bead type: how many sentences each side holds.
    pub fn kind(&self) -> BeadKind {
        BeadKind {
            ru: self.ru.len(),
            en: self.en.len(),
        }
    }

    /// Whether one side is empty (1-0, 0-1 …).
    pub fn is_one_sided(&self) -> bool {
        self.ru.is_empty() || self.en.is_empty()
    }

    /// Whether neither side holds a sentence (never so in a valid alignment).
    pub fn is_empty(&self) -> bool {
        self.ru.is_empty() && self.en.is_empty()
    }

    /// The span from the start of `self` to the end of `last`: the sentences of a run of
    /// consecutive beads whose first is `self` and last is `last`.
    pub fn to(&self, last: &Span) -> Span {
        Span::new(self.ru.start..last.ru.end, self.en.start..last.en.end)
    }

    /// Whether every sentence of `other` lies inside `self` (an empty side by its position).
    pub fn contains(&self, other: &Span) -> bool {
        self.ru.start <= other.ru.start
            && other.ru.end <= self.ru.end
            && self.en.start <= other.en.start
            && other.en.end <= self.en.end
    }
}

impl From<[usize; 4]> for Span {
    fn from([a, b, c, d]: [usize; 4]) -> Span {
        Span::new(a..b, c..d)
    }
}

impl From<Span> for [usize; 4] {
    fn from(s: Span) -> [usize; 4] {
        [s.ru.start, s.ru.end, s.en.start, s.en.end]
    }
}

/// The type of a bead: how many Russian and English sentences it holds. Shown as `1-2`.
///
/// # Example
/// ```
/// use sverka::BeadKind;
/// assert_eq!(BeadKind::new(2, 1).to_string(), "2-1");
/// assert!(BeadKind::new(1, 1).is_one_to_one());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BeadKind {
    /// Russian sentences.
    pub ru: usize,
    /// English sentences.
    pub en: usize,
}

impl BeadKind {
    /// The kind of a bead of `ru` Russian and `en` English sentences.
    pub fn new(ru: usize, en: usize) -> BeadKind {
        BeadKind { ru, en }
    }

    /// Whether it is a 1-1 bead.
    pub fn is_one_to_one(self) -> bool {
        self.ru == 1 && self.en == 1
    }
}

impl fmt::Display for BeadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.ru, self.en)
    }
}

/// One bead of an alignment: its sentences and the aligner's confidence that it is right.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// The sentences it pairs.
    pub span: Span,
    /// Confidence in `0.0..=1.0` that the bead is right.
    pub score: f64,
}

impl Bead {
    /// A bead of the Russian sentences `ru` and the English sentences `en` with confidence
    /// `score`.
    pub fn new(ru: Range<usize>, en: Range<usize>, score: f64) -> Self {
        Bead {
            span: Span::new(ru, en),
            score,
        }
    }
}

/// Checks that `spans` tile the sentences `ru` × `en` in order, each holding a sentence;
/// returns a description of the first fault.
pub(crate) fn check_tiling(
    spans: &[Span],
    ru: Range<usize>,
    en: Range<usize>,
) -> Result<(), String> {
    let (mut r, mut e) = (ru.start, en.start);
    for (i, s) in spans.iter().enumerate() {
        if s.ru.start != r || s.en.start != e {
            return Err(format!(
                "bead {} does not start where the previous ended",
                i + 1
            ));
        }
        if s.ru.end < s.ru.start || s.en.end < s.en.start || s.is_empty() {
            return Err(format!("bead {} is empty or reversed", i + 1));
        }
        r = s.ru.end;
        e = s.en.end;
    }
    if r != ru.end || e != en.end {
        return Err("the beads do not cover every sentence".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiling_is_checked() {
        let span = |a: [usize; 4]| Span::from(a);
        assert!(check_tiling(&[span([0, 1, 0, 1]), span([1, 2, 1, 1])], 0..2, 0..1).is_ok());
        assert!(check_tiling(&[span([0, 1, 0, 1])], 0..2, 0..1).is_err());
        assert!(check_tiling(&[span([0, 0, 0, 0]), span([0, 2, 0, 1])], 0..2, 0..1).is_err());
        assert!(check_tiling(&[span([0, 1, 1, 1])], 0..1, 0..1).is_err());
    }
}
