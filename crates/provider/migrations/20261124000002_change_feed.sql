-- The change feed the desktop syncs on. Every write appends here in the same
-- transaction as the write itself.
--
-- `seq` comes from the single-row `change_counter`, not from a sequence: a
-- writer bumps the counter first thing in its transaction and holds that row
-- lock until commit, so transactions commit in seq order. With a sequence,
-- seq 11 could commit before seq 10 and a client reading "after 10" would
-- never see 10. The cost (writes are serialized) is what SQLite does anyway.
CREATE TABLE change_counter (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);

-- `audience` decides who may read a row, together with owner and reseller:
--   all      staff, the owner, and the owner's reseller
--   staff    staff only (internal ticket notes)
--   accounts the owner and reseller only (a document leaving a reseller's
--            view is announced to that reseller as a delete, and to no one else)
-- The body is the document as written at this seq (null for deletes).
CREATE TABLE change_log (
    seq BIGINT PRIMARY KEY,
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    op TEXT NOT NULL,
    owner_id TEXT,
    reseller_id TEXT,
    audience TEXT NOT NULL,
    committed_at TEXT NOT NULL,
    body TEXT
);
CREATE INDEX change_log_owner ON change_log (owner_id, seq);
CREATE INDEX change_log_reseller ON change_log (reseller_id, seq);

-- Idempotency-Key: the first response to a key is stored in the same
-- transaction as its effect, so a replay returns it and never acts twice.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

-- Reminders already sent. The primary key makes "send once" hold across
-- restarts and across any number of provider processes running the job.
CREATE TABLE reminders_sent (
    domain_id TEXT NOT NULL,
    expiration_date TEXT NOT NULL,
    days_before BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (domain_id, expiration_date, days_before)
);

-- Reveals of secrets (auth codes, env values) are audited.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target_collection TEXT NOT NULL,
    target_id TEXT NOT NULL,
    at TEXT NOT NULL
);
