-- A status filter sorted by expiration date (the renewal screens' most
-- common page) had no index serving both, so SQLite read every domain of the
-- status and sorted them. This index serves it directly; it replaces a
-- query-time rule that guessed which of two indexes to walk.
CREATE INDEX domains_status_expiration ON domains (status, expiration_date);
