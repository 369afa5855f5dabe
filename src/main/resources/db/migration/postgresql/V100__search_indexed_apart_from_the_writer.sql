-- Full-text search on PostgreSQL moves out of the writer's transactions. The generated tsvector column
-- and its GIN index made every message's insert compute its words and add them to the index under the
-- global write lock: 21 µs of PostgreSQL's CPU per message, a quarter of the time a batch holds the
-- lock (docs/performance.md, session 12). The words now live in message_search, which a background
-- indexer on a reader connection fills in chunks (PostgresSearchIndexer), beside the writer, not in its
-- way. A search reads message_search up to search_progress.indexed and the messages after it directly,
-- so it still finds every message committed before it began.
--
-- search_progress.indexed: every message with a key up to it has its row in message_search. Keys are
-- handed out under the global write lock in commit order, so the committed messages are always a
-- prefix of the keys. It is a table of its own, not a row of counters: every write transaction locks
-- every counter, and the indexer must not wait for the writer nor hold it up.
CREATE TABLE message_search (
    message_key BIGINT PRIMARY KEY REFERENCES messages (key) ON DELETE CASCADE,
    tsv         tsvector NOT NULL
);
CREATE TABLE search_progress (
    indexed BIGINT NOT NULL
);

INSERT INTO message_search (message_key, tsv) SELECT key, tsv FROM messages;
INSERT INTO search_progress (indexed) SELECT COALESCE(MAX(key), 0) FROM messages;
CREATE INDEX message_search_tsv ON message_search USING GIN (tsv);

DROP INDEX messages_tsv;
ALTER TABLE messages DROP COLUMN tsv;

-- An edited message (a delete clears its text) writes its own row, whether or not the indexer has been
-- there: inserted if missing, replaced if present. The indexer only inserts what is missing (ON CONFLICT
-- DO NOTHING), so whichever of the two comes second, the row ends up with the text as edited: the
-- indexer's insert waits for an edit's uncommitted row and then leaves it, and an edit waits for the
-- indexer's uncommitted row and then overwrites it.
CREATE FUNCTION message_search_follow_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO message_search (message_key, tsv)
    VALUES (NEW.key, to_tsvector('simple', coalesce(NEW.text, '')))
    ON CONFLICT (message_key) DO UPDATE SET tsv = EXCLUDED.tsv;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_search_follow_edit AFTER UPDATE OF text ON messages
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION message_search_follow_edit();
