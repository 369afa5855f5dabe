package dev.parley.realtime;

import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import dev.parley.realtime.HubTest.Recording;
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

/** The hub's cap on live connections per user: counted per user, atomically, freed on close. */
@Timeout(30)
class HubConnectionCapTest {
    private static final Renderer AS_IS = e -> e;
    private final UserId ann = UserId.random();
    private final UserId bob = UserId.random();

    @Test
    void a_user_at_the_cap_is_refused_with_rate_limited_while_others_and_thread_watchers_are_not() {
        Hub hub = new Hub(16, 2);
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
        for (int i = 0; i < 5; i++) {
            hub.registerThread(room, AS_IS, new Recording());
        }
        assertThat(hub.connections()).isEqualTo(4 + 5);

        hub.dispatch(new CommittedEvent(1, Set.of(ann), new Event.ReadMarked(room, ann, 1)));
        assertThat(refused.frames).as("a refused connection hears nothing").isEmpty();
    }

    @Test
    void closing_a_connection_frees_its_slot() {
        Hub hub = new Hub(16, 2);
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
        int racers = 16;
        Hub hub = new Hub(16, cap);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 300; round++) {
                UserId user = UserId.random();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    tries.add(pool.submit(() -> {
                        go.await();
                        try {
                            hub.register(user, AS_IS, new Recording());
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
                assertThat(admitted).as("round %d", round).isEqualTo(cap);
            }
            assertThat(hub.connections()).isEqualTo(300 * cap);
        } finally {
            pool.shutdownNow();
        }
    }
}
