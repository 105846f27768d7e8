//! The changes a reviewer may suggest to a bead, and what each does to the beads around it.
//!
//! One rule decides both what the bead page offers ([`offered`]) and what the store accepts
//! ([`plan`]): a change is offered exactly when it can be planned.

use serde::{Deserialize, Serialize};

use super::text::{TextError, check_text};
use crate::{Lang, Span};

/// A proposed change to a bead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Merge the bead with the next one.
    MergeNext,
    /// Merge the bead with the previous one.
    MergePrev,
    /// Split the bead before Russian sentence `ru_at` and English sentence `en_at`
    /// (absolute indices inside the bead's ranges, ends allowed).
    Split {
        /// First Russian sentence of the second part.
        ru_at: usize,
        /// First English sentence of the second part.
        en_at: usize,
    },
    /// Move the bead's first sentence of `lang` to the previous bead.
    MoveFirstToPrev {
        /// Which side.
        lang: Lang,
    },
    /// Move the bead's last sentence of `lang` to the next bead.
    MoveLastToNext {
        /// Which side.
        lang: Lang,
    },
    /// Make the bead two one-sided beads (n-0 and 0-m).
    Unpair,
    /// Pair this one-sided bead with the next one-sided bead of the other side.
    PairNext,
    /// A better wording for one sentence.
    Wording {
        /// Which side.
        lang: Lang,
        /// Sentence index.
        idx: usize,
        /// The new wording.
        text: String,
    },
}

impl Change {
    /// The stored kind name, e.g. `merge_next`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::MergeNext => "merge_next",
            Change::MergePrev => "merge_prev",
            Change::Split { .. } => "split",
            Change::MoveFirstToPrev { .. } => "move_first_to_prev",
            Change::MoveLastToNext { .. } => "move_last_to_next",
            Change::Unpair => "unpair",
            Change::PairNext => "pair_next",
            Change::Wording { .. } => "wording",
        }
    }

    /// The value of the change's option in the bead page's form: the kind, with the side for
    /// the moves (`move_first_to_prev:en`).
    pub fn form_value(&self) -> String {
        match self {
            Change::MoveFirstToPrev { lang } | Change::MoveLastToNext { lang } => {
                format!("{}:{}", self.kind(), lang.code())
            }
            other => other.kind().to_string(),
        }
    }

    /// A short human description.
    pub fn label(&self) -> String {
        let side = |l: &Lang| match l {
            Lang::Ru => "Russian",
            Lang::En => "English",
        };
        match self {
            Change::MergeNext => "Merge with the next bead".into(),
            Change::MergePrev => "Merge with the previous bead".into(),
            Change::Split { .. } => "Split the bead".into(),
            Change::MoveFirstToPrev { lang } => {
                format!(
                    "Move the first {} sentence to the previous bead",
                    side(lang)
                )
            }
            Change::MoveLastToNext { lang } => {
                format!("Move the last {} sentence to the next bead", side(lang))
            }
            Change::Unpair => "Unpair (make one-sided beads)".into(),
            Change::PairNext => "Pair with the next one-sided bead".into(),
            Change::Wording { lang, idx, .. } => {
                format!("New {} wording of sentence {}", side(lang), idx + 1)
            }
        }
    }

    /// Whether the change restructures beads (everything except wording).
    pub fn is_structural(&self) -> bool {
        !matches!(self, Change::Wording { .. })
    }
}

