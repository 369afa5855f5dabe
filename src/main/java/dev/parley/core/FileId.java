package dev.parley.core;

import java.util.Objects;
import java.util.UUID;

/** The public, unguessable id of a file. */
public record FileId(UUID value) {
    public FileId {
        Objects.requireNonNull(value, "value");
    }

    public static FileId random() {
        return new FileId(UUID.randomUUID());
    }

    /** Parses a UUID string; anything else is reported as a file that does not exist. */
    public static FileId parse(String text) {
        return new FileId(Ids.uuid(text, "file"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
