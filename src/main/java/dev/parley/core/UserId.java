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

    /*
     * Written out rather than generated: the record's own equals and hashCode go through an
     * ObjectMethods method handle, and ids are the keys of the hub's and the caches' maps (a tenth of
     * the publisher's CPU in the fan-out was spent in them).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof UserId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
