-- sverka review database, version 2: find a document's newest alignment or wording change
-- (the key of cached evidence) without walking past its votes.
CREATE INDEX events_text ON events (doc_id, id) WHERE action IN ('document_add', 'apply', 'revert');
