package dev.parley.store;

import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Origin;
import dev.parley.core.Reaction;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Reading messages: one query for the rows, one for their files and one for their reactions,
 * whatever the number of messages. A history page asks its rows whether they have files or
 * reactions at all and skips those two queries when none has any.
 */
final class MessageReads {
    private static final int CHUNK = 500;

    static final String SELECT = "SELECT m.key, m.id, t.id AS thread_id, m.seq, m.client_id, s.id AS sender_id, "
            + "m.origin, m.kind, m.text, su.id AS shared_user_id, r.id AS reply_to_id, m.created_at, m.edited_at, "
            + "m.deleted_at, m.author FROM messages m JOIN threads t ON t.key = m.thread_key "
            + "LEFT JOIN users s ON s.key = m.sender_key LEFT JOIN users su ON su.key = m.shared_user_key "
            + "LEFT JOIN messages r ON r.key = m.reply_to_key ";

    /**
     * {@link #SELECT} with two more columns saying whether a message has files and reactions (two
     * primary-key probes per row, cheaper than two more statements per page).
     */
    static final String SELECT_FLAGGED = SELECT.replace(" FROM messages m ", ", "
            + "EXISTS (SELECT 1 FROM message_files mf WHERE mf.message_key = m.key) AS has_files, "
            + "EXISTS (SELECT 1 FROM reactions mr WHERE mr.message_key = m.key) AS has_reactions FROM messages m ");

    /**
     * A message row before its files and reactions are attached; {@code hasFiles} and {@code
     * hasReactions} false only when the row is known to have none.
     */
    private record Row(long key, MessageId id, ThreadId thread, long seq, String clientId, UserId sender,
                       Origin origin, MessageKind kind, String text, UserId sharedUser, MessageId replyTo,
                       java.time.Instant createdAt, java.time.Instant editedAt, java.time.Instant deletedAt,
                       String author, boolean hasFiles, boolean hasReactions) {

        Message with(List<FileId> files, List<Reaction> reactions) {
            return new Message(key, id, thread, seq, clientId, sender, origin, kind, text, files, sharedUser,
                    replyTo, createdAt, editedAt, deletedAt, reactions, author);
        }
    }

    private MessageReads() {}

    /** A row of {@link #SELECT}, read by position (the columns' order there). */
    private static Row row(ResultSet rs) throws SQLException {
        return row(rs, true, true);
    }

    /** A row of {@link #SELECT_FLAGGED}. */
    private static Row flaggedRow(ResultSet rs) throws SQLException {
        return row(rs, rs.getBoolean(16), rs.getBoolean(17));
    }

    private static Row row(ResultSet rs, boolean hasFiles, boolean hasReactions) throws SQLException {
        String replyTo = rs.getString(11);
        return new Row(rs.getLong(1), messageId(rs.getString(2)), Rows.threadId(rs.getString(3)),
                rs.getLong(4), rs.getString(5), Rows.userId(rs.getString(6)),
                Rows.enumOf(Origin.class, rs.getString(7)), Rows.enumOf(MessageKind.class, rs.getString(8)),
                rs.getString(9), Rows.userId(rs.getString(10)),
                replyTo == null ? null : messageId(replyTo), Rows.instant(rs.getLong(12)),
                instantOrNull(rs, 13), instantOrNull(rs, 14), rs.getString(15), hasFiles, hasReactions);
    }

