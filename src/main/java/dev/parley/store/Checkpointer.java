package dev.parley.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite only: copies the write-ahead log back into the database file from a reader connection, in
 * the background, instead of letting a commit of the writer do it (SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses the threshold, and with synchronous=FULL it fsyncs the database file
 * there). A PASSIVE checkpoint never blocks the writer nor readers.
 *
 * <p>A pass that copied frames then syncs the database file itself ({@code fdatasync}). SQLite syncs
 * it only after a pass that copied the whole log, which under steady writes a background pass never
 * does: the copied pages stayed unsynced until the writer's own checkpoint ({@link WalCheckpoints}),
 * whose sync then wrote a second's worth of them while it held the writer (5-9 ms once a second,
 * docs/performance.md, session 15). Syncing more often than SQLite would changes no guarantee.
 *
 * <p>The file is synced through a descriptor of its own, open until {@link #closeFile}, which must
 * come after every SQLite connection to the file is closed: closing any descriptor of a file drops
 * the POSIX locks the process holds on it, SQLite's included.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final long PERIOD_MS = 100;

    private final Jdbi reader;
    private final Periodic periodic;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    /**
     * The database file's descriptor, opened at the first pass; null before, for an in-memory database,
     * and when it could not be opened.
     */
    private FileChannel file;
    private boolean resolved;
    /** The log's frames and frames copied at the last sync (the pass thread only). */
    private long syncedLog = -1;
    private long syncedCopied = -1;

    Checkpointer(Jdbi reader) {
        this(reader, PERIOD_MS);
    }

    /** @param periodMs between the end of one pass and the start of the next */
    Checkpointer(Jdbi reader, long periodMs) {
        this.reader = reader;
        periodic = new Periodic("parley-sqlite-checkpoint", periodMs, this::pass,
                e -> log.debug("background checkpoint failed; the next one tries again", e));
    }

    /**
     * One pass: copies what it can of the log, then syncs the file unless the pass's figures are the last
     * synced pass's (nothing copied since, as far as they tell; durability never rests on this sync, but
     * on SQLite's own before the log starts over).
     */
    private synchronized void pass() {
        long[] figures = reader.withHandle(h -> {
            if (!resolved) {
                resolved = true;
                file = open(databaseFile(h));
            }
            Map<String, Object> result = h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().one();
            return new long[] {((Number) result.get("log")).longValue(),
                    ((Number) result.get("checkpointed")).longValue()};
        });
        long frames = figures[0];
        long copied = figures[1];
        // After the reader connection went back to the pool: a sync may take a while.
        if (file != null && copied > 0 && (frames != syncedLog || copied != syncedCopied)) {
            try {
                file.force(false);
                syncs.incrementAndGet();
                syncedLog = frames;
                syncedCopied = copied;
            } catch (IOException e) {
                // The disk's trouble: SQLite's own sync of the file sees the same error before the log
                // may start over, so nothing is lost by going on.
                log.error("syncing the database file after a checkpoint failed", e);
            }
        }
        passes.incrementAndGet();
    }

    /** The main database's file name; empty for an in-memory database. */
    private static String databaseFile(Handle h) {
        return h.createQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .mapTo(String.class).findOne().orElse("");
    }

    /**
     * A descriptor to sync the file through, or null: for an in-memory database, or when it cannot be
     * opened (then only SQLite syncs the file, at its own moments, and the checkpoints go on).
     */
    private static FileChannel open(String name) {
        if (name.isEmpty()) {
            return null;
        }
        try {
            return FileChannel.open(Path.of(name), StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot open the database file {} to sync it after checkpoints; SQLite syncs it alone", name, e);
            return null;
        }
    }

    /** Passes that ran to their end; {@link WalCheckpoints} times the writer's own pass after one. */
    long passes() {
        return passes.get();
    }

    /** Syncs of the database file made by the passes. */
    long syncs() {
        return syncs.get();
    }

    /** Stops the passes; the file stays open until {@link #closeFile}. */
    @Override
    public void close() {
        periodic.close();
    }

    /** Closes the file's descriptor: only once no SQLite connection to it is open (see the class comment). */
    synchronized void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.debug("closing the database file's sync descriptor failed", e);
            }
            file = null;
        }
    }
}
