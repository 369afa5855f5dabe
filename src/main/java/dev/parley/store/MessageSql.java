package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.UserId;
import java.util.List;
import java.util.Set;

/** Writes to messages, each inside the writer's transaction. */
final class MessageSql {
    private MessageSql() {}

    /** A message's key, thread and state, as the writes need them. */
    private record Target(long key, long threadKey, Message message) {}

    /** What an append looks up first, in one statement: the thread, the sender and a message with the client id. */
    private record Lookup(Tx.ThreadState thread, Long senderKey, Long existing) {}

    private static Lookup lookup(Tx tx, MessageStore.NewMessage n) {
        if (n.sender() == null) {
            Tx.ThreadState thread = tx.thread(n.thread());
            // No sender (a visitor, an integration): the client id is unique within the thread.
            Long existing = n.clientId() == null ? null : tx.h.createQuery("SELECT key FROM messages "
                            + "WHERE thread_key = :thread AND sender_key IS NULL AND client_id = :cid")
                    .bind("thread", thread.key).bind("cid", n.clientId()).mapTo(Long.class).findOne().orElse(null);
            return new Lookup(thread, null, existing);
        }
        Lookup found = tx.h.createQuery("SELECT t.key, t.last_seq, (SELECT key FROM users WHERE id = :sender), "
                        + "(SELECT m.key FROM messages m JOIN users u ON u.key = m.sender_key "
                        + "WHERE u.id = :sender AND m.client_id = :cid) FROM threads t WHERE t.id = :thread")
                .bind("thread", n.thread().toString()).bind("sender", n.sender().toString()).bind("cid", n.clientId())
                .map((rs, ctx) -> {
                    Tx.ThreadState thread = new Tx.ThreadState(rs.getLong(1), n.thread(), rs.getLong(2));
                    long sender = rs.getLong(3);
                    Long senderKey = rs.wasNull() ? null : sender;
                    long existing = rs.getLong(4);
                    return new Lookup(thread, senderKey, rs.wasNull() ? null : existing);
                })
                .findOne()
                .orElseThrow(() -> ParleyException.notFound("thread"));
        if (found.senderKey == null) {
            throw ParleyException.notFound("user");
        }
        tx.remember(found.thread);
        return found;
    }

    static Committed<MessageStore.Appended> append(Tx tx, MessageStore.NewMessage n) {
        Lookup lookup = lookup(tx, n);
        Tx.ThreadState thread = lookup.thread;
        Long senderKey = lookup.senderKey;
        if (senderKey != null) {
            tx.requireMember(thread.key, senderKey);
        }
        if (lookup.existing != null) {
            Message first = MessageReads.byKey(tx.h, lookup.existing).orElseThrow();
            return new Committed<>(new MessageStore.Appended(first, false), List.of());
        }
        Long sharedKey = n.sharedUser() == null ? null : tx.userKey(n.sharedUser());
        Long replyKey = null;
        if (n.replyTo() != null) {
            replyKey = tx.h.createQuery("SELECT key FROM messages WHERE id = :id AND thread_key = :thread")
                    .bind("id", n.replyTo().toString()).bind("thread", thread.key).mapTo(Long.class).findOne()
                    .orElseThrow(() -> ParleyException.invalid("reply_to", "reply_to is not a message of this thread"));
        }
        long key = tx.next("messages");
        long seq = thread.lastSeq + 1;
        long now = tx.now();
        MessageId id = MessageId.random();
        List<FileId> files = n.files() == null ? List.of() : n.files();
        Message message = new Message(key, id, n.thread(), seq, n.clientId(), n.sender(), n.origin(), n.kind(),
                n.text(), files, n.sharedUser(), n.replyTo(), Rows.instant(now), null, null, List.of(), n.author());
        CommittedEvent event = EventSql.created(tx, new Event.MessageCreated(n.thread(), message),
                InboxSql.audience(tx.members(thread.key)));
        tx.h.createUpdate("INSERT INTO messages (key, id, thread_key, seq, client_id, sender_key, origin, kind, text, "
                        + "shared_user_key, reply_to_key, created_at, author, cursor) VALUES (:key, :id, :thread, :seq, "
                        + ":cid, :sender, :origin, :kind, :text, :shared, :reply, :now, :author, :cursor)")
                .bind("cursor", event.cursor())
                .bind("key", key).bind("id", id.toString()).bind("thread", thread.key).bind("seq", seq)
                .bind("cid", n.clientId()).bind("sender", senderKey).bind("origin", Rows.name(n.origin()))
                .bind("kind", Rows.name(n.kind())).bind("text", n.text()).bind("shared", sharedKey)
                .bind("reply", replyKey).bind("now", now).bind("author", n.author())
                .execute();
        if (!files.isEmpty()) {
            JdbcFileStore.requireCatalogued(tx, files);
            var insert = tx.h.prepareBatch("INSERT INTO message_files (message_key, position, file_id) "
                    + "VALUES (:message, :position, :file)");
            for (int i = 0; i < files.size(); i++) {
                insert.bind("message", key).bind("position", i).bind("file", files.get(i).toString()).add();
            }
            insert.execute();
        }
        tx.h.createUpdate("UPDATE threads SET last_seq = :seq, last_activity_at = :now WHERE key = :key")
                .bind("seq", seq).bind("now", now).bind("key", thread.key).execute();
        thread.lastSeq = seq;
        return new Committed<>(new MessageStore.Appended(message, true), List.of(event));
    }

