package dev.parley.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's group-commit figures of a Parley node over a measured window, from its {@code /metrics}
 * (docs/operations.md): how many batches committed, how many writes each held, how long their COMMIT
 * and their whole transaction took. Counts and sums are taken before and after the window, so the
 * means are the window's own; the p99s are Micrometer's rolling ones (the last minute or so).
 */
final class StoreFigures {
    private final Map<String, Double> before;

    StoreFigures(Map<String, Double> before) {
        this.before = before;
    }

    /** Reads the counters at the start of a window. */
    static StoreFigures start(Target t) throws IOException, InterruptedException {
        return new StoreFigures(scrape(t));
    }

    /** Adds the window's figures to {@code r}: {@code store_batches}, {@code store_writes_per_batch}, … */
    void finish(Target t, Result r) throws IOException, InterruptedException {
        finish(scrape(t), r);
    }

    void finish(Map<String, Double> after, Result r) {
        double batches = delta(after, "parley_store_batch_writes_count");
        if (batches <= 0) {
            return;
        }
        r.put("store_batches", (long) batches)
                .put("store_writes_per_batch", Latency.round(delta(after, "parley_store_batch_writes_sum") / batches))
                .put("store_commit_ms_mean", meanMs(after, "parley_store_commit_seconds", batches))
                .put("store_batch_ms_mean", meanMs(after, "parley_store_batch_seconds", batches))
                .put("store_queue_wait_ms_mean", meanMs(after, "parley_store_queue_wait_seconds", batches))
                .put("store_commit_p99_ms", p99Ms(after, "parley_store_commit_seconds"))
                .put("store_batch_p99_ms", p99Ms(after, "parley_store_batch_seconds"))
                .put("store_queue_wait_p99_ms", p99Ms(after, "parley_store_queue_wait_seconds"))
                .put("store_checkpoints", (long) delta(after, "parley_store_checkpoint_seconds_count"))
                .put("store_checkpoint_p99_ms", p99Ms(after, "parley_store_checkpoint_seconds"))
                .put("store_search_index_p99_ms", p99Ms(after, "parley_store_search_index_seconds"));
    }

    /** The window's mean of a per-batch timer, in milliseconds. */
    private double meanMs(Map<String, Double> after, String timer, double batches) {
        return Latency.round(delta(after, timer + "_sum") * 1e3 / batches);
    }

    /** A timer's rolling p99 at the window's end, in milliseconds. */
    private static double p99Ms(Map<String, Double> after, String timer) {
        return Latency.round(after.getOrDefault(timer + "{quantile=\"0.99\"}", 0.0) * 1e3);
    }

    private double delta(Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    /** The {@code parley_store_*} samples of the node's Prometheus text, by series (name and labels). */
    private static Map<String, Double> scrape(Target t) throws IOException, InterruptedException {
        return samples(t.rest.text("/metrics"));
    }

    static Map<String, Double> samples(String prometheusText) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("parley_store_")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
