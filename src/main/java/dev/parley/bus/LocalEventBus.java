package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.EventBus;

import java.util.List;
import java.util.function.Consumer;

/** The single-node bus: publishing hands events straight to this node's consumer, in order. */
public final class LocalEventBus implements EventBus {
    private volatile Consumer<CommittedEvent> consumer = e -> { };

    @Override
    public void publish(List<CommittedEvent> events) {
        Consumer<CommittedEvent> c = consumer;
        for (CommittedEvent e : events) {
            c.accept(e);
        }
    }

    @Override
    public void subscribe(Consumer<CommittedEvent> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void close() {
        consumer = e -> { };
    }
}
