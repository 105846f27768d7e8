//! The filters of the review list.

use std::fmt;
use std::str::FromStr;

use super::LOW_CONFIDENCE;
use super::model::{BeadReview, Status};
use crate::qa::{CheckId, Finding, Severity};

/// Which beads the review list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Filter {
    /// Every bead (the default).
    #[default]
    All,
    /// Beads not yet approved.
    Unreviewed,
    /// Beads not yet approved that the aligner scored below [`LOW_CONFIDENCE`].
    LowConfidence,
    /// Beads an open suggestion outvotes.
    Disputed,
    /// Beads other than 1-1.
    NotOneToOne,
    /// Approved beads.
    Approved,
}

impl Filter {
    /// Every filter, in the order the review page lists them.
    pub const ALL: [Filter; 6] = [
        Filter::All,
        Filter::Unreviewed,
        Filter::LowConfidence,
        Filter::Disputed,
        Filter::NotOneToOne,
        Filter::Approved,
    ];

    /// The name in the page's address (`?filter=low`).
    pub fn name(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unreviewed => "unreviewed",
            Filter::LowConfidence => "low",
            Filter::Disputed => "disputed",
            Filter::NotOneToOne => "not11",
            Filter::Approved => "approved",
        }
    }

    /// The label shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "All",
            Filter::Unreviewed => "Unreviewed",
            Filter::LowConfidence => "Low confidence",
            Filter::Disputed => "Disputed",
            Filter::NotOneToOne => "Not 1-1",
            Filter::Approved => "Approved",
        }
    }

    /// Whether the list shows `bead`.
    pub fn keeps(self, bead: &BeadReview) -> bool {
        let b = &bead.bead;
        match self {
            Filter::All => true,
            Filter::Unreviewed => b.status == Status::Automatic,
            Filter::LowConfidence => b.status == Status::Automatic && b.score < LOW_CONFIDENCE,
            Filter::Disputed => bead.disputed(),
            Filter::NotOneToOne => !b.span.kind().is_one_to_one(),
            Filter::Approved => b.status == Status::Approved,
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown filter name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown filter “{0}”")]
pub struct ParseFilterError(pub String);

impl FromStr for Filter {
    type Err = ParseFilterError;

    /// Parses a filter's [`name`](Filter::name).
    ///
    /// # Example
    /// ```
    /// use sverka::review::Filter;
    /// assert_eq!("low".parse(), Ok(Filter::LowConfidence));
    /// assert!("lowest".parse::<Filter>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Filter, ParseFilterError> {
        Filter::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| ParseFilterError(s.to_string()))
    }
}

/// The review list of a document: the beads a filter keeps among those a search found, and
/// how many each filter would keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// How many beads each filter keeps, in [`Filter::ALL`] order.
    pub counts: [usize; 6],
    /// The positions in the document (0-based) of the beads listed, in order.
    pub listed: Vec<usize>,
}

impl Filter {
    /// Lists the beads of `all` (a document's beads in order) that `found` accepts and this
    /// filter keeps.
    ///
    /// # Example
    /// ```
    /// use sverka::review::{BeadReview, Filter, Status, StoredBead};
    /// use sverka::Span;
    /// let bead = |i: usize, status| BeadReview {
    ///     bead: StoredBead { id: i as i64, span: Span::new(i..i + 1, i..i + 1), score: 0.9, status, version: 1 },
    ///     net: 0, my_vote: 0, open_suggestions: 0, best_suggestion_net: None, comments: 0,
    /// };
    /// let all = [bead(0, Status::Approved), bead(1, Status::Automatic), bead(2, Status::Automatic)];
    /// let l = Filter::Unreviewed.list(&all, |r| r.bead.id != 1);
    /// assert_eq!(l.listed, [2]);
    /// assert_eq!(l.counts[0], 2, "All counts the beads the search found");
    /// ```
    pub fn list(self, all: &[BeadReview], found: impl Fn(&BeadReview) -> bool) -> Listing {
        let found: Vec<usize> = (0..all.len()).filter(|&i| found(&all[i])).collect();
        let mut counts = [0; 6];
        for (count, f) in counts.iter_mut().zip(Filter::ALL) {
            *count = found.iter().filter(|&&i| f.keeps(&all[i])).count();
        }
        Listing {
            counts,
            listed: found.into_iter().filter(|&i| self.keeps(&all[i])).collect(),
        }
    }
}

/// The review list narrowed to beads with a finding of the automatic checks: of one check
/// (any when `None`) at one severity (any when `None`). It combines with a [`Filter`] and a
/// search. In the page's address: `check=number` (or `check=any`) and `severity=error`.
///
/// # Example
/// ```
/// use sverka::qa::{CheckId, Severity};
/// use sverka::review::FindingFilter;
/// let f = FindingFilter::from_query(Some("number"), None).unwrap();
/// assert_eq!(f, FindingFilter { check: Some(CheckId::Number), severity: None });
/// assert_eq!(f.query(), "&check=number");
/// let any = FindingFilter::from_query(Some("any"), Some("error")).unwrap();
/// assert_eq!(any.query(), "&check=any&severity=error");
/// // Unknown names are ignored, as an unknown `filter` is.
/// assert_eq!(FindingFilter::from_query(Some("numbers"), Some("fatal")), None);
/// assert_eq!(FindingFilter::from_query(None, None), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FindingFilter {
    /// The check a finding must be of; `None` for any.
    pub check: Option<CheckId>,
    /// The severity a finding must have; `None` for any.
    pub severity: Option<Severity>,
}

