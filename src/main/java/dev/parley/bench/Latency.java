package dev.parley.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A latency distribution in microseconds, recorded from any thread (HdrHistogram, 3 significant
 * digits). Reported as percentiles in milliseconds, never as an average.
 */
final class Latency {
    private final Histogram histogram = new ConcurrentHistogram(3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, nanos / 1_000));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** {@code <prefix>p50_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms} (empty when nothing was recorded). */
    Map<String, Object> figures(String prefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (count() == 0) {
            return m;
        }
        m.put(prefix + "p50_ms", round(percentileMs(50)));
        m.put(prefix + "p99_ms", round(percentileMs(99)));
        m.put(prefix + "p999_ms", round(percentileMs(99.9)));
        m.put(prefix + "max_ms", round(histogram.getMaxValue() / 1_000.0));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1_000) / 1_000.0;
    }
}
