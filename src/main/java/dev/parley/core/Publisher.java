package dev.parley.core;

import java.util.List;

/** Hands committed events to the bus; the one place use cases publish through. */
final class Publisher {
    private final EventBus bus;

    Publisher(EventBus bus) {
        this.bus = bus;
    }

    <T> T publish(Committed<T> committed) {
        if (!committed.events().isEmpty()) {
            bus.publish(committed.events());
        }
        return committed.value();
    }

    void publishEphemeral(CommittedEvent event) {
        bus.publish(List.of(event));
    }
}
