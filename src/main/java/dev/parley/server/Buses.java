package dev.parley.server;

import dev.parley.bus.LocalEventBus;
import dev.parley.core.EventBus;

/** Picks the event bus named by {@code PARLEY_BUS}. */
final class Buses {
    private Buses() {}

    static EventBus open(Config config) {
        String bus = config.bus();
        if (bus.equals("local")) {
            return new LocalEventBus();
        }
        throw new IllegalArgumentException("PARLEY_BUS '" + bus + "' is not supported yet; use local");
    }
}
