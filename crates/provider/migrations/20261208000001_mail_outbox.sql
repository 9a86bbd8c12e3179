-- Mail that a write decided to send, stored in the write's transaction so
-- a crash or a failing mail server never loses it. Any provider process
-- sends it: a row is claimed for a while (`claimed_until`) before it goes
-- out and marked `sent_at` after; a process that dies mid-send leaves the
-- claim to expire and another sends it (at least once).
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- appended to the body at sending as a link under the provider's app URL
    link_path TEXT,
    message_id TEXT,
    in_reply_to TEXT,
    created_at TEXT NOT NULL,
    claimed_until TEXT,
    attempts BIGINT NOT NULL,
    sent_at TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, created_at);
