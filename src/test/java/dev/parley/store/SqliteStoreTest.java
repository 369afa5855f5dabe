package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Origin;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store contract on SQLite, in a fresh directory. */
class SqliteStoreTest extends StoreContract {
    private Path dir;

    @Override
    protected JdbcStore openStore() throws Exception {
        dir = Files.createTempDirectory("parley-store-");
        return JdbcStore.open(StoreSettings.sqlite(dir.resolve("nested/data")));
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(StoreSettings.sqlite(dir.resolve("nested/data")).jdbcUrl());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000"); // the store's writer may hold the lock a moment
        }
        return c;
    }

    @Override
    protected void dropStore() throws Exception {
        TempDirs.delete(dir);
    }

    @Test
    void the_database_file_is_created_under_the_data_directory_and_reopens() {
        assertThat(dir.resolve("nested/data/parley.db")).exists();
        JdbcStore.migrate(StoreSettings.sqlite(dir.resolve("nested/data")));
        try (JdbcStore again = JdbcStore.open(StoreSettings.sqlite(dir.resolve("nested/data")))) {
            assertThat(again.head()).isEqualTo(store.head());
        }
    }

    /**
     * appendAsync may be called on an event loop (the WebSocket send path does): with the writer held up
     * (another connection holds SQLite's write lock) and its queue full, a call still returns at once,
     * and the message is written once there is room again. Before, the caller itself waited for room.
     */
    @Test
    void append_async_never_waits_on_the_calling_thread_even_with_the_writers_queue_full() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        int count = Writer.QUEUE_CAPACITY + Writer.MAX_BATCH + 100;
        List<CompletableFuture<?>> futures = new ArrayList<>(count);
        long slowest;
        try (Connection held = connect(); Statement st = held.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            java.lang.Thread release = java.lang.Thread.ofPlatform().start(() -> {
                try {
                    java.lang.Thread.sleep(1_500);
                    st.execute("ROLLBACK");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            slowest = 0;
            for (int i = 0; i < count; i++) {
                long began = System.nanoTime();
                futures.add(store.appendAsync(text(t, ann, "q" + i, "queued " + i)));
                slowest = Math.max(slowest, System.nanoTime() - began);
            }
            release.join();
        }
        assertThat(slowest).as("the slowest call, ns").isLessThan(TimeUnit.MILLISECONDS.toNanos(300));
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(page(t, ann, null, null, 1).messages().getFirst().seq()).isEqualTo(count);
    }

    private long counter(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(StoreSettings.sqlite(dir.resolve("nested/data")).jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT value FROM counters WHERE name = '" + name + "'")) {
            assertThat(rs.next()).as(name).isTrue();
            return rs.getLong(1);
        }
    }

    /** Runs FTS5's own check that the index holds exactly the indexed rows' texts; throws if not. */
    private void checkSearchIndex() throws Exception {
        try (Connection c = DriverManager.getConnection(StoreSettings.sqlite(dir.resolve("nested/data")).jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 0)");
        }
    }

    @Test
    void the_writer_indexes_messages_for_search_in_chunks_without_a_search_asking() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        long before = counter(SearchIndexer.COUNTER);
        List<Callable<Message>> sends = new ArrayList<>();
        for (int i = 0; i < SearchIndexer.CHUNK + 40; i++) {
            int n = i;
            sends.add(() -> send(t, ann, "chunked message " + n));
        }
        concurrently(sends);
        // Nobody searched: the writer indexed once a chunk's worth waited, and the rest when it was idle.
        awaitIndexed();
        assertThat(counter(SearchIndexer.COUNTER)).isGreaterThanOrEqualTo(before + SearchIndexer.CHUNK + 40)
                .isEqualTo(counter("messages"));
        checkSearchIndex();
        assertThat(store.search(ann.id(), t.id(), "chunked", 500)).hasSize(SearchIndexer.CHUNK + 40);
    }

    /**
     * Messages sent one after the other leave the writer a pause after every batch: it indexes there, in
     * transactions of its own, and no batch of writes carries a chunk's indexing (which added the
     * chunk's time to every write of the batch and to those queued behind it).
     */
    @Test
    void the_writer_indexes_for_search_between_batches_when_it_has_a_pause() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        long before = store.indexedInBatches();
        List<Long> indexing = new CopyOnWriteArrayList<>();
        store.observeBatches(new BatchObserver() {
            @Override
            public void committed(int writes, long queueWaitNanos, long transactionNanos, long commitNanos) {
            }

            @Override
            public void indexed(long nanos) {
                indexing.add(nanos);
            }
        });
        int count = SearchIndexer.CHUNK + 100;
        try {
            for (int i = 0; i < count; i++) {
                send(t, ann, "paused " + i);
            }
            awaitIndexed();
        } finally {
            store.observeBatches((writes, queueWait, transaction, commit) -> { });
        }
        assertThat(store.indexedInBatches() - before).isZero();
        assertThat(store.search(ann.id(), t.id(), "paused", 500)).hasSize(count);
        assertThat(indexing).as("the index transactions between batches, each told with its time").isNotEmpty()
                .allSatisfy(nanos -> assertThat(nanos).isPositive());
    }

    /** Writes queued back to back leave no pause: once {@link SearchIndexer#BEHIND} wait, batches index. */
    @Test
    void batches_index_for_search_themselves_when_writes_queue_without_a_pause() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        int count = SearchIndexer.BEHIND + 4 * Writer.MAX_BATCH;
        List<CompletableFuture<?>> futures = new ArrayList<>(count);
        long before = store.indexedInBatches();
        try (Connection held = connect(); Statement st = held.createStatement()) {
            // The writer waits for this lock while every write below queues up behind it.
            st.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < count; i++) {
                futures.add(store.appendAsync(text(t, ann, "b" + i, "queued " + i)));
            }
            st.execute("ROLLBACK");
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(store.indexedInBatches() - before).isPositive();
        awaitIndexed();
        checkSearchIndex();
        assertThat(store.search(ann.id(), t.id(), "queued", 500)).hasSize(500);
    }

    /**
     * A store closed with a chunk's worth of messages waiting to be indexed closes at once: the writer
     * does not start indexing on its way out, nor wait for the queue to fill again.
     */
    @Test
    void closes_promptly_with_a_chunk_waiting_to_be_indexed() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        List<CompletableFuture<?>> futures = new ArrayList<>();
        java.lang.Thread closer;
        try (Connection held = connect(); Statement st = held.createStatement()) {
            // The writer waits for this lock with the first writes; the rest queue behind them.
            st.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < SearchIndexer.CHUNK + 44; i++) {
                futures.add(store.appendAsync(text(t, ann, "c" + i, "closing " + i)));
            }
            JdbcStore closing = store;
            closer = java.lang.Thread.ofPlatform().start(closing::close);
            java.lang.Thread.sleep(200);
            st.execute("ROLLBACK");
        }
        closer.join(10_000);
        boolean closed = !closer.isAlive();
        // The class shares one store: the next tests get it back, reopened where it was.
        store = JdbcStore.open(StoreSettings.sqlite(dir.resolve("nested/data")));
        assertThat(closed).as("closed within 10 s").isTrue();
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.SECONDS);
    }

    /** A user's text message with a client id, as the WebSocket send path appends it. */
    private static MessageStore.NewMessage text(Thread t, User sender, String clientId, String text) {
        return new MessageStore.NewMessage(t.id(), sender.id(), clientId, Origin.USER, MessageKind.TEXT, text,
                List.of(), null, null);
    }

    private void awaitIndexed() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter(SearchIndexer.COUNTER) < counter("messages") && System.nanoTime() < deadline) {
            java.lang.Thread.sleep(20);
        }
        assertThat(counter(SearchIndexer.COUNTER)).isEqualTo(counter("messages"));
    }

    /**
     * FTS5 merges nothing by itself (its merge of 64 pages per level at once held a batch 15-25 ms): each
     * index transaction merges a few pages per chunk, and that keeps the index's segments few. Without
     * the writer's merges the index holds one segment per index transaction here (at least the 12
     * chunks); with them 3 to 7 in our runs (FTS5 merges a level once it holds four, so a level can keep
     * three and a merge under way one more: the bound leaves that room and still fails without merges).
     * The tight bound is {@link SearchIndexerTest}'s, on an index of its own chunked the same every run.
     */
    @Test
    void the_search_index_is_merged_a_little_with_each_chunk_and_not_by_fts5_at_once() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        int count = SearchIndexer.CHUNK * 12;
        for (int from = 0; from < count; from += SearchIndexer.CHUNK) {
            List<Callable<Message>> sends = new ArrayList<>();
            for (int i = from; i < from + SearchIndexer.CHUNK; i++) {
                int n = i;
                sends.add(() -> send(t, ann, "merged message " + n + " k" + n % 97 + "x"));
            }
            concurrently(sends);
        }
        awaitIndexed();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT v FROM messages_fts_config WHERE k = 'automerge'")) {
                assertThat(rs.next()).as("automerge is set").isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT segid) FROM messages_fts_idx")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("segments, fewer than the 12 chunks indexed").isBetween(1, 11);
            }
        }
        checkSearchIndex();
        assertThat(store.search(ann.id(), t.id(), "k5x", 500)).hasSize(count / 97 + (count % 97 > 5 ? 1 : 0));
    }

    @Test
    void the_search_index_stays_exact_through_edits_and_deletes_before_and_after_indexing() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        Message early = send(t, ann, "early bird");
        Message earlyGone = send(t, ann, "early worm");
        assertThat(store.search(ann.id(), null, "early", 10)).hasSize(2);
        Message late = send(t, ann, "late bird");
        Message lateGone = send(t, ann, "late worm");
        // Indexed ones change (triggers keep the index in step); not-yet-indexed ones change before the
        // indexer reads them; then everything is indexed and checked against the messages' texts.
        store.edit(early.id(), "early owl");
        store.deleteForEveryone(earlyGone.id());
        store.edit(late.id(), "late owl");
        store.deleteForEveryone(lateGone.id());

        assertThat(store.search(ann.id(), null, "owl", 10)).extracting(Message::id).containsExactly(late.id(), early.id());
        assertThat(store.search(ann.id(), null, "worm", 10)).isEmpty();
        assertThat(store.search(ann.id(), null, "bird", 10)).isEmpty();
        assertThat(counter(SearchIndexer.COUNTER)).isEqualTo(counter("messages"));
        checkSearchIndex();
    }

    @Test
    void readers_keep_their_statements_but_no_snapshot_between_reads() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        var query = new MessageStore.PageQuery(null, null, 1);
        for (int i = 1; i <= 20; i++) {
            send(t, ann, "m" + i);
            int expected = i;
            List<Callable<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                readers.add(() -> store.memberPage(t.id(), ann.id(), query).orElseThrow().messages().getFirst().seq());
            }
            assertThat(concurrently(readers)).containsOnly((long) expected);
        }
        // A cached statement left mid-result would pin a read snapshot and keep a full checkpoint busy
        // for good; the writer's own work (it indexes for search while idle) keeps it busy for moments
        // only, so the checkpoint is tried again for a while.
        int busy = 1;
        try (Connection c = DriverManager.getConnection(StoreSettings.sqlite(dir.resolve("nested/data")).jdbcUrl());
             Statement st = c.createStatement()) {
            for (int attempt = 0; attempt < 100 && busy != 0; attempt++) {
                if (attempt > 0) {
                    java.lang.Thread.sleep(20);
                }
                try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    assertThat(rs.next()).isTrue();
                    busy = rs.getInt(1);
                }
            }
        }
        assertThat(busy).as("busy").isZero();
    }

    @Test
    void the_write_ahead_log_starts_over_while_writes_go_on_and_is_emptied_when_idle() throws Exception {
        Path wal = dir.resolve("nested/data/parley.db-wal");
        List<Thread> threads = new ArrayList<>();
        List<User> senders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User u = user("Writer " + i);
            senders.add(u);
            threads.add(thread(u));
        }
        long before = store.completeCheckpoints();
        long until = System.nanoTime() + 3_200_000_000L;
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < senders.size(); w++) {
            int k = w;
            writers.add(() -> {
                int sent = 0;
                while (System.nanoTime() < until) {
                    send(threads.get(k), senders.get(k), "steady " + sent++);
                }
                return sent;
            });
        }
        int sent = concurrently(writers).stream().mapToInt(Integer::intValue).sum();
        assertThat(sent).isPositive();
        // Under steady writes the whole log was copied back (so SQLite started it over) more than once.
        assertThat(store.completeCheckpoints() - before).isGreaterThanOrEqualTo(2);

        // A pause of a second keeps the log: truncated, it would have to grow again from nothing, every
        // commit extending the file, while the sends after the pause wait.
        java.lang.Thread.sleep(1_200);
        assertThat(Files.size(wal)).as("the log after a pause of 1.2 s").isPositive();

        // Idle for longer: the log is checkpointed and truncated, giving its space back.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.size(wal) > 0 && System.nanoTime() < deadline) {
            java.lang.Thread.sleep(50);
        }
        assertThat(Files.size(wal)).isZero();
        assertThat(store.thread(threads.getFirst().id()).orElseThrow().lastSeq()).isPositive();
    }
}
