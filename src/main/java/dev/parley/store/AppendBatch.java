package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
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
            return MessageSql.append(tx, message);
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
        Map<ThreadId, Tx.ThreadState> threads = threads(tx, messages);
        Map<UserId, Long> senders = senders(tx, messages);
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
        tx.preloadMembers(threads.values().stream().map(t -> t.key).toList());
        for (int k = 0; k < created.size(); k++) {
            Message m = created.get(k);
            long threadKey = threads.get(m.thread()).key;
            var event = EventSql.record(tx, threadKey, new Event.MessageCreated(m.thread(), m), m.key(),
                    senders.get(m.sender()), null, InboxSql.audience(tx.members(threadKey)));
            out.set(createdAt.get(k), new Committed<>(new MessageStore.Appended(m, true), List.of(event)));
        }
        Map<Long, Message> firsts = MessageReads.byKeys(tx.h, new LinkedHashSet<>(stored.values()));
        stored.forEach((i, key) -> out.set(i,
                new Committed<>(new MessageStore.Appended(firsts.get(key), false), List.of())));
        return out;
    }

    private static Map<ThreadId, Tx.ThreadState> threads(Tx tx, List<MessageStore.NewMessage> messages) {
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(n -> ids.add(n.thread().toString()));
        Map<ThreadId, Tx.ThreadState> threads = new HashMap<>();
        tx.h.createQuery("SELECT key, id, last_seq FROM threads WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Tx.ThreadState(rs.getLong(1), Rows.threadId(rs.getString(2)), rs.getLong(3)))
                .forEach(t -> threads.put(t.id, t));
        if (threads.size() != ids.size()) {
            throw ParleyException.notFound("thread");
        }
        threads.values().forEach(tx::remember);
        return threads;
    }

    private static Map<UserId, Long> senders(Tx tx, List<MessageStore.NewMessage> messages) {
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(n -> ids.add(n.sender().toString()));
        Map<UserId, Long> senders = new HashMap<>();
        tx.h.createQuery("SELECT key, id FROM users WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> Map.entry(Rows.userId(rs.getString(2)), rs.getLong(1)))
                .forEach(e -> senders.put(e.getKey(), e.getValue()));
        if (senders.size() != ids.size()) {
            throw ParleyException.notFound("user");
        }
        return senders;
    }

    /** Messages already stored under the group's (sender, client id) pairs. */
    private static Map<SenderClient, Long> existing(Tx tx, List<MessageStore.NewMessage> messages,
                                                    Map<UserId, Long> senders) {
        Set<Long> senderKeys = new LinkedHashSet<>();
        Set<String> clientIds = new LinkedHashSet<>();
        for (MessageStore.NewMessage n : messages) {
            if (n.clientId() != null) {
                senderKeys.add(senders.get(n.sender()));
                clientIds.add(n.clientId());
            }
        }
        Map<SenderClient, Long> existing = new HashMap<>();
        if (clientIds.isEmpty()) {
            return existing;
        }
        tx.h.createQuery("SELECT key, sender_key, client_id FROM messages WHERE sender_key IN (<senders>) "
                        + "AND client_id IN (<clients>)")
                .bindList("senders", List.copyOf(senderKeys)).bindList("clients", List.copyOf(clientIds))
                .map((rs, ctx) -> Map.entry(new SenderClient(rs.getLong(2), rs.getString(3)), rs.getLong(1)))
                .forEach(e -> existing.put(e.getKey(), e.getValue()));
        return existing;
    }

    private static void insert(Tx tx, List<Message> created, Map<UserId, Long> senders) {
        if (created.isEmpty()) {
            return;
        }
        Map<ThreadId, Long> threadKeys = new HashMap<>();
        Map<ThreadId, Message> newest = new LinkedHashMap<>();
        var insert = tx.h.prepareBatch("INSERT INTO messages (key, id, thread_key, seq, client_id, sender_key, origin, "
                + "kind, text, shared_user_key, reply_to_key, created_at) VALUES (:key, :id, :thread, :seq, :cid, "
                + ":sender, :origin, :kind, :text, NULL, NULL, :now)");
        List<Object[]> files = new ArrayList<>();
        for (Message m : created) {
            long threadKey = tx.thread(m.thread()).key;
            threadKeys.put(m.thread(), threadKey);
            newest.put(m.thread(), m);
            insert.bind("key", m.key()).bind("id", m.id().toString()).bind("thread", threadKey).bind("seq", m.seq())
                    .bind("cid", m.clientId()).bind("sender", senders.get(m.sender()))
                    .bind("origin", Rows.name(m.origin())).bind("kind", Rows.name(m.kind())).bind("text", m.text())
                    .bind("now", MicroClock.micros(m.createdAt())).add();
            for (int i = 0; i < m.files().size(); i++) {
                files.add(new Object[] {m.key(), i, m.files().get(i)});
            }
        }
        insert.execute();
        if (!files.isEmpty()) {
            var fileInsert = tx.h.prepareBatch("INSERT INTO message_files (message_key, position, file_id) "
                    + "VALUES (:message, :position, :file)");
            for (Object[] f : files) {
                fileInsert.bind("message", (Long) f[0]).bind("position", (Integer) f[1])
                        .bind("file", ((FileId) f[2]).toString()).add();
            }
            fileInsert.execute();
        }
        var threads = tx.h.prepareBatch("UPDATE threads SET last_seq = :seq, last_activity_at = :now WHERE key = :key");
        newest.forEach((id, m) -> threads.bind("seq", m.seq()).bind("now", MicroClock.micros(m.createdAt()))
                .bind("key", threadKeys.get(id)).add());
        threads.execute();
    }
}
