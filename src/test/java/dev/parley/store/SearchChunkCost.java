package dev.parley.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A quick look at what FTS5 indexing costs per message by the size of the transaction it is done in,
 * not a test: {@code SearchChunkCost [chunk[:mergePages[:step]] ...]} (default 1 33 256 1000). Loads
 * 120,000 ({@code -Dmessages=N}) chat-like messages into a scratch SQLite database (WAL,
 * synchronous=FULL, as the store), then indexes them in transactions of {@code chunk} messages and
 * prints the wall and CPU time per message after the first 20,000, and the slowest transactions. With {@code :mergePages}, FTS5's automatic merging is off
 * and each transaction merges about that many pages itself ({@code 'merge'}), as {@link SearchIndexer}
 * does; with {@code :step}, the merge runs after the chunk's transaction instead, in transactions of
 * that many pages each (tried in the writer, not kept: docs/performance.md, session 14). This is why
 * the writer indexes in chunks, and merges a little with each.
 */
public final class SearchChunkCost {
    private static final int MESSAGES = Integer.getInteger("messages", 120_000);
    private static final int WARM_UP = 20_000;

    public static void main(String[] args) throws Exception {
        String[] runs = args.length == 0 ? new String[] {"1", "33", "256", "1000"} : args;
        for (String spec : runs) {
            String[] parts = spec.split(":");
            int chunk = Integer.parseInt(parts[0]);
            int mergePages = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int mergeStep = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            Path dir = Files.createTempDirectory("parley-fts-");
            try {
                run(dir.resolve("fts.db"), chunk, mergePages, mergeStep);
            } finally {
                try (var files = Files.list(dir)) {
                    files.forEach(f -> f.toFile().delete());
                }
                Files.delete(dir);
            }
        }
    }

    private static void run(Path file, int chunk, int mergePages, int mergeStep) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("CREATE TABLE messages (key INTEGER PRIMARY KEY, text TEXT)");
                s.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(text, content = 'messages', content_rowid = 'key')");
            }
            load(c);
            if (mergePages > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0)");
                }
                c.commit();
            }
            long[] walls = new long[(MESSAGES / chunk + 1) * (mergeStep > 0 ? 1 + mergePages / mergeStep : 1)];
            int chunks = 0;
            try (PreparedStatement index = c.prepareStatement("INSERT INTO messages_fts (rowid, text) "
                    + "SELECT key, text FROM messages WHERE key > ? AND key <= ?")) {
                long wall = 0;
                long cpu = 0;
                int measured = 0;
                for (int from = 0; from < MESSAGES; from += chunk) {
                    long w0 = System.nanoTime();
                    long c0 = threadCpu();
                    index.setLong(1, from);
                    index.setLong(2, from + chunk);
                    index.executeUpdate();
                    if (mergePages > 0 && mergeStep == 0) {
                        try (Statement s = c.createStatement()) {
                            s.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', " + mergePages + ")");
                        }
                    }
                    c.commit();
                    if (from >= WARM_UP) {
                        walls[chunks++] = System.nanoTime() - w0;
                    }
                    for (int step = 0; mergeStep > 0 && step < mergePages / mergeStep; step++) {
                        long s0 = System.nanoTime();
                        try (Statement s = c.createStatement()) {
                            s.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', " + mergeStep + ")");
                        }
                        c.commit();
                        if (from >= WARM_UP) {
                            walls[chunks++] = System.nanoTime() - s0;
                        }
                    }
                    if (from >= WARM_UP) {
                        wall += System.nanoTime() - w0;
                        cpu += threadCpu() - c0;
                        measured += Math.min(chunk, MESSAGES - from);
                    }
                }
                long[] sorted = java.util.Arrays.copyOf(walls, chunks);
                java.util.Arrays.sort(sorted);
                System.out.printf("chunk %5d, merge %s: %6.1f µs wall, %6.1f µs CPU per message indexed;"
                                + " per transaction p50 %.2f, p99 %.2f, max %.2f ms; %d segments at the end%n",
                        chunk, mergePages == 0 ? "automatic" : mergePages + " pages"
                                + (mergeStep > 0 ? " in transactions of " + mergeStep : ""), wall / 1e3 / measured,
                        cpu / 1e3 / measured, sorted[chunks / 2] / 1e6, sorted[chunks * 99 / 100] / 1e6,
                        sorted[chunks - 1] / 1e6, segments(c));
            }
        }
    }

    /** Chat-like texts: a bench-style prefix, then 6-15 words drawn unevenly from 5,000. */
    private static void load(Connection c) throws SQLException {
        Random random = new Random(1);
        String[] words = new String[5_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 3 + random.nextInt(7); k > 0; k--) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.toString();
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (key, text) VALUES (?, ?)")) {
            for (int i = 1; i <= MESSAGES; i++) {
                StringBuilder text = new StringBuilder("bench|run|" + i % 1000 + "|" + System.nanoTime() + "|");
                for (int k = 6 + random.nextInt(10); k > 0; k--) {
                    text.append(' ').append(words[(int) Math.min(words.length - 1, Math.abs(random.nextGaussian()) * 800)]);
                }
                insert.setLong(1, i);
                insert.setString(2, text.toString());
                insert.addBatch();
                if (i % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
        }
        c.commit();
    }

    private static int segments(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(DISTINCT segid) FROM messages_fts_idx")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
