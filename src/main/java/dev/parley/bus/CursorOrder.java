package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.EventBus;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Puts the committed events of every node back into cursor order before this node's subscriber sees
 * them. Each node publishes its own batches in commit order, and the write lock hands out cursors
 * in commit order across nodes, with no gaps; but batches of two nodes can reach a third in either
 * order. An event that comes early is held until the ones before it have come.
 *
 * <p>An event that does not come within {@code gapNanos} was lost on the way (its node stopped
 * between commit and publish, a broker connection dropped): the subscriber is told ({@link
 * EventBus.Subscriber#missed}) before the held events after it are delivered, so connections resume
 * from the event log, which has it. More than {@code maxHeld} held events end the wait at once.
 *
 * <p>Before {@link #start} (the node's head is not known yet) events are held, at most {@code
 * maxHeld} of them; those at or below the head are then dropped. Ephemeral events (cursor 0) pass at
 * once. Not thread-safe on its own: its owner calls it under one lock.
 */
final class CursorOrder {
    private final TreeMap<Long, CommittedEvent> held = new TreeMap<>();
    private final long gapNanos;
    private final int maxHeld;
    private final LongSupplier clock;
    private EventBus.Subscriber subscriber;
    /** The cursor to deliver next; 0 until {@link #start}. */
    private long next;
    /** When the oldest gap still open was first seen ({@code clock} nanos); meaningful while held is not empty. */
    private long gapSince;
    private long missedGaps;

    CursorOrder(long gapNanos, int maxHeld, LongSupplier clock) {
        this.gapNanos = gapNanos;
        this.maxHeld = maxHeld;
        this.clock = clock;
    }

    /** Starts delivering: events after {@code after} go to {@code subscriber}, in cursor order. */
    void start(long after, EventBus.Subscriber subscriber) {
        this.subscriber = subscriber;
        this.next = after + 1;
        held.headMap(next).clear();
        gapSince = clock.getAsLong();
        drain();
    }

    void accept(CommittedEvent event) {
        long cursor = event.cursor();
        if (cursor == 0) {
            if (subscriber != null) {
                subscriber.event(event);
            }
            return;
        }
        if (subscriber == null) {
            if (held.size() < maxHeld) {
                held.put(cursor, event);
            }
            return;
        }
        if (cursor < next) {
            return; // delivered already, or given up on (the subscriber was told)
        }
        if (cursor == next && held.isEmpty()) {
            subscriber.event(event);
            next++;
            return;
        }
        if (held.isEmpty()) {
            gapSince = clock.getAsLong();
        }
        held.put(cursor, event);
        drain();
        if (held.size() > maxHeld) {
            skipGap();
        }
    }

    /** Ends a wait that has lasted {@code gapNanos}; the owner calls it now and then. */
    void checkGap() {
        if (subscriber != null && !held.isEmpty() && clock.getAsLong() - gapSince >= gapNanos) {
            skipGap();
        }
    }

    /** Gaps given up on so far. */
    long missedGaps() {
        return missedGaps;
    }

    /** Events waiting for one before them. */
    int held() {
        return held.size();
    }

    private void skipGap() {
        missedGaps++;
        subscriber.missed();
        next = held.firstKey();
        drain();
    }

    /** Delivers the held events that are next in order; a gap still open after them is timed from now. */
    private void drain() {
        long from = next;
        List<CommittedEvent> ready = null;
        while (!held.isEmpty() && held.firstKey() <= next) {
            var first = held.pollFirstEntry();
            if (first.getKey() == next) {
                if (ready == null) {
                    ready = new ArrayList<>();
                }
                ready.add(first.getValue());
                next++;
            }
        }
        if (ready != null) {
            ready.forEach(subscriber::event);
        }
        if (next != from && !held.isEmpty()) {
            gapSince = clock.getAsLong();
        }
    }
}
