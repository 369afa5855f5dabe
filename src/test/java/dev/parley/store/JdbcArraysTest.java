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

/**
 * The arrays the PostgreSQL write path binds ({@link Jdbc#array}) reach the server value for value,
 * nulls and the characters text arrays quote included, now that they are sent in binary.
 */
class JdbcArraysTest {
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
}
