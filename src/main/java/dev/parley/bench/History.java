package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Scenario 4: read latency of the newest page and of a deep page of history through the HTTP API, at
 * {@code historyMessages} messages in one thread and as many again across {@code historyThreads}
 * threads. The data is bulk-loaded into SQLite before the server starts ({@link Seed}); reads
 * are sequential from one client ({@link PlainGet}), so the figure is the server's time plus one loopback
 * round trip.
 */
final class History {
    static final int PAGE = 50;
    static final Duration WARM_UP = Duration.ofSeconds(3);
    static final int WARM_UP_READS = 2_000;
    /** How the reads are made ({@link PlainGet}), as the results say. */
    static final String CLIENT = "HttpURLConnection: HTTP/1.1, kept alive, on the measuring thread";

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
            PlainGet http = new PlainGet(t.node.port());
            String token = t.token(seeded.reader());
            Random random = new Random(17);
            String big = "/v1/threads/" + seeded.bigThread() + "/messages?limit=" + PAGE;
            IntFunction<String> smallThread = i -> "/v1/threads/"
                    + seeded.smallThreads().get(random.nextInt(seeded.smallThreads().size())) + "/messages?limit=" + PAGE;
            long deepest = Math.max(PAGE + 1, seeded.bigMessages() / 2);
            IntFunction<String> bigDeep = i -> big + "&before=" + (PAGE + 1 + (long) (random.nextDouble() * (deepest - PAGE)));
            IntFunction<String> smallDeep = i -> smallThread.apply(i) + "&before=" + Math.min(PAGE + 1, seeded.perSmallThread());
            List<IntFunction<String>> all = List.of(i -> big, bigDeep, smallThread, smallDeep);
            warmUp(b, t, http, token, all);
            List<Result> results = new ArrayList<>();
            results.add(measure(b, http, token, "history_one_thread_newest", all.get(0)));
            results.add(measure(b, http, token, "history_one_thread_deep", all.get(1)));
            results.add(measure(b, http, token, "history_" + p.historyThreads() + "_threads_newest", all.get(2)));
            results.add(measure(b, http, token, "history_" + p.historyThreads() + "_threads_deep", all.get(3)));
            for (Result r : results) {
                r.put("database", "sqlite").put("messages", p.historyMessages())
                        .put("threads", r.name.contains("one_thread") ? 1 : p.historyThreads())
                        .put("page_size", PAGE).put("seed_s", seedSeconds).put("client", CLIENT);
                if (r.name.endsWith("_newest") && r.status.equals("ok")) {
                    r.target("newest page p99 <= 5 ms at 1M messages", r.number("p99_ms") <= 5.0);
                }
            }
            return results;
        }
    }

    /**
     * Reads all four kinds of page in turn until the JIT compilers of both the server and this client
     * have gone quiet: at least {@link #WARM_UP_READS} reads and {@link #WARM_UP}, then on until a
     * second of reads costs the two processes' compiler threads less than {@link Jit#QUIET_MS} of CPU
     * (at most the plan's {@code historyWarmupLimit}: a minute, 10 s in a quick run). The JIT's second
     * tier compiles the per-request code after about ten thousand calls and a read takes about a
     * millisecond, so a fixed 2,000-read warm-up left
     * C2 compiling (and replacing code) through the measured reads: p99 8–9 ms instead of 4–5
     * (docs/performance.md, "History read path").
     */
    private static void warmUp(Bench b, Target t, PlainGet http, String token, List<IntFunction<String>> paths)
            throws Exception {
        long start = System.nanoTime();
        long end = start + WARM_UP.toNanos();
        long limit = start + b.plan().historyWarmupLimit().toNanos();
        Jit jit = new Jit(t.node.pid());
        int reads = 0;
        long windowStart = System.nanoTime();
        long jitLastSecond = Long.MAX_VALUE;
        while (System.nanoTime() < limit) {
            http.get(paths.get(reads % paths.size()).apply(reads), token);
            reads++;
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                jitLastSecond = jit.sinceLast();
                windowStart = now;
                if (reads >= WARM_UP_READS && now >= end && jitLastSecond < Jit.QUIET_MS) {
                    break;
                }
            }
        }
        b.say("history: warmed up with %d reads in %.1f s (JIT CPU in the last second: %d ms)", reads,
                (System.nanoTime() - start) / 1e9, jitLastSecond);
    }

    private static Result measure(Bench b, PlainGet http, String token, String name, IntFunction<String> path)
            throws Exception {
        int samples = b.plan().historySamples();
        for (int i = 0; i < Math.min(200, samples); i++) {
            http.get(path.apply(i), token);
        }
        Latency latency = new Latency();
        ProcFs.MachineCpu machineBefore = ProcFs.machineCpu();
        for (int i = 0; i < samples; i++) {
            String url = path.apply(i);
            long start = System.nanoTime();
            http.get(url, token);
            latency.recordNanos(System.nanoTime() - start);
        }
        b.say("%s: p99 %.2f ms over %d reads", name, latency.percentileMs(99), samples);
        return new Result(name).put("reads", samples).putAll(latency.figures(""))
                .putAll(ProcFs.machineCpu().since(machineBefore));
    }
}
