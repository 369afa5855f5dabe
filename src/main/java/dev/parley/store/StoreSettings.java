package dev.parley.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives: a {@code jdbc:sqlite:<path>} or a {@code jdbc:postgresql://…} URL, with the
 * credentials PostgreSQL needs (ignored by SQLite, may be null).
 */
public record StoreSettings(String jdbcUrl, String user, String password) {
    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** The embedded default: {@code <dataDir>/parley.db}. */
    public static StoreSettings sqlite(Path dataDir) {
        return new StoreSettings("jdbc:sqlite:" + dataDir.resolve("parley.db"), null, null);
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "StoreSettings[" + jdbcUrl + ", user=" + user + "]";
    }
}