/// Why a change cannot be made to a bead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// A merge with the next bead, but the bead is the last.
    #[error("there is no next bead to merge with")]
    NoNextToMerge,
    /// A merge with the previous bead, but the bead is the first.
    #[error("there is no previous bead to merge with")]
    NoPreviousToMerge,
    /// A move or pairing with the previous bead, but the bead is the first.
    #[error("there is no previous bead")]
    NoPrevious,
    /// A move or pairing with the next bead, but the bead is the last.
    #[error("there is no next bead")]
    NoNext,
    /// A split point outside the bead.
    #[error("the split point lies outside the bead")]
    SplitOutside,
    /// A split that leaves one part without a sentence.
    #[error("both parts of a split must keep a sentence")]
    SplitEmptyPart,
    /// A move of a sentence from a side the bead has none of.
    #[error("the bead has no sentence on that side")]
    NoSentenceOnSide,
    /// A move that leaves the bead without a sentence.
    #[error("that would leave the bead empty; merge it instead")]
    WouldEmpty,
    /// An unpairing of a bead that is already one-sided.
    #[error("the bead is already one-sided")]
    AlreadyOneSided,
    /// A pairing of beads that are not one-sided beads of the two languages in turn.
    #[error(
        "only a one-sided bead followed by a one-sided bead of the other language can be paired"
    )]
    NotOneSidedPair,
    /// A wording of a sentence the bead does not hold.
    #[error("the sentence is not in this bead")]
    SentenceNotInBead,
    /// A wording that is the applied one already.
    #[error("the wording is the same as the applied one")]
    SameWording,
    /// A wording that is empty or too long.
    #[error(transparent)]
    Text(#[from] TextError),
}

/// A bead with its neighbours in the applied alignment: what a change is judged against.
#[derive(Debug, Clone, Copy)]
pub struct Around<'a> {
    /// The bead before, if any.
    pub prev: Option<&'a Span>,
    /// The bead.
    pub bead: &'a Span,
    /// The bead after, if any.
    pub next: Option<&'a Span>,
}

impl<'a> Around<'a> {
    /// Bead `i` of `beads` (in document order) with its neighbours; `None` past the end.
    pub fn at(beads: &'a [Span], i: usize) -> Option<Around<'a>> {
        Some(Around {
            prev: i.checked_sub(1).and_then(|j| beads.get(j)),
            bead: beads.get(i)?,
            next: beads.get(i + 1),
        })
    }
}

/// What a structural change does: the run of beads it replaces and the beads it makes of
/// their sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The beads replaced, in order.
    pub old: Vec<Span>,
    /// The beads made, in order; they tile the same sentences.
    pub new: Vec<Span>,
}

/// Works out what the structural `change` does to the bead in `around`.
///
/// Fails when the change cannot be made there, with the reason; a wording change is not
/// structural and fails with [`ChangeError::SentenceNotInBead`] unless its sentence is in the
/// bead, then plans nothing (see [`check_wording`]).
///
/// # Example
/// ```
/// use sverka::Span;
/// use sverka::review::changes::{Around, Change, plan};
/// let beads = [Span::new(0..1, 0..1), Span::new(1..2, 1..1)];
/// let p = plan(Around::at(&beads, 0).unwrap(), &Change::MergeNext).unwrap();
/// assert_eq!(p.new, [Span::new(0..2, 0..1)]);
/// assert!(plan(Around::at(&beads, 1).unwrap(), &Change::MergeNext).is_err());
/// ```
pub fn plan(around: Around<'_>, change: &Change) -> Result<Plan, ChangeError> {
    let b = around.bead;
    let plan = |old: Vec<&Span>, new: Vec<Span>| Plan {
        old: old.into_iter().cloned().collect(),
        new,
    };
    Ok(match change {
        Change::MergeNext => {
            let n = around.next.ok_or(ChangeError::NoNextToMerge)?;
            plan(vec![b, n], vec![b.to(n)])
        }
        Change::MergePrev => {
            let p = around.prev.ok_or(ChangeError::NoPreviousToMerge)?;
            plan(vec![p, b], vec![p.to(b)])
        }
        Change::Split { ru_at, en_at } => plan(vec![b], split(b, *ru_at, *en_at)?.to_vec()),
        Change::MoveFirstToPrev { lang } => {
            let p = around.prev.ok_or(ChangeError::NoPrevious)?;
            let (p2, b2) = move_between(p, b, *lang, true)?;
            plan(vec![p, b], vec![p2, b2])
        }
        Change::MoveLastToNext { lang } => {
            let n = around.next.ok_or(ChangeError::NoNext)?;
            let (b2, n2) = move_between(b, n, *lang, false)?;
            plan(vec![b, n], vec![b2, n2])
        }
        Change::Unpair => {
            if b.is_one_sided() {
                return Err(ChangeError::AlreadyOneSided);
            }
            let ru_only = Span::new(b.ru.clone(), b.en.start..b.en.start);
            let en_only = Span::new(b.ru.end..b.ru.end, b.en.clone());
            plan(vec![b], vec![ru_only, en_only])
        }
        Change::PairNext => {
            let n = around.next.ok_or(ChangeError::NoNext)?;
            let ru_then_en = b.en.is_empty() && n.ru.is_empty();
            let en_then_ru = b.ru.is_empty() && n.en.is_empty();
            if !(ru_then_en || en_then_ru) {
                return Err(ChangeError::NotOneSidedPair);
            }
            plan(vec![b, n], vec![b.to(n)])
        }
        Change::Wording { lang, idx, .. } => {
            if !side(b, *lang).contains(idx) {
                return Err(ChangeError::SentenceNotInBead);
            }
            plan(vec![], vec![])
        }
    })
}

