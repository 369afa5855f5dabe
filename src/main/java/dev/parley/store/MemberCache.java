package dev.parley.store;

import java.util.List;
import java.util.Map;

/**
 * The members of threads as the write path needs them (to check a sender and to address the event),
 * kept by the writer across batches so that a batch of sends does not read them again. Confined to
 * the writer thread.
 *
 * <p>Coherent across nodes through the {@code members} counter: every transaction that adds or
 * removes a member moves it ({@link Tx#membersChanged}), and each batch compares the value it reads
 * under the global write lock with the one the cached lists were read at ({@link #validate}); any
 * difference drops them all. Lists read in a transaction reach the cache only once it has committed
 * without changing membership itself.
 */
final class MemberCache {
    /** Threads kept, least recently used first out. */
    static final int MAX_THREADS = 10_000;

    private final Map<Long, List<InboxSql.MemberRow>> rows = Lru.map(MAX_THREADS);
    /** The membership generation the lists were read at; null: nothing may be cached. */
    private Long generation;

    /** At the start of a batch: keeps the lists only if membership is still at the generation they were read at. */
    void validate(Long current) {
        if (current == null || !current.equals(generation)) {
            rows.clear();
        }
        generation = current;
    }

    /** The cached members of a thread, or null. */
    List<InboxSql.MemberRow> get(long threadKey) {
        return generation == null ? null : rows.get(threadKey);
    }

    /** Lists read by a committed transaction that changed no membership. */
    void putAll(Map<Long, List<InboxSql.MemberRow>> read) {
        if (generation != null) {
            rows.putAll(read);
        }
    }

    /** Forgets everything (a transaction changed membership, or its outcome is unknown). */
    void clear() {
        rows.clear();
        generation = null;
    }

    int size() {
        return rows.size();
    }
}
