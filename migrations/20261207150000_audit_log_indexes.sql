-- The audit screen filters the log by who made a change and by the
-- collection changed, newest first. Audit events share the `documents`
-- table, whose columns say neither, so a filter matching few events had to
-- read the JSON of every event (0.8 s for 100,000). Both indexes are
-- partial, over audit events only: other documents pay nothing but the
-- WHERE check, and the expressions are exactly the ones the queries use
-- (crates/client/src/audit/trail.rs), as SQLite needs them to be. `id`
-- is named so each index yields events in the log's order (time, then
-- id) with no sort: left to the primary key's columns, which come after
-- `collection`, it would not.
CREATE INDEX documents_audit_actor ON documents (json_extract(body, '$.actor.userId'), sort_key, id) WHERE collection = 'auditEvents';
CREATE INDEX documents_audit_target ON documents (json_extract(body, '$.collection'), sort_key, id) WHERE collection = 'auditEvents';
