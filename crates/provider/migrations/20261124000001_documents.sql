-- One body of SQL that SQLite and PostgreSQL (and PostgreSQL-compatible
-- distributed engines) all accept: TEXT and BIGINT only, no engine-specific
-- types, no autoincrement. Booleans are BIGINT 0/1 so one decoder serves both.
--
-- Every collection table holds the whole document as JSON in `body` (what
-- the API returns, byte for byte) and copies out as columns only what is
-- filtered, sorted, joined or constrained. `owner_id` is the account the
-- document belongs to; visibility is decided from it alone (see scope.rs).
-- Times are RFC 3339 UTC text of fixed width, which sorts like the instant.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    -- lowercased, so sign-in and uniqueness ignore case
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    reseller_id TEXT,
    is_active BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_reseller ON users (reseller_id);

-- The plan's secret user fields, kept apart from the document so no query
-- that serves documents can ever select them. Tokens are stored hashed.
CREATE TABLE user_secrets (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    password_hash TEXT NOT NULL,
    two_factor_secret TEXT,
    -- a secret enrolled but not yet confirmed with a first code
    two_factor_pending_secret TEXT,
    email_verification_token TEXT,
    email_verification_expires TEXT,
    password_reset_token TEXT,
    password_reset_expires TEXT,
    failed_sign_ins BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE INDEX user_secrets_verification ON user_secrets (email_verification_token);
CREATE INDEX user_secrets_reset ON user_secrets (password_reset_token);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- Session and API tokens: only a SHA-256 of the token is kept, so a leaked
-- database does not hand out sessions.
CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT,
    last_used_at TEXT
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

CREATE TABLE domains (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    domain_name TEXT NOT NULL,
    status TEXT NOT NULL,
    expiration_date TEXT NOT NULL,
    auto_renew BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX domains_name ON domains (domain_name);
CREATE INDEX domains_owner ON domains (owner_id, domain_name);
CREATE INDEX domains_expiration ON domains (expiration_date);
CREATE INDEX domains_status ON domains (status);

CREATE TABLE dns_records (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    domain_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX dns_records_domain ON dns_records (domain_id, type, name);
CREATE INDEX dns_records_owner ON dns_records (owner_id);

CREATE TABLE email_forwardings (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    domain_id TEXT NOT NULL,
    from_email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
-- the plan: fromEmail is unique per domain
CREATE UNIQUE INDEX email_forwardings_from ON email_forwardings (domain_id, from_email);
CREATE INDEX email_forwardings_owner ON email_forwardings (owner_id);

CREATE TABLE domain_transfers (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    domain_id TEXT NOT NULL,
    status TEXT NOT NULL,
    -- the EPP auth code: secret, never in body, revealed only by an audited call
    auth_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX domain_transfers_domain ON domain_transfers (domain_id);
CREATE INDEX domain_transfers_status ON domain_transfers (status, created_at);
CREATE INDEX domain_transfers_owner ON domain_transfers (owner_id);

CREATE TABLE domain_orders (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    order_number TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX domain_orders_number ON domain_orders (order_number);
CREATE INDEX domain_orders_owner ON domain_orders (owner_id);

CREATE TABLE payment_methods (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX payment_methods_owner ON payment_methods (owner_id);

CREATE TABLE hosting_packages (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    status TEXT NOT NULL,
    next_billing_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX hosting_packages_owner ON hosting_packages (owner_id);
CREATE INDEX hosting_packages_status ON hosting_packages (status);
CREATE INDEX hosting_packages_billing ON hosting_packages (next_billing_date);

CREATE TABLE hosting_projects (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    hosting_package_id TEXT NOT NULL,
    repository_url TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX hosting_projects_package ON hosting_projects (hosting_package_id);
CREATE INDEX hosting_projects_owner ON hosting_projects (owner_id);
CREATE INDEX hosting_projects_repository ON hosting_projects (repository_url);

-- Values of secret environment variables; the document holds null for them.
CREATE TABLE project_secrets (
    project_id TEXT NOT NULL REFERENCES hosting_projects (id),
    key TEXT NOT NULL,
    environment TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (project_id, key, environment)
);

CREATE TABLE deployments (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    status TEXT NOT NULL,
    environment TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX deployments_project ON deployments (project_id, created_at);
CREATE INDEX deployments_status ON deployments (status);
CREATE INDEX deployments_environment ON deployments (environment);
CREATE INDEX deployments_owner ON deployments (owner_id);

CREATE TABLE support_packages (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    status TEXT NOT NULL,
    next_billing_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX support_packages_owner ON support_packages (owner_id);
CREATE INDEX support_packages_status ON support_packages (status);
CREATE INDEX support_packages_billing ON support_packages (next_billing_date);

CREATE TABLE support_tickets (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    support_package_id TEXT,
    ticket_number TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX support_tickets_number ON support_tickets (ticket_number);
CREATE INDEX support_tickets_owner ON support_tickets (owner_id);
CREATE INDEX support_tickets_package ON support_tickets (support_package_id);
CREATE INDEX support_tickets_queue ON support_tickets (status, priority);
CREATE INDEX support_tickets_created ON support_tickets (created_at);

CREATE TABLE support_messages (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    -- the ticket's customer: messages are seen by whoever sees the ticket
    owner_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    author_id TEXT,
    -- 1 for internal notes, which customers never see
    internal BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, created_at);
CREATE INDEX support_messages_author ON support_messages (author_id);
CREATE INDEX support_messages_owner ON support_messages (owner_id);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    is_read BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX notifications_owner ON notifications (owner_id, created_at);