    private static java.time.Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Rows.instant(value);
    }

    static MessageId messageId(String text) {
        return new MessageId(UUID.fromString(text));
    }

    static Optional<Message> byId(Handle h, MessageId id) {
        return one(h, "WHERE m.id = :id", "id", id.toString());
    }

    static Optional<Message> byKey(Handle h, long key) {
        return one(h, "WHERE m.key = :key", "key", key);
    }

    private static Optional<Message> one(Handle h, String where, String name, Object value) {
        List<Row> rows = h.createQuery(SELECT + where).bindByType(name, value, value.getClass())
                .map((rs, ctx) -> row(rs)).list();
        return assemble(h, rows).stream().findFirst();
    }

    /** The messages with these keys; unknown keys are absent. */
    static Map<Long, Message> byKeys(Handle h, Collection<Long> keys) {
        Map<Long, Message> found = new HashMap<>();
        List<Long> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            List<Row> rows = h.createQuery(SELECT + "WHERE m.key IN (<keys>)").bindList("keys", chunk)
                    .map((rs, ctx) -> row(rs)).list();
            assemble(h, rows).forEach(m -> found.put(m.key(), m));
        }
        return found;
    }

    /** Runs a message query (SELECT + the given tail) and attaches files and reactions, keeping the order. */
    static List<Message> query(Handle h, String tail, Map<String, Object> binds) {
        var q = h.createQuery(SELECT + tail);
        binds.forEach((k, v) -> q.bindByType(k, v, v.getClass()));
        return assemble(h, q.map((rs, ctx) -> row(rs)).list());
    }

    private static List<Message> assemble(Handle h, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> withFiles = rows.stream().filter(Row::hasFiles).map(Row::key).toList();
        Map<Long, List<FileId>> files = new HashMap<>();
        if (!withFiles.isEmpty()) {
            h.createQuery("SELECT message_key, file_id FROM message_files WHERE message_key IN (<keys>) "
                            + "ORDER BY message_key, position")
                    .bindList("keys", withFiles)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new FileId(UUID.fromString(rs.getString(2)))))
                    .forEach(e -> files.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        List<Long> withReactions = rows.stream().filter(Row::hasReactions).map(Row::key).toList();
        Map<Long, List<Reaction>> reactions = new HashMap<>();
        if (!withReactions.isEmpty()) {
            h.createQuery("SELECT r.message_key, u.id, r.kind FROM reactions r JOIN users u ON u.key = r.user_key "
                            + "WHERE r.message_key IN (<keys>) ORDER BY r.message_key, r.created_at, u.key, r.kind")
                    .bindList("keys", withReactions)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new Reaction(Rows.userId(rs.getString(2)), rs.getString(3))))
                    .forEach(e -> reactions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        List<Message> messages = new ArrayList<>(rows.size());
        for (Row r : rows) {
            messages.add(r.with(files.getOrDefault(r.key, List.of()), reactions.getOrDefault(r.key, List.of())));
        }
        return messages;
    }

    /** The viewer's key and cleared seq in a thread; a viewer without an inbox has cleared nothing. */
    private record Viewer(long key, long clearedSeq) {}

    static MessageStore.MessagePage page(Handle h, ThreadId thread, UserId viewer, MessageStore.PageQuery query) {
        Long threadKey = h.createQuery("SELECT key FROM threads WHERE id = :id").bind("id", thread.toString())
                .mapTo(Long.class).findOne().orElse(null);
        if (threadKey == null) {
            return new MessageStore.MessagePage(List.of(), false);
        }
        return page(h, threadKey, viewer == null ? null : viewer(h, threadKey, viewer), query);
    }

    /**
     * A member's page: one statement finds the thread and the member's inbox (none: empty, whether the
     * thread is unknown or the user is not in it), then the page as {@link #page} reads it.
     */
    static Optional<MessageStore.MessagePage> memberPage(Handle h, ThreadId thread, UserId member,
                                                         MessageStore.PageQuery query) {
        return h.createQuery("SELECT t.key, u.key, i.cleared_seq FROM threads t "
                        + "JOIN inboxes i ON i.thread_key = t.key JOIN users u ON u.key = i.user_key "
                        + "WHERE t.id = :thread AND u.id = :user")
                .bind("thread", thread.toString()).bind("user", member.toString())
                .map((rs, ctx) -> Map.entry(rs.getLong(1), new Viewer(rs.getLong(2), rs.getLong(3))))
                .findOne()
                .map(m -> page(h, m.getKey(), m.getValue(), query));
    }

    /** The page of the thread with this key; {@code viewer} null: as nobody in particular (nothing hidden). */
    private static MessageStore.MessagePage page(Handle h, long threadKey, Viewer viewer, MessageStore.PageQuery query) {
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("thread", threadKey);
        binds.put("limit", query.limit() + 1);
        StringBuilder where = new StringBuilder("WHERE m.thread_key = :thread");
        if (viewer != null) {
            where.append(" AND m.seq > :cleared AND NOT EXISTS (SELECT 1 FROM hidden_messages hm "
                    + "WHERE hm.message_key = m.key AND hm.user_key = :viewer)");
            binds.put("cleared", viewer.clearedSeq);
            binds.put("viewer", viewer.key);
        }
        boolean ascending = query.after() != null;
        if (ascending) {
            where.append(" AND m.seq > :after");
            binds.put("after", query.after());
        } else if (query.before() != null) {
            where.append(" AND m.seq < :before");
            binds.put("before", query.before());
        }
        where.append(ascending ? " ORDER BY m.seq ASC" : " ORDER BY m.seq DESC").append(" LIMIT :limit");
        var q = h.createQuery(SELECT_FLAGGED + where);
        binds.forEach((k, v) -> q.bindByType(k, v, v.getClass()));
        List<Message> messages = new ArrayList<>(assemble(h, q.map((rs, ctx) -> flaggedRow(rs)).list()));
        boolean more = messages.size() > query.limit();
        if (more) {
            messages.remove(messages.size() - 1);
        }
        if (!ascending) {
            java.util.Collections.reverse(messages);
        }
        return new MessageStore.MessagePage(messages, more);
    }

    /** The viewer's key and cleared seq, or null when there is no such user. */
    private static Viewer viewer(Handle h, long threadKey, UserId viewer) {
        return h.createQuery("SELECT u.key, COALESCE(i.cleared_seq, 0) FROM users u LEFT JOIN inboxes i "
                        + "ON i.user_key = u.key AND i.thread_key = :thread WHERE u.id = :id")
                .bind("thread", threadKey).bind("id", viewer.toString())
                .map((rs, ctx) -> new Viewer(rs.getLong(1), rs.getLong(2)))
                .findOne().orElse(null);
    }

    /** Full-text search in the user's threads (or one of them), newest first. */
    static List<Message> search(Handle h, Dialect dialect, UserId user, ThreadId thread, String text, int limit) {
        List<String> words = Dialect.words(text);
        if (words.isEmpty()) {
            return List.of();
        }
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("user", user.toString());
        binds.put("q", dialect.searchQuery(words));
        binds.put("limit", limit);
        StringBuilder where = new StringBuilder("JOIN inboxes i ON i.thread_key = m.thread_key "
                + "AND i.user_key = (SELECT key FROM users WHERE id = :user) "
                + "WHERE m.deleted_at IS NULL AND " + InboxSql.VISIBLE + " AND ")
                .append(dialect.matches("m"));
        if (thread != null) {
            where.append(" AND t.id = :thread");
            binds.put("thread", thread.toString());
        }
        where.append(" ORDER BY m.created_at DESC, m.key DESC LIMIT :limit");
        return query(h, where.toString(), binds);
    }
}
