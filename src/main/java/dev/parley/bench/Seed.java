package dev.parley.bench;

import dev.parley.store.JdbcStore;
import dev.parley.store.StoreSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bulk-loads data straight into the store's schema on SQLite, far faster than making it over the API:
 * history ({@link #history}) or many users ({@link #users}). Rows follow the store's conventions
 * (lower-case enums, epoch microseconds, gapless seq per thread, counters advanced past every key
 * used) so the server reads them as its own. Run before the server starts on that directory.
 */
final class Seed {
    /** What was loaded: the reader's id, the big thread and the small ones. */
    record Seeded(String reader, String bigThread, long bigMessages, List<String> smallThreads, long perSmallThread) {}

    private Seed() {}

    /**
     * Two users, one thread holding {@code messages} messages, and {@code threads} threads sharing
     * another {@code messages}.
     */
    static Seeded history(Path dataDir, long messages, int threads) throws SQLException {
        StoreSettings settings = StoreSettings.sqlite(dataDir);
        JdbcStore.migrate(settings);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl())) {
            try (Statement s = c.createStatement()) {
                // One transaction for everything, with a cache that holds the random-UUID and FTS indexes:
                // otherwise every insert touches the disk and a million rows take minutes.
                s.execute("PRAGMA synchronous = OFF");
                s.execute("PRAGMA cache_size = -1500000");
                s.execute("PRAGMA temp_store = MEMORY");
            }
            c.setAutoCommit(false);
            long now = System.currentTimeMillis() * 1_000 - messages * 2_000;
            long userKey = counter(c, "users");
            long threadKey = counter(c, "threads");
            long messageKey = counter(c, "messages");
            String alice = UUID.randomUUID().toString();
            String bob = UUID.randomUUID().toString();
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users (key, id, external_id, name, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insertUser(u, ++userKey, alice, "history-alice-" + alice, "Alice", now);
                insertUser(u, ++userKey, bob, "history-bob-" + bob, "Bob", now);
            }
            long aliceKey = userKey - 1;
            long bobKey = userKey;

            List<String> ids = new ArrayList<>();
            List<Long> keys = new ArrayList<>();
            long perSmall = Math.max(1, messages / threads);
            try (PreparedStatement t = c.prepareStatement("INSERT INTO threads (key, id, kind, name, created_at, "
                    + "last_activity_at, last_seq) VALUES (?, ?, 'custom', ?, ?, ?, ?)");
                 PreparedStatement i = c.prepareStatement("INSERT INTO inboxes (thread_key, user_key, role, "
                         + "last_read_seq, cleared_seq, archived, muted, joined_at) VALUES (?, ?, ?, 0, 0, 0, 0, ?)")) {
                for (int n = 0; n <= threads; n++) {
                    long key = ++threadKey;
                    String id = UUID.randomUUID().toString();
                    t.setLong(1, key);
                    t.setString(2, id);
                    t.setString(3, n == 0 ? "history big" : "history " + n);
                    t.setLong(4, now);
                    t.setLong(5, now + messages * 1_000);
                    t.setLong(6, n == 0 ? messages : perSmall);
                    t.addBatch();
                    for (long member : new long[] {aliceKey, bobKey}) {
                        i.setLong(1, key);
                        i.setLong(2, member);
                        i.setString(3, member == aliceKey ? "owner" : "member");
                        i.setLong(4, now);
                        i.addBatch();
                    }
                    ids.add(id);
                    keys.add(key);
                }
                t.executeBatch();
                i.executeBatch();
            }
            long firstSmall = keys.get(1);
            insertMessages(c, messageKey, keys.get(0), 0, messages, 1, aliceKey, bobKey, now);
            messageKey += messages;
            insertMessages(c, messageKey, firstSmall, 1, perSmall * threads, perSmall, aliceKey, bobKey, now);
            messageKey += perSmall * threads;
            // The server's writer indexes new messages for search in chunks as it writes them; what is
            // loaded here is indexed here, so the history reads do not run beside a million-row backlog.
            try (PreparedStatement index = c.prepareStatement("INSERT INTO messages_fts (rowid, text) "
                    + "SELECT key, text FROM messages WHERE key > ? AND text IS NOT NULL")) {
                index.setLong(1, counter(c, "search_indexed"));
                index.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE counters SET value = ? WHERE name = ?")) {
                for (Object[] kv : new Object[][] {{userKey, "users"}, {threadKey, "threads"}, {messageKey, "messages"},
                        {messageKey, "search_indexed"}}) {
                    u.setLong(1, (Long) kv[0]);
                    u.setString(2, (String) kv[1]);
                    u.addBatch();
                }
                u.executeBatch();
            }
            c.commit();
            return new Seeded(alice, ids.get(0), messages, ids.subList(1, ids.size()), perSmall);
        }
    }

    /**
     * Inserts {@code count} messages with keys after {@code keyBase}, generated by SQLite itself (a
     * recursive CTE: no per-row round trip through JDBC). With {@code perThread} &lt; count the rows are
     * spread over consecutive thread keys from {@code threadKey}, {@code perThread} each; otherwise all
     * go to {@code threadKey}. Ids are random version-4 UUIDs, as Parley makes them.
     */
    private static void insertMessages(Connection c, long keyBase, long threadKey, int threadLabel, long count,
                                       long perThread, long alice, long bob, long now) throws SQLException {
        long per = perThread <= 1 ? count : perThread;
        String uuid = "lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' "
                + "|| substr(h, 18, 3) || '-' || substr(h, 21, 12))";
        String sql = "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ?), "
                + "r(n, h) AS (SELECT n, hex(randomblob(16)) FROM s) "
                + "INSERT INTO messages (key, id, thread_key, seq, client_id, sender_key, origin, kind, text, created_at) "
                + "SELECT ? + n + 1, " + uuid + ", ? + n / ?, n % ? + 1, 'seed-' || (? + n + 1), "
                + "CASE (n % ?) % 2 WHEN 1 THEN ? ELSE ? END, 'user', 'text', "
                + "'history message ' || (n % ? + 1) || ' of thread ' || (? + n / ?), ? + (n % ? + 1) * 1000 FROM r";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 0;
            p.setLong(++i, count);
            p.setLong(++i, keyBase);
            p.setLong(++i, threadKey);
            p.setLong(++i, per);
            p.setLong(++i, per);
            p.setLong(++i, keyBase);
            p.setLong(++i, per);
            p.setLong(++i, bob);
            p.setLong(++i, alice);
            p.setLong(++i, per);
            p.setLong(++i, threadLabel);
            p.setLong(++i, per);
            p.setLong(++i, now);
            p.setLong(++i, per);
            p.executeUpdate();
        }
    }

    /** {@code n} users named {@code <prefix>-<i>}; returns their Parley ids in order. */
    static List<String> users(Path dataDir, String prefix, int n) throws SQLException {
        StoreSettings settings = StoreSettings.sqlite(dataDir);
        JdbcStore.migrate(settings);
        List<String> ids = new ArrayList<>(n);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl())) {
            c.setAutoCommit(false);
            long key = counter(c, "users");
            long now = System.currentTimeMillis() * 1_000;
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users (key, id, external_id, name, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String id = UUID.randomUUID().toString();
                    u.setLong(1, ++key);
                    u.setString(2, id);
                    u.setString(3, prefix + "-" + i);
                    u.setString(4, "Bench " + i);
                    u.setLong(5, now);
                    u.setLong(6, now);
                    u.addBatch();
                    ids.add(id);
                }
                u.executeBatch();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE counters SET value = ? WHERE name = 'users'")) {
                u.setLong(1, key);
                u.executeUpdate();
            }
            c.commit();
        }
        return ids;
    }

    private static long counter(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
            p.setString(1, name);
            try (var rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no counter " + name + " in the store schema");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void insertUser(PreparedStatement u, long key, String id, String ext, String name, long now)
            throws SQLException {
        u.setLong(1, key);
        u.setString(2, id);
        u.setString(3, ext);
        u.setString(4, name);
        u.setLong(5, now);
        u.setLong(6, now);
        u.executeUpdate();
    }
}
