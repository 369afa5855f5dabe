package dev.parley.dialect.socketio;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The executor engine.io-server runs every connection's ping and ping-timeout timers on.
 *
 * <p>engine.io-server re-arms a connection's ping timeout (pingInterval + pingTimeout, 45 s by default)
 * on every packet it receives: it cancels the previous timer and schedules a new one. A plain
 * {@link ScheduledThreadPoolExecutor} keeps a cancelled task in its queue until the task's delay has
 * passed, so under load the queue held every packet of the last 45 s (about 180,000 dead tasks at
 * 4,000 packets/s): each one lived long enough to be copied through the young generation and promoted,
 * and the expired ones woke the timer thread thousands of times a second. Removing a task when it is
 * cancelled keeps the queue at about two timers per connection and makes the tasks short-lived.
 */
final class PingTimers {
    private PingTimers() {
    }

    /** One timer thread, virtual so that an idle server holds no platform thread for it. */
    static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofVirtual().name("socketio-timer-", 0).factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
