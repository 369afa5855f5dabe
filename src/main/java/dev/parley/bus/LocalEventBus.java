package dev.parley.bus;

import dev.parley.core.CommittedEvent;
import dev.parley.core.EventBus;

import java.util.List;

/**
 * The single-node bus: publishing hands events straight to this node's subscriber. The one write path
 * publishes in commit order, so they are in cursor order already, and none can be lost on the way.
 */
public final class LocalEventBus implements EventBus {
    private static final Subscriber NOBODY = new Subscriber() {
        @Override
        public void event(CommittedEvent event) {
        }

        @Override
        public void missed() {
        }
    };

    private volatile Subscriber subscriber = NOBODY;

    @Override
    public void publish(List<CommittedEvent> events) {
        Subscriber s = subscriber;
        for (CommittedEvent e : events) {
            s.event(e);
        }
    }

    @Override
    public void subscribe(long after, Subscriber subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public void close() {
        subscriber = NOBODY;
    }
}
