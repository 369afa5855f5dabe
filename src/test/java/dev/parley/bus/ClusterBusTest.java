package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.EventBus;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import dev.parley.testing.TcpProxy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' buses over the machine's real Redis (127.0.0.1:6379) and NATS (127.0.0.1:4222), each
 * test on a channel of its own. Nothing is skipped: a broker that is down fails the test.
 */
@Timeout(60)
class ClusterBusTest {
    private static final ThreadId THREAD = ThreadId.random();
    private static final UserId USER = UserId.random();

    /** What a node's subscriber got: cursors, with -1 where it was told events were missed. */
    private static class Received implements EventBus.Subscriber {
        final List<Long> cursors = new CopyOnWriteArrayList<>();
        final AtomicInteger missed = new AtomicInteger();

        @Override
        public void event(CommittedEvent event) {
            cursors.add(event.cursor());
        }

        @Override
        public void missed() {
            missed.incrementAndGet();
            cursors.add(-1L);
        }
    }

    private static ClusterBus open(String broker, String node, String channel, Duration gap) {
        ClusterBus.Link link = broker.equals("redis")
                ? new RedisLink(URI.create("redis://127.0.0.1:6379"), channel)
                : new NatsLink("nats://127.0.0.1:4222", channel, node, "nats");
        return new ClusterBus(node, link, broker, gap);
    }

    private static CommittedEvent at(long cursor) {
        return new CommittedEvent(cursor, Set.of(USER), new Event.ReadMarked(THREAD, USER, cursor));
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long c = from; c <= to; c++) {
            out.add(c);
        }
        return out;
    }

    private static void await(Received r, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (r.cursors.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void each_node_gets_every_nodes_events_in_cursor_order(String broker) throws Exception {
        String channel = "parley-test-" + UUID.randomUUID();
        Received a = new Received();
        Received b = new Received();
        try (ClusterBus nodeA = open(broker, "a", channel, Duration.ofSeconds(5));
             ClusterBus nodeB = open(broker, "b", channel, Duration.ofSeconds(5))) {
            nodeA.subscribe(100, a);
            nodeB.subscribe(100, b);
            // Commit order: A's batches and B's alternate, as the write lock hands them cursors; B
            // publishes each of its batches before A publishes the one that committed before it.
            for (long c = 101; c <= 400; c += 20) {
                nodeB.publish(batch(c + 10, c + 19));
                nodeA.publish(batch(c, c + 9));
            }
            await(a, 300);
            await(b, 300);

            assertThat(a.cursors).containsExactlyElementsOf(range(101, 400));
            assertThat(b.cursors).containsExactlyElementsOf(range(101, 400));
            assertThat(nodeA.missedGaps() + nodeB.missedGaps()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void events_lost_on_the_way_are_reported_and_the_rest_still_delivered(String broker) throws Exception {
        String channel = "parley-test-" + UUID.randomUUID();
        Received b = new Received();
        try (ClusterBus nodeA = open(broker, "a", channel, Duration.ofMillis(300));
             ClusterBus nodeB = open(broker, "b", channel, Duration.ofMillis(300))) {
            nodeA.subscribe(0, new Received());
            nodeB.subscribe(0, b);
            nodeA.publish(batch(1, 3));
            // 4 and 5 committed on a node that stopped before publishing them.
            nodeA.publish(batch(6, 8));
            await(b, 7);

            assertThat(b.cursors).containsExactly(1L, 2L, 3L, -1L, 6L, 7L, 8L);
            assertThat(nodeB.missedGaps()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void a_node_that_joins_late_starts_after_its_head(String broker) throws Exception {
        String channel = "parley-test-" + UUID.randomUUID();
        Received b = new Received();
        try (ClusterBus nodeA = open(broker, "a", channel, Duration.ofSeconds(5));
             ClusterBus nodeB = open(broker, "b", channel, Duration.ofSeconds(5))) {
            nodeA.subscribe(0, new Received());
            // B listens from the moment it opened; these reach it before it knows its head.
            nodeA.publish(batch(1, 5));
            Thread.sleep(300);
            nodeB.subscribe(3, b);
            nodeA.publish(batch(6, 6));
            await(b, 3);

            assertThat(b.cursors).containsExactly(4L, 5L, 6L);
        }
    }

    @org.junit.jupiter.api.Test
    void a_subscriber_failing_on_one_event_still_gets_the_ones_after_it() throws Exception {
        String channel = "parley-test-" + UUID.randomUUID();
        Received b = new Received() {
            @Override
            public void event(CommittedEvent event) {
                super.event(event);
                if (event.cursor() == 2) {
                    throw new IllegalStateException("a hub that failed on this one");
                }
            }
        };
        try (ClusterBus nodeA = open("redis", "a", channel, Duration.ofSeconds(5));
             ClusterBus nodeB = open("redis", "b", channel, Duration.ofSeconds(5))) {
            nodeA.subscribe(0, new Received());
            nodeB.subscribe(0, b);
            nodeA.publish(batch(1, 3));
            nodeA.publish(batch(4, 4));
            await(b, 4);

            assertThat(b.cursors).containsExactly(1L, 2L, 3L, 4L);
            assertThat(nodeB.missedGaps()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void a_redis_subscription_gone_quiet_without_a_reset_is_replaced() throws Exception {
        String channel = "parley-test-" + UUID.randomUUID();
        Received b = new Received();
        try (TcpProxy proxy = TcpProxy.to(6379);
             ClusterBus nodeA = open("redis", "a", channel, Duration.ofMillis(300));
             ClusterBus nodeB = new ClusterBus("b", new RedisLink(URI.create("redis://127.0.0.1:" + proxy.port()),
                     channel, 200, 1_000), "redis via a proxy", Duration.ofMillis(300))) {
            nodeA.subscribe(0, new Received());
            nodeB.subscribe(0, b);
            nodeA.publish(batch(1, 1));
            await(b, 1);
            proxy.stall();
            nodeA.publish(batch(2, 3)); // lost to B: its connection passes nothing any more
            // B's reads time out within a second (its pings go unanswered) and it subscribes again.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            long next = 4;
            while (b.cursors.size() < 2 && System.nanoTime() < deadline) {
                nodeA.publish(batch(next, next));
                next++;
                Thread.sleep(200);
            }
            await(b, 3);

            assertThat(b.cursors.subList(0, 2)).containsExactly(1L, -1L);
            assertThat(b.cursors.get(2)).isGreaterThan(3L);
            assertThat(nodeB.missedGaps()).isEqualTo(1);
        }
    }

    private static List<CommittedEvent> batch(long from, long to) {
        return range(from, to).stream().map(ClusterBusTest::at).toList();
    }
}
