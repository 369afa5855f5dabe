package dev.parley.server;

import java.util.function.LongSupplier;

/**
 * When this node's connections are closed to resume after events of other nodes were lost on the bus:
 * at once the first time, then no more often than a pause that doubles while losses keep coming
 * ({@link #MIN_PAUSE_MS} up to {@link #MAX_PAUSE_MS}) and starts over after {@link #CALM_MS} without
 * one. A loss inside the pause is not forgotten: the connections are closed when the pause ends. So a
 * broker that stays away while other nodes write does not make every client of the node reconnect and
 * replay every second; each still learns, within the pause, that it must resume.
 */
final class Resyncs {
    static final long MIN_PAUSE_MS = 1_000;
    static final long MAX_PAUSE_MS = 30_000;
    static final long CALM_MS = 60_000;

    /** Runs a task after a delay (a timer thread in the server, by hand in tests). */
    interface Scheduler {
        void schedule(long delayMs, Runnable task);
    }

    private final Runnable resync;
    private final LongSupplier clockMs;
    private final Scheduler scheduler;
    private long pauseMs = MIN_PAUSE_MS;
    /** No resync before this time (clock ms). */
    private long pausedUntil = Long.MIN_VALUE;
    private long lastLoss = Long.MIN_VALUE;
    /** A loss came during the pause: resync when it ends. */
    private boolean pending;

    /** @param resync closes the node's connections so that they resume */
    Resyncs(Runnable resync, LongSupplier clockMs, Scheduler scheduler) {
        this.resync = resync;
        this.clockMs = clockMs;
        this.scheduler = scheduler;
    }

    /** Events were lost: resync now, or when the pause ends. */
    synchronized void lost() {
        long now = clockMs.getAsLong();
        if (lastLoss != Long.MIN_VALUE && now - lastLoss >= CALM_MS) {
            pauseMs = MIN_PAUSE_MS;
        }
        lastLoss = now;
        if (now >= pausedUntil) {
            resyncNow(now);
        } else if (!pending) {
            pending = true;
            scheduler.schedule(pausedUntil - now, this::pauseEnded);
        }
    }

    private synchronized void pauseEnded() {
        if (pending) {
            pending = false;
            resyncNow(clockMs.getAsLong());
        }
    }

    private void resyncNow(long now) {
        pausedUntil = now + pauseMs;
        pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
        resync.run();
    }
}
