//! The map and statistics of a document (filled in by the overview move).
