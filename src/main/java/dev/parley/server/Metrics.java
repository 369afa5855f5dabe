package dev.parley.server;

import dev.parley.api.Wire;
import dev.parley.bus.ClusterBus;
import dev.parley.core.CommittedEvent;
import dev.parley.realtime.Hub;
import dev.parley.store.BatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics at {@code GET /metrics}: HTTP requests by method and status class, committed
 * events by type (so {@code parley_events_total{type="message.created"}} counts stored messages),
 * live connections, the store's write batches (their queue wait, commit time, whole time and size) and
 * the writer's own work between them (SQLite's log checkpoint, search indexing), and the JVM's memory,
 * GC, threads and CPU.
 */
final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer commits = Timer.builder("parley_store_commit")
            .description("COMMIT of one write batch: the durable sync every acknowledged write waits for")
            .publishPercentiles(0.5, 0.99).register(registry);
    private final Timer batches = Timer.builder("parley_store_batch")
            .description("one write batch from BEGIN to the end of its COMMIT")
            .publishPercentiles(0.5, 0.99).register(registry);
    private final Timer queueWaits = Timer.builder("parley_store_queue_wait")
            .description("how long each write batch's longest-waiting write was queued before the batch began: "
                    + "a writer that cannot keep up shows here first")
            .publishPercentiles(0.5, 0.99).register(registry);
    private final Timer checkpoints = Timer.builder("parley_store_checkpoint")
            .description("SQLite: the writer's own checkpoint of the log between batches (once a second under "
                    + "writes); no write batch can begin meanwhile")
            .publishPercentiles(0.5, 0.99).register(registry);
    private final Timer searchIndexing = Timer.builder("parley_store_search_index")
            .description("SQLite: a chunk of messages indexed for search by the writer between batches; no write "
                    + "batch can begin meanwhile")
            .publishPercentiles(0.5, 0.99).register(registry);
    private final DistributionSummary batchWrites = DistributionSummary.builder("parley_store_batch_writes")
            .description("writes committed together in one batch (group commit)").register(registry);

    private final Counter missed = Counter.builder("parley_bus_missed")
            .description("times events from other nodes were lost on the bus and this node's connections were "
                    + "closed to resume from the event log").register(registry);

    Metrics(Hub hub) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
        Gauge.builder("parley_connections", hub, Hub::connections)
                .description("live real-time connections on this node").register(registry);
    }

    /** The store's write path: its batches and the writer's own work between them. */
    BatchObserver store() {
        return new BatchObserver() {
            @Override
            public void committed(int writes, long queueWaitNanos, long transactionNanos, long commitNanos) {
                queueWaits.record(queueWaitNanos, TimeUnit.NANOSECONDS);
                commits.record(commitNanos, TimeUnit.NANOSECONDS);
                batches.record(transactionNanos, TimeUnit.NANOSECONDS);
                batchWrites.record(writes);
            }

            @Override
            public void checkpointed(long nanos) {
                checkpoints.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void indexed(long nanos) {
                searchIndexing.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** Counts a committed event on its way to the hub. */
    void event(CommittedEvent event) {
        events.computeIfAbsent(Wire.type(event.event()), type -> Counter.builder("parley_events")
                .description("events delivered to this node's hub, by type").tag("type", type)
                .register(registry)).increment();
    }

    /** The figures of the bus between nodes, when the node has one. */
    void bus(ClusterBus bus) {
        FunctionCounter.builder("parley_bus_dropped", bus, ClusterBus::droppedPayloads)
                .description("payloads of this node's events the broker did not take (other nodes resumed instead)")
                .register(registry);
        Gauge.builder("parley_bus_held", bus, ClusterBus::heldEvents)
                .description("events of other nodes held until the ones before them in cursor order have come")
                .register(registry);
    }

    /** Events of other nodes were lost on the bus (see {@link dev.parley.core.EventBus.Subscriber#missed}). */
    void missedEvents() {
        missed.increment();
    }

    /** Times events were lost on the bus so far. */
    long missedEventCount() {
        return (long) missed.count();
    }

    void request(String method, int status, long nanos) {
        Timer.builder("parley_http_requests")
                .description("HTTP requests answered, by method and status class")
                .tag("method", knownMethod(method)).tag("status", (status / 100) + "xx")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The method as a tag, from a fixed set: a client may send any token as a method, and one tag value
     * per invented method would grow the registry (and every scrape) without bound.
     */
    static String knownMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }

    void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
