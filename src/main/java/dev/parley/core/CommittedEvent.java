package dev.parley.core;

import java.util.Set;

/**
 * An event after its transaction committed, with who may see it.
 *
 * @param cursor   the event's place in the one global order of events (a per-user cursor is the
 *                 cursor of the last event that user saw); 0 for ephemeral events
 * @param audience the users whose connections receive it
 */
public record CommittedEvent(long cursor, Set<UserId> audience, Event event) {
    public CommittedEvent {
        audience = Set.copyOf(audience);
    }
}
