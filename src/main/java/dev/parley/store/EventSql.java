package dev.parley.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.EventLog;
import dev.parley.core.Message;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The event log: every committed change is a row, in cursor order. Rows keep keys and a little JSON;
 * replay rebuilds the core events from them (joining the messages as they are now).
 */
final class EventSql {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event row to insert when the batch commits. */
    record Row(long cursor, long threadKey, String type, Long messageKey, Long userKey, Long audienceUserKey,
               String data, long createdAt) {}

    private EventSql() {}

    /**
     * Records an event in the transaction: it gets the next cursor, and the row is written with the
     * batch (a new message's event is {@link #created}, without a row). {@code onlyFor} is the key of
     * the one user who may see it (delete for me), else null.
     */
    static CommittedEvent record(Tx tx, long threadKey, Event event, Long messageKey, Long userKey, Long onlyFor,
                                 Set<UserId> audience) {
        String type;
        String data = null;
        switch (event) {
            case Event.MessageCreated e -> throw new IllegalArgumentException("a new message's event is created()");
            case Event.MessageUpdated e -> type = "message.updated";
            case Event.MessageDeleted e -> type = "message.deleted";
            case Event.ReactionChanged e -> {
                type = "reaction";
                data = json(Map.of("kind", e.kind(), "added", e.added()));
            }
            case Event.ReadMarked e -> {
                type = "read";
                data = json(Map.of("seq", e.seq()));
            }
            case Event.MemberChanged e -> {
                type = "member";
                data = json(Map.of("change", Rows.name(e.change())));
            }
            case Event.Typing e -> throw new IllegalArgumentException("typing is never stored");
        }
        long cursor = tx.next("events");
        tx.addEvent(new Row(cursor, threadKey, type, messageKey, userKey, onlyFor, data, tx.now()));
        return new CommittedEvent(cursor, audience, event);
    }

    /**
     * The event of a new message: it gets the next cursor like any other, but no row, as the message
     * row carries the cursor ({@code messages.cursor}, migration V90) and replay reads it from there.
     */
    static CommittedEvent created(Tx tx, Event.MessageCreated event, Set<UserId> audience) {
        return new CommittedEvent(tx.next("events"), audience, event);
    }

