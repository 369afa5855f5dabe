package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The bench's PostgreSQL CPU figure, on the real server of 127.0.0.1:5432. */
class PostgresCpuTest {
    private static Postgres database() {
        try {
            return Postgres.create();
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL is required on CI but unreachable", e);
            }
            Assumptions.abort("PostgreSQL unreachable: " + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_cpu_of_a_busy_backend_of_the_database_is_counted() throws Exception {
        try (Postgres pg = database();
             Connection c = DriverManager.getConnection(pg.url(), Postgres.USER, "");
             Statement s = c.createStatement()) {
            long before = pg.backendCpuMillis();
            assertThat(before).as("read from /proc").isGreaterThanOrEqualTo(0);

            // About a second of work for the backend of this connection, none for the bench's JVM.
            s.execute("SELECT count(*) FROM generate_series(1, 20000000)");

            long used = Target.between(before, pg.backendCpuMillis());
            assertThat(used).as("ms of CPU counted for the query").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void a_reading_that_failed_makes_the_window_unknown() {
        assertThat(Target.between(-1, 500)).isEqualTo(-1);
        assertThat(Target.between(500, -1)).isEqualTo(-1);
        assertThat(Target.between(200, 500)).isEqualTo(300);
    }
}
