//! The findings of the automatic checks ([`crate::qa`]) on a document's applied alignment, by
//! bead, for the review pages.

use std::collections::HashMap;

use super::model::Applied;
use crate::Span;
use crate::qa::{self, Finding};

/// The findings of every bead of a document's applied alignment, by the bead's sentences
/// (so a row whose bead changed since finds none rather than another bead's).
#[derive(Debug, Default)]
pub(crate) struct DocFindings {
    beads: HashMap<Span, Vec<Finding>>,
}

impl DocFindings {
    /// Runs every check with the defaults on `applied` (the aligner's scorer: seconds on a
    /// book; call off the async threads).
    pub(crate) fn of(applied: &Applied) -> DocFindings {
        let found = qa::check(&applied.ru, &applied.en, &applied.beads);
        let per = qa::per_bead(found, applied.beads.len());
        DocFindings {
            beads: applied
                .beads
                .iter()
                .map(|b| b.span.clone())
                .zip(per)
                .filter(|(_, f)| !f.is_empty())
                .collect(),
        }
    }

    /// The findings of the bead over `span` (none for a bead the checks did not see).
    pub(crate) fn of_bead(&self, span: &Span) -> &[Finding] {
        self.beads.get(span).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Status;
    use crate::{Document, Lang, align};

    #[test]
    fn findings_are_found_by_the_beads_span() {
        let ru = Document::new("Привет всем. Нас 200 млн.", Lang::Ru).unwrap();
        let en = Document::new("Hello everyone. We are 20 million.", Lang::En).unwrap();
        let beads = align(&ru, &en);
        let applied = Applied {
            title: String::new(),
            statuses: vec![Status::Automatic; beads.len()],
            ru,
            en,
            beads,
        };
        let f = DocFindings::of(&applied);
        assert!(f.of_bead(&applied.beads[0].span).is_empty());
        let second = f.of_bead(&applied.beads[1].span);
        assert_eq!(second[0].check, qa::CheckId::Number);
        assert!(f.of_bead(&Span::new(0..2, 0..2)).is_empty());
    }
}
