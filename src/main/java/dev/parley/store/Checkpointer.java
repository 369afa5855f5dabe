package dev.parley.store;

import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite only: copies the write-ahead log back into the database file from a reader connection, in
 * the background, instead of letting a commit of the writer do it (SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses the threshold, and with synchronous=FULL it fsyncs the database file
 * there). A PASSIVE checkpoint never blocks the writer nor readers.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final long PERIOD_MS = 100;

    private final Periodic periodic;
    private final AtomicLong passes = new AtomicLong();

    Checkpointer(Jdbi reader) {
        periodic = new Periodic("parley-sqlite-checkpoint", PERIOD_MS,
                () -> {
                    reader.useHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().list());
                    passes.incrementAndGet();
                },
                e -> log.debug("background checkpoint failed; the next one tries again", e));
    }

    /** Passes that ran to their end; {@link WalCheckpoints} times the writer's own pass after one. */
    long passes() {
        return passes.get();
    }

    @Override
    public void close() {
        periodic.close();
    }
}
