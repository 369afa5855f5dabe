-- Full-text search on SQLite: an FTS5 index over messages.text (external content: the text is
-- stored once, in messages), kept in sync by triggers inside each write transaction.
CREATE VIRTUAL TABLE messages_fts USING fts5(text, content = 'messages', content_rowid = 'key');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL
BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.key, new.text);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text IS NOT NULL
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.key, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.key, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts (rowid, text) SELECT new.key, new.text WHERE new.text IS NOT NULL;
END;
