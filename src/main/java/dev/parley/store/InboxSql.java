package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.Inbox;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.Role;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadStore;
import dev.parley.core.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Inboxes: one participant's copy of a thread, its read mark and its unread count. */
final class InboxSql {
    /** A participant as the write path needs it. */
    record MemberRow(long userKey, UserId user, Role role) {}

    /** Messages of inbox {@code i} the participant has not read: the one definition of unread. */
    static final String UNREAD = "(SELECT COUNT(*) FROM messages m WHERE m.thread_key = i.thread_key "
            + "AND m.seq > CASE WHEN i.last_read_seq > i.cleared_seq THEN i.last_read_seq ELSE i.cleared_seq END "
            + "AND (m.sender_key IS NULL OR m.sender_key <> i.user_key) AND m.deleted_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM hidden_messages hm WHERE hm.message_key = m.key "
            + "AND hm.user_key = i.user_key))";

    /**
     * Message {@code m} of inbox {@code i}'s thread is one the participant can see: not cleared, not
     * hidden for them (a tombstone included). The one definition, shared by the inbox, search and replay.
     */
    static final String VISIBLE = "m.seq > i.cleared_seq AND NOT EXISTS (SELECT 1 FROM hidden_messages hm "
            + "WHERE hm.message_key = m.key AND hm.user_key = i.user_key)";

    /** The newest message of inbox {@code i} the participant can see (a tombstone included). */
    private static final String LAST_VISIBLE = "(SELECT m.key FROM messages m WHERE m.thread_key = i.thread_key "
            + "AND " + VISIBLE + " ORDER BY m.seq DESC LIMIT 1)";

    private static final String SELECT_INBOX = "SELECT t.id AS t_id, u.id AS u_id, " + Rows.INBOX
            + " FROM inboxes i JOIN threads t ON t.key = i.thread_key JOIN users u ON u.key = i.user_key ";

    private InboxSql() {}

    static List<MemberRow> memberRows(Handle h, long threadKey) {
        return h.createQuery("SELECT i.user_key, u.id, i.role FROM inboxes i JOIN users u ON u.key = i.user_key "
                        + "WHERE i.thread_key = :thread "
                        + "ORDER BY CASE WHEN i.role = 'owner' THEN 0 ELSE 1 END, i.joined_at, i.user_key")
                .bind("thread", threadKey)
                .map((rs, ctx) -> new MemberRow(rs.getLong(1), Rows.userId(rs.getString(2)),
                        Rows.enumOf(Role.class, rs.getString(3))))
                .list();
    }

