-- A message keeps the cursor of its message.created event itself, and that event no longer gets a row
-- in events: each event row cost the writer an entry in events_by_thread, a B-tree leaf of its own
-- thread per message (about 10 of the ~35 pages a batch writes to SQLite's log; docs/performance.md,
-- session 10). Replay reads created events from messages through (thread_key, seq): within a thread,
-- cursors grow with seq, as the one writer hands out both in commit order.
--
-- Messages written before this migration keep cursor NULL and their event rows; they are all older,
-- in their thread, than every message with a cursor.
ALTER TABLE messages ADD COLUMN cursor BIGINT;
