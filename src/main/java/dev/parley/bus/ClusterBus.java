package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bus of several nodes sharing one PostgreSQL, over a broker ({@link Link}: Redis pub/sub or
 * NATS). A node's own events reach its subscriber at once; they and the other nodes' events pass
 * through one {@link CursorOrder}, so the subscriber gets them all in cursor order.
 *
 * <p>Publishing never blocks the writer's publisher: payloads wait in a queue bounded by bytes for one sender
 * thread, which keeps them in order. A payload the broker cannot take is tried again for {@link
 * #SEND_RETRY}, then dropped; the other nodes then see a gap and their connections resume from the
 * event log (the events were committed before they were published, so none is lost, only late).
 */
public final class ClusterBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);
    /** How long the sender tries one payload again while the broker cannot take it. */
    static final Duration SEND_RETRY = Duration.ofMillis(500);
    /** Bytes of payloads waiting for the sender; beyond this they are dropped (the broker has been away a while). */
    static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    /** Events held while one before them is awaited; beyond this the wait ends at once. */
    private static final int MAX_HELD = 100_000;

    /** One broker connection: sends payloads to every node and hands over those of every node. */
    public interface Link extends AutoCloseable {
        /** Sends one payload to every node; may block briefly; throws when the broker cannot take it. */
        void send(byte[] payload) throws Exception;

        /**
         * Hands every payload published from now on to {@code receiver}, on the link's own thread,
         * reconnecting by itself; returns once the broker has the subscription.
         */
        void listen(Consumer<byte[]> receiver) throws Exception;

        @Override
        void close();
    }

    private final Link link;
    private final String name;
    private final EventCodec codec;
    private final CursorOrder order;
    private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
    /** Bytes in {@link #outgoing}, bounded by {@link #MAX_QUEUED_BYTES}. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread sender;
    private final ScheduledExecutorService gaps;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * Opens the bus and listens at once, holding what comes until {@link #subscribe}.
     *
     * @param node  this node's id (its own payloads are skipped when the broker echoes them)
     * @param name  the broker's address as logs may show it (no credentials)
     * @param gap   how long an event missing from the order is awaited
     */
    public ClusterBus(String node, Link link, String name, Duration gap) {
        this.link = link;
        this.name = name;
        this.codec = new EventCodec(node);
        this.order = new CursorOrder(gap.toNanos(), MAX_HELD, System::nanoTime);
        try {
            link.listen(this::receive);
        } catch (Exception e) {
            link.close();
            throw new IllegalStateException("cannot subscribe on the event bus at " + name + ": "
                    + withoutCredentials(e.getMessage()), e);
        }
        this.sender = Thread.ofPlatform().name("parley-bus-sender").daemon().start(this::send);
        long tick = Math.max(1, gap.toMillis() / 4);
        this.gaps = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("parley-bus-order").daemon()
                .factory());
        gaps.scheduleWithFixedDelay(() -> {
            synchronized (order) {
                order.checkGap();
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
        log.info("event bus {} open as node {}", name, node);
    }

    /** A broker's message without the credentials of any URL in it (client libraries quote the URL they were given). */
    static String withoutCredentials(String message) {
        return message == null ? null : message.replaceAll("//[^/@\\s]*@", "//");
    }

    /** A bus over Redis pub/sub at {@code address} ({@code redis://[user:password@]host:port}), on {@code channel}. */
    public static ClusterBus overRedis(String node, URI address, String channel, String shown, Duration gap) {
        return new ClusterBus(node, new RedisLink(address, channel), shown, gap);
    }

    /** A bus over NATS at {@code server} ({@code nats://host:port}), on {@code subject}. */
    public static ClusterBus overNats(String node, String server, String subject, String shown, Duration gap) {
        return new ClusterBus(node, new NatsLink(server, subject, node, shown), shown, gap);
    }

    @Override
    public void publish(List<CommittedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        synchronized (order) {
            events.forEach(order::accept);
        }
        for (byte[] payload : codec.encode(events)) {
            if (queuedBytes.addAndGet(payload.length) > MAX_QUEUED_BYTES) {
                queuedBytes.addAndGet(-payload.length);
                if (dropped.getAndIncrement() % 1_000 == 0) {
                    log.warn("event bus {}: {} MiB waiting for the broker, dropping (other nodes resume their "
                            + "connections from the event log)", name, MAX_QUEUED_BYTES >> 20);
                }
            } else {
                outgoing.add(payload);
            }
        }
    }

    @Override
    public void subscribe(long after, Subscriber subscriber) {
        synchronized (order) {
            order.start(after, guarded(subscriber));
        }
    }

    /** The subscriber, with a failure of one call logged rather than thrown into the order's delivery. */
    private static Subscriber guarded(Subscriber subscriber) {
        return new Subscriber() {
            @Override
            public void event(CommittedEvent event) {
                try {
                    subscriber.event(event);
                } catch (RuntimeException e) {
                    log.warn("event bus: delivering event {} on this node failed", event.cursor(), e);
                }
            }

            @Override
            public void missed() {
                try {
                    subscriber.missed();
                } catch (RuntimeException e) {
                    log.warn("event bus: telling this node of missed events failed", e);
                }
            }
        };
    }

    /** Gaps in the order given up on so far (events lost between nodes). */
    public long missedGaps() {
        synchronized (order) {
            return order.missedGaps();
        }
    }

    /** Payloads dropped so far because the broker could not take them. */
    public long droppedPayloads() {
        return dropped.get();
    }

    /** Events held now, waiting for one of another node before them. */
    public int heldEvents() {
        synchronized (order) {
            return order.held();
        }
    }

    private void receive(byte[] payload) {
        if (codec.fromHere(payload)) {
            return;
        }
        EventCodec.Batch batch;
        try {
            batch = codec.decode(payload);
        } catch (IOException e) {
            log.warn("event bus {}: skipped a payload that is not a batch of events ({} bytes): {}", name,
                    payload.length, e.getMessage());
            return;
        }
        synchronized (order) {
            batch.events().forEach(order::accept);
        }
    }

    private void send() {
        while (!closed || !outgoing.isEmpty()) {
            byte[] payload;
            try {
                payload = outgoing.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (payload != null) {
                queuedBytes.addAndGet(-payload.length);
                sendOne(payload);
            }
        }
    }

    private void sendOne(byte[] payload) {
        long deadline = System.nanoTime() + SEND_RETRY.toNanos();
        while (true) {
            try {
                link.send(payload);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || closed) {
                    dropped.incrementAndGet();
                    log.warn("event bus {}: dropped a payload the broker did not take: {}", name,
                            withoutCredentials(e.getMessage()));
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends what is queued (for at most two seconds), then leaves the broker. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sender.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        gaps.shutdownNow();
        link.close();
    }
}
