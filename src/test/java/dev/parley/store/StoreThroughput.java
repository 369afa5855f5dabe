package dev.parley.store;

import dev.parley.core.Member;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Origin;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A quick look at append throughput, not a test:
 * {@code StoreThroughput sqlite|postgres [senders] [seconds] [nosearch] [threads=N]}.
 * Each sender appends to its own thread (shared with one reader) as fast as acks come back. With
 * {@code nosearch} the full-text index is dropped first, to measure what indexing costs the send path;
 * with {@code threads=N} the store holds N threads in all (the others idle), as PostgreSQL plans
 * differently for a small table than for a larger one.
 */
public final class StoreThroughput {
    private static long writerCpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("parley-store-writer")) {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the PostgreSQL backends serving the writer (same machine), or 0 when unknown. */
    private static long serverCpuNanos(StoreSettings settings) {
        if (!settings.isPostgres()) {
            return 0;
        }
        long ticks = 0;
        try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             var rs = c.createStatement().executeQuery(
                     "SELECT pid FROM pg_stat_activity WHERE application_name = 'parley-writer' AND datname = current_database()")) {
            while (rs.next()) {
                String[] stat = Files.readString(Path.of("/proc/" + rs.getInt(1) + "/stat"))
                        .replaceAll(".*\\) ", "").split(" ");
                ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            }
        } catch (Exception e) {
            return 0;
        }
        return ticks * 10_000_000L;
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "sqlite";
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PostgresTestDatabase pg = null;
        Path dir = null;
        StoreSettings settings;
        if (db.equals("postgres")) {
            pg = PostgresTestDatabase.create();
            settings = pg.settings();
        } else {
            dir = Files.createTempDirectory("parley-bench-");
            settings = StoreSettings.sqlite(dir);
        }
        boolean noSearch = List.of(args).contains("nosearch");
        try (JdbcStore store = JdbcStore.open(settings)) {
            if (noSearch) {
                dropSearch(settings, db.equals("postgres"));
            }
            for (int a = 3; a < args.length; a++) {
                if (args[a].startsWith("ftsopts=")) {
                    // The index made anew with other FTS5 options, e.g. ftsopts=columnsize=0;detail=none.
                    try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl());
                         var st = c.createStatement()) {
                        st.execute("DROP TABLE messages_fts");
                        st.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(text, content = 'messages', "
                                + "content_rowid = 'key', " + args[a].substring(8).replace(';', ',') + ")");
                    }
                }
                if (args[a].startsWith("fts=")) {
                    // An FTS5 setting to try, e.g. fts=automerge:8 (SQLite only).
                    String[] kv = args[a].substring(4).split(":");
                    try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl());
                         var st = c.prepareStatement("INSERT INTO messages_fts (messages_fts, rank) VALUES (?, ?)")) {
                        st.setString(1, kv[0]);
                        st.setInt(2, Integer.parseInt(kv[1]));
                        st.execute();
                    }
                }
            }
            User reader = store.upsertUser(new UserProfile("reader", "Reader", null, null, null, null)).user();
            List<User> users = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                User u = store.upsertUser(new UserProfile("s" + i, "S" + i, null, null, null, null)).user();
                users.add(u);
                threads.add(store.createThread(new ThreadStore.NewThread(ThreadKind.DIRECT, null, null, null, null,
                        List.of(new Member(u.id(), Role.OWNER), new Member(reader.id(), Role.OWNER)))).value().thread());
            }
            int allThreads = List.of(args).stream().filter(a -> a.startsWith("threads=")).findFirst()
                    .map(a -> Integer.parseInt(a.substring("threads=".length()))).orElse(senders);
            for (int i = senders; i < allThreads; i++) {
                store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, "idle " + i, null, null, null,
                        List.of(new Member(reader.id(), Role.OWNER)), reader.id(), null));
            }
            if (db.equals("postgres")) {
                // As autovacuum would have by then in a database that has run for a while.
                try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                     var st = c.createStatement()) {
                    st.execute("ANALYZE");
                }
            }
            LongAdder batchCount = new LongAdder();
            LongAdder batchWrites = new LongAdder();
            store.observeBatches((writes, queueWaitNanos, transactionNanos, commitNanos) -> {
                batchCount.increment();
                batchWrites.add(writes);
            });
            for (int round = 0; round < 2; round++) {
                LongAdder acks = new LongAdder();
                long[] latencies = new long[senders * 200_000];
                java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                int r = round;
                long writerCpu0 = writerCpuNanos();
                long processCpu0 = processCpuNanos();
                long batches0 = batchCount.sum();
                long writes0 = batchWrites.sum();
                long serverCpu0 = serverCpuNanos(settings);
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < senders; i++) {
                        int s = i;
                        pool.submit(() -> {
                            int k = 0;
                            while (running.get()) {
                                long t0 = System.nanoTime();
                                store.append(new MessageStore.NewMessage(threads.get(s).id(), users.get(s).id(),
                                        "c" + r + "-" + k++, Origin.USER, MessageKind.TEXT, "hello number " + k,
                                        List.of(), null, null));
                                int idx = n.getAndIncrement();
                                if (idx < latencies.length) {
                                    latencies[idx] = System.nanoTime() - t0;
                                }
                                acks.increment();
                            }
                            return null;
                        });
                    }
                    java.lang.Thread.sleep(seconds * 1000L);
                    running.set(false);
                }
                long[] l = Arrays.copyOf(latencies, Math.min(n.get(), latencies.length));
                Arrays.sort(l);
                double perK = 1000.0 / acks.sum() / 1e6;
                long batches = batchCount.sum() - batches0;
                System.out.printf("%s%s round %d: %d senders, %.0f acked msgs/s, p50 %.1f ms, p99 %.1f ms, "
                                + "CPU per 1000 msgs: writer %.0f ms, process %.0f ms, PostgreSQL writer backend %.0f ms; "
                                + "%d batches of %.1f writes%n",
                        db, noSearch ? " (no search index)" : "",
                        round, senders,
                        acks.sum() / (double) seconds, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
                        (writerCpuNanos() - writerCpu0) * perK, (processCpuNanos() - processCpu0) * perK,
                        (serverCpuNanos(settings) - serverCpu0) * perK,
                        batches, batches == 0 ? 0.0 : (batchWrites.sum() - writes0) / (double) batches);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            if (dir != null) {
                TempDirs.delete(dir);
            }
        }
    }

    private static void dropSearch(StoreSettings settings, boolean postgres) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             var st = c.createStatement()) {
            if (postgres) {
                st.execute("ALTER TABLE messages DROP COLUMN tsv");
            } else {
                // The writer indexes in chunks (SearchIndexer): a plain table takes its inserts instead.
                for (String t : List.of("messages_fts_delete", "messages_fts_update")) {
                    st.execute("DROP TRIGGER " + t);
                }
                st.execute("DROP TABLE messages_fts");
                st.execute("CREATE TABLE messages_fts (text TEXT)");
            }
        }
    }
}
