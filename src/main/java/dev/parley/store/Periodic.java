package dev.parley.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An upkeep task run in the background on a thread of its own, at a fixed delay between runs (the
 * store's, and the server's sweep of unattached uploads). A failing run is handed to {@code failed}
 * and the next run goes on.
 */
public final class Periodic implements AutoCloseable {
    private final ScheduledExecutorService timer;

    Periodic(String threadName, long periodMs, Runnable task, Consumer<RuntimeException> failed) {
        this(threadName, periodMs, periodMs, task, failed);
    }

    /** The first run after {@code firstMs}, then one every {@code periodMs} after the previous ended. */
    public Periodic(String threadName, long firstMs, long periodMs, Runnable task, Consumer<RuntimeException> failed) {
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> java.lang.Thread.ofPlatform().name(threadName).daemon().unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }, firstMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the runs, waiting a little for one under way. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }
}
