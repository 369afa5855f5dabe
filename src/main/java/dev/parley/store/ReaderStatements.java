package dev.parley.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps each SQLite reader connection's prepared statements across the handles that borrow it: a
 * history page is three statements, and preparing the page query alone costs about as much as
 * running it (~50 µs). The pool hands a connection to one thread at a time, so each physical
 * connection gets its own {@link CachingStatements}, used by one thread at a time.
 *
 * <p>Statements are prepared on the physical connection, not on the pool's proxy: the pool closes
 * every statement made through the proxy when the connection goes back. They close with the physical
 * connection (a closed one is prepared again). A result set, once closed, resets its statement, so a
 * cached statement holds no read transaction open between uses.
 */
final class ReaderStatements implements StatementBuilderFactory {
    private final Map<SQLiteConnection, CachingStatements> caches = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public StatementBuilder createStatementBuilder(Connection pooled) {
        SQLiteConnection physical;
        try {
            physical = pooled.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("a SQLite reader connection was expected", e);
        }
        return new Borrowed(physical, caches.computeIfAbsent(physical, c -> new CachingStatements()));
    }

    /** One handle's view of its connection's cache; closing the handle keeps the statements. */
    private record Borrowed(Connection physical, CachingStatements cache) implements StatementBuilder {
        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return cache.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return cache.create(physical, sql, ctx);
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return cache.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            cache.close(physical, sql, stmt);
        }

        @Override
        public void close(Connection conn) {
            // The statements stay with the physical connection for the next handle.
        }
    }
}
