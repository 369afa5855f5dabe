package dev.parley.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big and how long each scenario runs. The full plan is the issue's; the quick plan keeps the
 * same shapes and loads with shorter measuring windows so that the whole run fits in 3 minutes; its one
 * smaller size is history, seeded with 200,000 messages instead of 1,000,000 (bulk-loading a million
 * rows with their indexes takes about a minute of CPU on our machine). Fan-out and history warm up
 * until the JIT has settled ({@link Jit}), for at most their {@code …WarmupLimit}; the quick
 * fan-out has no time for that (its limit is its warm-up), so its windows still hold some compiling.
 */
record Plan(boolean quick,
            int fanoutUsers, int fanoutThreadSize, double fanoutSendsPerUserPerS, Duration fanoutWarmup,
            Duration fanoutWarmupLimit,
            Duration fanoutDuration, Duration drain,
            List<Integer> writeSenders, Duration writeWarmup, Duration writeDuration,
            long historyMessages, int historyThreads, int historySamples, Duration historyWarmupLimit,
            int idleConnections,
            int kneeUsers, int kneePeers, List<Integer> kneeSteps, Duration kneeStep) {

    static Plan fullRun() {
        return new Plan(false, 1_000, 10, 4, Duration.ofSeconds(15), Duration.ofSeconds(45),
                Duration.ofSeconds(20), Duration.ofSeconds(5),
                List.of(1, 8, 64), Duration.ofSeconds(2), Duration.ofSeconds(10),
                1_000_000, 10_000, 2_000, Duration.ofSeconds(60),
                10_000,
                500, 8, List.of(250, 500, 1_000, 2_000, 4_000, 8_000), Duration.ofSeconds(10));
    }

    static Plan quickRun() {
        return new Plan(true, 1_000, 10, 4, Duration.ofSeconds(8), Duration.ofSeconds(8),
                Duration.ofSeconds(6), Duration.ofSeconds(3),
                List.of(1, 8, 64), Duration.ofSeconds(1), Duration.ofSeconds(3),
                200_000, 10_000, 300, Duration.ofSeconds(10),
                10_000,
                500, 8, List.of(250, 500, 1_000, 2_000, 4_000, 8_000), Duration.ofMillis(2_500));
    }
}
