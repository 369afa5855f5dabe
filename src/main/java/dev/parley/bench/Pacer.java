package dev.parley.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.Future;

import java.util.function.LongConsumer;

/**
 * Open-loop load: calls {@code send} at a fixed overall rate for a fixed time, on a 5 ms tick that
 * catches up on what is due, so a slow server never slows the offered load (no coordinated
 * omission). The argument is the running count of sends, which callers map to a sender.
 */
final class Pacer {
    private Pacer() {}

    /** Completes with the number of sends made. */
    static Future<Long> run(Vertx vertx, double perSecond, long durationNanos, LongConsumer send) {
        Promise<Long> done = Promise.promise();
        long start = System.nanoTime();
        long[] sent = {0};
        vertx.setPeriodic(0, 5, id -> {
            long now = System.nanoTime();
            long elapsed = Math.min(now - start, durationNanos);
            long due = (long) (elapsed / 1e9 * perSecond);
            while (sent[0] < due) {
                send.accept(sent[0]++);
            }
            if (now - start >= durationNanos) {
                vertx.cancelTimer(id);
                done.complete(sent[0]);
            }
        });
        return done.future();
    }
}
