//! The bead search: a dynamic programme in a band around a coarse path, found by recursive
//! downsampling (as vecalign does), so time and memory grow linearly with the document.

use std::ops::Range;

use crate::Span;
use crate::score::{Hit, Key, PairScorer};

/// Bead types searched at the sentence level, as (Russian, English) counts.
const BEADS: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

/// Bead types of the first pass, which only finds the band and teaches the document model.
const FIRST_PASS_BEADS: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// Bead types searched at the coarse levels.
const COARSE_BEADS: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// A problem of at most this many lattice cells is solved with a full DP.
const FULL_DP_CELLS: usize = 400 * 400;

/// Extra rows and columns searched on each side of the projected coarse path.
const SEARCH_BUFFER: usize = 10;

/// Allowed columns `lo[i]..=hi[i]` of each lattice row `i` in `0..=n`.
#[derive(Debug, Clone)]
struct Window {
    lo: Vec<usize>,
    hi: Vec<usize>,
}

impl Window {
    fn full(n: usize, m: usize) -> Self {
        Window {
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }

    fn cells(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(l, h)| h + 1 - l).sum()
    }
}

/// The lattice path of a DP: the points `(i, j)` from `(0, 0)` to `(n, m)`.
type Path = Vec<(usize, usize)>;

/// Runs the DP over `window` and returns the best path. `cost(i0, i1, j0, j1)` is the cost of
/// the bead holding rows `i0..i1` and columns `j0..j1`.
fn banded_dp(
    n: usize,
    m: usize,
    window: &Window,
    beads: &[(usize, usize)],
    mut cost: impl FnMut(usize, usize, usize, usize) -> f64,
) -> Path {
    // Scores of the last rows only (no bead is taller than RING - 1); back pointers of all.
    const RING: usize = 4;
    debug_assert!(beads.iter().all(|b| b.0 < RING));
    let mut score: Vec<Vec<f64>> = vec![Vec::new(); RING];
    let mut back: Vec<Vec<u8>> = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let (lo, hi) = (window.lo[i], window.hi[i]);
        let mut row = std::mem::take(&mut score[i % RING]);
        row.clear();
        row.resize(hi + 1 - lo, f64::INFINITY);
        let mut brow = vec![u8::MAX; hi + 1 - lo];
        for j in lo..=hi {
            if i == 0 && j == 0 {
                row[0] = 0.0;
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (t, &(a, b)) in beads.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                let prev = if pi == i {
                    if pj < lo {
                        continue;
                    }
                    row[pj - lo]
                } else {
                    let (plo, phi) = (window.lo[pi], window.hi[pi]);
                    if pj < plo || pj > phi {
                        continue;
                    }
                    score[pi % RING][pj - plo]
                };
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + cost(pi, i, pj, j);
                if c < best {
                    best = c;
                    arg = t as u8;
                }
            }
            row[j - lo] = best;
            brow[j - lo] = arg;
        }
        score[i % RING] = row;
        back.push(brow);
    }
    let mut path = vec![(n, m)];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let t = back[i][j - window.lo[i]];
        // The window always holds a path from (0, 0) to (n, m); fall back to skips if not.
        let (a, b) = if t == u8::MAX {
            if i > 0 { (1, 0) } else { (0, 1) }
        } else {
            beads[t as usize]
        };
        i -= a;
        j -= b;
        path.push((i, j));
    }
    path.reverse();
    path
}

/// Projects a coarse path (groups of two) onto the finer level as a window.
fn project(path: &Path, n: usize, m: usize, buffer: usize) -> Window {
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    for w in path.windows(2) {
        let ((i0, j0), (i1, j1)) = (w[0], w[1]);
        let r0 = (2 * i0).min(n);
        let r1 = (2 * i1).min(n);
        let c0 = (2 * j0).saturating_sub(buffer);
        let c1 = (2 * j1 + buffer).min(m);
        for r in r0..=r1 {
            lo[r] = lo[r].min(c0);
            hi[r] = hi[r].max(c1);
        }
    }
    lo[0] = 0;
    hi[n] = m;
    for r in 0..=n {
        if lo[r] == usize::MAX {
            lo[r] = 0;
            hi[r] = m;
        }
    }
    Window { lo, hi }
}