    static void insert(Jdbc jdbc, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement insert = jdbc.prepare("INSERT INTO events (cursor, thread_key, type, message_key, user_key, "
                + "audience_user_key, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        try {
            for (Row r : rows) {
                insert.setLong(1, r.cursor);
                insert.setLong(2, r.threadKey);
                insert.setString(3, r.type);
                setKey(insert, 4, r.messageKey);
                setKey(insert, 5, r.userKey);
                setKey(insert, 6, r.audienceUserKey);
                insert.setString(7, r.data);
                insert.setLong(8, r.createdAt);
                insert.addBatch();
            }
            Jdbc.executeBatch(insert);
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }

    /**
     * PostgreSQL: inserts event rows bound as arrays, with {@link #bind}; a data-modifying WITH of its
     * own, or the statement itself.
     */
    static final String INSERT_FROM_ARRAYS = "INSERT INTO events (cursor, thread_key, type, message_key, user_key, "
            + "audience_user_key, data, created_at) SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], "
            + "?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[])";

    /** PostgreSQL: sets counters bound as arrays, with {@link #bind} (after the event rows). */
    static final String COUNTERS_FROM_ARRAYS = "UPDATE counters c SET value = v.value "
            + "FROM unnest(?::text[], ?::bigint[]) AS v(name, value) WHERE c.name = v.name";

    /**
     * PostgreSQL: the event rows and the moved counters in one statement (the events' INSERT as a
     * data-modifying WITH), each list bound as arrays, so one plan serves every batch size.
     */
    static void insertWithCounters(Jdbc jdbc, List<Row> rows, Map<String, Long> counters) {
        if (rows.isEmpty() && counters.isEmpty()) {
            return;
        }
        PreparedStatement insert = jdbc.prepare("WITH inserted AS (" + INSERT_FROM_ARRAYS + ") " + COUNTERS_FROM_ARRAYS);
        try {
            bind(jdbc, insert, 1, rows, counters);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
    }

    /**
     * Binds the rows for {@link #INSERT_FROM_ARRAYS} and then the counters for {@link #COUNTERS_FROM_ARRAYS},
     * from parameter {@code first} on; returns the next parameter's index.
     */
    static int bind(Jdbc jdbc, PreparedStatement statement, int first, List<Row> rows, Map<String, Long> counters)
            throws SQLException {
        statement.setArray(first, jdbc.array("bigint", rows.stream().map(Row::cursor).toArray()));
        statement.setArray(first + 1, jdbc.array("bigint", rows.stream().map(Row::threadKey).toArray()));
        statement.setArray(first + 2, jdbc.array("text", rows.stream().map(Row::type).toArray()));
        statement.setArray(first + 3, jdbc.array("bigint", rows.stream().map(Row::messageKey).toArray()));
        statement.setArray(first + 4, jdbc.array("bigint", rows.stream().map(Row::userKey).toArray()));
        statement.setArray(first + 5, jdbc.array("bigint", rows.stream().map(Row::audienceUserKey).toArray()));
        statement.setArray(first + 6, jdbc.array("text", rows.stream().map(Row::data).toArray()));
        statement.setArray(first + 7, jdbc.array("bigint", rows.stream().map(Row::createdAt).toArray()));
        statement.setArray(first + 8, jdbc.array("text", counters.keySet().toArray()));
        statement.setArray(first + 9, jdbc.array("bigint", counters.values().toArray()));
        return first + 10;
    }

    private static void setKey(PreparedStatement statement, int index, Long key) throws SQLException {
        if (key == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, key);
        }
    }

    /** The last cursor handed out by a committed write (messages carry theirs: no one table has them all). */
    static long head(Handle h) {
        return h.createQuery("SELECT value FROM counters WHERE name = 'events'").mapTo(Long.class).one();
    }

    private record Stored(long cursor, ThreadId thread, String type, Long messageKey, UserId user, boolean onlyFor,
                          String data) {}

    /**
     * Events after the cursor in the user's threads, the user's own membership changes, and what only
     * they see. An event about a message (created, updated, deleted, reaction) of one of the user's
     * threads is replayed only when their history shows that message ({@link InboxSql#VISIBLE}: not
     * cleared, not hidden for them), so a resume never sends what a history page would leave out.
     * Membership and read events carry no message and are replayed as they are; what only the user
     * sees (their delete-for-me) always is.
     *
     * <p>A message's own created event is read from the message ({@code messages.cursor}): in each of
     * the user's threads, the messages after the newest one at or before the cursor, through
     * {@code (thread_key, seq)}, since cursors grow with seq in a thread. Messages older than
     * migration V90 have no cursor and kept their event rows; they come before all others in their
     * thread, so the search for that newest one stops at them too.
     */
    static EventLog.Replay replay(Handle h, UserId user, long cursor, int max) {
        Long userKey = h.createQuery("SELECT key FROM users WHERE id = :id").bind("id", user.toString())
                .mapTo(Long.class).findOne().orElse(null);
        if (userKey == null) {
            return new EventLog.Replay(List.of(), true);
        }
        String columns = "e.cursor, e.thread_key, e.type, e.message_key, e.user_key, e.audience_user_key, e.data";
        String sql = "SELECT x.cursor, t.id AS thread_id, x.type, x.message_key, u.id AS user_id, "
                + "x.audience_user_key, x.data FROM ("
                + "SELECT " + columns + " FROM events e JOIN inboxes i ON i.thread_key = e.thread_key "
                + "AND i.user_key = :user LEFT JOIN messages m ON m.key = e.message_key WHERE e.cursor > :cursor "
                + "AND e.audience_user_key IS NULL AND (e.message_key IS NULL OR (" + InboxSql.VISIBLE + ")) "
                + "UNION SELECT " + columns + " FROM events e WHERE e.type = 'member' AND e.user_key = :user "
                + "AND e.cursor > :cursor "
                + "UNION SELECT " + columns + " FROM events e WHERE e.audience_user_key = :user AND e.cursor > :cursor "
                + "UNION SELECT m.cursor, m.thread_key, 'message.created', m.key, m.sender_key, NULL, NULL "
                + "FROM inboxes i JOIN messages m ON m.thread_key = i.thread_key WHERE i.user_key = :user "
                + "AND m.seq > COALESCE((SELECT b.seq FROM messages b WHERE b.thread_key = i.thread_key "
                + "AND (b.cursor IS NULL OR b.cursor <= :cursor) ORDER BY b.seq DESC LIMIT 1), 0) "
                + "AND " + InboxSql.VISIBLE
                + ") x JOIN threads t ON t.key = x.thread_key LEFT JOIN users u ON u.key = x.user_key "
                + "ORDER BY x.cursor LIMIT :limit";
        List<Stored> rows = h.createQuery(sql).bind("user", userKey).bind("cursor", cursor).bind("limit", max + 1)
                .map((rs, ctx) -> {
                    long messageKey = rs.getLong("message_key");
                    Long mk = rs.wasNull() ? null : messageKey;
                    rs.getLong("audience_user_key");
                    boolean only = !rs.wasNull();
                    return new Stored(rs.getLong("cursor"), Rows.threadId(rs.getString("thread_id")),
                            rs.getString("type"), mk, Rows.userId(rs.getString("user_id")), only, rs.getString("data"));
                })
                .list();
        boolean complete = rows.size() <= max;
        if (!complete) {
            rows = rows.subList(0, max);
        }
        List<Long> messageKeys = rows.stream().map(Stored::messageKey).filter(k -> k != null).distinct().toList();
        Map<Long, Message> messages = MessageReads.byKeys(h, messageKeys);
        Set<UserId> audience = Set.of(user);
        List<CommittedEvent> events = new ArrayList<>(rows.size());
        for (Stored r : rows) {
            Event event = rebuild(r, messages);
            if (event != null) {
                events.add(new CommittedEvent(r.cursor, audience, event));
            }
        }
        return new EventLog.Replay(events, complete);
    }

    private static Event rebuild(Stored r, Map<Long, Message> messages) {
        Message m = r.messageKey == null ? null : messages.get(r.messageKey);
        JsonNode data = r.data == null ? null : parse(r.data);
        return switch (r.type) {
            case "message.created" -> m == null ? null : new Event.MessageCreated(r.thread, m);
            case "message.updated" -> m == null ? null : new Event.MessageUpdated(r.thread, m);
            case "message.deleted" -> m == null ? null
                    : new Event.MessageDeleted(r.thread, m.id(), m.seq(), !r.onlyFor);
            case "reaction" -> m == null ? null : new Event.ReactionChanged(r.thread, m.id(), r.user,
                    data.get("kind").asText(), data.get("added").asBoolean());
            case "read" -> new Event.ReadMarked(r.thread, r.user, data.get("seq").asLong());
            case "member" -> new Event.MemberChanged(r.thread, r.user,
                    Rows.enumOf(Event.MemberChange.class, data.get("change").asText()));
            default -> null;
        };
    }

    private static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable event data: " + text, e);
        }
    }
}
