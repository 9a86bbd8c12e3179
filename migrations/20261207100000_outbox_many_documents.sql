-- An outbox entry used to edit exactly one cached document. A DNS plan
-- edits many records in one entry, and creates and deletes them, so:
-- `outbox_docs` lists every document an entry touches (what the entry's
-- optimistic effect is recomputed on), and a shadow's `body` may be NULL:
-- the provider has no such document yet (a create not pushed yet).

CREATE TABLE outbox_docs (
    entry_id TEXT NOT NULL,
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (entry_id, collection, doc_id)
) WITHOUT ROWID;
CREATE INDEX outbox_docs_doc ON outbox_docs (collection, doc_id);
INSERT INTO outbox_docs (entry_id, collection, doc_id) SELECT id, collection, doc_id FROM outbox;

CREATE TABLE shadows_nullable (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT,
    PRIMARY KEY (collection, id)
) WITHOUT ROWID;
INSERT INTO shadows_nullable (collection, id, version, body) SELECT collection, id, version, body FROM shadows;
DROP TABLE shadows;
ALTER TABLE shadows_nullable RENAME TO shadows;

-- Which document of an entry a conflict is about (a plan touches many).
ALTER TABLE outbox ADD COLUMN conflict_doc TEXT;
