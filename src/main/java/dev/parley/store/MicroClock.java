package dev.parley.store;

import java.time.Instant;

/**
 * Wall-clock time in epoch microseconds (the precision the schema keeps), strictly increasing within
 * this store instance, so that rows written in one batch (members joining, messages sent) keep the
 * order they were written in.
 */
final class MicroClock {
    private long last;

    synchronized long next() {
        Instant now = Instant.now();
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        last = Math.max(micros, last + 1);
        return last;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
