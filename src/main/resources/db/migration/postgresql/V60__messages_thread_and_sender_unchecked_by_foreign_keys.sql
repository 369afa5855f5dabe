-- PostgreSQL checks a foreign key with one trigger query per inserted row (SELECT … FOR KEY SHARE on
-- the referenced row), which was the largest single cost of appending a message (about 17 µs of
-- server CPU per message of ~75, docs/performance.md "PostgreSQL write path (session 2)").
-- messages.thread_key and messages.sender_key need no such check: the writer, holding the global
-- write lock, reads the thread and the sender by id in the same transaction and writes the keys it
-- read, and threads and users are never deleted (docs/storage.md, "Integrity without foreign keys").
-- The rarer shared_user_key and reply_to_key keep theirs. SQLite keeps all of them (cheap there).
ALTER TABLE messages DROP CONSTRAINT messages_thread_key_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_sender_key_fkey;
