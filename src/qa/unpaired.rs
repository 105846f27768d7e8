//! `omission` and `addition`: a sentence with no counterpart (a 1-0 or 0-1 bead), a warning
//! inside a stretch of pairs and worth a look (info) before the first pair or after the last;
//! and a pair whose matched share of words is far below its neighbours' while one side is
//! much shorter than usual (a partial omission or addition, info).

use std::ops::Range;

use super::length::{quantile, sentence_span};
use super::{Context, Finding, Severity, finding};
use crate::text;

/// Which of the two checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Russian text with no English.
    Omission,
    /// English text with no Russian.
    Addition,
}

/// How many pairs on each side of a pair are its neighbours.
const NEIGHBOURS: usize = 4;

/// A pair's similarity must be below this share of its neighbours' median to count as a
/// partial omission or addition.
const SIMILARITY_SHARE: f64 = 0.5;

/// The neighbours' median similarity must be at least this: among poorly matched pairs, a
/// low similarity says nothing.
const MIN_NEIGHBOUR_SIMILARITY: f64 = 0.3;

/// How much shorter than usual (as a factor of the document's median length ratio) the
/// side that leaves something out must be.
const SHORTER: f64 = 1.6;

pub(super) fn run(ctx: &Context, dir: Direction) -> Vec<Finding> {
    let mut out = unpaired(ctx, dir);
    out.extend(partial(ctx, dir));
    out.sort_by_key(|f| f.bead);
    out
}

/// The one-sided beads of the direction.
fn unpaired(ctx: &Context, dir: Direction) -> Vec<Finding> {
    let paired: Vec<usize> = ctx.pairs().map(|(k, _)| k).collect();
    let (first, last) = (paired.first().copied(), paired.last().copied());
    let mut out = Vec::new();
    for (k, b) in ctx.beads.iter().enumerate() {
        let (doc, own, other) = match dir {
            Direction::Omission => (ctx.ru, &b.span.ru, &b.span.en),
            Direction::Addition => (ctx.en, &b.span.en, &b.span.ru),
        };
        if own.is_empty() || !other.is_empty() {
            continue;
        }
        let chars: usize = own
            .clone()
            .map(|i| doc.sentence_text(i).chars().count())
            .sum();
        let inside = first.is_some_and(|f| f < k) && last.is_some_and(|l| l > k);
        let (lang, other_lang) = match dir {
            Direction::Omission => ("Russian", "English"),
            Direction::Addition => ("English", "Russian"),
        };
        let what = if own.len() == 1 {
            let article = if dir == Direction::Omission {
                "a"
            } else {
                "an"
            };
            format!("{article} {lang} sentence")
        } else {
            format!("{} {lang} sentences", own.len())
        };
        let where_ = match (inside, first.is_some_and(|f| f < k)) {
            (true, _) => "",
            (false, true) => ", after the last pair",
            (false, false) => ", before the first pair",
        };
        let spans: Vec<Range<usize>> = own.clone().map(|i| sentence_span(doc, i)).collect();
        let (ru, en) = match dir {
            Direction::Omission => (spans, Vec::new()),
            Direction::Addition => (Vec::new(), spans),
        };
        out.push(finding(
            k,
            if inside {
                Severity::Warning
            } else {
                Severity::Info
            },
            format!("{what} with no {other_lang} counterpart ({chars} characters){where_}"),
            ru,
            en,
        ));
    }
    out
}

/// Parts of pairs left out (or added): in a bead with more sentences on one side, a sentence
/// of that side with few of its words matched while the others match well (the aligner joined
/// an unpaired sentence to its neighbour); in a 1-1 pair, a similarity far below the
/// neighbours' with the other side much shorter than usual.
fn partial(ctx: &Context, dir: Direction) -> Vec<Finding> {
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let (own, other) = match dir {
            Direction::Omission => (&b.span.ru, &b.span.en),
            Direction::Addition => (&b.span.en, &b.span.ru),
        };
        if own.len() > other.len()
            && let Some(f) = joined_sentence(ctx, dir, k)
        {
            out.push(f);
        }
    }
    out.extend(shorter_pairs(ctx, dir));
    out
}

/// The share of its words that match, below which a sentence joined to a pair counts as left
/// out of the other side…
const JOINED_SHARE: f64 = 0.2;
/// …when the best-matched sentence of its side has at least this share.
const JOINED_OTHERS: f64 = 0.4;
/// Sentences shorter than this (characters) are not judged: too few words to count.
const MIN_SENTENCE_CHARS: usize = 20;

