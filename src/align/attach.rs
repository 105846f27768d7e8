//! Attaching unpaired sentences in comparable texts: a translator who split one sentence in
//! two (or joined two) leaves both halves alike their counterpart, which a length model can
//! miss when the texts paraphrase.

use std::collections::HashMap;

use crate::Span;
use crate::score::{LexicalModel, PairScorer};

/// The log-likelihood ratio from which an unpaired sentence joins its neighbour's pair.
const ATTACH_LLR: f64 = 1.0;

/// A bead joined from a 1-1 pair and an unpaired neighbour.
pub(super) struct Joined {
    /// The joined bead.
    pub(super) bead: Span,
    /// Its two sentence pairs: the pair it was, and the unpaired sentence with the pair's other
    /// side.
    pub(super) pairs: [Span; 2],
}

/// In a comparable text, joins an unpaired sentence to the neighbouring 1-1 pair when it is
/// itself, by the document model, a likely translation of that pair's other sentence
/// (log-likelihood ratio at least [`ATTACH_LLR`]) and in the same paragraph.
///
/// Returns the joined beads.
pub(super) fn attach_unpaired(
    scorer: &PairScorer,
    model: &LexicalModel,
    spans: &mut Vec<Span>,
) -> Vec<Joined> {
    let alone = Unpaired::of(spans);
    let mut gone = vec![false; spans.len()];
    let mut joined = Vec::new();
    for span in spans.iter_mut() {
        if span.ru.len() != 1 || span.en.len() != 1 {
            continue;
        }
        if let Some((n, bead, part)) = best_attachment(scorer, model, &alone, &gone, span) {
            gone[n] = true;
            joined.push(Joined {
                bead: bead.clone(),
                pairs: [span.clone(), part],
            });
            *span = bead;
        }
    }
    remove(spans, &gone);
    joined
}

/// Where each unpaired sentence is in a gap's beads: by sentence, the index of its bead.
struct Unpaired {
    ru: HashMap<usize, usize>,
    en: HashMap<usize, usize>,
}

impl Unpaired {
    fn of(spans: &[Span]) -> Unpaired {
        let mut alone = Unpaired {
            ru: HashMap::new(),
            en: HashMap::new(),
        };
        for (k, s) in spans.iter().enumerate() {
            if s.en.is_empty() && s.ru.len() == 1 {
                alone.ru.insert(s.ru.start, k);
            } else if s.ru.is_empty() && s.en.len() == 1 {
                alone.en.insert(s.en.start, k);
            }
        }
        alone
    }
}

/// The unpaired neighbour (in the same paragraph, not yet taken) that the 1-1 pair `span` would
/// take, the likeliest translation of its other sentence: the index of its bead, the bead they
/// make, and the pair of the unpaired sentence with `span`'s other side.
fn best_attachment(
    scorer: &PairScorer,
    model: &LexicalModel,
    alone: &Unpaired,
    gone: &[bool],
    span: &Span,
) -> Option<(usize, Span, Span)> {
    let llr = |s: &Span| model.llr(scorer.similarity(s.ru.clone(), s.en.clone()));
    let (r, e) = (&span.ru, &span.en);
    let (i, j) = (r.start, e.start);
    // (likelihood ratio, index of the unpaired sentence's bead, the merged bead, the new pair)
    let mut best: Option<(f64, usize, Span, Span)> = None;
    let mut consider = |n: usize, bead: Span, part: Span, score: f64| {
        if !gone[n] && score >= ATTACH_LLR && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, n, bead, part));
        }
    };
    for j2 in [j.checked_sub(1), Some(j + 1)].into_iter().flatten() {
        if let Some(&n) = alone.en.get(&j2)
            && scorer.same_paragraph_en(j2, j)
        {
            let part = Span::new(r.clone(), j2..j2 + 1);
            let score = llr(&part);
            consider(
                n,
                Span::new(r.clone(), j.min(j2)..j.max(j2) + 1),
                part,
                score,
            );
        }
    }
    for i2 in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
        if let Some(&n) = alone.ru.get(&i2)
            && scorer.same_paragraph_ru(i2, i)
        {
            let part = Span::new(i2..i2 + 1, e.clone());
            let score = llr(&part);
            consider(
                n,
                Span::new(i.min(i2)..i.max(i2) + 1, e.clone()),
                part,
                score,
            );
        }
    }
    best.map(|(_, n, bead, part)| (n, bead, part))
}

/// Removes the beads marked `gone` from a gap's beads. The unpaired sentences between a merged
/// pair and the sentence it took now sit before or after the pair on the other side: renumbers
/// the empty sides.
fn remove(spans: &mut Vec<Span>, gone: &[bool]) {
    // Where the gap starts, before its first bead may go.
    let (mut r_end, mut e_end) = spans.first().map_or((0, 0), |s| (s.ru.start, s.en.start));
    let mut k = 0;
    spans.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    for s in spans.iter_mut() {
        if s.ru.start == s.ru.end {
            s.ru = r_end..r_end;
        }
        if s.en.start == s.en.end {
            s.en = e_end..e_end;
        }
        r_end = s.ru.end;
        e_end = s.en.end;
    }
}
