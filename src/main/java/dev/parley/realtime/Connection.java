package dev.parley.realtime;

import dev.parley.core.CommittedEvent;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One live connection in the hub. Frames in flight are counted; past the cap the connection is closed
 * with {@link CloseCodes#SLOW_CONSUMER} instead of buffering without bound. While a resume is replayed
 * ({@link #pause()} … {@link #resume(List)}), live events are held back and sent after the replay,
 * without the ones the replay already carried.
 */
public final class Connection {
    private final UserId user;
    private final Renderer renderer;
    private final Transport transport;
    private final int cap;
    private final Consumer<Connection> onClose;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private List<CommittedEvent> held;
    ThreadId thread;

    Connection(UserId user, Renderer renderer, Transport transport, int cap, Consumer<Connection> onClose) {
        this.user = user;
        this.renderer = renderer;
        this.transport = transport;
        this.cap = cap;
        this.onClose = onClose;
    }

    /** The listening user, or null for a thread watcher. */
    public UserId user() {
        return user;
    }

    void offer(CommittedEvent event) {
        synchronized (this) {
            if (held != null) {
                if (held.size() >= cap) {
                    slow();
                } else {
                    held.add(event);
                }
                return;
            }
        }
        send(event);
    }

    /** Sends a frame that is not an event (an ack, an error reply) through the same bounded queue. */
    public void sendFrame(Object frame) {
        if (closed.get()) {
            return;
        }
        if (pending.incrementAndGet() > cap) {
            slow();
            return;
        }
        transport.write(frame, pending::decrementAndGet);
    }

    private void send(CommittedEvent event) {
        Object frame = renderer.render(event);
        if (frame != null) {
            sendFrame(frame);
        }
    }

    /** Holds live events back until {@link #resume(List)}. */
    public synchronized void pause() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Sends the replayed events, then the held live ones the replay did not already contain. */
    public void resume(List<CommittedEvent> replay) {
        replay.forEach(this::send);
        Set<Long> replayed = new HashSet<>();
        replay.forEach(e -> replayed.add(e.cursor()));
        List<CommittedEvent> live;
        synchronized (this) {
            live = held == null ? List.of() : held;
            held = null;
        }
        for (CommittedEvent e : live) {
            if (e.cursor() == 0 || !replayed.contains(e.cursor())) {
                send(e);
            }
        }
    }

    /** Closes the connection and takes it out of the hub; safe to call more than once. */
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            transport.close(code, reason);
        }
    }

    /** Takes the connection out of the hub after the peer went away. */
    public void closed() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void slow() {
        close(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume from your last cursor");
    }
}
