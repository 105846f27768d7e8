//! The Russian–English lexicon (bundled OpenRussian data and user dictionaries).

/// A Russian–English lexicon keyed by stems.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// An empty lexicon.
    pub fn empty() -> Self {
        Lexicon {}
    }
}
