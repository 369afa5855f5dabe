package dev.parley.core;

import java.util.List;
import java.util.function.Consumer;

/**
 * Port: carries committed events to every node, this one included. Only events whose transaction
 * committed are published. Delivery is at most once per subscriber and in publication order per
 * publishing node; a subscriber that needs everything resumes from the {@link EventLog}.
 */
public interface EventBus extends AutoCloseable {

    void publish(List<CommittedEvent> events);

    /** Registers the node's single consumer of events from all nodes. */
    void subscribe(Consumer<CommittedEvent> consumer);

    @Override
    void close();
}
