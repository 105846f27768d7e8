-- sverka review database, version 1.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);

CREATE TABLE sessions (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    ru_text    TEXT NOT NULL,
    en_text    TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);

-- One row per sentence; `text` is the applied wording, `original` the segmented source.
CREATE TABLE sentences (
    doc_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang      TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
    idx       INTEGER NOT NULL,
    original  TEXT NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (doc_id, lang, idx)
) WITHOUT ROWID;

-- The applied alignment: beads cover both documents in order, so (ru_start, en_start) orders them.
CREATE TABLE beads (
    id       INTEGER PRIMARY KEY,
    doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ru_start INTEGER NOT NULL,
    ru_end   INTEGER NOT NULL,
    en_start INTEGER NOT NULL,
    en_end   INTEGER NOT NULL,
    score    REAL NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('automatic', 'approved')),
    version  INTEGER NOT NULL DEFAULT 1,
    CHECK (ru_start <= ru_end AND en_start <= en_end AND (ru_start < ru_end OR en_start < en_end))
);
CREATE UNIQUE INDEX beads_order ON beads (doc_id, ru_start, en_start);

-- Votes on the applied version of a bead: one per user, +1 or -1.
CREATE TABLE bead_votes (
    bead_id INTEGER NOT NULL REFERENCES beads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value   INTEGER NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (bead_id, user_id)
) WITHOUT ROWID;

-- A proposed change to one bead; `payload` is JSON (see storage::Change).
CREATE TABLE suggestions (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    bead_id    INTEGER REFERENCES beads (id) ON DELETE SET NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status     TEXT NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'applied', 'rejected', 'obsolete')),
    reason     TEXT,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);
CREATE INDEX suggestions_bead ON suggestions (bead_id, status);
CREATE INDEX suggestions_doc ON suggestions (doc_id, status);

CREATE TABLE suggestion_votes (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value         INTEGER NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (suggestion_id, user_id)
) WITHOUT ROWID;

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    bead_id    INTEGER REFERENCES beads (id) ON DELETE SET NULL,
    ru_start   INTEGER NOT NULL,
    en_start   INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);
CREATE INDEX comments_bead ON comments (bead_id);

-- Append-only log of every change. `before`/`after` are JSON snapshots; alignment and wording
-- events cover the sentence spans [ru_lo, ru_hi) and [en_lo, en_hi) and can be reverted.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    doc_id  INTEGER,
    user_id INTEGER,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    action  TEXT NOT NULL,
    target  TEXT,
    ru_lo   INTEGER,
    ru_hi   INTEGER,
    en_lo   INTEGER,
    en_hi   INTEGER,
    before  TEXT,
    after   TEXT
);
CREATE INDEX events_doc ON events (doc_id, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
