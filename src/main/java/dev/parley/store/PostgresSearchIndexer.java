package dev.parley.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL only: puts committed messages into the full-text index ({@code message_search}) in the
 * background, from a reader connection, in chunks, while the writer goes on (migration {@code V100}).
 * Under the global write lock, indexing each message as it was inserted cost a quarter of a batch's
 * time there (docs/performance.md, session 12).
 *
 * <p>{@code search_progress.indexed} is the key up to which every message has its row. One statement
 * reads it (locking it, so indexers on several nodes take turns), indexes the next chunk of messages
 * and moves it to the last key indexed, all in one snapshot: committed keys are a prefix of the keys
 * (the writer hands them out under the global write lock, in commit order), so no message below the
 * new mark can be missing. Rows an edit wrote first are left as they are ({@code ON CONFLICT DO
 * NOTHING}; see the migration's trigger). A search reads the messages after the mark directly, so it
 * never waits for this.
 */
final class PostgresSearchIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresSearchIndexer.class);
    /** Messages per statement: big enough that a burst is caught up in a few runs, small enough to keep each short. */
    static final int CHUNK = 2_048;
    /** Chunks per run at most, so one run ends and the next starts on a fresh connection from the pool. */
    private static final int CHUNKS_PER_RUN = 16;
    private static final long PERIOD_MS = 100;

    private static final String INDEX_NEXT_CHUNK = "WITH progress AS (SELECT indexed FROM search_progress FOR UPDATE), "
            + "chunk AS (SELECT m.key, m.text FROM messages m, progress p "
            + "WHERE m.key > p.indexed ORDER BY m.key LIMIT :chunk), "
            + "indexed AS (INSERT INTO message_search (message_key, tsv) "
            + "SELECT key, to_tsvector('simple', coalesce(text, '')) FROM chunk ON CONFLICT (message_key) DO NOTHING) "
            + "UPDATE search_progress SET indexed = (SELECT MAX(key) FROM chunk) "
            + "WHERE EXISTS (SELECT 1 FROM chunk) RETURNING (SELECT COUNT(*) FROM chunk)";

    private final Periodic periodic;
    /** Whether a failure was logged as a warning already: one is, the rest at debug level (its thread only). */
    private boolean warned;

    PostgresSearchIndexer(Jdbi reader) {
        periodic = new Periodic("parley-search-indexer", PERIOD_MS, () -> run(reader), this::failed);
    }

    private static void run(Jdbi reader) {
        reader.useHandle(h -> {
            for (int i = 0; i < CHUNKS_PER_RUN && indexNextChunk(h, CHUNK) == CHUNK; i++) {
                // A full chunk: more may wait.
            }
        });
    }

    /**
     * Indexes the next {@code chunk} messages after the mark (at most) and moves the mark to the last of them.
     * Returns how many messages it indexed (0: none was waiting). Runs in its own transaction (autocommit).
     */
    static int indexNextChunk(Handle h, int chunk) {
        return h.createQuery(INDEX_NEXT_CHUNK).bind("chunk", chunk).mapTo(Long.class).findOne().orElse(0L).intValue();
    }

    private void failed(RuntimeException e) {
        if (warned) {
            log.debug("indexing messages for search failed; the next run tries again", e);
            return;
        }
        warned = true;
        log.warn("indexing messages for search failed (searches still find them, reading the messages not yet "
                + "indexed one by one); trying again every {} ms: {}", PERIOD_MS, e.toString());
    }

    @Override
    public void close() {
        periodic.close();
    }
}
