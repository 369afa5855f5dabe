package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's merging, on a database of its own where nothing but the test indexes: the same messages
 * indexed in the same twelve chunk transactions every run, so the segment count is the same every run
 * (the store's own test shares its index with the other tests of its class, and the writer splits its
 * chunks as sends and pauses fall, so its bound must leave room for both).
 */
class SearchIndexerTest {
    private static final int CHUNKS = 12;

    @TempDir
    Path merged;

    @TempDir
    Path unmerged;

    @Test
    void chunks_indexed_with_their_merge_work_leave_a_few_segments_where_without_it_each_leaves_one() throws Exception {
        int withMerges = segmentsAfterChunks(merged, tx -> SearchIndexer.index(tx, SearchIndexer.CHUNK));
        int without = segmentsAfterChunks(unmerged, tx -> {
            long from = tx.counter(SearchIndexer.COUNTER);
            tx.h.execute("INSERT INTO messages_fts (rowid, text) SELECT key, text FROM messages WHERE key > ? "
                    + "AND key <= ?", from, from + SearchIndexer.CHUNK);
            tx.store(SearchIndexer.COUNTER, from + SearchIndexer.CHUNK);
        });
        assertThat(without).as("one segment per chunk transaction, FTS5's own merging being off").isEqualTo(CHUNKS);
        assertThat(withMerges).as("segments with the merge work of each chunk").isBetween(1, 3);
    }

    /** A migrated database with {@value #CHUNKS} chunks of messages waiting, indexed a chunk per transaction. */
    private static int segmentsAfterChunks(Path dir, Consumer<Tx> indexChunk) throws SQLException {
        JdbcStore.open(StoreSettings.sqlite(dir)).close();
        String url = "jdbc:sqlite:" + dir.resolve("parley.db");
        int count = CHUNKS * SearchIndexer.CHUNK;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (key, id, created_at, updated_at) VALUES (1, 'u', 0, 0)");
            s.execute("INSERT INTO threads (key, id, kind, created_at, last_activity_at, last_seq) "
                    + "VALUES (1, 't', 'custom', 0, 0, " + count + ")");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count + ") "
                    + "INSERT INTO messages (key, id, thread_key, seq, sender_key, origin, kind, text, created_at, "
                    + "cursor) SELECT i, 'm' || i, 1, i, 1, 'user', 'text', 'message ' || i || ' word' || (i % 97), "
                    + "0, i FROM n");
            s.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('messages', " + count + ")");
        }
        try (Handle h = Jdbi.create(url).open()) {
            Jdbc jdbc = new Jdbc(h.getConnection(), Dialect.SQLITE);
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                Dialect.SQLITE.begin(h);
                Tx tx = new Tx(h, jdbc, Dialect.SQLITE, new MicroClock(), new MemberCache(), new KeyCache());
                tx.loadCounters();
                indexChunk.accept(tx);
                tx.flush();
                Dialect.SQLITE.commit(h);
            }
            jdbc.close();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(DISTINCT segid) FROM messages_fts_idx")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }
}
