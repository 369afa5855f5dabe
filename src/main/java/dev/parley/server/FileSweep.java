package dev.parley.server;

import dev.parley.core.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Files#sweepUnattached} in the background: a minute after start, then every quarter of
 * {@code PARLEY_UNATTACHED_FILE_HOURS} (at most hourly). Every node runs it; the removals go through the
 * store's one write path, so two nodes sweeping at once remove each file once.
 */
final class FileSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileSweep.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-file-sweep").daemon().factory());

    FileSweep(Files files, Duration unattachedFor, Clock clock) {
        long periodMinutes = Math.max(1, Math.min(60, unattachedFor.toMinutes() / 4));
        timer.scheduleWithFixedDelay(() -> {
            try {
                int removed = files.sweepUnattached(clock.instant().minus(unattachedFor));
                if (removed > 0) {
                    log.info("removed {} uploads no message carried for {} h", removed, unattachedFor.toHours());
                }
            } catch (RuntimeException e) {
                log.warn("the sweep of unattached uploads failed; it runs again in {} min: {}", periodMinutes,
                        e.getMessage());
            }
        }, 1, periodMinutes, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
