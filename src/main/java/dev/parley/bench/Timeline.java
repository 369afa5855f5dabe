package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A run's latencies by the second in which each message was sent, so a report shows whether a tail
 * is steady, a transient after a rate change, or one stall. Seconds past {@link #MAX_SECONDS} count
 * in the last one.
 */
final class Timeline {
    static final int MAX_SECONDS = 120;

    private final long startNanos;
    private final AtomicReferenceArray<Latency> seconds = new AtomicReferenceArray<>(MAX_SECONDS);

    Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    void record(long sendNanos, long latencyNanos) {
        int second = (int) Math.clamp((sendNanos - startNanos) / 1_000_000_000L, 0, MAX_SECONDS - 1);
        Latency l = seconds.get(second);
        if (l == null) {
            seconds.compareAndSet(second, null, new Latency());
            l = seconds.get(second);
        }
        l.recordNanos(latencyNanos);
    }

    /** The percentile of each second up to the last with a figure, in ms (null for a second with none). */
    List<Double> percentileMs(double percentile) {
        int last = -1;
        for (int i = 0; i < MAX_SECONDS; i++) {
            if (seconds.get(i) != null) {
                last = i;
            }
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            Latency l = seconds.get(i);
            out.add(l == null ? null : Latency.round(l.percentileMs(percentile)));
        }
        return out;
    }
}
