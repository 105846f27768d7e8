-- sverka review database, version 3: where a document's alignment came from: sverka's
-- aligner, or an existing alignment (TMX, TSV, Moses, JSON) imported with its units as beads.
ALTER TABLE documents ADD COLUMN origin TEXT NOT NULL DEFAULT 'aligned'
    CHECK (origin IN ('aligned', 'imported'));
