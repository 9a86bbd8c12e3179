-- A reply or note being written, per ticket: it survives a restart, a lost
-- connection and someone else changing the ticket (it is not a document,
-- so no sync touches it). Posting a message on the ticket queues it in the
-- outbox; the trigger drops the draft in that same transaction.
CREATE TABLE reply_drafts (
    ticket_id TEXT PRIMARY KEY,
    message_type TEXT NOT NULL,
    content TEXT NOT NULL,
    minutes_spent INTEGER,
    updated_at TEXT NOT NULL
);

CREATE TRIGGER reply_drafts_posted AFTER INSERT ON outbox WHEN NEW.collection = 'supportMessages'
BEGIN
    DELETE FROM reply_drafts WHERE ticket_id = json_extract(NEW.operation, '$.draft.ticketId');
END;