    /** The members of several threads at once, each list in the order of {@link #memberRows(Handle, long)}. */
    static Map<Long, List<MemberRow>> memberRows(Jdbc jdbc, List<Long> threadKeys) {
        Map<Long, List<MemberRow>> rows = new java.util.HashMap<>();
        threadKeys.forEach(k -> rows.put(k, new ArrayList<>()));
        PreparedStatement select = jdbc.prepare("SELECT i.thread_key, i.user_key, u.id, i.role FROM inboxes i "
                + "JOIN users u ON u.key = i.user_key WHERE " + jdbc.in("i.thread_key", threadKeys.size()) + " "
                + "ORDER BY i.thread_key, CASE WHEN i.role = 'owner' THEN 0 ELSE 1 END, i.joined_at, i.user_key");
        try {
            Jdbc.bindPadded(select, 1, threadKeys);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getLong(1)).add(new MemberRow(rs.getLong(2), Rows.userId(rs.getString(3)),
                            Rows.enumOf(Role.class, rs.getString(4))));
                }
            }
        } catch (SQLException e) {
            throw new Jdbc.SqlFailure(e);
        }
        return rows;
    }

    /**
     * The members who can see message {@code messageKey} of the thread ({@link #VISIBLE}): the audience
     * of an event about a message that exists already (an edit, a delete, a reaction), so that nobody
     * hears of a message they cleared or deleted for themselves, live or on replay alike.
     */
    static Set<UserId> audienceOf(Tx tx, long threadKey, long messageKey) {
        Set<UserId> audience = new LinkedHashSet<>();
        tx.h.createQuery("SELECT u.id FROM inboxes i JOIN users u ON u.key = i.user_key "
                        + "JOIN messages m ON m.key = :message WHERE i.thread_key = :thread AND " + VISIBLE)
                .bind("message", messageKey).bind("thread", threadKey)
                .mapTo(String.class)
                .forEach(id -> audience.add(Rows.userId(id)));
        return audience;
    }

    static Set<UserId> audience(List<MemberRow> members) {
        Set<UserId> audience = new LinkedHashSet<>();
        members.forEach(m -> audience.add(m.user()));
        return audience;
    }

    static List<Member> members(Handle h, ThreadId thread) {
        Optional<Long> key = h.createQuery("SELECT key FROM threads WHERE id = :id").bind("id", thread.toString())
                .mapTo(Long.class).findOne();
        return key.map(k -> memberRows(h, k).stream().map(m -> new Member(m.user(), m.role())).toList())
                .orElse(List.of());
    }

    static Optional<Inbox> inbox(Handle h, ThreadId thread, UserId user) {
        return h.createQuery(SELECT_INBOX + "WHERE t.id = :thread AND u.id = :user")
                .bind("thread", thread.toString()).bind("user", user.toString())
                .map((rs, ctx) -> Rows.inbox(rs)).findOne();
    }

    static long unread(Handle h, ThreadId thread, UserId user) {
        return h.createQuery("SELECT " + UNREAD + " FROM inboxes i JOIN threads t ON t.key = i.thread_key "
                        + "JOIN users u ON u.key = i.user_key WHERE t.id = :thread AND u.id = :user")
                .bind("thread", thread.toString()).bind("user", user.toString())
                .mapTo(Long.class).findOne().orElse(0L);
    }

    private record ListedRow(dev.parley.core.Thread thread, Inbox inbox, long unread, Long lastKey) {}

    static List<InboxView> inboxes(Handle h, UserId user, ThreadStore.InboxQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Rows.THREAD).append(", u.id AS u_id, ")
                .append(Rows.INBOX).append(", ").append(UNREAD).append(" AS unread, ").append(LAST_VISIBLE)
                .append(" AS last_key FROM inboxes i JOIN threads t ON t.key = i.thread_key ")
                .append("JOIN users u ON u.key = i.user_key WHERE u.id = :user AND i.archived = :archived");
        boolean keyset = query.activityBefore() != null && query.afterThread() != null;
        if (keyset) {
            // The order's own keyset (last activity, key), so threads sharing one time never fall between
            // pages; an unknown thread leaves the key NULL and the time alone decides.
            sql.append(" AND (t.last_activity_at < :before OR (t.last_activity_at = :before "
                    + "AND t.key < (SELECT key FROM threads WHERE id = :afterThread)))");
        } else if (query.activityBefore() != null) {
            sql.append(" AND t.last_activity_at < :before");
        }
        sql.append(" ORDER BY t.last_activity_at DESC, t.key DESC LIMIT :limit");
        var q = h.createQuery(sql.toString()).bind("user", user.toString()).bind("archived", query.archived())
                .bind("limit", query.limit());
        if (query.activityBefore() != null) {
            q.bind("before", MicroClock.micros(query.activityBefore()));
        }
        if (keyset) {
            q.bind("afterThread", query.afterThread().toString());
        }
        List<ListedRow> rows = q.map((rs, ctx) -> {
            long last = rs.getLong("last_key");
            return new ListedRow(Rows.thread(rs), Rows.inbox(rs), rs.getLong("unread"), rs.wasNull() ? null : last);
        }).list();
        Map<Long, Message> last = MessageReads.byKeys(h,
                rows.stream().map(ListedRow::lastKey).filter(k -> k != null).toList());
        List<InboxView> views = new ArrayList<>(rows.size());
        for (ListedRow r : rows) {
            views.add(new InboxView(r.thread, r.inbox, r.unread, r.lastKey == null ? null : last.get(r.lastKey)));
        }
        return views;
    }

    static Committed<Inbox> markRead(Tx tx, ThreadId thread, UserId user, long seq) {
        Tx.ThreadState state = tx.thread(thread);
        long userKey = tx.userKey(user);
        Inbox inbox = inTx(tx, state.key, userKey).orElseThrow(() -> ParleyException.notFound("thread"));
        long target = Math.min(seq, state.lastSeq);
        if (target <= inbox.lastReadSeq()) {
            return new Committed<>(inbox, List.of());
        }
        tx.h.createUpdate("UPDATE inboxes SET last_read_seq = :seq, read_at = :now "
                        + "WHERE thread_key = :thread AND user_key = :user")
                .bind("seq", target).bind("now", tx.now()).bind("thread", state.key).bind("user", userKey).execute();
        CommittedEvent event = EventSql.record(tx, state.key, new Event.ReadMarked(thread, user, target), null,
                userKey, null, audience(tx.members(state.key)));
        return new Committed<>(inTx(tx, state.key, userKey).orElseThrow(), List.of(event));
    }

    static Optional<Inbox> update(Tx tx, ThreadId thread, UserId user, Boolean archived, Boolean muted) {
        Tx.ThreadState state = tx.thread(thread);
        long userKey = tx.userKey(user);
        int rows = tx.h.createUpdate("UPDATE inboxes SET archived = COALESCE(:archived, archived), "
                        + "muted = COALESCE(:muted, muted) WHERE thread_key = :thread AND user_key = :user")
                .bind("archived", archived).bind("muted", muted).bind("thread", state.key).bind("user", userKey)
                .execute();
        return rows == 0 ? Optional.empty() : inTx(tx, state.key, userKey);
    }

    /** Deletes the whole history up to now for one participant (they keep the thread). */
    static Optional<Inbox> clear(Tx tx, ThreadId thread, UserId user) {
        Tx.ThreadState state = tx.thread(thread);
        long userKey = tx.userKey(user);
        tx.h.createUpdate("UPDATE inboxes SET cleared_seq = :seq WHERE thread_key = :thread "
                        + "AND user_key = :user AND cleared_seq < :seq")
                .bind("seq", state.lastSeq).bind("thread", state.key).bind("user", userKey).execute();
        return inTx(tx, state.key, userKey);
    }

    static Optional<Inbox> inTx(Tx tx, long threadKey, long userKey) {
        return tx.h.createQuery(SELECT_INBOX + "WHERE i.thread_key = :thread AND i.user_key = :user")
                .bind("thread", threadKey).bind("user", userKey)
                .map((rs, ctx) -> Rows.inbox(rs)).findOne();
    }
}
