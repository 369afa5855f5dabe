package dev.parley.realtime;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class HubTest {
    private final ThreadId room = ThreadId.random();
    private final UserId ann = UserId.random();
    private final UserId bob = UserId.random();
    private final UserId eve = UserId.random();

    /** A transport that records what it was given; frames count as written unless told to stall. */
    static final class Recording implements Transport {
        final List<Object> frames = Collections.synchronizedList(new ArrayList<>());
        final List<Runnable> unwritten = Collections.synchronizedList(new ArrayList<>());
        volatile boolean stalled;
        volatile int closedWith;

        @Override
        public void write(Object frame, Runnable written) {
            frames.add(frame);
            if (stalled) {
                unwritten.add(written);
            } else {
                written.run();
            }
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        List<Long> cursors() {
            synchronized (frames) {
                return frames.stream().filter(f -> f instanceof CommittedEvent)
                        .map(f -> ((CommittedEvent) f).cursor()).toList();
            }
        }
    }

    private static final Renderer AS_IS = e -> e;

    private CommittedEvent read(long cursor, UserId... audience) {
        return new CommittedEvent(cursor, Set.of(audience), new Event.ReadMarked(room, ann, cursor));
    }

    private List<CommittedEvent> reads(long from, long to) {
        List<CommittedEvent> list = new ArrayList<>();
        for (long c = from; c <= to; c++) {
            list.add(read(c, ann));
        }
        return list;
    }

    @Test
    void event_reaches_every_connection_of_its_audience_and_no_one_else() {
        Hub hub = new Hub(16);
        Recording ann1 = new Recording();
        Recording ann2 = new Recording();
        Recording bob1 = new Recording();
        Recording eve1 = new Recording();
        hub.register(ann, AS_IS, ann1);
        hub.register(ann, AS_IS, ann2);
        hub.register(bob, AS_IS, bob1);
        hub.register(eve, AS_IS, eve1);

        hub.dispatch(read(1, ann, bob));

        assertThat(ann1.cursors()).containsExactly(1L);
        assertThat(ann2.cursors()).containsExactly(1L);
        assertThat(bob1.cursors()).containsExactly(1L);
        assertThat(eve1.frames).isEmpty();
        assertThat(hub.connections()).isEqualTo(4);
    }

    @Test
    void thread_watcher_receives_the_events_of_its_thread_only() {
        Hub hub = new Hub(16);
        Recording watcher = new Recording();
        hub.registerThread(room, AS_IS, watcher);

        hub.dispatch(read(1, ann));
        hub.dispatch(new CommittedEvent(2, Set.of(ann), new Event.ReadMarked(ThreadId.random(), ann, 2)));

        assertThat(watcher.cursors()).containsExactly(1L);
    }

    @Test
    void renderer_returning_null_means_the_transport_does_not_show_the_event() {
        Hub hub = new Hub(16);
        Recording t = new Recording();
        hub.register(ann, e -> e.cursor() == 2 ? null : e, t);

        hub.dispatch(read(1, ann));
        hub.dispatch(read(2, ann));
        hub.dispatch(read(3, ann));

        assertThat(t.cursors()).containsExactly(1L, 3L);
    }

    @Test
    void connection_whose_frames_are_not_written_is_closed_as_slow_consumer_and_leaves_the_hub() {
        Hub hub = new Hub(16);
        Recording slow = new Recording();
        slow.stalled = true;
        Connection c = hub.register(ann, AS_IS, slow);

        for (long cursor = 1; cursor <= 17; cursor++) {
            hub.dispatch(read(cursor, ann));
        }

        assertThat(slow.closedWith).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(c.isClosed()).isTrue();
        assertThat(hub.online(ann)).isFalse();
        assertThat(hub.connections()).isZero();
        assertThat(slow.cursors()).hasSize(16);
    }

    @Test
    void frames_written_in_time_never_count_against_the_cap() {
        Hub hub = new Hub(16);
        Recording t = new Recording();
        Connection c = hub.register(ann, AS_IS, t);

        for (long cursor = 1; cursor <= 1_000; cursor++) {
            hub.dispatch(read(cursor, ann));
        }

        assertThat(c.isClosed()).isFalse();
        assertThat(c.pending()).isZero();
        assertThat(t.cursors()).hasSize(1_000);
    }

    @Test
    void paused_connection_gets_the_replay_then_the_held_live_events_without_duplicates() {
        Hub hub = new Hub(64);
        Recording t = new Recording();
        Connection c = hub.register(ann, AS_IS, t);
        c.pause();
        hub.dispatch(read(6, ann));
        hub.dispatch(read(7, ann));
        assertThat(t.frames).isEmpty();

        c.resume("before", reads(3, 6), "after");
        hub.dispatch(read(8, ann));

        assertThat(t.frames.get(0)).isEqualTo("before");
        assertThat(t.frames.get(5)).isEqualTo("after");
        assertThat(t.cursors()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void replay_leaves_out_events_the_connection_already_sent_live() {
        Hub hub = new Hub(64);
        Recording t = new Recording();
        Connection c = hub.register(ann, AS_IS, t);
        hub.dispatch(read(5, ann));
        hub.dispatch(read(6, ann));

        c.pause();
        c.resume(null, reads(3, 6), "resumed");

        assertThat(t.cursors()).containsExactly(5L, 6L, 3L, 4L);
        assertThat(t.frames.getLast()).isEqualTo("resumed");
    }

    @Test
    void held_connection_sends_nothing_before_its_greeting() {
        Hub hub = new Hub(64);
        Recording t = new Recording();
        Connection c = hub.registerHeld(ann, AS_IS, t);
        hub.dispatch(read(1, ann));

        c.resume("ready", List.of(), null);

        assertThat(t.frames.getFirst()).isEqualTo("ready");
        assertThat(t.cursors()).containsExactly(1L);
    }

    @Test
    void an_event_the_replay_carried_is_not_sent_again_when_it_is_published_after_the_resume() {
        Hub hub = new Hub(64);
        Recording t = new Recording();
        Connection c = hub.registerHeld(ann, AS_IS, t);
        // Events 1-3 committed before the replay was read; 3 is published only after the resume.
        hub.dispatch(read(1, ann));
        c.resume("ready", reads(1, 3), "resumed");
        hub.dispatch(read(3, ann));
        hub.dispatch(read(4, ann));

        assertThat(t.cursors()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void too_many_events_held_during_a_pause_close_the_connection_as_slow_consumer() {
        Hub hub = new Hub(16);
        Recording t = new Recording();
        Connection c = hub.register(ann, AS_IS, t);
        c.pause();

        for (long cursor = 1; cursor <= 17; cursor++) {
            hub.dispatch(read(cursor, ann));
        }

        assertThat(t.closedWith).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(hub.online(ann)).isFalse();
    }

    @Test
    void close_is_idempotent_and_closed_peer_is_removed_without_a_close_frame() {
        Hub hub = new Hub(16);
        Recording a = new Recording();
        Recording b = new Recording();
        Connection ca = hub.register(ann, AS_IS, a);
        Connection cb = hub.register(ann, AS_IS, b);

        ca.close(CloseCodes.NORMAL, "bye");
        ca.close(CloseCodes.NORMAL, "bye");
        cb.closed();
        hub.dispatch(read(1, ann));

        assertThat(a.closedWith).isEqualTo(CloseCodes.NORMAL);
        assertThat(b.closedWith).isZero();
        assertThat(a.frames).isEmpty();
        assertThat(b.frames).isEmpty();
        assertThat(hub.connections()).isZero();
    }

    @Test
    void a_reconnect_racing_the_close_of_the_previous_connection_is_never_lost() throws Exception {
        Hub hub = new Hub(16);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                UserId user = UserId.random();
                Connection old = hub.register(user, AS_IS, new Recording());
                Recording fresh = new Recording();
                CountDownLatch go = new CountDownLatch(1);
                var closing = pool.submit(() -> {
                    go.await();
                    old.closed();
                    return null;
                });
                var opening = pool.submit(() -> {
                    go.await();
                    return hub.register(user, AS_IS, fresh);
                });
                go.countDown();
                closing.get(5, TimeUnit.SECONDS);
                Connection c = opening.get(5, TimeUnit.SECONDS);

                hub.dispatch(new CommittedEvent(round + 1, Set.of(user), new Event.ReadMarked(room, user, 1)));

                assertThat(fresh.frames).as("round %d", round).hasSize(1);
                assertThat(hub.online(user)).isTrue();
                c.closed();
            }
            assertThat(hub.connections()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void frames_from_concurrent_senders_reach_the_transport_in_one_order_with_events_in_dispatch_order()
            throws Exception {
        Hub hub = new Hub(100_000);
        Recording t = new Recording();
        Connection c = hub.register(ann, AS_IS, t);
        java.lang.Thread replies = java.lang.Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 5_000; i++) {
                c.sendFrame("ack" + i);
            }
        });
        for (long cursor = 1; cursor <= 5_000; cursor++) {
            hub.dispatch(read(cursor, ann));
        }
        replies.join();

        List<Long> cursors = t.cursors();
        assertThat(cursors).hasSize(5_000);
        for (int i = 0; i < cursors.size(); i++) {
            assertThat(cursors.get(i)).isEqualTo(i + 1L);
        }
        assertThat(t.frames).hasSize(10_000);
    }
}
