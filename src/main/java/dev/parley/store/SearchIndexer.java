package dev.parley.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.generic.GenericType;

/**
 * SQLite only: puts new messages into the full-text index in chunks, instead of one by one as each is
 * inserted. The writer indexes a chunk in a transaction of its own whenever it finds its queue empty
 * between batches (and everything left once it has been idle a moment); only when writes queue back to
 * back for so long that {@value #BEHIND} messages wait does a batch of writes index a chunk itself
 * (inside a batch, the chunk's time was added to every write of the batch and to those queued behind
 * it). FTS5 writes a new segment of its index per transaction
 * and merges segments as they pile up, so a message indexed with 30 others cost the writer about 45 µs
 * and one indexed with 256 others about 14 µs (docs/performance.md, session 4): a third of the
 * writer's time per message in the fan-out.
 *
 * <p>FTS5's own merging of those segments is off (migration {@code V110}): it merged 64 pages per level
 * of the index at once every 64 leaf pages written, holding one batch in fifteen or so up to 15-25 ms
 * by itself, longer as the index grows. Each index transaction here merges {@value #MERGE_PAGES_PER_CHUNK}
 * pages per chunk it indexed instead, which keeps the segments about as few (11 against 14 after
 * 600,000 messages) with the slowest index transaction at 6.7 ms instead of 18.9 ms (p99;
 * {@code SearchChunkCost}, docs/performance.md, session 14).
 *
 * <p>Every message with a key up to the {@link #COUNTER} counter is in the index, and no other: the
 * one writer hands keys out in commit order, so the indexed messages are a prefix of the keys. A
 * message edited or deleted after it was indexed is kept in step by triggers (migration {@code V80});
 * one edited before is indexed with its text as it is then. A search first indexes what is left
 * ({@link #catchUp}), so it finds every message committed before it began.
 */
final class SearchIndexer {
    /** The counter holding the highest message key in the index. */
    static final String COUNTER = "search_indexed";
    /** The writer indexes once this many messages wait, this many per transaction. */
    static final int CHUNK = 256;
    /** A search's catch-up indexes at most this many per step. */
    static final int MAX_PER_TRANSACTION = 4_096;
    /** Waiting messages past which a batch of writes indexes a chunk itself ({@link #fallenBehind}). */
    static final int BEHIND = 4 * CHUNK;
    /**
     * Pages of merge work per chunk indexed (FTS5's {@code 'merge'}: it merges a level once it holds four
     * segments). Fewer fall behind: 157 segments after 600,000 messages at 8, 22 at 16.
     */
    static final int MERGE_PAGES_PER_CHUNK = 32;

    private SearchIndexer() {}

    /** Whether committed messages wait to be indexed, read outside the writer (before a search). */
    static boolean behind(Handle h) {
        Map<String, Long> values = h.createQuery("SELECT name, value FROM counters WHERE name IN ('messages', '"
                        + COUNTER + "')")
                .setMapKeyColumn("name").setMapValueColumn("value")
                .collectInto(new GenericType<Map<String, Long>>() {});
        return values.getOrDefault("messages", 0L) > values.getOrDefault(COUNTER, 0L);
    }

    /** Messages written and not indexed yet, as this transaction sees them. */
    static long backlog(Tx tx) {
        return Math.max(0, tx.counter("messages") - tx.counter(COUNTER));
    }

    /**
     * Whether so many wait that the writer found no pause between batches to index them in (writes
     * queued back to back), so a batch indexes a chunk itself before its commit.
     */
    static boolean fallenBehind(Tx tx) {
        return backlog(tx) >= BEHIND;
    }

    /** Indexes everything waiting (a search is about to read the index). */
    static void catchUp(Tx tx) {
        while (backlog(tx) > 0) {
            index(tx, MAX_PER_TRANSACTION);
        }
    }

    /** Indexes up to {@code max} of the waiting messages, oldest first. */
    static void index(Tx tx, long max) {
        long from = tx.counter(COUNTER);
        long to = Math.min(tx.counter("messages"), from + max);
        if (to <= from) {
            return;
        }
        PreparedStatement insert = tx.jdbc.prepare("INSERT INTO messages_fts (rowid, text) "
                + "SELECT key, text FROM messages WHERE key > ? AND key <= ? AND text IS NOT NULL");
        PreparedStatement merge = tx.jdbc.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)");
        try {
            insert.setLong(1, from);
            insert.setLong(2, to);
            insert.executeUpdate();
            merge.setLong(1, MERGE_PAGES_PER_CHUNK * ((to - from + CHUNK - 1) / CHUNK));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        tx.store(COUNTER, to);
    }
}
