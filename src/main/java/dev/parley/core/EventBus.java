package dev.parley.core;

import java.util.List;

/**
 * Port: carries committed events to every node, this one included. Only events whose transaction
 * committed are published, by the one write path of each node, in commit order.
 *
 * <p>A subscriber gets the committed events of all nodes in cursor order (the one global order the
 * write lock gives them), each at most once. Where a bus loses some on the way (a node stopped
 * between its commit and its publish, a broker connection dropped), it says so ({@link
 * Subscriber#missed}) and goes on after them: the node's connections then resume from the {@link
 * EventLog}, which has every committed event. Ephemeral events (cursor 0) are delivered as they come.
 */
public interface EventBus extends AutoCloseable {

    /** What a node does with the events of the bus. Both calls must return quickly (they never block). */
    interface Subscriber {
        void event(CommittedEvent event);

        /** Events of other nodes were lost on the way; the ones after them follow. */
        void missed();
    }

    void publish(List<CommittedEvent> events);

    /**
     * Registers the node's single subscriber. Events at or below cursor {@code after} committed before
     * the node listened and are not delivered: pass the event log's {@link EventLog#head()} read after
     * the bus was opened (a bus listens from the moment it is opened).
     */
    void subscribe(long after, Subscriber subscriber);

    @Override
    void close();
}
