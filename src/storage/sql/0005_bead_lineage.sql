-- sverka review database, version 3: what became of a bead a change replaced, so that its
-- comments, votes and old address follow its sentences; withdrawn suggestions; each event's
-- bead number.

-- A bead a change replaced (a merge, split, unpairing, pairing, move, re-alignment or revert):
-- where it was and what replaced it. Its old address leads to the bead now holding its first
-- sentence. Bead ids are never reused within a document (the store numbers new beads past
-- both tables), so (doc_id, id) names one bead for good.
CREATE TABLE retired_beads (
    seq      INTEGER PRIMARY KEY,
    doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id       INTEGER NOT NULL,
    ru_start INTEGER NOT NULL,
    ru_end   INTEGER NOT NULL,
    en_start INTEGER NOT NULL,
    en_end   INTEGER NOT NULL,
    -- Its 1-based number in the document when it was replaced.
    position INTEGER NOT NULL,
    -- What replaced it: review::history::Replacement's stored name.
    change   TEXT NOT NULL,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    UNIQUE (doc_id, id)
);
CREATE INDEX retired_beads_span ON retired_beads (doc_id, ru_start, en_start);

-- The votes a replaced bead had. When a later change (a revert, say) makes a bead of exactly
-- the same sentences again, they are its votes again; otherwise they stay here and in the
-- event log.
CREATE TABLE retired_votes (
    retired INTEGER NOT NULL REFERENCES retired_beads (seq) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value   INTEGER NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (retired, user_id)
) WITHOUT ROWID;

-- Finding the bead that holds an English sentence (the history's links) without a scan.
CREATE INDEX beads_en ON beads (doc_id, en_start);

-- The bead a comment was written on; `bead_id` is the bead now holding its sentences.
ALTER TABLE comments ADD COLUMN origin_bead INTEGER;
UPDATE comments SET origin_bead = bead_id;
-- Comments whose bead was replaced before this version go to the bead holding their first
-- sentence (the Russian one, else the English one).
UPDATE comments SET bead_id = COALESCE(
    (SELECT b.id FROM beads b WHERE b.doc_id = comments.doc_id
       AND b.ru_start <= comments.ru_start AND comments.ru_start < b.ru_end),
    (SELECT b.id FROM beads b WHERE b.doc_id = comments.doc_id
       AND b.en_start <= comments.en_start AND comments.en_start < b.en_end))
WHERE bead_id IS NULL;

-- A suggestion its author withdrew: its status is kept 'obsolete' (closed) and this says why.
ALTER TABLE suggestions ADD COLUMN withdrawn_at TEXT;

-- The 1-based number of the (first) bead an event concerns, when it was logged.
ALTER TABLE events ADD COLUMN position INTEGER;
