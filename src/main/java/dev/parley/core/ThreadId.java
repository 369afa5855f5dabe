package dev.parley.core;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable id of a thread. */
public record ThreadId(UUID value) {
    public ThreadId {
        Objects.requireNonNull(value, "value");
    }

    public static ThreadId random() {
        return new ThreadId(UUID.randomUUID());
    }

    /** Parses a UUID string; anything else is reported as a thread that does not exist. */
    public static ThreadId parse(String text) {
        return new ThreadId(Ids.uuid(text, "thread"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