/// In bead `k`, whose own side (Russian for omissions) has more sentences than the other, the
/// sentence with few of its words matched while another matches well.
fn joined_sentence(ctx: &Context, dir: Direction, k: usize) -> Option<Finding> {
    let b = &ctx.beads[k];
    let e = ctx.explanation(k)?;
    let (doc, own) = match dir {
        Direction::Omission => (ctx.ru, b.span.ru.clone()),
        Direction::Addition => (ctx.en, b.span.en.clone()),
    };
    let shares: Vec<(usize, f64)> = own
        .map(|i| {
            let span = sentence_span(doc, i);
            let words = text::tokens(doc.sentence_text(i)).len().max(1);
            let hits = e
                .matches
                .iter()
                .map(|m| {
                    if dir == Direction::Omission {
                        &m.ru
                    } else {
                        &m.en
                    }
                })
                .filter(|r| span.contains(&r.start))
                .count();
            (i, hits as f64 / words as f64)
        })
        .collect();
    let (least, low) = shares.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let best = shares.iter().map(|s| s.1).fold(0.0, f64::max);
    if low >= JOINED_SHARE
        || best < JOINED_OTHERS
        || doc.sentence_text(least).chars().count() < MIN_SENTENCE_CHARS
    {
        return None;
    }
    let chars = doc.sentence_text(least).chars().count();
    let (lang, other_lang) = match dir {
        Direction::Omission => ("Russian", "English"),
        Direction::Addition => ("English", "Russian"),
    };
    let spans = vec![sentence_span(doc, least)];
    let (ru, en) = match dir {
        Direction::Omission => (spans, Vec::new()),
        Direction::Addition => (Vec::new(), spans),
    };
    Some(finding(
        k,
        Severity::Warning,
        format!(
            "{} {lang} sentence of this bead has little in the {other_lang} ({chars} characters,              {:.0}% of its words matched)",
            if dir == Direction::Omission {
                "a"
            } else {
                "an"
            },
            100.0 * low
        ),
        ru,
        en,
    ))
}

/// 1-1 pairs whose similarity is far below their neighbours' and whose English (for
/// omissions) or Russian (for additions) is much shorter than usual.
fn shorter_pairs(ctx: &Context, dir: Direction) -> Vec<Finding> {
    // (bead, similarity, log length ratio English/Russian, characters of the longer side)
    let pairs: Vec<(usize, f64, f64, usize)> = ctx
        .pairs()
        .filter_map(|(k, b)| {
            let e = ctx.explanation(k)?;
            let (r, n) = (ctx.ru_side(b).chars(), ctx.en_side(b).chars());
            (r > 0 && n > 0).then(|| (k, e.similarity, (n as f64 / r as f64).ln(), r.max(n)))
        })
        .collect();
    if pairs.len() < 2 * NEIGHBOURS {
        return Vec::new();
    }
    let mut ratios: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    ratios.sort_by(f64::total_cmp);
    let usual = quantile(&ratios, 0.5);
    let mut out = Vec::new();
    for (n, &(k, sim, lr, chars)) in pairs.iter().enumerate() {
        if !ctx.beads[k].span.kind().is_one_to_one() || chars < 2 * MIN_SENTENCE_CHARS {
            continue;
        }
        let around = &pairs[n.saturating_sub(NEIGHBOURS)..(n + NEIGHBOURS + 1).min(pairs.len())];
        let mut sorted: Vec<f64> = around.iter().filter(|p| p.0 != k).map(|p| p.1).collect();
        sorted.sort_by(f64::total_cmp);
        let median = quantile(&sorted, 0.5);
        let shorter = match dir {
            Direction::Omission => usual - lr,
            Direction::Addition => lr - usual,
        };
        if median < MIN_NEIGHBOUR_SIMILARITY
            || sim >= SIMILARITY_SHARE * median
            || shorter < SHORTER.ln()
        {
            continue;
        }
        let b = &ctx.beads[k];
        let (message, ru, en) = match dir {
            Direction::Omission => (
                "the English may leave out part of the Russian",
                vec![sentence_span(ctx.ru, b.span.ru.start)],
                Vec::new(),
            ),
            Direction::Addition => (
                "the English may add to the Russian",
                Vec::new(),
                vec![sentence_span(ctx.en, b.span.en.start)],
            ),
        };
        out.push(finding(
            k,
            Severity::Info,
            format!(
                "{message}: {:.0}% of the words match, against {:.0}% in the pairs around it, \
                 and it is {:.1}× as long as usual",
                100.0 * sim,
                100.0 * median,
                (-shorter).exp()
            ),
            ru,
            en,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckId, Checker, Config};
    use crate::{Bead, Document, Lang};

    fn docs() -> (Document, Document) {
        let ru = "Спасибо за поддержку.\nМы выросли на 7%.\nЭто важно для нас.\nДо встречи.";
        let en = "Thank you for your support.\nWe grew by 7%.\nSee you.";
        (
            Document::presegmented(ru, Lang::Ru).unwrap(),
            Document::presegmented(en, Lang::En).unwrap(),
        )
    }

    #[test]
    fn a_sentence_left_out_inside_the_pairs_is_a_warning() {
        let (ru, en) = docs();
        let beads = vec![
            Bead::new(0..1, 0..1, 1.0),
            Bead::new(1..2, 1..2, 1.0),
            Bead::new(2..3, 2..2, 1.0),
            Bead::new(3..4, 2..3, 1.0),
        ];
        let found = Checker::new()
            .config(Config::only(&[CheckId::Omission, CheckId::Addition]))
            .check(&ru, &en, &beads);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].check, CheckId::Omission);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "a Russian sentence with no English counterpart (18 characters)"
        );
        assert_eq!(&ru.text()[found[0].ru[0].clone()], "Это важно для нас.");
    }

    #[test]
    fn sentences_after_the_last_pair_are_info() {
        let (ru, en) = docs();
        let beads = vec![
            Bead::new(0..1, 0..1, 1.0),
            Bead::new(1..2, 1..2, 1.0),
            Bead::new(2..3, 2..3, 1.0),
            Bead::new(3..4, 3..3, 1.0),
        ];
        let found = Checker::new()
            .config(Config::only(&[CheckId::Omission, CheckId::Addition]))
            .check(&ru, &en, &beads);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0].message.ends_with("after the last pair"),
            "{found:?}"
        );
    }
}
