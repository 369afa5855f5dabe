package dev.parley.store;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL only: moves the search index's pending entries into the index in the background, from a
 * reader connection. GIN's fast update appends each new message's words to a pending list, and the
 * insert that takes that list past {@code gin_pending_list_limit} (4 MB by default) merges all of it
 * into the index inside its own statement: in the writer's transaction, under the global write lock,
 * where it held up every send for 130–280 ms every few seconds in the direct-message knee
 * (docs/performance.md, session 7). Cleaned once a second from here, the list stays far below the
 * limit, and an insert that finds a clean-up under way goes on without waiting for it (GIN only tries
 * the clean-up lock).
 */
final class PendingListCleaner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingListCleaner.class);
    private static final long PERIOD_MS = 1_000;

    private final Periodic periodic;
    /** Whether a failure was logged as a warning already: one is, the rest at debug level (its thread only). */
    private boolean warned;

    PendingListCleaner(Jdbi reader) {
        periodic = new Periodic("parley-search-upkeep", PERIOD_MS, () -> clean(reader), this::failed);
    }

    /** Moves the pending entries into the index now; returns the pages it emptied. */
    private static long clean(Jdbi reader) {
        return reader.withHandle(h -> h.createQuery("SELECT gin_clean_pending_list('messages_tsv'::regclass)")
                .mapTo(Long.class).one());
    }

    private void failed(RuntimeException e) {
        if (warned) {
            log.debug("cleaning the search index's pending list failed; the next run tries again", e);
            return;
        }
        warned = true;
        log.warn("cleaning the search index's pending list failed (inserts then merge it under the write lock; "
                + "the database user must own messages_tsv); trying again every second: {}", e.toString());
    }

    @Override
    public void close() {
        periodic.close();
    }
}