/// Checks a new wording of sentence `idx` of `lang` in `bead` against the applied `base`
/// wording; returns it trimmed.
pub fn check_wording(
    bead: &Span,
    lang: Lang,
    idx: usize,
    text: &str,
    base: &str,
) -> Result<String, ChangeError> {
    if !side(bead, lang).contains(&idx) {
        return Err(ChangeError::SentenceNotInBead);
    }
    let text = check_text(text, "wording")?;
    if text == base {
        return Err(ChangeError::SameWording);
    }
    Ok(text)
}

/// The structural changes that can be made to the bead in `around`, in the order the bead
/// page lists them (splits are offered apart, by [`split_points`]).
///
/// # Example
/// ```
/// use sverka::{Lang, Span};
/// use sverka::review::changes::{Around, Change, offered};
/// let beads = [Span::new(0..1, 0..0), Span::new(1..1, 0..1)];
/// let first = offered(Around::at(&beads, 0).unwrap());
/// assert_eq!(first, [Change::MergeNext, Change::PairNext]);
/// ```
pub fn offered(around: Around<'_>) -> Vec<Change> {
    let mut candidates = vec![
        Change::MergePrev,
        Change::MergeNext,
        Change::Unpair,
        Change::PairNext,
    ];
    for lang in [Lang::Ru, Lang::En] {
        candidates.push(Change::MoveFirstToPrev { lang });
        candidates.push(Change::MoveLastToNext { lang });
    }
    candidates
        .into_iter()
        .filter(|c| plan(around, c).is_ok())
        .collect()
}

/// Every place the bead can be split: `(ru_at, en_at)`, the first sentence of each side that
/// goes to the second part, such that both parts keep a sentence.
///
/// # Example
/// ```
/// use sverka::Span;
/// use sverka::review::changes::split_points;
/// // A 1-2 bead splits as 0-1 + 1-1, 0-2 + 1-0, 1-0 + 0-2 or 1-1 + 0-1.
/// let points = split_points(&Span::new(0..1, 0..2));
/// assert_eq!(points, [(0, 1), (0, 2), (1, 0), (1, 1)]);
/// ```
pub fn split_points(bead: &Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for ru_at in bead.ru.start..=bead.ru.end {
        for en_at in bead.en.start..=bead.en.end {
            if split(bead, ru_at, en_at).is_ok() {
                out.push((ru_at, en_at));
            }
        }
    }
    out
}

/// The two parts of `bead` split before `ru_at` and `en_at`.
fn split(bead: &Span, ru_at: usize, en_at: usize) -> Result<[Span; 2], ChangeError> {
    if !(bead.ru.start..=bead.ru.end).contains(&ru_at)
        || !(bead.en.start..=bead.en.end).contains(&en_at)
    {
        return Err(ChangeError::SplitOutside);
    }
    let first = Span::new(bead.ru.start..ru_at, bead.en.start..en_at);
    let second = Span::new(ru_at..bead.ru.end, en_at..bead.en.end);
    if first.is_empty() || second.is_empty() {
        return Err(ChangeError::SplitEmptyPart);
    }
    Ok([first, second])
}

