package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResyncsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger resyncs = new AtomicInteger();
    private final List<Long> delays = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final Resyncs resync = new Resyncs(resyncs::incrementAndGet, now::get, (delay, task) -> {
        delays.add(delay);
        due.add(task);
    });

    private void runDue() {
        List<Runnable> tasks = new ArrayList<>(due);
        due.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void the_first_loss_resyncs_at_once() {
        resync.lost();
        assertThat(resyncs).hasValue(1);
        assertThat(due).isEmpty();
    }

    @Test
    void losses_during_the_pause_resync_once_when_it_ends_and_the_pause_doubles() {
        resync.lost();
        now.addAndGet(200);
        resync.lost();
        resync.lost();
        assertThat(resyncs).hasValue(1);
        assertThat(delays).containsExactly(Resyncs.MIN_PAUSE_MS - 200);

        now.addAndGet(Resyncs.MIN_PAUSE_MS - 200);
        runDue();
        assertThat(resyncs).hasValue(2);

        now.addAndGet(100);
        resync.lost(); // the pause is 2 s now
        assertThat(delays).last().isEqualTo(2 * Resyncs.MIN_PAUSE_MS - 100);
        now.addAndGet(2 * Resyncs.MIN_PAUSE_MS);
        runDue();
        assertThat(resyncs).hasValue(3);
    }

    @Test
    void the_pause_stops_growing_at_its_longest_and_starts_over_after_a_calm_minute() {
        resync.lost();
        for (int i = 0; i < 10; i++) {
            now.addAndGet(1);
            resync.lost(); // inside the pause: resynced when it ends
            now.addAndGet(Resyncs.MAX_PAUSE_MS);
            runDue();
        }
        // 1, 2, 4, 8, 16 s, then 30 s however long the losses go on.
        assertThat(delays).first().isEqualTo(Resyncs.MIN_PAUSE_MS - 1);
        assertThat(delays).last().isEqualTo(Resyncs.MAX_PAUSE_MS - 1);
        assertThat(resyncs).hasValue(11);

        int before = resyncs.get();
        now.addAndGet(Resyncs.CALM_MS);
        resync.lost();
        now.addAndGet(Resyncs.MIN_PAUSE_MS / 2);
        resync.lost();
        assertThat(resyncs).hasValue(before + 1);
        assertThat(delays).last().isEqualTo(Resyncs.MIN_PAUSE_MS / 2);
    }
}
