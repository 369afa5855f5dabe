package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's plain JDBC on PostgreSQL: its arrays, and statements planned for their values. */
class JdbcTest {
    /** Sent in binary now: value for value, nulls and the characters text arrays quote included. */
    @Test
    void bigint_and_text_arrays_reach_postgresql_unchanged() throws Exception {
        Object[] keys = {1L, null, Long.MAX_VALUE, -7L};
        Object[] texts = {"a\"b\\c, {x}", null, "é 😀 NULL", ""};
        try (PostgresTestDatabase db = PostgresTestDatabase.create(); Connection c = db.connect();
             Jdbc jdbc = new Jdbc(c, Dialect.POSTGRES)) {
            PreparedStatement select = jdbc.prepare("SELECT k, t FROM unnest(?::bigint[], ?::text[]) "
                    + "WITH ORDINALITY AS v(k, t, i) ORDER BY i");
            select.setArray(1, jdbc.array("bigint", keys));
            select.setArray(2, jdbc.array("text", texts));
            List<Object> gotKeys = new ArrayList<>();
            List<Object> gotTexts = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    gotKeys.add(rs.getObject(1));
                    gotTexts.add(rs.getString(2));
                }
            }
            assertEquals(Arrays.asList(keys), gotKeys);
            assertEquals(Arrays.asList(texts), gotTexts);
        }
    }

    @Test
    void an_array_of_a_type_the_write_path_does_not_bind_is_refused() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create(); Connection c = db.connect();
             Jdbc jdbc = new Jdbc(c, Dialect.POSTGRES)) {
            assertThrows(IllegalArgumentException.class, () -> jdbc.array("uuid", new Object[] {"x"}));
        }
    }

    /**
     * A replanned statement is never prepared on the server, so PostgreSQL plans it for its values at
     * each execution instead of settling on a generic plan; a statement prepared the usual way is, from
     * its fifth execution on.
     */
    @Test
    void a_replanned_statement_is_never_prepared_on_the_server() throws Exception {
        String replanned = "SELECT count(*) FROM unnest(?::bigint[]) AS v(k) WHERE k > 1";
        String cached = "SELECT count(*) FROM unnest(?::bigint[]) AS v(k) WHERE k > 2";
        try (PostgresTestDatabase db = PostgresTestDatabase.create(); Connection c = db.connect();
             Jdbc jdbc = new Jdbc(c, Dialect.POSTGRES)) {
            for (int i = 0; i < 10; i++) {
                for (PreparedStatement statement : List.of(jdbc.prepareReplanned(replanned), jdbc.prepare(cached))) {
                    statement.setArray(1, jdbc.array("bigint", new Object[] {1L, 2L, 3L}));
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                    }
                }
            }
            assertEquals(0, preparedOnServer(c, replanned));
            assertEquals(1, preparedOnServer(c, cached));
        }
    }

    private static int preparedOnServer(Connection c, String sql) throws Exception {
        String asSent = sql.replace("?", "$1");
        try (PreparedStatement select = c.prepareStatement(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = ?")) {
            select.setString(1, asSent);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