    private static Target target(Tx tx, MessageId id) {
        Message message = MessageReads.byId(tx.h, id).orElseThrow(() -> ParleyException.notFound("message"));
        return new Target(message.key(), tx.thread(message.thread()).key, message);
    }

    static Committed<Message> edit(Tx tx, MessageId id, String text) {
        Target t = target(tx, id);
        if (t.message.deleted()) {
            throw ParleyException.conflict("the message was deleted");
        }
        tx.h.createUpdate("UPDATE messages SET text = :text, edited_at = :now WHERE key = :key")
                .bind("text", text).bind("now", tx.now()).bind("key", t.key).execute();
        Message edited = MessageReads.byKey(tx.h, t.key).orElseThrow();
        CommittedEvent event = EventSql.record(tx, t.threadKey, new Event.MessageUpdated(edited.thread(), edited),
                t.key, null, null, InboxSql.audienceOf(tx, t.threadKey, t.key));
        return new Committed<>(edited, List.of(event));
    }

    static Committed<Message> deleteForEveryone(Tx tx, MessageId id) {
        Target t = target(tx, id);
        if (t.message.deleted()) {
            return new Committed<>(t.message, List.of());
        }
        Set<UserId> audience = InboxSql.audienceOf(tx, t.threadKey, t.key);
        tx.h.createUpdate("UPDATE messages SET text = NULL, deleted_at = :now WHERE key = :key")
                .bind("now", tx.now()).bind("key", t.key).execute();
        tx.h.createUpdate("DELETE FROM reactions WHERE message_key = :key").bind("key", t.key).execute();
        tx.h.createUpdate("DELETE FROM message_files WHERE message_key = :key").bind("key", t.key).execute();
        Message tombstone = MessageReads.byKey(tx.h, t.key).orElseThrow();
        CommittedEvent event = EventSql.record(tx, t.threadKey,
                new Event.MessageDeleted(tombstone.thread(), id, tombstone.seq(), true), t.key, null, null, audience);
        return new Committed<>(tombstone, List.of(event));
    }

    static Committed<Boolean> deleteForUser(Tx tx, MessageId id, UserId user) {
        Target t = target(tx, id);
        long userKey = tx.userKey(user);
        boolean hidden = tx.h.createQuery("SELECT COUNT(*) FROM hidden_messages WHERE message_key = :m AND user_key = :u")
                .bind("m", t.key).bind("u", userKey).mapTo(Long.class).one() > 0;
        if (hidden) {
            return new Committed<>(false, List.of());
        }
        tx.h.createUpdate("INSERT INTO hidden_messages (message_key, user_key) VALUES (:m, :u)")
                .bind("m", t.key).bind("u", userKey).execute();
        CommittedEvent event = EventSql.record(tx, t.threadKey,
                new Event.MessageDeleted(t.message.thread(), id, t.message.seq(), false), t.key, userKey, userKey,
                Set.of(user));
        return new Committed<>(true, List.of(event));
    }

    static Committed<Boolean> react(Tx tx, MessageId id, UserId user, String kind, boolean add) {
        Target t = target(tx, id);
        if (t.message.deleted()) {
            throw ParleyException.conflict("the message was deleted");
        }
        long userKey = tx.userKey(user);
        boolean present = tx.h.createQuery("SELECT COUNT(*) FROM reactions WHERE message_key = :m AND user_key = :u "
                        + "AND kind = :kind")
                .bind("m", t.key).bind("u", userKey).bind("kind", kind).mapTo(Long.class).one() > 0;
        if (present == add) {
            return new Committed<>(false, List.of());
        }
        if (add) {
            tx.h.createUpdate("INSERT INTO reactions (message_key, user_key, kind, created_at) VALUES (:m, :u, :kind, :now)")
                    .bind("m", t.key).bind("u", userKey).bind("kind", kind).bind("now", tx.now()).execute();
        } else {
            tx.h.createUpdate("DELETE FROM reactions WHERE message_key = :m AND user_key = :u AND kind = :kind")
                    .bind("m", t.key).bind("u", userKey).bind("kind", kind).execute();
        }
        CommittedEvent event = EventSql.record(tx, t.threadKey,
                new Event.ReactionChanged(t.message.thread(), id, user, kind, add), t.key, userKey, null,
                InboxSql.audienceOf(tx, t.threadKey, t.key));
        return new Committed<>(true, List.of(event));
    }
}
