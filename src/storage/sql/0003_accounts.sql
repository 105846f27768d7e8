-- sverka review database, version 3 (accounts): one-time passwords that must be changed at the
-- next sign-in, and invite links.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

-- An invite link's token is kept only as its BLAKE2s-256 hash (like session tokens); each
-- invite makes one account with its role, before `expires_at` (unix seconds).
CREATE TABLE invites (
    id         INTEGER PRIMARY KEY,
    token      TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    expires_at INTEGER NOT NULL,
    used_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    used_at    TEXT,
    revoked_at TEXT
);
