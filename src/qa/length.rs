//! `length`: a pair whose length ratio (English characters per Russian character) lies
//! beyond what this document's pairs show: below their 1st or above their 99th percentile,
//! and at least [`MIN_FACTOR`] times off their median.

use super::{Context, Finding, Severity, finding};

/// The fewest pairs (of [`MIN_CHARS`] or more a side) from which the document's range of
/// ratios is taken; with fewer, the check finds nothing.
const MIN_PAIRS: usize = 20;

/// Pairs with a side shorter than this (characters without spaces) are not judged: the ratio
/// of short sentences says little.
const MIN_CHARS: usize = 15;

/// How far from the median ratio a pair must be, at least, as a factor: percentiles alone
/// would flag two pairs in a hundred of any document.
const MIN_FACTOR: f64 = 1.6;

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let pairs: Vec<(usize, f64)> = ctx
        .pairs()
        .filter_map(|(k, b)| {
            let (r, e) = (ctx.ru_side(b).chars(), ctx.en_side(b).chars());
            (r >= MIN_CHARS && e >= MIN_CHARS).then(|| (k, (e as f64 / r as f64).ln()))
        })
        .collect();
    if pairs.len() < MIN_PAIRS {
        return Vec::new();
    }
    let mut sorted: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    sorted.sort_by(f64::total_cmp);
    let median = quantile(&sorted, 0.5);
    let low = quantile(&sorted, 0.01).min(median - MIN_FACTOR.ln());
    let high = quantile(&sorted, 0.99).max(median + MIN_FACTOR.ln());
    let mut out = Vec::new();
    for (k, lr) in pairs {
        if lr >= low && lr <= high {
            continue;
        }
        let b = &ctx.beads[k];
        let ru = b
            .span
            .ru
            .clone()
            .map(|i| sentence_span(ctx.ru, i))
            .collect();
        let en = b
            .span
            .en
            .clone()
            .map(|j| sentence_span(ctx.en, j))
            .collect();
        let which = if lr > high { "longer" } else { "shorter" };
        out.push(finding(
            k,
            Severity::Info,
            format!(
                "the English is much {which} than usual in this document: {:.1}× the Russian, \
                 against {:.1}× in most pairs",
                lr.exp(),
                median.exp()
            ),
            ru,
            en,
        ));
    }
    out
}

/// The span of sentence `i` of `doc` in its text.
pub(crate) fn sentence_span(doc: &crate::Document, i: usize) -> std::ops::Range<usize> {
    let s = &doc.sentences()[i];
    s.start..s.end
}

/// The `q` quantile of sorted values (linear between neighbours).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckId, Checker, Config};
    use crate::{Bead, Document, Lang};

    #[test]
    fn a_pair_far_longer_than_the_others() {
        let mut ru = String::new();
        let mut en = String::new();
        for i in 0..30 {
            ru.push_str(&format!("Это предложение номер {i} в нашем тексте.\n"));
            if i == 12 {
                en.push_str(&format!(
                    "This is sentence number {i} of our text, and the translator added a long \
                     explanation of things the original never said at all.\n"
                ));
            } else {
                en.push_str(&format!("This is sentence number {i} in our text.\n"));
            }
        }
        let ru = Document::presegmented(ru, Lang::Ru).unwrap();
        let en = Document::presegmented(en, Lang::En).unwrap();
        let beads: Vec<Bead> = (0..30)
            .map(|i| Bead::new(i..i + 1, i..i + 1, 1.0))
            .collect();
        let found = Checker::new()
            .config(Config::only(&[CheckId::Length]))
            .check(&ru, &en, &beads);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].bead, 12);
        assert!(
            found[0].message.starts_with("the English is much longer"),
            "{found:?}"
        );
    }

    #[test]
    fn quantiles() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert_eq!(quantile(&[1.0, 3.0], 0.5), 2.0);
    }
}
