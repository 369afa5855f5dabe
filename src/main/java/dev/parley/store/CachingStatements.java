package dev.parley.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the writer connection's prepared statements across writes instead of preparing the same SQL
 * again for every message (on SQLite, preparing costs about as much as running). Only for the
 * writer's own long-lived handle, used by one thread; a statement already in use is never handed out
 * twice, and the least recently used ones beyond a bound are closed.
 */
final class CachingStatements implements StatementBuilder {
    private static final int MAX = 128;

    private final DefaultStatementBuilder plain = new DefaultStatementBuilder();
    private final Set<Statement> inUse = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** The cached statements; JDBI closes a statement naming its unparsed SQL, so they are known by identity. */
    private final Set<Statement> cached = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(MAX, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX && !inUse.contains(eldest.getValue())) {
                cached.remove(eldest.getValue());
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return plain.create(conn, sql, ctx);
        }
        PreparedStatement known = cache.get(sql);
        if (known != null && !inUse.contains(known)) {
            if (!known.isClosed()) {
                inUse.add(known);
                return known;
            }
            cache.remove(sql);
            cached.remove(known);
            known = null;
        }
        PreparedStatement fresh = conn.prepareStatement(sql);
        if (known == null) {
            cache.put(sql, fresh);
            cached.add(fresh);
            inUse.add(fresh);
        }
        return fresh;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return plain.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
        if (stmt != null && cached.contains(stmt) && inUse.remove(stmt)) {
            PreparedStatement ps = (PreparedStatement) stmt;
            ps.clearParameters();
            ps.clearBatch();
            return;
        }
        plain.close(conn, sql, stmt);
    }

    @Override
    public void close(Connection conn) {
        cache.values().forEach(CachingStatements::closeQuietly);
        cache.clear();
        cached.clear();
        inUse.clear();
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing a statement of a connection that is going away anyway.
        }
    }
}
