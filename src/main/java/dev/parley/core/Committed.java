package dev.parley.core;

import java.util.List;

/** The result of a write that has been committed, with the events it produced in commit order. */
public record Committed<T>(T value, List<CommittedEvent> events) {
    public Committed {
        events = List.copyOf(events);
    }
}
