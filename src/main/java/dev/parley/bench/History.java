package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Scenario 4: read latency of the newest page and of a deep page of history through the HTTP API, at
 * {@code historyMessages} messages in one thread and as many again across {@code historyThreads}
 * threads. The data is bulk-loaded into SQLite before the server starts ({@link Seed}); reads
 * are sequential from one client, so the figure is the server's time plus one loopback round trip.
 */
final class History {
    static final int PAGE = 50;

    private History() {}

    static List<Result> run(Bench b) throws Exception {
        Plan p = b.plan();
        Path dir = Files.createTempDirectory("parley-bench-history-");
        long t0 = System.nanoTime();
        Seed.Seeded seeded = Seed.history(dir, p.historyMessages(), p.historyThreads());
        double seedSeconds = Latency.round((System.nanoTime() - t0) / 1e9);
        b.say("history: seeded %d + %d messages in %.1f s", seeded.bigMessages(),
                seeded.perSmallThread() * seeded.smallThreads().size(), seedSeconds);
        try (Target t = Target.start(b, "history-sqlite", null, dir, true)) {
            String token = t.token(seeded.reader());
            Random random = new Random(17);
            String big = "/v1/threads/" + seeded.bigThread() + "/messages?limit=" + PAGE;
            IntFunction<String> smallThread = i -> "/v1/threads/"
                    + seeded.smallThreads().get(random.nextInt(seeded.smallThreads().size())) + "/messages?limit=" + PAGE;
            long deepest = Math.max(PAGE + 1, seeded.bigMessages() / 2);
            List<Result> results = new ArrayList<>();
            results.add(measure(b, t, token, "history_one_thread_newest", i -> big));
            results.add(measure(b, t, token, "history_one_thread_deep",
                    i -> big + "&before=" + (PAGE + 1 + (long) (random.nextDouble() * (deepest - PAGE)))));
            results.add(measure(b, t, token, "history_" + p.historyThreads() + "_threads_newest", smallThread));
            results.add(measure(b, t, token, "history_" + p.historyThreads() + "_threads_deep",
                    i -> smallThread.apply(i) + "&before=" + Math.min(PAGE + 1, seeded.perSmallThread())));
            for (Result r : results) {
                r.put("database", "sqlite").put("messages", p.historyMessages())
                        .put("threads", r.name.contains("one_thread") ? 1 : p.historyThreads())
                        .put("page_size", PAGE).put("seed_s", seedSeconds);
                if (r.name.endsWith("_newest") && r.status.equals("ok")) {
                    r.target("newest page p99 <= 5 ms at 1M messages", r.number("p99_ms") <= 5.0);
                }
            }
            return results;
        }
    }

    private static Result measure(Bench b, Target t, String token, String name, IntFunction<String> path)
            throws Exception {
        int samples = b.plan().historySamples();
        for (int i = 0; i < Math.min(200, samples); i++) {
            t.rest.get(path.apply(i), token);
        }
        Latency latency = new Latency();
        for (int i = 0; i < samples; i++) {
            String url = path.apply(i);
            long start = System.nanoTime();
            t.rest.get(url, token);
            latency.recordNanos(System.nanoTime() - start);
        }
        b.say("%s: p99 %.2f ms over %d reads", name, latency.percentileMs(99), samples);
        return new Result(name).put("reads", samples).putAll(latency.figures(""));
    }
}
