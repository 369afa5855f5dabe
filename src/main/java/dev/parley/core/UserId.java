package dev.parley.core;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable id of a user. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses a UUID string; anything else is reported as a user that does not exist. */
    public static UserId parse(String text) {
        return new UserId(Ids.uuid(text, "user"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
