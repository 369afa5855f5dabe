package dev.parley.core;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable id of a message. */
public record MessageId(UUID value) {
    public MessageId {
        Objects.requireNonNull(value, "value");
    }

    /** A new id: unguessable, and later than the ids made before it (see {@link Ids#timeOrdered()}). */
    public static MessageId random() {
        return new MessageId(Ids.timeOrdered());
    }

    /** Parses a UUID string; anything else is reported as a message that does not exist. */
    public static MessageId parse(String text) {
        return new MessageId(Ids.uuid(text, "message"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
