package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What one run of load produced: counts, the two latency distributions, the first error seen. */
final class Tally {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Sockets the server closed while this run's load went on (each also counts as an error). */
    final LongAdder closed = new LongAdder();
    /** The close code and reason of the first of them. */
    final AtomicReference<String> firstClose = new AtomicReference<>();
    /** Acks of a send that wrote nothing new (a repeated client id): must stay 0. */
    final LongAdder duplicates = new LongAdder();
    final Latency endToEnd = new Latency();
    final Latency ack = new Latency();
    final LongAccumulator lastDeliveryNanos = new LongAccumulator(Math::max, 0);
    final AtomicReference<String> firstError = new AtomicReference<>();
    /** End-to-end latency by the second of sending, from {@link #start}; null before it. */
    private volatile Timeline timeline;

    /** The run's load begins now: its deliveries go to a timeline counted from here. */
    void start(long nanos) {
        timeline = new Timeline(nanos);
    }

    /** {@code p99_ms_by_second} and {@code max_ms_by_second} of the deliveries (empty before {@link #start}). */
    Map<String, Object> bySecond() {
        Map<String, Object> m = new LinkedHashMap<>();
        Timeline t = timeline;
        if (t != null) {
            m.put("p99_ms_by_second", t.percentileMs(99));
            m.put("max_ms_by_second", t.percentileMs(100));
        }
        return m;
    }

    void error(String frame) {
        errors.increment();
        firstError.compareAndSet(null, frame.length() > 300 ? frame.substring(0, 300) : frame);
    }

    void delivered(long sendNanos, long now) {
        delivered.increment();
        endToEnd.recordNanos(now - sendNanos);
        Timeline t = timeline;
        if (t != null) {
            t.record(sendNanos, now - sendNanos);
        }
        lastDeliveryNanos.accumulate(now);
    }
}
