-- The desktop's local cache of one workspace (provider URL + account).
-- Everything a person can see is read from here, so it works offline.
--
-- Documents are stored as the provider sent them (`body`, JSON) with the
-- columns the screens filter and sort on copied out. Collections a screen
-- queries closely have their own table; the rest share `documents`.
-- Local edits not yet accepted by the provider are applied to `body` (what
-- people see); the provider's own version waits in `shadows` until the
-- outbox entry is settled.

-- key/value state: `bootstrap` ('started' | 'complete'), `seq` (last change
-- applied), `last_synced_at`.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    -- the account the document belongs to (`userId`)
    owner_id TEXT,
    -- the document it hangs under: a DNS record's domain, a deployment's project, ...
    parent_id TEXT,
    -- what lists of this collection sort by (creation time, name)
    sort_key TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE INDEX documents_parent ON documents (collection, parent_id, sort_key);
CREATE INDEX documents_owner ON documents (collection, owner_id, sort_key);
CREATE INDEX documents_sort ON documents (collection, sort_key);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    company TEXT,
    role TEXT NOT NULL,
    reseller_id TEXT,
    body TEXT NOT NULL
);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_reseller ON users (reseller_id, email);

CREATE TABLE domains (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    domain_name TEXT NOT NULL,
    -- the name as people read it (IDNs in Unicode), for search
    display_name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    expiration_date TEXT NOT NULL,
    auto_renew INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX domains_name ON domains (domain_name);
CREATE INDEX domains_expiration ON domains (expiration_date);
CREATE INDEX domains_status ON domains (status, domain_name);
CREATE INDEX domains_user ON domains (user_id, domain_name);

CREATE TABLE support_tickets (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    ticket_number TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    -- urgent 0, high 1, normal 2, low 3: queues sort most urgent first
    priority_rank INTEGER NOT NULL,
    assigned_to TEXT,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX support_tickets_queue ON support_tickets (status, priority_rank, created_at);
CREATE INDEX support_tickets_created ON support_tickets (created_at);
CREATE INDEX support_tickets_user ON support_tickets (user_id, created_at);

CREATE TABLE support_messages (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    ticket_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, created_at);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    is_read INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX notifications_unread ON notifications (is_read, created_at);

-- Full-text search, kept in step by triggers so a bootstrap builds the
-- index in the same pass as the rows. Domain names use trigrams (people
-- type any part of a name); prose uses words with prefix matching.
CREATE VIRTUAL TABLE domains_fts USING fts5(domain_name, display_name, content='domains', content_rowid='rowid', tokenize='trigram');
CREATE VIRTUAL TABLE users_fts USING fts5(email, full_name, company, content='users', content_rowid='rowid');
CREATE VIRTUAL TABLE tickets_fts USING fts5(ticket_number, subject, description, content='support_tickets', content_rowid='rowid');
CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='support_messages', content_rowid='rowid');

CREATE TRIGGER domains_fts_insert AFTER INSERT ON domains BEGIN
    INSERT INTO domains_fts (rowid, domain_name, display_name) VALUES (new.rowid, new.domain_name, new.display_name);
END;
CREATE TRIGGER domains_fts_delete AFTER DELETE ON domains BEGIN
    INSERT INTO domains_fts (domains_fts, rowid, domain_name, display_name) VALUES ('delete', old.rowid, old.domain_name, old.display_name);
END;
CREATE TRIGGER domains_fts_update AFTER UPDATE OF domain_name, display_name ON domains BEGIN
    INSERT INTO domains_fts (domains_fts, rowid, domain_name, display_name) VALUES ('delete', old.rowid, old.domain_name, old.display_name);
    INSERT INTO domains_fts (rowid, domain_name, display_name) VALUES (new.rowid, new.domain_name, new.display_name);
END;

CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, email, full_name, company) VALUES (new.rowid, new.email, new.full_name, new.company);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, email, full_name, company) VALUES ('delete', old.rowid, old.email, old.full_name, old.company);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF email, full_name, company ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, email, full_name, company) VALUES ('delete', old.rowid, old.email, old.full_name, old.company);
    INSERT INTO users_fts (rowid, email, full_name, company) VALUES (new.rowid, new.email, new.full_name, new.company);
END;

CREATE TRIGGER tickets_fts_insert AFTER INSERT ON support_tickets BEGIN
    INSERT INTO tickets_fts (rowid, ticket_number, subject, description) VALUES (new.rowid, new.ticket_number, new.subject, new.description);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON support_tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, ticket_number, subject, description) VALUES ('delete', old.rowid, old.ticket_number, old.subject, old.description);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF ticket_number, subject, description ON support_tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, ticket_number, subject, description) VALUES ('delete', old.rowid, old.ticket_number, old.subject, old.description);
    INSERT INTO tickets_fts (rowid, ticket_number, subject, description) VALUES (new.rowid, new.ticket_number, new.subject, new.description);
END;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON support_messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON support_messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON support_messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;

-- Edits waiting for the provider, in the order they were made. `id` is the
-- Idempotency-Key, so a push retried after a lost response applies once.
-- status: pending (to send), conflict (the provider's document moved on:
-- `theirs` holds it), failed (refused: `error` holds the provider's problem).
-- Nothing leaves this table except by being accepted or discarded by a person.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    theirs TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_doc ON outbox (collection, doc_id);

-- The provider's version of documents that have local edits on top.
CREATE TABLE shadows (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (collection, id)
) WITHOUT ROWID;
