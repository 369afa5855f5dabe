package dev.parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite only: keeps the write-ahead log from growing without bound.
 *
 * <p>SQLite starts its log over from the beginning only when a write transaction begins after a
 * checkpoint has copied every frame of the log back into the database. The background {@link
 * Checkpointer} copies most frames while the writer goes on, but under steady writes new frames
 * arrive during each of its runs, so it never copies them all and the log only grows: to gigabytes
 * within a minute of heavy writing, with every page lookup searching a longer log index and the
 * disk filling.
 *
 * <p>This runs on the writer thread between batches, where no frame can arrive: once a second a
 * PASSIVE checkpoint there copies what the background one left, so the next batch starts the log
 * over. It holds the writer while it copies those frames and syncs the database file, so it waits
 * for the first batch after a background pass has ended: then only the frames of the last few
 * batches are left to copy and to sync (the background passes sync the pages they copied, {@link
 * Checkpointer}). Run at any moment, it copied up to a tenth of a second of frames and held the
 * writer 3-9 ms once a second, a stall every fan-out trace showed (docs/performance.md, session
 * 14). Should no background pass end for {@link #LATEST_NANOS}, it runs anyway. The log then holds
 * at most about a second of writes. Once the writer has been idle for {@link
 * #IDLE_BEFORE_TRUNCATE_NANOS}, a TRUNCATE checkpoint also gives the log file's space back; not
 * sooner: the checkpoint holds the writer, and the log then grows again from nothing, every commit
 * extending the file until it has its size back. Truncated after every pause of a second, the first
 * second of sends after a pause had a p99 of 235–307 ms in the fan-out against 23–105 ms for the
 * others (docs/performance.md, session 7). Neither waits long for readers: a checkpoint that
 * readers hold up is tried again later.
 */
final class WalCheckpoints implements Writer.Upkeep {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpoints.class);
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    /** How long after the last one a checkpoint runs even with no background pass ended since. */
    private static final long LATEST_NANOS = TimeUnit.MILLISECONDS.toNanos(2_000);
    /** How long the writer must have been idle before the log is truncated. */
    private static final long IDLE_BEFORE_TRUNCATE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long an idle TRUNCATE waits for readers; the writer's usual busy timeout is restored after. */
    private static final int IDLE_BUSY_TIMEOUT_MS = 10;
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final LongSupplier backgroundPasses;
    private final LongSupplier nanoClock;
    /** The background passes counted at the last batch (writer thread only). */
    private long passesSeen;
    private long lastCheck;
    /** When the last batch ended (writer thread only). */
    private long lastBatch;
    /** Frames may have been added to the log since the last checkpoint that copied all of it. */
    private boolean pending;
    private volatile long complete;
    /** Hears how long each checkpoint held the writer (for metrics). */
    private volatile LongConsumer held = nanos -> { };

    /** @param backgroundPasses how many passes of the background checkpoint have ended so far */
    WalCheckpoints(LongSupplier backgroundPasses) {
        this(backgroundPasses, System::nanoTime);
    }

    WalCheckpoints(LongSupplier backgroundPasses, LongSupplier nanoClock) {
        this.backgroundPasses = backgroundPasses;
        this.nanoClock = nanoClock;
        this.lastCheck = nanoClock.getAsLong();
        this.lastBatch = lastCheck;
    }

    /** Tells {@code held} how long each checkpoint held the writer, from now on. */
    void observe(LongConsumer held) {
        this.held = held;
    }

    /** Checkpoints that copied the whole log (after which SQLite starts it over). */
    long complete() {
        return complete;
    }

    @Override
    public void afterBatch(Handle h) {
        pending = true;
        lastBatch = nanoClock.getAsLong();
        long passes = backgroundPasses.getAsLong();
        boolean passEnded = passes != passesSeen;
        passesSeen = passes;
        long since = lastBatch - lastCheck;
        if (since >= PERIOD_NANOS && (passEnded || since >= LATEST_NANOS)) {
            checkpoint(h, "PASSIVE");
        }
    }

    @Override
    public void idle(Handle h) {
        long now = nanoClock.getAsLong();
        if (pending && now - lastBatch >= IDLE_BEFORE_TRUNCATE_NANOS && now - lastCheck >= PERIOD_NANOS) {
            try (Statement s = h.getConnection().createStatement()) {
                s.execute("PRAGMA busy_timeout = " + IDLE_BUSY_TIMEOUT_MS);
                try {
                    checkpoint(h, "TRUNCATE");
                } finally {
                    s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                }
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }
    }

    private void checkpoint(Handle h, String mode) {
        lastCheck = nanoClock.getAsLong();
        long began = System.nanoTime();
        try {
            copy(h, mode);
        } finally {
            try {
                held.accept(System.nanoTime() - began);
            } catch (RuntimeException e) {
                log.warn("checkpoint observer failed: {}", e.toString());
            }
        }
    }

    private void copy(Handle h, String mode) {
        try (Statement s = h.getConnection().createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            if (!rs.next()) {
                return;
            }
            int busy = rs.getInt(1);
            long frames = rs.getLong(2);
            long copied = rs.getLong(3);
            if (busy == 0 && frames == copied) {
                pending = false;
                complete++;
            } else if (log.isDebugEnabled()) {
                log.debug("{} checkpoint held up by readers: {} of {} log frames copied", mode, copied, frames);
            }
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }
}
