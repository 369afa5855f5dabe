package dev.parley.dialect.socketio;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor engine.io-server runs each connection's ping and ping-timeout timers on: a timer set on
 * a Vert.x event-loop context (the connection's {@link Lane}: engine.io-server arms them while it handles
 * the connection's packets, and re-arms them from the timers themselves) runs on that context.
 *
 * <p>On one shared timer thread, every ping was written from outside the event loops, and
 * engine.io-server is not thread-safe per connection. It also cost a stall: a connection's first ping
 * comes 25 s after it opened, so the 1,000 sockets of the fan-out, opened within a second, were all
 * pinged in the same second; the first frames written from a foreign thread took branches of Vert.x's
 * and Netty's write path the JIT had compiled out, so the hottest write code of every socket was
 * deoptimized and recompiled under load (socketio_fanout: one or two seconds with p99 of 270-520 ms).
 *
 * <p>A timer set anywhere else (no event-loop context) runs on {@link PingTimers}' thread as before.
 */
final class LaneTimers extends AbstractExecutorService implements ScheduledExecutorService {
    private final ScheduledThreadPoolExecutor elsewhere = PingTimers.create();

    /**
     * On an event-loop context, a task of that context's Netty event loop which runs {@code task} on the
     * context: cancelling it (engine.io-server does on every packet) takes it out of the loop's queue.
     */
    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        if (Vertx.currentContext() instanceof ContextInternal context && context.isEventLoopContext()
                && context.nettyEventLoop().inEventLoop()) {
            return context.nettyEventLoop().schedule(() -> context.dispatch(task), delay, unit);
        }
        return elsewhere.schedule(task, delay, unit);
    }

    // What engine.io-server does not use runs on the shared timer thread.

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return elsewhere.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return elsewhere.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return elsewhere.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        elsewhere.execute(command);
    }

    @Override
    public void shutdown() {
        elsewhere.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return elsewhere.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return elsewhere.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return elsewhere.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return elsewhere.awaitTermination(timeout, unit);
    }
}
