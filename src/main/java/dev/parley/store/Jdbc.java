package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC on the writer's connection, for the statements every batch of appends runs. JDBI costs
 * more CPU per bound value than the database spends on the row (argument factories, statement
 * contexts, parsing), so the hot path binds by position on statements prepared once per connection.
 * Lists in {@code IN (…)} are padded to a power of two by repeating their last value, so a few
 * statement shapes serve every batch size.
 *
 * <p>Used by the writer thread only; closed with the connection it was made for.
 */
final class Jdbc implements AutoCloseable {
    /** A failure of a plain JDBC statement, unchecked like JDBI's; {@link Failures} looks at its cause. */
    static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Jdbc(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The statement for this SQL, prepared on first use and kept; callers close only its result sets. */
    PreparedStatement prepare(String sql) {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            try {
                statement = connection.prepareStatement(sql);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
            statements.put(sql, statement);
        }
        return statement;
    }

    /**
     * The statement for this SQL, planned afresh for its values at every execution (pgjdbc then never
     * prepares it on the server). For a look-up whose cached generic plan PostgreSQL may make a
     * sequential scan: the probe of messages by client id, given a generic plan while the table was
     * small, scanned the whole table per pair for as long as the connection lived (docs/performance.md,
     * session 8).
     */
    PreparedStatement prepareReplanned(String sql) {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = prepare(sql);
            try {
                statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        }
        return statement;
    }

    /**
     * A SQL array of the given element type (PostgreSQL), for {@code unnest(?)} and {@code = ANY(?)}.
     * The values are copied into an array of their Java type first: pgjdbc sends a {@code Long[]} or
     * {@code String[]} in binary, which the server copies, where an {@code Object[]} goes as text that
     * the server parses ({@code array_in}); see docs/performance.md, session 8.
     */
    java.sql.Array array(String type, Object[] values) {
        Object[] typed = switch (type) {
            case "bigint" -> Arrays.copyOf(values, values.length, Long[].class);
            case "text" -> Arrays.copyOf(values, values.length, String[].class);
            default -> throw new IllegalArgumentException("no array of " + type);
        };
        try {
            return connection.createArrayOf(type, typed);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** How many values a list of {@code n} is padded to. */
    static int padded(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** {@code ?, ?, …} for a list of {@code n} values, padded. */
    static String marks(int n) {
        return "?" + ", ?".repeat(padded(n) - 1);
    }

    /** {@code column IN (?, …)} for a list of {@code n} values, padded; bound with {@link #bindPadded}. */
    String in(String column, int n) {
        return column + " IN (" + marks(n) + ")";
    }

    /** Binds the values from parameter {@code first} on, repeating the last one up to the padded size. */
    static int bindPadded(PreparedStatement statement, int first, List<?> values) throws SQLException {
        int size = padded(values.size());
        for (int i = 0; i < size; i++) {
            statement.setObject(first + i, values.get(Math.min(i, values.size() - 1)));
        }
        return first + size;
    }

    /** Runs the statement's batch and empties it, also when it fails (the statement stays cached). */
    static void executeBatch(PreparedStatement statement) throws SQLException {
        try {
            statement.executeBatch();
        } finally {
            statement.clearBatch();
        }
    }

    @Override
    public void close() {
        for (Statement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The connection is going away anyway.
            }
        }
        statements.clear();
    }
}
