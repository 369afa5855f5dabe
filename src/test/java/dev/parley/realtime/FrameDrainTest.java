package dev.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FrameDrainTest {
    @Test
    void frames_from_several_threads_leave_in_the_order_they_were_added_in_fewer_tasks_than_frames()
            throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicInteger tasks = new AtomicInteger();
        List<String> sent = new ArrayList<>();
        List<String> added = java.util.Collections.synchronizedList(new ArrayList<>());
        FrameDrain<String> drain = new FrameDrain<>(task -> {
            tasks.incrementAndGet();
            loop.execute(task);
        }, sent::add);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService producers = Executors.newFixedThreadPool(3)) {
            for (int t = 0; t < 3; t++) {
                int from = t;
                producers.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 2_000; i++) {
                        // One order for "added" and the queue: hold the list's lock across both.
                        synchronized (added) {
                            String frame = from + ":" + i;
                            added.add(frame);
                            drain.add(frame);
                        }
                    }
                });
            }
            start.countDown();
        }
        loop.shutdown();
        assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactlyElementsOf(added);
        assertThat(tasks.get()).isBetween(1, 6_000);
    }

    @Test
    void a_frame_that_fails_does_not_hold_back_the_ones_behind_it() {
        List<Integer> sent = new ArrayList<>();
        List<Runnable> queued = new ArrayList<>();
        FrameDrain<Integer> drain = new FrameDrain<>(queued::add, n -> {
            if (n == 2) {
                throw new IllegalStateException("frame 2 fails");
            }
            sent.add(n);
        });
        drain.add(1);
        drain.add(2);
        drain.add(3);
        assertThat(queued).as("one drain for the three frames").hasSize(1);

        queued.getFirst().run();

        assertThat(sent).containsExactly(1, 3);
        drain.add(4);
        assertThat(queued).as("a frame after the drain ran queues the next drain").hasSize(2);
        queued.get(1).run();
        assertThat(sent).containsExactly(1, 3, 4);
    }
}