/// The cells of `window` within [`REFINE_BUFFER`] of the path of `beads` (document indices,
/// offset by `r0` and `e0`). The path lies in `window`, so the result holds it.
fn narrow(window: &Window, beads: &[Span], r0: usize, e0: usize) -> Window {
    let n = window.lo.len() - 1;
    let m = *window.hi.last().unwrap_or(&0);
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    for b in beads {
        let (i0, i1) = (b.ru.start - r0, b.ru.end - r0);
        let (j0, j1) = (b.en.start - e0, b.en.end - e0);
        let rows = i0.saturating_sub(REFINE_BUFFER)..=(i1 + REFINE_BUFFER).min(n);
        let c0 = j0.saturating_sub(REFINE_BUFFER);
        let c1 = (j1 + REFINE_BUFFER).min(m);
        for row in rows {
            lo[row] = lo[row].min(c0);
            hi[row] = hi[row].max(c1);
        }
    }
    for row in 0..=n {
        if lo[row] == usize::MAX {
            lo[row] = window.lo[row];
            hi[row] = window.hi[row];
        }
        lo[row] = lo[row].max(window.lo[row]);
        hi[row] = hi[row].min(window.hi[row]).max(lo[row]);
    }
    Window { lo, hi }
}

/// Coarse features of one level: per group, its length and its rare evidence keys.
#[derive(Debug, Clone)]
struct Level {
    ru_len: Vec<f64>,
    en_len: Vec<f64>,
    ru_keys: Vec<Vec<Key>>,
    en_keys: Vec<Vec<Key>>,
}

impl Level {
    fn coarsen(&self) -> Level {
        fn halve_len(v: &[f64]) -> Vec<f64> {
            v.chunks(2).map(|c| c.iter().sum()).collect()
        }
        fn halve_keys(v: &[Vec<Key>]) -> Vec<Vec<Key>> {
            v.chunks(2)
                .map(|c| {
                    let mut k: Vec<Key> = c.iter().flatten().copied().collect();
                    k.sort_unstable();
                    k.dedup();
                    k
                })
                .collect()
        }
        Level {
            ru_len: halve_len(&self.ru_len),
            en_len: halve_len(&self.en_len),
            ru_keys: halve_keys(&self.ru_keys),
            en_keys: halve_keys(&self.en_keys),
        }
    }

    fn shared(&self, i: Range<usize>, j: Range<usize>) -> usize {
        let mut n = 0;
        for a in i {
            for b in j.clone() {
                n += intersect(&self.ru_keys[a], &self.en_keys[b]);
            }
        }
        n
    }
}

