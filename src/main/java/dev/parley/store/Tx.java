package dev.parley.store;

import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * One write transaction of the writer, holding the global write lock: the handle, keys and cursors
 * handed out from the counters, and what this batch already looked up. Two things outlive the batch,
 * each only while a counter read under the lock says no other writer changed it: thread members
 * ({@link MemberCache}, the {@link #MEMBERS} generation) and the last seqs of threads
 * ({@link KeyCache}, the {@link #MESSAGES} counter; thread and user keys never change). A write rolled
 * back to its savepoint also drops what it cached and allocated.
 */
final class Tx {
    /** The counter that moves with every membership change (see {@link MemberCache}). */
    static final String MEMBERS = "members";
    /** The counter of message keys: it moves with every message written, by any node. */
    static final String MESSAGES = "messages";

    /** A thread as the write path needs it: its key, id and current last seq. */
    static final class ThreadState {
        final long key;
        final ThreadId id;
        long lastSeq;

        ThreadState(long key, ThreadId id, long lastSeq) {
            this.key = key;
            this.id = id;
            this.lastSeq = lastSeq;
        }
    }

    final Handle h;
    /** Plain JDBC on the same connection, for the append path's statements. */
    final Jdbc jdbc;
    final Dialect dialect;
    private final MicroClock clock;
    private final Map<String, Long> loaded = new HashMap<>();
    private Map<String, Long> counters = new HashMap<>();
    private final Map<ThreadId, ThreadState> threads = new HashMap<>();
    private final Map<UserId, Long> userKeys = new HashMap<>();
    private final Map<Long, List<InboxSql.MemberRow>> members = new HashMap<>();
    /** The writer's member lists across batches; what this batch read for it, published on commit. */
    private final MemberCache memberCache;
    /** The writer's thread and user keys and last seqs across batches (see {@link KeyCache}). */
    private final KeyCache keyCache;
    /**
     * A write rolled back to its savepoint: the threads it changed before failing are no longer in
     * {@link #threads}, so from here on the cache's last seqs are not to be trusted for this transaction.
     */
    private boolean restored;
    /** See {@link #presumeNewClientIds}. */
    private boolean newClientIds;
    /** See {@link #commitWithAppends}. */
    private boolean commitWithAppends;
    /** The transaction committed with the statement that wrote its appends. */
    private boolean committedWithAppends;
    private final Map<Long, List<InboxSql.MemberRow>> membersRead = new HashMap<>();
    private boolean membershipChanged;
    private final List<EventSql.Row> events = new ArrayList<>();
    private Map<String, Long> saved;
    private int savedEvents;

    Tx(Handle h, Jdbc jdbc, Dialect dialect, MicroClock clock, MemberCache memberCache, KeyCache keyCache) {
        this.h = h;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
        this.memberCache = memberCache;
        this.keyCache = keyCache;
    }

    /**
     * Appends insert without first looking up their (sender, client id) pairs: a pair already stored
     * then fails the insert on its unique key, and the writer runs the batch again without this. The
     * look-up repeats the probe the unique index makes on insert anyway, and on PostgreSQL it is a
     * statement and a round trip of its own per batch.
     */
    void presumeNewClientIds() {
        newClientIds = true;
    }

    /** Whether appends may insert without looking up their client ids first (see {@link #presumeNewClientIds}). */
    boolean presumesNewClientIds() {
        return newClientIds;
    }

    /**
     * The batch is appends only: the statement that writes them may end with {@code COMMIT}, a round
     * trip fewer (PostgreSQL). It does when it is the transaction's last word: nothing after it to
     * write (no files) or read (no repeated client ids to fetch). The writer's own COMMIT is then a
     * no-op (pgjdbc sends none on a connection with no transaction open).
     */
    void commitWithAppends() {
        commitWithAppends = true;
    }

    /** Whether the appends' statement may commit the transaction (see {@link #commitWithAppends}). */
    boolean commitsWithAppends() {
        return commitWithAppends && newClientIds && saved == null;
    }

    /** The appends' statement committed the transaction: nothing may be written after it. */
    void committedWithAppends() {
        committedWithAppends = true;
    }

    /** Reads the counters under the global write lock: the first statement of every write transaction. */
    void loadCounters() {
        try (ResultSet rs = jdbc.prepare(dialect.countersQuery()).executeQuery()) {
            while (rs.next()) {
                loaded.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        counters = new HashMap<>(loaded);
        memberCache.validate(loaded.get(MEMBERS));
        keyCache.validate(loaded.get(MESSAGES));
    }

    /**
     * After COMMIT: what this batch read of membership serves the next batches, unless it changed it;
     * the threads and users it knew serve them too.
     */
    void committed() {
        if (membershipChanged) {
            memberCache.clear();
        } else {
            memberCache.putAll(membersRead);
        }
        if (restored) {
            keyCache.forgetSeqs();
        } else {
            keyCache.committed(threads.values(), userKeys, counter(MESSAGES));
        }
    }

    /**
     * Writes what the batch kept for its end: the event rows and the counters it moved. On PostgreSQL
     * both go in one statement, a round trip fewer per batch ({@link EventSql#insertWithCounters}).
     * Nothing is left to write when the appends' statement committed; something left then is a bug,
     * and fails the batch loudly rather than being written outside the transaction.
     */
    void flush() {
        Map<String, Long> moved = moved();
        if (committedWithAppends) {
            if (!events.isEmpty() || !moved.isEmpty()) {
                throw new IllegalStateException("events or counters left after the appends committed");
            }
            return;
        }
        if (dialect == Dialect.POSTGRES) {
            EventSql.insertWithCounters(jdbc, events, moved);
            return;
        }
        EventSql.insert(jdbc, events);
        flushCounters(moved);
    }

    void addEvent(EventSql.Row row) {
        events.add(row);
    }

    /** Event rows and counter values a statement writes along with its own rows. */
    record Unwritten(List<EventSql.Row> events, Map<String, Long> counters) {}

    /**
     * The event rows and moved counters not written yet, for a statement that writes them with its own
     * rows (PostgreSQL's append, a round trip fewer); they are then no longer written at the end of
     * the batch. Nothing once the transaction used a savepoint: rolling back to one must be able to
     * take its events back.
     */
    Unwritten takeUnwritten() {
        if (saved != null) {
            return new Unwritten(List.of(), Map.of());
        }
        Map<String, Long> moved = moved();
        List<EventSql.Row> rows = List.copyOf(events);
        events.clear();
        loaded.putAll(moved);
        return new Unwritten(rows, moved);
    }

    /** The counters this transaction moved and did not write yet, by name. */
    private Map<String, Long> moved() {
        Map<String, Long> moved = new java.util.TreeMap<>();
        counters.forEach((name, value) -> {
            if (!value.equals(loaded.get(name))) {
                moved.put(name, value);
            }
        });
        return moved;
    }

    private void flushCounters(Map<String, Long> moved) {
        if (moved.isEmpty()) {
            return;
        }
        PreparedStatement update = jdbc.prepare("UPDATE counters SET value = ? WHERE name = ?");
        try {
            for (var e : moved.entrySet()) {
                update.setLong(1, e.getValue());
                update.setString(2, e.getKey());
                update.addBatch();
            }
            Jdbc.executeBatch(update);
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }

    /** The next value of a counter: a new internal key or event cursor. */
    long next(String counter) {
        long value = counters.merge(counter, 1L, Long::sum);
        return value;
    }

    /** A counter's value in this transaction (with what it handed out so far); 0 for one the schema lacks. */
    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /**
     * Sets a counter in the database at once, not at the end of the batch: for one that SQL of the same
     * transaction reads (the search index's triggers read {@link SearchIndexer#COUNTER}).
     */
    void store(String name, long value) {
        PreparedStatement update = jdbc.prepare("UPDATE counters SET value = ? WHERE name = ?");
        try {
            update.setLong(1, value);
            update.setString(2, name);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        counters.put(name, value);
        loaded.put(name, value);
    }

    long now() {
        return clock.next();
    }

    /** Remembers the state to return to if the current write fails. */
    void mark() {
        saved = new HashMap<>(counters);
        savedEvents = events.size();
    }

    /** Forgets what the failed write allocated and cached; the database rolled back its rows. */
    void restore() {
        counters = saved;
        events.subList(savedEvents, events.size()).clear();
        threads.clear();
        userKeys.clear();
        members.clear();
        restored = true;
    }

    ThreadState thread(ThreadId id) {
        ThreadState state = knownThread(id);
        if (state == null) {
            state = h.createQuery("SELECT key, last_seq FROM threads WHERE id = :id")
                    .bind("id", id.toString())
                    .map((rs, ctx) -> new ThreadState(rs.getLong(1), id, rs.getLong(2)))
                    .findOne()
                    .orElseThrow(() -> ParleyException.notFound("thread"));
            threads.put(id, state);
        }
        return state;
    }

    /** Caches a thread's state just read from the database. */
    void remember(ThreadState state) {
        threads.put(state.id, state);
    }

    /** A thread as this transaction knows it, or as the writer's cache does; null: it must be read. */
    ThreadState knownThread(ThreadId id) {
        ThreadState state = threads.get(id);
        return state != null ? state : cachedThread(id);
    }

    /**
     * A thread this transaction has not touched yet, as the writer last committed it (then known to
     * this transaction from here on), or null: not known, or not to be trusted here.
     */
    private ThreadState cachedThread(ThreadId id) {
        ThreadState state = restored ? null : keyCache.thread(id);
        if (state != null) {
            threads.put(id, state);
        }
        return state;
    }

    /** A user's key as the writer knows it from an earlier batch or this one, or null. */
    Long knownUser(UserId id) {
        Long key = userKeys.get(id);
        if (key == null) {
            key = keyCache.user(id);
            if (key != null) {
                userKeys.put(id, key);
            }
        }
        return key;
    }

    /** Caches a user's key just read from the database. */
    void rememberUser(UserId id, long key) {
        userKeys.put(id, key);
    }

    long userKey(UserId id) {
        Long key = knownUser(id);
        if (key == null) {
            key = h.createQuery("SELECT key FROM users WHERE id = :id")
                    .bind("id", id.toString())
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> ParleyException.notFound("user"));
            userKeys.put(id, key);
        }
        return key;
    }

    /** The members of a thread now, within this transaction. */
    List<InboxSql.MemberRow> members(long threadKey) {
        return members.computeIfAbsent(threadKey, k -> InboxSql.memberRows(h, k));
    }

    /**
     * A sender must be a member of the thread when its message is written: checked here, inside the
     * write transaction, so a member removed a moment before cannot post, and a send needs no read of
     * its own before it queues for the writer. Not a member reads as an unknown thread (no leak).
     */
    void requireMember(long threadKey, long userKey) {
        for (InboxSql.MemberRow member : members(threadKey)) {
            if (member.userKey() == userKey) {
                return;
            }
        }
        throw ParleyException.notFound("thread");
    }

    /**
     * Loads the members of the threads not known to this batch yet: from the writer's cache while this
     * transaction has changed no membership, else from the database, in one query.
     */
    void preloadMembers(java.util.Collection<Long> threadKeys) {
        java.util.Set<Long> missing = new java.util.LinkedHashSet<>();
        for (long key : threadKeys) {
            if (members.containsKey(key)) {
                continue;
            }
            List<InboxSql.MemberRow> cached = membershipChanged ? null : memberCache.get(key);
            if (cached != null) {
                members.put(key, cached);
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, List<InboxSql.MemberRow>> read = InboxSql.memberRows(jdbc, List.copyOf(missing));
            members.putAll(read);
            if (!membershipChanged) {
                read.forEach((key, rows) -> membersRead.put(key, List.copyOf(rows)));
            }
        }
    }

    /** A member was added or removed: moves the membership generation every node's writer checks. */
    void membersChanged(long threadKey) {
        members.remove(threadKey);
        if (loaded.containsKey(MEMBERS)) {
            // Every time, not once per batch: a failed write's savepoint takes its move back with it.
            next(MEMBERS);
        }
        membershipChanged = true;
        membersRead.clear();
    }
}
