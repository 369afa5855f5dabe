package dev.parley.store;

import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.util.Collection;
import java.util.Map;

/**
 * Thread and user keys, and each thread's last seq, as this writer last committed them: kept across
 * batches so that a batch of sends to known threads by known senders does not look them up again (on
 * PostgreSQL that lookup was a sixth of the backend's CPU at one message a batch, most of it planning).
 * Confined to the writer thread.
 *
 * <p>Keys never change, because threads and users are never deleted, so they hold on every node. A
 * last seq holds only while no other writer appended a message: each batch compares the
 * {@code messages} counter it reads under the global write lock with the value this writer committed
 * last ({@link #validate}), and any difference drops every last seq. The {@code (thread_key, seq)}
 * key backs this up: a stale last seq would fail the insert, and the batch would run again without the
 * cache. Only what a committed transaction read or wrote gets in ({@link #committed}).
 */
final class KeyCache {
    /** Threads and users kept each, least recently used first out. */
    static final int MAX_ENTRIES = 50_000;

    private record ThreadEntry(long key, long lastSeq) {}

    private final Map<ThreadId, ThreadEntry> threads = Lru.map(MAX_ENTRIES);
    private final Map<UserId, Long> users = Lru.map(MAX_ENTRIES);
    /** The messages counter as this writer's last commit left it; null: no last seq may be used. */
    private Long messages;

    /** At the start of a batch: keeps the last seqs only if no message was written since this writer's last commit. */
    void validate(Long current) {
        if (current == null || !current.equals(messages)) {
            threads.clear();
            messages = null;
        }
    }

    /** A thread's state as last committed, as a new object the transaction may change; null if not known. */
    Tx.ThreadState thread(ThreadId id) {
        ThreadEntry e = messages == null ? null : threads.get(id);
        return e == null ? null : new Tx.ThreadState(e.key, id, e.lastSeq);
    }

    /** A user's key, or null if not known. */
    Long user(UserId id) {
        return users.get(id);
    }

    /**
     * After COMMIT: the threads and users the transaction knew, and the messages counter it left. The
     * threads kept from before it are still right: it held the global write lock from {@link #validate}
     * on, and it did not touch them.
     */
    void committed(Collection<Tx.ThreadState> known, Map<UserId, Long> userKeys, long messagesCounter) {
        known.forEach(t -> threads.put(t.id, new ThreadEntry(t.key, t.lastSeq)));
        users.putAll(userKeys);
        messages = messagesCounter;
    }

    /** Forgets every last seq (a transaction failed, or went on after a write rolled back to its savepoint). */
    void forgetSeqs() {
        threads.clear();
        messages = null;
    }

    int threads() {
        return threads.size();
    }
}
