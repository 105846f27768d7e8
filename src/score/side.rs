//! Per-sentence data of one side of a document pair: lengths, paragraphs, numbers, punctuation
//! and token weights, and the comparisons of a bead's two sides that need nothing else.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::Key;

/// Per-sentence data of one side.
#[derive(Debug, Default, Clone)]
pub(super) struct Side {
    /// Characters (without spaces) of each sentence.
    pub(super) chars: Vec<u32>,
    /// The paragraph of each sentence.
    pub(super) paragraph: Vec<u32>,
    /// Sorted normalised numbers of each sentence, as keys (`numbers[num_at[i]..num_at[i+1]]`).
    pub(super) numbers: Vec<Key>,
    pub(super) num_at: Vec<u32>,
    /// Counts of `?`, `!`, quotes and brackets.
    pub(super) punct: Vec<[u8; 4]>,
    /// How many numbers of each sentence appear nowhere on the other side.
    orphans: Vec<u8>,
    /// Total token weight of each sentence.
    pub(super) weight: Vec<f32>,
}

impl Side {
    /// A side with no sentence yet.
    pub(super) fn new() -> Side {
        Side {
            num_at: vec![0],
            ..Side::default()
        }
    }

    /// The number of sentences.
    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The number keys of sentence `i`, sorted.
    pub(super) fn numbers(&self, i: usize) -> &[Key] {
        &self.numbers[self.num_at[i] as usize..self.num_at[i + 1] as usize]
    }

    /// Keeps only the numbers for which `keep` holds, counting the others as orphans.
    fn keep_numbers(&mut self, keep: impl Fn(Key) -> bool) {
        let mut out = Vec::with_capacity(self.numbers.len());
        let mut at = Vec::with_capacity(self.num_at.len());
        at.push(0);
        self.orphans.clear();
        for i in 0..self.num_at.len() - 1 {
            let before = out.len();
            out.extend(self.numbers(i).iter().copied().filter(|&k| keep(k)));
            let orphans = self.numbers(i).len() - (out.len() - before);
            self.orphans.push(orphans.min(usize::from(u8::MAX)) as u8);
            at.push(out.len() as u32);
        }
        self.numbers = out;
        self.num_at = at;
    }

    /// How many numbers of the sentences `range` appear nowhere on the other side.
    pub(super) fn orphans(&self, range: Range<usize>) -> u32 {
        range.map(|i| u32::from(self.orphans[i])).sum::<u32>()
    }

    /// Whether the sentences `range` (not empty) lie in more than one paragraph.
    pub(super) fn crosses_paragraph(&self, range: &Range<usize>) -> bool {
        self.paragraph[range.start] != self.paragraph[range.end - 1]
    }

    /// Whether sentence `i` begins a paragraph.
    pub(super) fn starts_paragraph(&self, i: usize) -> bool {
        i == 0 || self.paragraph[i - 1] != self.paragraph[i]
    }
}

/// A number found nowhere on the other side is an addition of one text (a comparable text's
/// extra detail, or a sentence the other text left out): weaker evidence against the pair that
/// holds it than a number whose counterpart is elsewhere. Sets such numbers apart as orphans.
pub(super) fn match_numbers(ru: &mut Side, en: &mut Side) {
    let ru_numbers: FxHashSet<Key> = ru.numbers.iter().copied().collect();
    let en_numbers: FxHashSet<Key> = en.numbers.iter().copied().collect();
    ru.keep_numbers(|k| en_numbers.contains(&k));
    en.keep_numbers(|k| ru_numbers.contains(&k));
}

/// How many numbers appear on one side of the bead `ru`, `en` only.
pub(super) fn number_mismatch(
    ru_side: &Side,
    en_side: &Side,
    ru: Range<usize>,
    en: Range<usize>,
) -> usize {
    let r0 = ru_side.num_at[ru.start] as usize;
    let r1 = ru_side.num_at[ru.end] as usize;
    let e0 = en_side.num_at[en.start] as usize;
    let e1 = en_side.num_at[en.end] as usize;
    if r0 == r1 && e0 == e1 {
        return 0;
    }
    if ru.len() == 1 && en.len() == 1 {
        return sym_diff(ru_side.numbers(ru.start), en_side.numbers(en.start));
    }
    // Beads hold at most three sentences a side: sort small copies on the stack.
    let mut a = [0 as Key; 16];
    let mut b = [0 as Key; 16];
    let (na, nb) = ((r1 - r0).min(16), (e1 - e0).min(16));
    a[..na].copy_from_slice(&ru_side.numbers[r0..r0 + na]);
    b[..nb].copy_from_slice(&en_side.numbers[e0..e0 + nb]);
    a[..na].sort_unstable();
    b[..nb].sort_unstable();
    sym_diff(&a[..na], &b[..nb]) + (r1 - r0 - na) + (e1 - e0 - nb)
}

/// How many `?` `!` quotes and brackets appear on one side of the bead `ru`, `en` only.
pub(super) fn punct_mismatch(
    ru_side: &Side,
    en_side: &Side,
    ru: Range<usize>,
    en: Range<usize>,
) -> u32 {
    let mut punct = 0u32;
    for k in 0..4 {
        let x: u32 = ru.clone().map(|i| ru_side.punct[i][k] as u32).sum();
        let y: u32 = en.clone().map(|j| en_side.punct[j][k] as u32).sum();
        punct += x.abs_diff(y);
    }
    punct
}

/// The size of the symmetric difference of two sorted lists.
fn sym_diff(a: &[Key], b: &[Key]) -> usize {
    let (mut i, mut j, mut d) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                d += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                d += 1;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    d + (a.len() - i) + (b.len() - j)
}
