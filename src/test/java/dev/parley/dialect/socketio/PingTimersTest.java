package dev.parley.dialect.socketio;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PingTimersTest {

    /** What engine.io-server does with a connection's ping timeout on every packet it receives. */
    @Test
    void a_timer_re_armed_on_every_packet_leaves_no_cancelled_task_queued() throws Exception {
        ScheduledThreadPoolExecutor timers = PingTimers.create();
        try {
            AtomicInteger timedOut = new AtomicInteger();
            Runnable timeout = timedOut::incrementAndGet;
            ScheduledFuture<?> armed = null;
            for (int packet = 0; packet < 10_000; packet++) {
                if (armed != null) {
                    armed.cancel(false);
                }
                armed = timers.schedule(timeout, 45, TimeUnit.SECONDS);
            }
            assertThat(timers.getQueue()).hasSize(1);
            armed.cancel(false);
            assertThat(timers.getQueue()).isEmpty();
            assertThat(timedOut).hasValue(0);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void a_timer_that_is_not_cancelled_still_fires() throws Exception {
        ScheduledThreadPoolExecutor timers = PingTimers.create();
        try {
            assertThat(timers.schedule(() -> Thread.currentThread().isVirtual(), 10, TimeUnit.MILLISECONDS)
                    .get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            timers.shutdownNow();
        }
    }
}
