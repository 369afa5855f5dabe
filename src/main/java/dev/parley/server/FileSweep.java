package dev.parley.server;

import dev.parley.core.Files;
import dev.parley.store.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs {@link Files#sweepUnattached} and {@link Files#sweepUnreferencedBytes} in the background: a minute after start, then every quarter of
 * {@code PARLEY_UNATTACHED_FILE_HOURS} (at most hourly). Every node runs it; the removals go through the
 * store's one write path, so two nodes sweeping at once remove each file once.
 */
final class FileSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileSweep.class);

    private final Periodic periodic;

    FileSweep(Files files, Duration unattachedFor, Clock clock) {
        long periodMinutes = Math.max(1, Math.min(60, unattachedFor.toMinutes() / 4));
        periodic = new Periodic("parley-file-sweep", Duration.ofMinutes(1).toMillis(),
                Duration.ofMinutes(periodMinutes).toMillis(), () -> {
                    int removed = files.sweepUnattached(clock.instant().minus(unattachedFor));
                    if (removed > 0) {
                        log.info("removed {} uploads no message carried for {} h", removed, unattachedFor.toHours());
                    }
                    int bytes = files.sweepUnreferencedBytes(clock.instant().minus(unattachedFor));
                    if (bytes > 0) {
                        log.info("removed the bytes of {} uploads that were never catalogued", bytes);
                    }
                }, e -> log.warn("the sweep of unattached uploads failed; it runs again in {} min: {}", periodMinutes,
                        e.getMessage()));
    }

    @Override
    public void close() {
        periodic.close();
    }
}
