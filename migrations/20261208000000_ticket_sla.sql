-- What the support desk's queue views need beside the ticket's body: its
-- category (a filter), its first staff reply (the first-response clock
-- runs while there is none and the ticket is open or in progress) and the
-- support package whose guarantee sets the clock's allowance.
ALTER TABLE support_tickets ADD COLUMN category TEXT NOT NULL DEFAULT 'general';
ALTER TABLE support_tickets ADD COLUMN first_response_at TEXT;
ALTER TABLE support_tickets ADD COLUMN support_package_id TEXT;

UPDATE support_tickets SET
    category = COALESCE(json_extract(body, '$.category'), 'general'),
    first_response_at = json_extract(body, '$.firstResponseAt'),
    support_package_id = json_extract(body, '$.supportPackageId');

-- The tickets whose clock runs, soonest opened first: the breaching view
-- and the SLA sort read only these.
CREATE INDEX support_tickets_awaiting ON support_tickets (created_at)
    WHERE first_response_at IS NULL AND status IN ('open', 'in_progress');
CREATE INDEX support_tickets_category ON support_tickets (category, status);
