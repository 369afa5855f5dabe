package dev.parley.api;

import dev.parley.store.PostgresTestDatabase;

import java.util.Map;

/** The file scenarios with the catalogue on PostgreSQL. */
class FilesApiPostgresTest extends FilesApiTest {
    private PostgresTestDatabase database;

    @Override
    protected Map<String, String> settings() {
        database = PostgresTestDatabase.create();
        return Map.of("PARLEY_DB_URL", database.jdbcUrl(), "PARLEY_DB_USER", database.settings().user(),
                "PARLEY_DB_PASSWORD", database.settings().password() == null ? "" : database.settings().password());
    }

    @Override
    protected void cleanUp() {
        database.close();
    }
}
