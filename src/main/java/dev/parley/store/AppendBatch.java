package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.Event;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
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
        Map<SenderClient, Long> existing = existing(tx, messages, senders);
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
        insert(tx, created, senders);
        Map<Long, Set<UserId>> audiences = new HashMap<>();
        for (int k = 0; k < created.size(); k++) {
            Message m = created.get(k);
            long threadKey = threads.get(m.thread()).key;
            Set<UserId> audience = audiences.computeIfAbsent(threadKey,
                    key -> Set.copyOf(InboxSql.audience(tx.members(key))));
            var event = EventSql.record(tx, threadKey, new Event.MessageCreated(m.thread(), m), m.key(),
                    senders.get(m.sender()), null, audience);
            out.set(createdAt.get(k), new Committed<>(new MessageStore.Appended(m, true), List.of(event)));
        }
        Map<Long, Message> firsts = MessageReads.byKeys(tx.h, new LinkedHashSet<>(stored.values()));
        stored.forEach((i, key) -> out.set(i,
                new Committed<>(new MessageStore.Appended(firsts.get(key), false), List.of())));
        return out;
    }

    /**
     * The group's threads and senders, in one statement (a round trip less on PostgreSQL): an unknown
     * thread or sender fails the group.
     */
    private static void lookUp(Tx tx, List<MessageStore.NewMessage> messages, Map<ThreadId, Tx.ThreadState> threads,
                               Map<UserId, Long> senders) {
        Set<String> threadIds = new LinkedHashSet<>();
        Set<String> senderIds = new LinkedHashSet<>();
        for (MessageStore.NewMessage n : messages) {
            threadIds.add(n.thread().toString());
            senderIds.add(n.sender().toString());
        }
        PreparedStatement select = tx.jdbc.prepare("SELECT 0, key, id, last_seq FROM threads WHERE "
                + tx.jdbc.in("id", threadIds.size()) + " UNION ALL SELECT 1, key, id, 0 FROM users WHERE "
                + tx.jdbc.in("id", senderIds.size()));
        try {
            Jdbc.bindPadded(select, Jdbc.bindPadded(select, 1, List.copyOf(threadIds)), List.copyOf(senderIds));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) == 0) {
                        var t = new Tx.ThreadState(rs.getLong(2), Rows.threadId(rs.getString(3)), rs.getLong(4));
                        threads.put(t.id, t);
                    } else {
                        senders.put(Rows.userId(rs.getString(3)), rs.getLong(2));
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
        threads.values().forEach(tx::remember);
    }

    /**
     * Messages already stored under the group's (sender, client id) pairs. On SQLite the pairs are
     * matched exactly (an OR of pairs, one unique-index probe each), not as senders × client ids,
     * which probes every combination. On PostgreSQL too, through arrays (see there why).
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
        List<SenderClient> list = List.copyOf(pairs);
        PreparedStatement select;
        try {
            if (tx.jdbc.dialect() == Dialect.POSTGRES) {
                // One probe of the (sender_key, client_id) unique index per pair, whatever the table's
                // size or statistics: the LIMIT keeps the lateral subquery from being flattened into a
                // join, which PostgreSQL plans as a hash join over a sequential scan of messages while
                // the table is small, and keeps using as its cached generic plan once it has grown
                // (docs/performance.md, "PostgreSQL write path (session 2)"). The former
                // sender_key IN (…) AND client_id IN (…) had the same trouble.
                select = tx.jdbc.prepare("SELECT m.key, p.s, p.c FROM unnest(?::bigint[], ?::text[]) AS p(s, c) "
                        + "CROSS JOIN LATERAL (SELECT key FROM messages WHERE sender_key = p.s AND client_id = p.c "
                        + "LIMIT 1) m");
                select.setArray(1, tx.jdbc.array("bigint", list.stream().map(SenderClient::sender).toArray()));
                select.setArray(2, tx.jdbc.array("text", list.stream().map(SenderClient::clientId).toArray()));
            } else {
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

    private static void insert(Tx tx, List<Message> created, Map<UserId, Long> senders) {
        if (created.isEmpty()) {
            return;
        }
        Map<ThreadId, Message> newest = new LinkedHashMap<>();
        created.forEach(m -> newest.put(m.thread(), m));
        try {
            PreparedStatement insert = tx.jdbc.prepare("INSERT INTO messages (key, id, thread_key, seq, client_id, "
                    + "sender_key, origin, kind, text, shared_user_key, reply_to_key, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)");
            boolean files = false;
            for (Message m : created) {
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
                insert.addBatch();
            }
            Jdbc.executeBatch(insert);
            insertFiles(tx, created);
            updateThreads(tx, newest.values());
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }

    private static void insertFiles(Tx tx, List<Message> created) throws SQLException {
        if (created.stream().allMatch(m -> m.files().isEmpty())) {
            return;
        }
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

    /** Moves each thread's last seq and activity to its newest message of the group. */
    private static void updateThreads(Tx tx, java.util.Collection<Message> newest) throws SQLException {
        if (tx.jdbc.dialect() == Dialect.POSTGRES) {
            // One statement for all the batch's threads: PostgreSQL spends more on running each
            // statement of a JDBC batch (executor set-up, locks, plan cache) than on updating its row.
            PreparedStatement update = tx.jdbc.prepare("UPDATE threads t SET last_seq = v.seq, last_activity_at = v.at "
                    + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(key, seq, at) WHERE t.key = v.key");
            update.setArray(1, tx.jdbc.array("bigint", newest.stream().map(m -> tx.thread(m.thread()).key).toArray()));
            update.setArray(2, tx.jdbc.array("bigint", newest.stream().map(Message::seq).toArray()));
            update.setArray(3, tx.jdbc.array("bigint",
                    newest.stream().map(m -> MicroClock.micros(m.createdAt())).toArray()));
            update.executeUpdate();
            return;
        }
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
