package dev.parley.core;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable id of a message. */
public record MessageId(UUID value) {
    public MessageId {
        Objects.requireNonNull(value, "value");
    }

    public static MessageId random() {
        return new MessageId(UUID.randomUUID());
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
