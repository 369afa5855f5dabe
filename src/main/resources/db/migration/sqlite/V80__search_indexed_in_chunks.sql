-- Full-text indexing on SQLite moves out of each message's insert: the writer indexes new messages in
-- chunks of hundreds (an FTS5 transaction costs about half as much per message at 256 rows as at 30,
-- docs/performance.md, session 4), and a search first brings the index up to date, so it still finds
-- every message committed before it.
--
-- 'search_indexed' is the key below which (inclusive) every message is in messages_fts. Keys are
-- handed out in commit order by the one writer, so indexed messages are always a prefix of the keys.
-- Existing messages were indexed by the old insert trigger.
INSERT INTO counters (name, value) SELECT 'search_indexed', COALESCE(MAX(key), 0) FROM messages;

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

-- An indexed message that changes or goes keeps the index in step, in the same transaction (FTS5's
-- external-content 'delete' needs the text exactly as it was indexed). One not indexed yet is left
-- alone: the indexer reads its text as it is when it gets there. The writer updates the
-- 'search_indexed' row before any later statement of its transaction runs.
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.text IS NOT NULL AND old.key <= (SELECT value FROM counters WHERE name = 'search_indexed')
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.key, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.key <= (SELECT value FROM counters WHERE name = 'search_indexed')
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.key, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts (rowid, text) SELECT new.key, new.text WHERE new.text IS NOT NULL;
END;
