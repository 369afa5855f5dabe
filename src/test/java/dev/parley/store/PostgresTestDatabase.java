package dev.parley.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database for one test class, dropped on {@link #close()}. Uses the server at
 * 127.0.0.1:5432, user {@code postgres} (or {@code PARLEY_TEST_PG_URL}, {@code PARLEY_TEST_PG_USER},
 * {@code PARLEY_TEST_PG_PASSWORD}). When the server is unreachable the test is skipped, except
 * with {@code CI=true}, where it fails.
 *
 * <pre>{@code
 * try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
 *     JdbcStore store = JdbcStore.open(db.settings());
 * }
 * }</pre>
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String SERVER = env("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = env("PARLEY_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("PARLEY_TEST_PG_PASSWORD", "");
    /** An existing database to connect to while creating and dropping the test one. */
    private static final String ADMIN_DB = env("PARLEY_TEST_PG_ADMIN_DB", "test");

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code parley_test_<random>}, or skips (fails on CI) when PostgreSQL is unreachable. */
    public static PostgresTestDatabase create() {
        String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL is required on CI but unreachable at " + SERVER, e);
            }
            Assumptions.abort("PostgreSQL unreachable at " + SERVER + ": " + e.getMessage());
        }
        return new PostgresTestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    public StoreSettings settings() {
        return new StoreSettings(jdbcUrl(), USER, PASSWORD);
    }

    /** A plain connection to the test database, for checks a test makes behind the store's back. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Drops the database, disconnecting whoever is still on it. */
    @Override
    public void close() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    private static Connection admin() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(SERVER + ADMIN_DB, USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
