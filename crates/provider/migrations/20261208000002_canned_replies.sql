-- The support desk's canned replies. Filed under the staff member who
-- wrote them (`owner_id`), with no tenant: no customer's or reseller's view
-- holds one, and their change-log rows have the staff audience.
CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    tenant_id TEXT,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX canned_replies_title ON canned_replies (title);
