-- The audit trail and the history of DNS zones. Both are documents like any
-- other (the same common columns), so they reach the desktop through the
-- snapshot and the change feed with the visibility of what they are about.

-- One row per write of one document, written in the write's transaction.
-- `internal` marks events about staff-only documents (internal ticket
-- notes), which customers must never see.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    tenant_id TEXT,
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    actor_id TEXT,
    internal BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
-- A document's history (the History tabs), newest first.
CREATE INDEX audit_events_doc ON audit_events (doc_id, created_at);
-- The admin audit screen pages the whole log by time, filtered by actor.
CREATE INDEX audit_events_created ON audit_events (created_at, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, created_at);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, created_at);

-- One row per applied DNS plan, holding the whole zone as the plan left it.
-- `zone_version` counts up per domain; the unique index makes two plans
-- applied at once on one zone unable to take the same number.
CREATE TABLE zone_versions (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    tenant_id TEXT,
    domain_id TEXT NOT NULL,
    zone_version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX zone_versions_domain ON zone_versions (domain_id, zone_version);
CREATE INDEX zone_versions_tenant ON zone_versions (tenant_id, created_at);