impl FindingFilter {
    /// The filter of the address's `check` and `severity` values: `None` when neither names
    /// one (absent, empty or unknown; `check=any` with no severity is "any finding").
    pub fn from_query(check: Option<&str>, severity: Option<&str>) -> Option<FindingFilter> {
        let any = check.is_some_and(|c| c.trim() == "any");
        let check = check.and_then(|c| c.parse::<CheckId>().ok());
        let severity = severity.and_then(|s| s.parse::<Severity>().ok());
        (any || check.is_some() || severity.is_some()).then_some(FindingFilter { check, severity })
    }

    /// Whether a bead with `findings` has one this filter asks for.
    pub fn keeps(self, findings: &[Finding]) -> bool {
        findings.iter().any(|f| {
            self.check.is_none_or(|c| f.check == c) && self.severity.is_none_or(|s| f.severity == s)
        })
    }

    /// The filter in an address, to append: `&check=number&severity=error`.
    pub fn query(self) -> String {
        let mut q = format!("&check={}", self.check.map_or("any", |c| c.as_str()));
        if let Some(s) = self.severity {
            q.push_str(&format!("&severity={s}"));
        }
        q
    }

    /// The label shown on the page: `any finding`, `number`, `error`, `number · error`.
    pub fn label(self) -> String {
        match (self.check, self.severity) {
            (None, None) => "any finding".into(),
            (Some(c), None) => c.to_string(),
            (None, Some(s)) => s.to_string(),
            (Some(c), Some(s)) => format!("{c} · {s}"),
        }
    }
}

/// How many beads have a finding: any, of each check, of each severity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindingCounts {
    /// Beads with any finding.
    pub any: usize,
    /// Beads with a finding of each check, in [`CheckId::ALL`] order.
    pub checks: [usize; 8],
    /// Beads with a finding of each severity: info, warning, error.
    pub severities: [usize; 3],
}

impl FindingCounts {
    /// The severities in the order of [`FindingCounts::severities`].
    pub const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// The counts over the findings of some beads (one slice per bead).
    ///
    /// # Example
    /// ```
    /// use sverka::qa::{CheckId, Finding, Severity};
    /// use sverka::review::FindingCounts;
    /// let f = |check, severity| Finding { bead: 0, check, severity, message: String::new(), ru: vec![], en: vec![] };
    /// let beads = [vec![f(CheckId::Number, Severity::Error), f(CheckId::Number, Severity::Warning)], vec![]];
    /// let c = FindingCounts::of(beads.iter().map(Vec::as_slice));
    /// assert_eq!((c.any, c.checks[0], c.severities), (1, 1, [0, 1, 1]));
    /// ```
    pub fn of<'a>(beads: impl IntoIterator<Item = &'a [Finding]>) -> FindingCounts {
        let mut c = FindingCounts::default();
        for findings in beads {
            if findings.is_empty() {
                continue;
            }
            c.any += 1;
            for (k, id) in CheckId::ALL.into_iter().enumerate() {
                c.checks[k] += usize::from(findings.iter().any(|f| f.check == id));
            }
            for (k, s) in FindingCounts::SEVERITIES.into_iter().enumerate() {
                c.severities[k] += usize::from(findings.iter().any(|f| f.severity == s));
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(check: CheckId, severity: Severity) -> Finding {
        Finding {
            bead: 0,
            check,
            severity,
            message: String::new(),
            ru: vec![],
            en: vec![],
        }
    }

    #[test]
    fn finding_filter_keeps_beads_with_a_matching_finding() {
        let bead = [
            finding(CheckId::Number, Severity::Warning),
            finding(CheckId::Name, Severity::Error),
        ];
        let keeps = |c: Option<&str>, s: Option<&str>| {
            FindingFilter::from_query(c, s).unwrap().keeps(&bead)
        };
        assert!(keeps(Some("number"), None));
        assert!(keeps(Some("any"), None));
        assert!(keeps(None, Some("error")));
        assert!(keeps(Some("name"), Some("error")));
        // Both must hold of one finding.
        assert!(!keeps(Some("number"), Some("error")));
        assert!(!keeps(Some("length"), None));
        assert!(!FindingFilter::default().keeps(&[]));
        // An unknown check with a known severity filters by the severity alone.
        assert_eq!(
            FindingFilter::from_query(Some("bogus"), Some("info")),
            Some(FindingFilter {
                check: None,
                severity: Some(Severity::Info)
            })
        );
    }
}
