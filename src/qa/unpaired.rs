//! `omission` and `addition`: a sentence with no counterpart (a 1-0 or 0-1 bead), a warning
//! inside a stretch of pairs and worth a look (info) before the first pair or after the last;
//! and a pair whose matched share of words is far below its neighbours' while one side is
//! much shorter than usual (a partial omission or addition, info).

use std::ops::Range;

use super::length::{quantile, sentence_span};
use super::{Context, Finding, Severity, finding};
use crate::Document;

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
const SHORTER: f64 = 1.4;

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
            format!("a {lang} sentence")
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

/// Pairs whose similarity is far below their neighbours' and whose English (for omissions)
/// or Russian (for additions) is much shorter than usual.
fn partial(ctx: &Context, dir: Direction) -> Vec<Finding> {
    // (bead, similarity, log length ratio English/Russian)
    let pairs: Vec<(usize, f64, f64)> = ctx
        .pairs()
        .filter_map(|(k, b)| {
            let e = ctx.explanation(k)?;
            let (r, n) = (ctx.ru_side(b).chars(), ctx.en_side(b).chars());
            (r > 0 && n > 0).then(|| (k, e.similarity, (n as f64 / r as f64).ln()))
        })
        .collect();
    if pairs.len() < 2 * NEIGHBOURS {
        return Vec::new();
    }
    let mut ratios: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    ratios.sort_by(f64::total_cmp);
    let usual = quantile(&ratios, 0.5);
    let mut out = Vec::new();
    for (n, &(k, sim, lr)) in pairs.iter().enumerate() {
        let around: Vec<f64> = pairs
            [n.saturating_sub(NEIGHBOURS)..(n + NEIGHBOURS + 1).min(pairs.len())]
            .iter()
            .filter(|p| p.0 != k)
            .map(|p| p.1)
            .collect();
        let mut sorted = around.clone();
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
        out.push(partial_finding(ctx, dir, k, sim, median));
    }
    out
}

/// The finding of a partial omission or addition in bead `k`: it points at the sentence of
/// the longer side with the least of its words matched.
fn partial_finding(ctx: &Context, dir: Direction, k: usize, sim: f64, median: f64) -> Finding {
    let b = &ctx.beads[k];
    let matches = ctx.explanation(k).map_or(&[][..], |e| &e.matches[..]);
    let (doc, own): (&Document, Range<usize>) = match dir {
        Direction::Omission => (ctx.ru, b.span.ru.clone()),
        Direction::Addition => (ctx.en, b.span.en.clone()),
    };
    let matched_share = |i: usize| {
        let span = sentence_span(doc, i);
        let hits = matches
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
        hits as f64 / (doc.sentence_text(i).split_whitespace().count().max(1)) as f64
    };
    let least = own
        .clone()
        .min_by(|&a, &b| matched_share(a).total_cmp(&matched_share(b)))
        .unwrap_or(own.start);
    let spans = vec![sentence_span(doc, least)];
    let (message, ru, en) = match dir {
        Direction::Omission => (
            "the English may leave out part of the Russian",
            spans,
            Vec::new(),
        ),
        Direction::Addition => ("the English may add to the Russian", Vec::new(), spans),
    };
    finding(
        k,
        Severity::Info,
        format!(
            "{message}: {:.0}% of the words match, against {:.0}% in the pairs around it, and it \
             is shorter than usual",
            100.0 * sim,
            100.0 * median
        ),
        ru,
        en,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckId, Checker, Config};
    use crate::{Bead, Lang};

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
