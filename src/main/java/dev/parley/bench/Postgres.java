package dev.parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres, trust), dropped on close.
 */
final class Postgres implements AutoCloseable {
    static final String USER = "postgres";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String name;

    private Postgres(String name) {
        this.name = name;
    }

    /** Creates a fresh database, or fails with the reason PostgreSQL is not usable. */
    static Postgres create() throws SQLException {
        String name = "parley_bench_" + Target.random().substring(0, 12);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new Postgres(name);
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /**
     * CPU time (user + system, ms) the backends now connected to this database have used, read from
     * /proc (PostgreSQL runs on this machine); -1 when that fails. The query runs from the admin
     * database, so its own backend is not counted.
     */
    long backendCpuMillis() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             var select = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
            select.setString(1, name);
            long total = 0;
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    long ms = ProcFs.cpuMillis(rs.getInt(1));
                    if (ms < 0) {
                        return -1;
                    }
                    total += ms;
                }
            }
            return total;
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("bench: could not drop database " + name + ": " + e.getMessage());
        }
    }
}