fn intersect(a: &[Key], b: &[Key]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The best path of a coarse level, recursing to coarser levels while the problem is large.
fn coarse_path(level: &Level, ratio: f64, variance: f64) -> Path {
    let (n, m) = (level.ru_len.len(), level.en_len.len());
    let window = if (n + 1) * (m + 1) <= FULL_DP_CELLS || n < 4 || m < 4 {
        Window::full(n, m)
    } else {
        let coarser = level.coarsen();
        project(&coarse_path(&coarser, ratio, variance), n, m, SEARCH_BUFFER)
    };
    let total: f64 = level.ru_len.iter().sum::<f64>() / n as f64;
    let skip = 4.5 + 0.02 * total;
    banded_dp(n, m, &window, &COARSE_BEADS, |i0, i1, j0, j1| {
        if i0 == i1 || j0 == j1 {
            return skip * ((i1 - i0) + (j1 - j0)) as f64;
        }
        let l1: f64 = level.ru_len[i0..i1].iter().sum();
        let l2: f64 = level.en_len[j0..j1].iter().sum();
        let prior = if i1 - i0 + j1 - j0 > 2 { 2.3 } else { 0.0 };
        prior + crate::score::length_cost(l1, l2, ratio, variance).min(25.0)
            - 3.0 * level.shared(i0..i1, j0..j1) as f64
    })
}

/// A gap to align (between fixed beads, or the whole documents): its sentences, the band to
/// search and the matched weights of the sentence pairs in the band. None of it depends on the
/// document model, so every pass reuses it.
pub(super) struct Gap {
    ru: Range<usize>,
    en: Range<usize>,
    window: Window,
    /// For each Russian sentence of the gap: the first English column and the matched weights.
    cache: Vec<(usize, Vec<Hit>)>,
}

/// Prepares the alignment of Russian sentences `ru` with English sentences `en`.
pub(super) fn prepare_gap(
    scorer: &PairScorer,
    rare: &(Vec<Vec<Key>>, Vec<Vec<Key>>),
    ru: Range<usize>,
    en: Range<usize>,
) -> Gap {
    let (n, m) = (ru.len(), en.len());
    if n == 0 || m == 0 {
        return Gap {
            ru,
            en,
            window: Window::full(0, 0),
            cache: Vec::new(),
        };
    }
    let window = if (n + 1) * (m + 1) <= FULL_DP_CELLS {
        Window::full(n, m)
    } else {
        let level = Level {
            ru_len: (ru.clone())
                .map(|i| scorer.lengths(i..i + 1, 0..0).0 as f64)
                .collect(),
            en_len: (en.clone())
                .map(|j| scorer.lengths(0..0, j..j + 1).1 as f64)
                .collect(),
            ru_keys: rare.0[ru.clone()].to_vec(),
            en_keys: rare.1[en.clone()].to_vec(),
        };
        let coarse = coarse_path(
            &level.coarsen(),
            scorer.ratio(),
            scorer.params().length_variance,
        );
        project(&coarse, n, m, SEARCH_BUFFER)
    };
    debug_assert!(window.cells() >= n + m);

    // Matched weights of the sentence pairs a bead inside the window can hold.
    let cache: Vec<(usize, Vec<Hit>)> = {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .map(|i| {
                let c0 = window.lo[(i + 1).min(n)].saturating_sub(3);
                let c1 = window.hi[(i + 3).min(n)].min(m);
                let row = (c0..c1.max(c0))
                    .map(|j| scorer.matched(ru.start + i, en.start + j))
                    .collect();
                (c0, row)
            })
            .collect()
    };
    Gap {
        ru,
        en,
        window,
        cache,
    }
}

/// Rows and columns searched around an earlier pass's path.
const REFINE_BUFFER: usize = 4;

/// Searches the best beads of a prepared gap, in document indices. With `near`, an earlier
/// alignment of the gap, only cells near its path are searched.
pub(super) fn search_gap(scorer: &PairScorer, gap: &Gap, near: Option<&[Span]>) -> Vec<Span> {
    let (ru, en) = (gap.ru.clone(), gap.en.clone());
    let (n, m) = (ru.len(), en.len());
    if n == 0 || m == 0 {
        return ru
            .clone()
            .map(|i| Span::new(i..i + 1, en.start..en.start))
            .chain(en.clone().map(|j| Span::new(ru.end..ru.end, j..j + 1)))
            .collect();
    }
    let matched = |i: usize, j: usize| -> Hit {
        let (c0, row) = &gap.cache[i];
        if j < *c0 {
            return Hit::default();
        }
        row.get(j - c0).copied().unwrap_or_default()
    };
    let narrowed;
    let window = match near {
        Some(beads) if (n + 1) * (m + 1) > FULL_DP_CELLS => {
            narrowed = narrow(&gap.window, beads, ru.start, en.start);
            &narrowed
        }
        _ => &gap.window,
    };
    // The macro counts the cells only when debug logging is on.
    tracing::debug!(
        "search {n} x {m}: {:.1} cells per row",
        window.cells() as f64 / (n + 1) as f64
    );
    let beads: &[(usize, usize)] = if near.is_some() {
        &BEADS
    } else {
        &FIRST_PASS_BEADS
    };
    let path = banded_dp(n, m, window, beads, |i0, i1, j0, j1| {
        scorer.bead_cost(
            ru.start + i0..ru.start + i1,
            en.start + j0..en.start + j1,
            |x, y| matched(i0 + x, j0 + y),
        )
    });
    path.windows(2)
        .map(|w| {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            Span::new(ru.start + i0..ru.start + i1, en.start + j0..en.start + j1)
        })
        .collect()
}
