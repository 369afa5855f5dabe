package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.EventBus;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CursorOrderTest {
    private static final long GAP = TimeUnit.SECONDS.toNanos(1);
    private static final ThreadId THREAD = ThreadId.random();
    private static final UserId USER = UserId.random();

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Long> delivered = new ArrayList<>();
    private int missed;
    private final EventBus.Subscriber subscriber = new EventBus.Subscriber() {
        @Override
        public void event(CommittedEvent event) {
            delivered.add(event.cursor());
        }

        @Override
        public void missed() {
            missed++;
            delivered.add(-1L); // marks where the subscriber was told, among the cursors
        }
    };

    private static CommittedEvent at(long cursor) {
        return new CommittedEvent(cursor, Set.of(USER), new Event.ReadMarked(THREAD, USER, cursor));
    }

    private CursorOrder order(int maxHeld) {
        return new CursorOrder(GAP, maxHeld, now::get);
    }

    @Test
    void events_that_come_early_wait_for_the_ones_before_them() {
        CursorOrder order = order(100);
        order.start(10, subscriber);
        order.accept(at(13));
        order.accept(at(12));
        assertThat(delivered).isEmpty();
        order.accept(at(11));
        order.accept(at(14));
        assertThat(delivered).containsExactly(11L, 12L, 13L, 14L);
        assertThat(order.held()).isZero();
        assertThat(missed).isZero();
    }

    @Test
    void events_at_or_below_the_head_or_delivered_already_are_dropped() {
        CursorOrder order = order(100);
        order.start(10, subscriber);
        order.accept(at(9));
        order.accept(at(10));
        order.accept(at(11));
        order.accept(at(11));
        assertThat(delivered).containsExactly(11L);
    }

    @Test
    void a_gap_not_filled_in_time_is_reported_before_the_events_after_it() {
        CursorOrder order = order(100);
        order.start(0, subscriber);
        order.accept(at(1));
        order.accept(at(3));
        order.accept(at(4));
        now.addAndGet(GAP - 1);
        order.checkGap();
        assertThat(delivered).containsExactly(1L);

        now.addAndGet(1);
        order.checkGap();
        assertThat(delivered).containsExactly(1L, -1L, 3L, 4L);
        assertThat(order.missedGaps()).isEqualTo(1);

        order.accept(at(2)); // too late: the connections resumed from the log instead
        order.accept(at(5));
        assertThat(delivered).containsExactly(1L, -1L, 3L, 4L, 5L);
    }

    @Test
    void a_gap_is_timed_from_when_the_events_before_it_were_delivered() {
        CursorOrder order = order(100);
        order.start(0, subscriber);
        order.accept(at(2));
        now.addAndGet(GAP - 10);
        order.accept(at(4)); // a later event arriving does not restart the wait for 1
        order.accept(at(1)); // 1 and 2 go; the wait for 3 starts now
        assertThat(delivered).containsExactly(1L, 2L);
        now.addAndGet(GAP - 1);
        order.checkGap();
        assertThat(missed).isZero();
        now.addAndGet(1);
        order.checkGap();
        assertThat(delivered).containsExactly(1L, 2L, -1L, 4L);
    }

    @Test
    void too_many_held_events_end_the_wait_at_once() {
        CursorOrder order = order(3);
        order.start(0, subscriber);
        for (long c = 2; c <= 5; c++) {
            order.accept(at(c));
        }
        assertThat(delivered).containsExactly(-1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void before_it_starts_events_are_held_and_those_at_or_below_the_head_dropped() {
        CursorOrder order = order(100);
        order.accept(at(5));
        order.accept(at(7));
        order.accept(at(6));
        assertThat(delivered).isEmpty();
        order.start(5, subscriber);
        assertThat(delivered).containsExactly(6L, 7L);
    }

    @Test
    void ephemeral_events_pass_at_once_even_while_others_wait() {
        CursorOrder order = order(100);
        order.start(0, subscriber);
        order.accept(at(2));
        order.accept(new CommittedEvent(0, Set.of(USER), new Event.Typing(THREAD, USER)));
        assertThat(delivered).containsExactly(0L);
    }
}
