package dev.parley.realtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one connection's frames to the thread that may write them, in runs: frames are queued as they
 * come, from any thread, and one task on that thread sends every frame queued by the time it runs (a
 * task per frame cost the event loops about 3% more in the fan-out, and the Socket.IO publisher 0.45
 * CPU-s of 20 s). The queue and the executor are both first in, first out, so frames leave in the order
 * they were handed over, whichever thread handed them over. A frame whose send throws is logged and
 * does not hold back the frames behind it.
 *
 * @param <T> what a transport queues: its frame and whatever it must run once the frame left
 */
public final class FrameDrain<T> {
    private static final Logger log = LoggerFactory.getLogger(FrameDrain.class);

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    /** A drain is queued on the executor and has not started yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Consumer<T> send;

    /**
     * @param executor runs a drain where the frames may be written (a socket's event loop), in order
     * @param send     writes one frame; runs on the executor
     */
    public FrameDrain(Executor executor, Consumer<T> send) {
        this.executor = executor;
        this.send = send;
    }

    /** Queues the frame, and a drain unless one is queued already. */
    public void add(T frame) {
        queue.add(frame);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        // Cleared before polling: a frame queued after the last poll schedules the next drain itself.
        scheduled.set(false);
        T next;
        while ((next = queue.poll()) != null) {
            try {
                send.accept(next);
            } catch (RuntimeException e) {
                log.warn("sending a frame failed", e);
            }
        }
    }
}
