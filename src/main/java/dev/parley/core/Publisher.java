package dev.parley.core;

import java.util.List;

/**
 * Publishes ephemeral events (typing), which are never stored. Committed events are published by the
 * store's write path itself, in commit order (see {@link MessageStore}).
 */
final class Publisher {
    private final EventBus bus;

    Publisher(EventBus bus) {
        this.bus = bus;
    }

    void publishEphemeral(CommittedEvent event) {
        bus.publish(List.of(event));
    }
}