/// Moves one sentence of `lang` across the border of the adjacent beads `a` and `b`: the
/// first sentence of `b` into `a` (`into_first`), or the last of `a` into `b`.
fn move_between(
    a: &Span,
    b: &Span,
    lang: Lang,
    into_first: bool,
) -> Result<(Span, Span), ChangeError> {
    let (mut a2, mut b2) = (a.clone(), b.clone());
    let giver = if into_first { b } else { a };
    if side(giver, lang).is_empty() {
        return Err(ChangeError::NoSentenceOnSide);
    }
    let (ra, rb) = match lang {
        Lang::Ru => (&mut a2.ru, &mut b2.ru),
        Lang::En => (&mut a2.en, &mut b2.en),
    };
    if into_first {
        ra.end += 1;
        rb.start += 1;
    } else {
        ra.end -= 1;
        rb.start -= 1;
    }
    let left = if into_first { &b2 } else { &a2 };
    if left.is_empty() {
        return Err(ChangeError::WouldEmpty);
    }
    Ok((a2, b2))
}

/// The sentences of `lang` in `span`.
fn side(span: &Span, lang: Lang) -> &std::ops::Range<usize> {
    match lang {
        Lang::Ru => &span.ru,
        Lang::En => &span.en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(list: &[[usize; 4]]) -> Vec<Span> {
        list.iter().map(|&a| Span::from(a)).collect()
    }

    #[test]
    fn every_offered_change_plans_and_tiles_the_same_sentences() {
        let beads = spans(&[
            [0, 1, 0, 1],
            [1, 3, 1, 2],
            [3, 4, 2, 2],
            [4, 4, 2, 3],
            [4, 5, 3, 5],
        ]);
        for i in 0..beads.len() {
            let around = Around::at(&beads, i).unwrap();
            for change in offered(around) {
                let p = plan(around, &change).unwrap();
                let (first, last) = (p.old.first().unwrap(), p.old.last().unwrap());
                let whole = first.to(last);
                let mut at = (whole.ru.start, whole.en.start);
                for s in &p.new {
                    assert_eq!((s.ru.start, s.en.start), at, "{change:?} at {i}");
                    assert!(!s.is_empty(), "{change:?} at {i}");
                    at = (s.ru.end, s.en.end);
                }
                assert_eq!(at, (whole.ru.end, whole.en.end), "{change:?} at {i}");
            }
        }
    }

    #[test]
    fn moves_that_would_empty_a_bead_are_not_offered() {
        // A 1-0 bead whose one sentence would go to the previous bead.
        let beads = spans(&[[0, 1, 0, 1], [1, 2, 1, 1]]);
        let around = Around::at(&beads, 1).unwrap();
        let move_ru = Change::MoveFirstToPrev { lang: Lang::Ru };
        assert_eq!(plan(around, &move_ru), Err(ChangeError::WouldEmpty));
        assert!(!offered(around).contains(&move_ru));
        assert_eq!(
            plan(around, &Change::MoveFirstToPrev { lang: Lang::En }),
            Err(ChangeError::NoSentenceOnSide)
        );
    }

    #[test]
    fn unpair_and_pair_next_undo_each_other() {
        let beads = spans(&[[0, 2, 0, 1]]);
        let p = plan(Around::at(&beads, 0).unwrap(), &Change::Unpair).unwrap();
        assert_eq!(p.new, spans(&[[0, 2, 0, 0], [2, 2, 0, 1]]));
        let q = plan(Around::at(&p.new, 0).unwrap(), &Change::PairNext).unwrap();
        assert_eq!(q.new, beads);
    }

    #[test]
    fn wording_is_checked_against_the_bead_and_the_applied_text() {
        let bead = Span::new(2..3, 4..6);
        assert_eq!(
            check_wording(&bead, Lang::En, 6, "x", "y"),
            Err(ChangeError::SentenceNotInBead)
        );
        assert_eq!(
            check_wording(&bead, Lang::En, 5, " same ", "same"),
            Err(ChangeError::SameWording)
        );
        assert_eq!(
            check_wording(&bead, Lang::Ru, 2, "  new  ", "old").as_deref(),
            Ok("new")
        );
        assert!(matches!(
            check_wording(&bead, Lang::Ru, 2, "   ", "old"),
            Err(ChangeError::Text(_))
        ));
    }

    #[test]
    fn form_values_name_the_side_of_a_move() {
        assert_eq!(
            Change::MoveLastToNext { lang: Lang::En }.form_value(),
            "move_last_to_next:en"
        );
        assert_eq!(Change::Unpair.form_value(), "unpair");
    }
}
