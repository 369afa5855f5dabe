package dev.parley.dialect.licomed;

import dev.parley.web.Blocking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one connection's writes in order on virtual threads (rendering a frame may look things up in
 * the store, which must not happen on an event loop or on the bus thread). Bounded by the hub: a
 * connection with too many frames pending is closed before this queue grows further.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Blocking blocking;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    Outbox(Blocking blocking) {
        this.blocking = blocking;
    }

    void submit(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (running.compareAndSet(false, true)) {
            try {
                blocking.execute(this::drain);
            } catch (RejectedExecutionException e) {
                tasks.clear();
                running.set(false);
            }
        }
    }

    private void drain() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("licomed write failed: {}", e.toString());
            }
        }
        running.set(false);
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
