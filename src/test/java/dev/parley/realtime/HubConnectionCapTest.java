package dev.parley.realtime;

import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import dev.parley.realtime.HubTest.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub's caps on live connections, per user (and per watched thread) and per node: counted atomically,
 * freed on close.
 */
@Timeout(30)
class HubConnectionCapTest {
    private static final Renderer AS_IS = e -> e;
    private final UserId ann = UserId.random();
    private final UserId bob = UserId.random();
    private static final int RACERS = 16;
    private final ExecutorService pool = Executors.newFixedThreadPool(RACERS);

    @Test
    void a_user_at_the_cap_is_refused_with_rate_limited_while_others_and_thread_watchers_are_not() {
        Hub hub = new Hub(16, 2, Integer.MAX_VALUE);
        hub.register(ann, AS_IS, new Recording());
        hub.registerHeld(ann, AS_IS, new Recording());

        Recording refused = new Recording();
        assertThatThrownBy(() -> hub.register(ann, AS_IS, refused))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("at most 2");
                });
        assertThatThrownBy(() -> hub.registerHeld(ann, AS_IS, new Recording()))
                .isInstanceOf(ParleyException.class);

        hub.register(bob, AS_IS, new Recording());
        hub.register(bob, AS_IS, new Recording());
        ThreadId room = ThreadId.random();
        hub.registerThread(room, AS_IS, new Recording());
        hub.registerThread(room, AS_IS, new Recording());
        assertThat(hub.connections()).isEqualTo(4 + 2);

        hub.dispatch(new CommittedEvent(1, Set.of(ann), new Event.ReadMarked(room, ann, 1)));
        assertThat(refused.frames).as("a refused connection hears nothing").isEmpty();
    }

    @Test
    void the_watchers_of_one_thread_are_capped_like_a_users_connections() {
        Hub hub = new Hub(16, 2, Integer.MAX_VALUE);
        ThreadId room = ThreadId.random();
        Connection first = hub.registerThread(room, AS_IS, new Recording());
        hub.registerThread(room, AS_IS, new Recording());
        assertThatThrownBy(() -> hub.registerThread(room, AS_IS, new Recording()))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("watched by at most 2");
                });
        hub.registerThread(ThreadId.random(), AS_IS, new Recording());

        first.closed();
        hub.registerThread(room, AS_IS, new Recording());
        assertThat(hub.connections()).isEqualTo(3);
    }

    @Test
    void a_node_at_its_cap_refuses_every_kind_of_connection_with_unavailable_until_one_closes() {
        Hub hub = new Hub(16, 5, 3);
        Connection annsFirst = hub.register(ann, AS_IS, new Recording());
        hub.registerHeld(bob, AS_IS, new Recording());
        hub.registerThread(ThreadId.random(), AS_IS, new Recording());

        UserId carol = UserId.random();
        for (Runnable attempt : List.<Runnable>of(() -> hub.register(carol, AS_IS, new Recording()),
                () -> hub.registerHeld(ann, AS_IS, new Recording()),
                () -> hub.registerThread(ThreadId.random(), AS_IS, new Recording()))) {
            assertThatThrownBy(attempt::run).isInstanceOfSatisfying(ParleyException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("maximum of 3");
            });
        }
        assertThat(hub.connections()).as("refusals hold no slot").isEqualTo(3);

        annsFirst.closed();
        hub.register(carol, AS_IS, new Recording());
        assertThat(hub.connections()).isEqualTo(3);
        assertThatThrownBy(() -> hub.register(ann, AS_IS, new Recording())).isInstanceOf(ParleyException.class);
    }

    @Test
    void a_refusal_by_the_users_cap_gives_the_nodes_slot_back() {
        Hub hub = new Hub(16, 1, 2);
        hub.register(ann, AS_IS, new Recording());
        assertThatThrownBy(() -> hub.register(ann, AS_IS, new Recording()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        hub.register(bob, AS_IS, new Recording());
        assertThat(hub.connections()).isEqualTo(2);
    }

    @Test
    void closing_a_connection_frees_its_slot() {
        Hub hub = new Hub(16, 2, Integer.MAX_VALUE);
        Connection first = hub.register(ann, AS_IS, new Recording());
        Connection second = hub.register(ann, AS_IS, new Recording());
        assertThatThrownBy(() -> hub.register(ann, AS_IS, new Recording())).isInstanceOf(ParleyException.class);

        first.closed();
        Connection third = hub.register(ann, AS_IS, new Recording());
        second.close(CloseCodes.NORMAL, "bye");
        hub.register(ann, AS_IS, new Recording());
        assertThatThrownBy(() -> hub.register(ann, AS_IS, new Recording())).isInstanceOf(ParleyException.class);

        third.closed();
        third.closed();
        hub.register(ann, AS_IS, new Recording());
        assertThatThrownBy(() -> hub.register(ann, AS_IS, new Recording()))
                .as("closing twice frees one slot only").isInstanceOf(ParleyException.class);
        assertThat(hub.connections()).isEqualTo(2);
    }

    @Test
    void registrations_racing_for_the_last_slots_never_let_one_more_through() throws Exception {
        int cap = 3;
        Hub hub = new Hub(16, cap, Integer.MAX_VALUE);
        for (int round = 0; round < 300; round++) {
            UserId user = UserId.random();
            assertThat(race(i -> hub.register(user, AS_IS, new Recording()))).as("round %d", round).isEqualTo(cap);
        }
        assertThat(hub.connections()).isEqualTo(300 * cap);
    }

    @Test
    void connections_of_different_users_racing_for_the_nodes_last_slots_never_let_one_more_through() throws Exception {
        for (int round = 0; round < 300; round++) {
            int cap = 1 + round % 5;
            Hub hub = new Hub(16, 20, cap);
            int admitted = race(i -> {
                if (i % 2 == 0) {
                    hub.registerThread(ThreadId.random(), AS_IS, new Recording());
                } else {
                    hub.register(UserId.random(), AS_IS, new Recording());
                }
            });
            assertThat(admitted).as("round %d", round).isEqualTo(cap);
            assertThat(hub.connections()).isEqualTo(cap);
        }
    }

    /** Starts {@value #RACERS} registrations at once ({@code register} gets the racer's number); how many got in. */
    private int race(java.util.function.IntConsumer register) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int racer = i;
            tries.add(pool.submit(() -> {
                go.await();
                try {
                    register.accept(racer);
                    return true;
                } catch (ParleyException refused) {
                    return false;
                }
            }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> t : tries) {
            if (t.get(5, TimeUnit.SECONDS)) {
                admitted++;
            }
        }
        return admitted;
    }

    @AfterEach
    void stopRacers() {
        pool.shutdownNow();
    }
}
