-- Ticket and message search lists matches newest first (by rowid), never by
-- relevance, so nothing reads the per-document token counts FTS5 keeps for
-- bm25 ranking. Not keeping them (`columnsize=0`) takes 40 % off building
-- the message index, which a bootstrap does for 500k messages; snippets
-- count tokens on the fly for the few rows they show.
-- The triggers keeping these indexes current refer to them by name and stay.
DROP TABLE tickets_fts;
CREATE VIRTUAL TABLE tickets_fts USING fts5(ticket_number, subject, description, content='support_tickets', content_rowid='rowid', columnsize=0);
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='support_messages', content_rowid='rowid', columnsize=0);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
