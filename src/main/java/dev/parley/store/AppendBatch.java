package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends of one batch run together: the same rules as {@link MessageSql#append}, but each lookup and
 * each insert is one statement for the whole group instead of one per message, which is what makes
 * group commit pay off on PostgreSQL (round trips) and SQLite (statements) alike.
 */
final class AppendBatch {
    private AppendBatch() {}

    /** An append as a write of the writer. */
    record Op(MessageStore.NewMessage message) implements Writer.Groupable<Committed<MessageStore.Appended>> {
        @Override
        public Committed<MessageStore.Appended> run(Tx tx) {
            return AppendBatch.run(tx, List.of(message)).getFirst();
        }

        @Override
        public List<Committed<MessageStore.Appended>> runGroup(Tx tx, List<Writer.Op<?>> group) {
            List<MessageStore.NewMessage> messages = new ArrayList<>(group.size());
            group.forEach(op -> messages.add(((Op) op).message));
            return AppendBatch.run(tx, messages);
        }
    }

    private record SenderClient(long sender, String clientId) {}

    static List<Committed<MessageStore.Appended>> run(Tx tx, List<MessageStore.NewMessage> messages) {
        boolean simple = messages.stream().allMatch(n -> n.sender() != null && n.sharedUser() == null
                && n.replyTo() == null && n.author() == null);
        if (!simple) {
            // Rare shapes (visitors, shares, replies) keep the one-by-one path; order is kept either way.
            return messages.stream().map(n -> MessageSql.append(tx, n)).toList();
        }
        Map<ThreadId, Tx.ThreadState> threads = new HashMap<>();
        Map<UserId, Long> senders = new HashMap<>();
        lookUp(tx, messages, threads, senders);
        tx.preloadMembers(threads.values().stream().map(t -> t.key).toList());
        for (MessageStore.NewMessage n : messages) {
            tx.requireMember(threads.get(n.thread()).key, senders.get(n.sender()));
        }
        Map<SenderClient, Long> existing = tx.presumesNewClientIds() ? Map.of() : existing(tx, messages, senders);
        Map<SenderClient, Message> createdHere = new HashMap<>();
        Map<Integer, Long> stored = new HashMap<>();
        List<Integer> createdAt = new ArrayList<>();
        List<Message> created = new ArrayList<>();
        List<Committed<MessageStore.Appended>> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            MessageStore.NewMessage n = messages.get(i);
            SenderClient pair = n.clientId() == null ? null : new SenderClient(senders.get(n.sender()), n.clientId());
            out.add(null);
            if (pair != null && existing.containsKey(pair)) {
                stored.put(i, existing.get(pair));
            } else if (pair != null && createdHere.containsKey(pair)) {
                out.set(i, new Committed<>(new MessageStore.Appended(createdHere.get(pair), false), List.of()));
            } else {
                Tx.ThreadState thread = threads.get(n.thread());
                thread.lastSeq++;
                Message m = new Message(tx.next("messages"), MessageId.random(), n.thread(), thread.lastSeq,
                        n.clientId(), n.sender(), n.origin(), n.kind(), n.text(), n.files(), null, null,
                        Rows.instant(tx.now()), null, null, List.of());
                created.add(m);
                createdAt.add(i);
                if (pair != null) {
                    createdHere.put(pair, m);
                }
            }
        }
        // Each message's event: its cursor is stored in the message row (EventSql#created).
        Map<Long, Set<UserId>> audiences = new HashMap<>();
        List<Long> cursors = new ArrayList<>(created.size());
        for (int k = 0; k < created.size(); k++) {
            Message m = created.get(k);
            long threadKey = threads.get(m.thread()).key;
            Set<UserId> audience = audiences.computeIfAbsent(threadKey,
                    key -> Set.copyOf(InboxSql.audience(tx.members(key))));
            CommittedEvent event = EventSql.created(tx, new Event.MessageCreated(m.thread(), m), audience);
            cursors.add(event.cursor());
            out.set(createdAt.get(k), new Committed<>(new MessageStore.Appended(m, true), List.of(event)));
        }
        insert(tx, created, cursors, senders);
        Map<Long, Message> firsts = MessageReads.byKeys(tx.h, new LinkedHashSet<>(stored.values()));
        stored.forEach((i, key) -> out.set(i,
                new Committed<>(new MessageStore.Appended(firsts.get(key), false), List.of())));
        return out;
    }

    /**
     * The group's threads and senders: those this transaction or the writer's cache already knows
     * ({@link KeyCache}), the others read in one statement; an unknown thread or sender fails the group.
     */
    private static void lookUp(Tx tx, List<MessageStore.NewMessage> messages, Map<ThreadId, Tx.ThreadState> threads,
                               Map<UserId, Long> senders) {
        Set<ThreadId> threadIds = new LinkedHashSet<>();
        Set<UserId> senderIds = new LinkedHashSet<>();
        Set<String> unknownThreads = new LinkedHashSet<>();
        Set<String> unknownSenders = new LinkedHashSet<>();
        for (MessageStore.NewMessage n : messages) {
            if (threadIds.add(n.thread())) {
                Tx.ThreadState known = tx.knownThread(n.thread());
                if (known != null) {
                    threads.put(n.thread(), known);
                } else {
                    unknownThreads.add(n.thread().toString());
                }
            }
            if (senderIds.add(n.sender())) {
                Long known = tx.knownUser(n.sender());
                if (known != null) {
                    senders.put(n.sender(), known);
                } else {
                    unknownSenders.add(n.sender().toString());
                }
            }
        }
        if (unknownThreads.isEmpty() && unknownSenders.isEmpty()) {
            return;
        }
        try {
            PreparedStatement select;
            if (tx.jdbc.dialect() == Dialect.POSTGRES) {
                select = tx.jdbc.prepare("SELECT 0, key, id, last_seq FROM threads WHERE id = ANY(?::text[]) "
                        + "UNION ALL SELECT 1, key, id, 0 FROM users WHERE id = ANY(?::text[])");
                select.setArray(1, tx.jdbc.array("text", unknownThreads.toArray()));
                select.setArray(2, tx.jdbc.array("text", unknownSenders.toArray()));
            } else {
                List<String> parts = new ArrayList<>();
                if (!unknownThreads.isEmpty()) {
                    parts.add("SELECT 0, key, id, last_seq FROM threads WHERE " + tx.jdbc.in("id", unknownThreads.size()));
                }
                if (!unknownSenders.isEmpty()) {
                    parts.add("SELECT 1, key, id, 0 FROM users WHERE " + tx.jdbc.in("id", unknownSenders.size()));
                }
                select = tx.jdbc.prepare(String.join(" UNION ALL ", parts));
                int next = 1;
                if (!unknownThreads.isEmpty()) {
                    next = Jdbc.bindPadded(select, next, List.copyOf(unknownThreads));
                }
                if (!unknownSenders.isEmpty()) {
                    Jdbc.bindPadded(select, next, List.copyOf(unknownSenders));
                }
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) == 0) {
                        var t = new Tx.ThreadState(rs.getLong(2), Rows.threadId(rs.getString(3)), rs.getLong(4));
                        threads.put(t.id, t);
                        tx.remember(t);
                    } else {
                        UserId id = Rows.userId(rs.getString(3));
                        senders.put(id, rs.getLong(2));
                        tx.rememberUser(id, rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        if (threads.size() != threadIds.size()) {
            throw ParleyException.notFound("thread");
        }
        if (senders.size() != senderIds.size()) {
            throw ParleyException.notFound("user");
        }
    }

    /**
     * Messages already stored under the group's (sender, client id) pairs, matched exactly (one probe of
     * the unique index each), not as senders × client ids, which probes every combination. Run only
     * when the transaction does not presume client ids new ({@link Tx#presumeNewClientIds}).
     *
     * <p>SQLite: an OR of pairs. PostgreSQL: arrays and a lateral probe per pair, planned for its values
     * at each execution ({@link Jdbc#prepareReplanned}): the LIMIT keeps the subquery from being
     * flattened into a hash join over a scan of messages, but a plan cached while the table was nearly
     * empty scanned it per pair all the same (docs/performance.md, sessions 2 and 8).
     */
    private static Map<SenderClient, Long> existing(Tx tx, List<MessageStore.NewMessage> messages,
                                                    Map<UserId, Long> senders) {
        Set<SenderClient> pairs = new LinkedHashSet<>();
        for (MessageStore.NewMessage n : messages) {
            if (n.clientId() != null) {
                pairs.add(new SenderClient(senders.get(n.sender()), n.clientId()));
            }
        }
        Map<SenderClient, Long> existing = new HashMap<>();
        if (pairs.isEmpty()) {
            return existing;
        }
        try {
            PreparedStatement select;
            if (tx.jdbc.dialect() == Dialect.POSTGRES) {
                select = tx.jdbc.prepareReplanned("SELECT m.key, m.sender_key, p.c FROM "
                        + "unnest(?::bigint[], ?::text[]) AS p(s, c) CROSS JOIN LATERAL (SELECT key, sender_key "
                        + "FROM messages WHERE client_id = p.c AND sender_key = p.s LIMIT 1) m");
                select.setArray(1, tx.jdbc.array("bigint", pairs.stream().map(SenderClient::sender).toArray()));
                select.setArray(2, tx.jdbc.array("text", pairs.stream().map(SenderClient::clientId).toArray()));
            } else {
                List<SenderClient> list = List.copyOf(pairs);
                int size = Jdbc.padded(list.size());
                select = tx.jdbc.prepare("SELECT key, sender_key, client_id FROM messages WHERE "
                        + "(sender_key = ? AND client_id = ?)" + " OR (sender_key = ? AND client_id = ?)".repeat(size - 1));
                for (int i = 0; i < size; i++) {
                    SenderClient pair = list.get(Math.min(i, list.size() - 1));
                    select.setLong(2 * i + 1, pair.sender);
                    select.setString(2 * i + 2, pair.clientId);
                }
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    existing.put(new SenderClient(rs.getLong(2), rs.getString(3)), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        return existing;
    }

    private static void insert(Tx tx, List<Message> created, List<Long> cursors, Map<UserId, Long> senders) {
        if (created.isEmpty()) {
            return;
        }
        Map<ThreadId, Message> newest = new LinkedHashMap<>();
        created.forEach(m -> newest.put(m.thread(), m));
        try {
            if (tx.jdbc.dialect() == Dialect.POSTGRES) {
                boolean files = created.stream().anyMatch(m -> !m.files().isEmpty());
                insertWithThreads(tx, created, cursors, senders, newest.values(), !files && tx.commitsWithAppends());
                insertFiles(tx, created);
                return;
            }
            PreparedStatement insert = tx.jdbc.prepare("INSERT INTO messages (key, id, thread_key, seq, client_id, "
                    + "sender_key, origin, kind, text, shared_user_key, reply_to_key, created_at, cursor) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)");
            for (int i = 0; i < created.size(); i++) {
                Message m = created.get(i);
                insert.setLong(1, m.key());
                insert.setString(2, m.id().toString());
                insert.setLong(3, tx.thread(m.thread()).key);
                insert.setLong(4, m.seq());
                insert.setString(5, m.clientId());
                insert.setLong(6, senders.get(m.sender()));
                insert.setString(7, Rows.name(m.origin()));
                insert.setString(8, Rows.name(m.kind()));
                insert.setString(9, m.text());
                insert.setLong(10, MicroClock.micros(m.createdAt()));
                insert.setLong(11, cursors.get(i));
                insert.addBatch();
            }
            Jdbc.executeBatch(insert);
            insertFiles(tx, created);
            updateThreads(tx, newest.values());
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }

    /**
     * PostgreSQL: the messages, their threads' new last seq and activity, and the transaction's event
     * rows and moved counters so far ({@link Tx#takeUnwritten}; this group's events are the messages'
     * {@code cursor} column, {@link EventSql#created}) in one
     * statement, the others as data-modifying WITHs, bound as arrays: two round trips fewer per batch,
     * and one plan for every batch size where a rewritten JDBC batch has a statement shape per size. The
     * thread keys are also a condition on {@code threads} itself: joined only with the unnested arrays,
     * a batch of 30 threads was planned as a hash join over a scan of the whole table when it is small
     * (2,000 threads: 0.75 ms a batch instead of 0.29, docs/performance.md, session 7). With
     * {@code commit} the statement ends the transaction too ({@link Tx#commitWithAppends}).
     */
    private static void insertWithThreads(Tx tx, List<Message> created, List<Long> cursors, Map<UserId, Long> senders,
                                          java.util.Collection<Message> newest, boolean commit) throws SQLException {
        PreparedStatement insert = tx.jdbc.prepare("WITH moved AS (UPDATE threads t SET last_seq = v.seq, "
                + "last_activity_at = v.at FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(key, seq, at) "
                + "WHERE t.key = v.key AND t.key = ANY(?::bigint[])), "
                + "events_inserted AS (" + EventSql.INSERT_FROM_ARRAYS + "), "
                + "counted AS (" + EventSql.COUNTERS_FROM_ARRAYS + ") "
                + "INSERT INTO messages (key, id, thread_key, seq, client_id, sender_key, origin, kind, text, "
                + "shared_user_key, reply_to_key, created_at, cursor) SELECT key, id, thread_key, seq, client_id, "
                + "sender_key, origin, kind, text, NULL, NULL, created_at, cursor FROM unnest(?::bigint[], ?::text[], "
                + "?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], "
                + "?::bigint[]) AS v(key, id, thread_key, seq, client_id, sender_key, origin, kind, text, created_at, "
                + "cursor)"
                + (commit ? "; COMMIT" : ""));
        Array threadKeys = tx.jdbc.array("bigint", newest.stream().map(m -> tx.thread(m.thread()).key).toArray());
        insert.setArray(1, threadKeys);
        insert.setArray(2, tx.jdbc.array("bigint", newest.stream().map(Message::seq).toArray()));
        insert.setArray(3, tx.jdbc.array("bigint", newest.stream().map(m -> MicroClock.micros(m.createdAt())).toArray()));
        insert.setArray(4, threadKeys);
        Tx.Unwritten unwritten = tx.takeUnwritten();
        int next = EventSql.bind(tx.jdbc, insert, 5, unwritten.events(), unwritten.counters());
        insert.setArray(next, tx.jdbc.array("bigint", created.stream().map(Message::key).toArray()));
        insert.setArray(next + 1, tx.jdbc.array("text", created.stream().map(m -> m.id().toString()).toArray()));
        insert.setArray(next + 2, tx.jdbc.array("bigint", created.stream().map(m -> tx.thread(m.thread()).key).toArray()));
        insert.setArray(next + 3, tx.jdbc.array("bigint", created.stream().map(Message::seq).toArray()));
        insert.setArray(next + 4, tx.jdbc.array("text", created.stream().map(Message::clientId).toArray()));
        insert.setArray(next + 5, tx.jdbc.array("bigint", created.stream().map(m -> senders.get(m.sender())).toArray()));
        insert.setArray(next + 6, tx.jdbc.array("text", created.stream().map(m -> Rows.name(m.origin())).toArray()));
        insert.setArray(next + 7, tx.jdbc.array("text", created.stream().map(m -> Rows.name(m.kind())).toArray()));
        insert.setArray(next + 8, tx.jdbc.array("text", created.stream().map(Message::text).toArray()));
        insert.setArray(next + 9, tx.jdbc.array("bigint", created.stream().map(m -> MicroClock.micros(m.createdAt())).toArray()));
        insert.setArray(next + 10, tx.jdbc.array("bigint", cursors.toArray()));
        insert.executeUpdate();
        if (commit) {
            tx.committedWithAppends();
        }
    }

    private static void insertFiles(Tx tx, List<Message> created) throws SQLException {
        if (created.stream().allMatch(m -> m.files().isEmpty())) {
            return;
        }
        JdbcFileStore.requireCatalogued(tx, created.stream().flatMap(m -> m.files().stream()).toList());
        PreparedStatement insert = tx.jdbc.prepare("INSERT INTO message_files (message_key, position, file_id) "
                + "VALUES (?, ?, ?)");
        for (Message m : created) {
            for (int i = 0; i < m.files().size(); i++) {
                insert.setLong(1, m.key());
                insert.setInt(2, i);
                insert.setString(3, m.files().get(i).toString());
                insert.addBatch();
            }
        }
        Jdbc.executeBatch(insert);
    }

    /** SQLite: moves each thread's last seq and activity to its newest message of the group. */
    private static void updateThreads(Tx tx, java.util.Collection<Message> newest) throws SQLException {
        PreparedStatement update = tx.jdbc.prepare("UPDATE threads SET last_seq = ?, last_activity_at = ? WHERE key = ?");
        for (Message m : newest) {
            update.setLong(1, m.seq());
            update.setLong(2, MicroClock.micros(m.createdAt()));
            update.setLong(3, tx.thread(m.thread()).key);
            update.addBatch();
        }
        Jdbc.executeBatch(update);
    }
}
