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
 * One live connection in the hub.
 *
 * <p>Ordering: every frame (events and replies alike) is handed to the transport under this
 * connection's lock, so the transport sees them in one order: the order the hub offered the events
 * (commit order) with replies interleaved where they were sent. A transport must keep that order.
 *
 * <p>Bounds: frames handed to the transport and not yet written are counted; past the cap the
 * connection is closed with {@link CloseCodes#SLOW_CONSUMER} instead of buffering without bound.
 *
 * <p>Resume: while a replay is read ({@link #pause()} … {@link #resume}), live events are held back
 * (bounded by the same cap) and sent after the replay, without the ones the replay already carried.
 * The replay itself leaves out events this connection already sent live (the last {@value #RECENT}).
 * An event the replay carried can also be offered live after the resume (it committed before the replay
 * was read but was published after): events arrive in cursor order, so every live event at or below the
 * replay's last cursor was in the replay, and it is dropped.
 */
public final class Connection {
    /** How many cursors of live events sent are remembered to keep them out of a later replay. */
    static final int RECENT = 256;

    private final UserId user;
    private final Renderer renderer;
    private final Transport transport;
    private final int cap;
    private final Consumer<Connection> onClose;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private List<CommittedEvent> held;
    private long[] recent;
    private int recentNext;
    private int recentSize;
    /** The highest cursor a replay sent; live events up to it were in the replay. */
    private long replayedThrough;
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

    synchronized void offer(CommittedEvent event) {
        if (event.cursor() != 0 && event.cursor() <= replayedThrough) {
            return;
        }
        if (held != null) {
            if (held.size() >= cap) {
                slow();
            } else {
                held.add(event);
            }
            return;
        }
        send(event);
    }

    /** Sends a frame that is not an event (an ack, an error reply) through the same bounded queue. */
    public synchronized void sendFrame(Object frame) {
        if (closed.get()) {
            return;
        }
        if (pending.incrementAndGet() > cap) {
            slow();
            return;
        }
        transport.write(frame, pending::decrementAndGet);
    }

    /** Frames handed to the transport and not yet written. */
    public int pending() {
        return pending.get();
    }

    private void send(CommittedEvent event) {
        Object frame = renderer.render(event);
        if (frame != null) {
            sendFrame(frame);
            remember(event.cursor());
        }
    }

    /** Holds live events back until {@link #resume}. */
    public synchronized void pause() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Sends the replayed events, then the held live ones the replay did not already contain. */
    public void resume(List<CommittedEvent> replay) {
        resume(null, replay, null);
    }

    /**
     * Ends a pause, sending in this order and with no live event in between: {@code before} (if not
     * null), the replayed events this connection has not sent yet, {@code after} (if not null), then
     * the live events held during the pause that the replay did not carry.
     */
    public synchronized void resume(Object before, List<CommittedEvent> replay, Object after) {
        if (before != null) {
            sendFrame(before);
        }
        Set<Long> replayed = new HashSet<>();
        for (CommittedEvent e : replay) {
            if (e.cursor() != 0) {
                replayed.add(e.cursor());
                replayedThrough = Math.max(replayedThrough, e.cursor());
                if (sentRecently(e.cursor())) {
                    continue;
                }
            }
            send(e);
        }
        if (after != null) {
            sendFrame(after);
        }
        List<CommittedEvent> live = held == null ? List.of() : held;
        held = null;
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

    private void remember(long cursor) {
        if (cursor == 0) {
            return;
        }
        if (recent == null) {
            recent = new long[RECENT];
        }
        recent[recentNext] = cursor;
        recentNext = (recentNext + 1) % RECENT;
        recentSize = Math.min(recentSize + 1, RECENT);
    }

    private boolean sentRecently(long cursor) {
        for (int i = 0; i < recentSize; i++) {
            if (recent[i] == cursor) {
                return true;
            }
        }
        return false;
    }

    private void slow() {
        close(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume from your last cursor");
    }
}
