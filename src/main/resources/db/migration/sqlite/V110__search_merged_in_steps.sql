-- FTS5's automatic merging off: the writer merges the index's segments a few pages per chunk it
-- indexes (store.SearchIndexer), instead of FTS5 merging 64 pages per level at once every 64 leaf
-- pages written, which held a batch 15-25 ms (docs/performance.md, session 14).
INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);
