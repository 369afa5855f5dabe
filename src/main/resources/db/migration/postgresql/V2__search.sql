-- Full-text search on PostgreSQL: a generated tsvector over messages.text with a GIN index. The
-- 'simple' configuration neither stems nor drops stop words, like SQLite's FTS5 default tokenizer.
ALTER TABLE messages ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED;
CREATE INDEX messages_tsv ON messages USING GIN (tsv);
