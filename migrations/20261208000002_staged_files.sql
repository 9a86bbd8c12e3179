-- Files put aside for a message (copied into the workspace's
-- `files/outgoing/<id>`, so the original may go). A row waits with no
-- `message_id` while the composer holds it; a queued message names it
-- (`message_id`), the push uploads it before the message (`uploaded_at`),
-- and once the message is sent or discarded the row goes (the file moves
-- to `files/<id>/<filename>` or is deleted).
CREATE TABLE staged_files (
    id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    mime_type TEXT NOT NULL,
    message_id TEXT,
    uploaded_at TEXT,
    staged_at TEXT NOT NULL
);
CREATE INDEX staged_files_message ON staged_files (message_id);

-- A queued message claims the staged files it names, in the transaction
-- that queues it.
CREATE TRIGGER staged_files_claimed AFTER INSERT ON outbox WHEN NEW.collection = 'supportMessages'
BEGIN
    UPDATE staged_files SET message_id = NEW.doc_id
    WHERE message_id IS NULL AND id IN (SELECT value FROM json_each(json_extract(NEW.operation, '$.draft.attachments')));
END;
