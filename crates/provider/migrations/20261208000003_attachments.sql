-- Files attached to ticket messages. The bytes are kept by content
-- (`sha256`) in the file store; a row is one upload under the id its
-- client made, waiting (`message_id` null) until a message by the same
-- person names it. Access follows the message: see support/attachments.rs.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    file_size BIGINT NOT NULL,
    mime_type TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    message_id TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);
