//! Storage of documents, alignments and reviews in SQLite.
