package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.Member;
import dev.parley.core.ParleyException;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Threads and their membership. */
final class ThreadSql {
    private static final String SELECT = "SELECT " + Rows.THREAD + " FROM threads t ";

    private ThreadSql() {}

    static Optional<Thread> byId(Handle h, ThreadId id) {
        return h.createQuery(SELECT + "WHERE t.id = :id").bind("id", id.toString())
                .map((rs, ctx) -> Rows.thread(rs)).findOne();
    }

    static Optional<Thread> byKey(Handle h, long key) {
        return h.createQuery(SELECT + "WHERE t.key = :key").bind("key", key)
                .map((rs, ctx) -> Rows.thread(rs)).findOne();
    }

    static Optional<Thread> byGroupKey(Handle h, String groupKey) {
        return h.createQuery(SELECT + "WHERE t.group_key = :g").bind("g", groupKey)
                .map((rs, ctx) -> Rows.thread(rs)).findOne();
    }

    /** The thread {@code creator} (null: the server key) created with {@code clientId}. */
    static Optional<Thread> byClientId(Handle h, UserId creator, String clientId) {
        return h.createQuery(SELECT + "WHERE t.client_scope = :scope AND t.client_id = :client")
                .bind("scope", clientScope(creator)).bind("client", clientId)
                .map((rs, ctx) -> Rows.thread(rs)).findOne();
    }

    /** Client ids are unique per creator: a user's id, or one scope shared by the server key. */
    private static String clientScope(UserId creator) {
        return creator == null ? "server" : creator.toString();
    }

    static Optional<Thread> direct(Handle h, UserId a, UserId b) {
        List<Long> keys = h.createQuery("SELECT key FROM users WHERE id IN (:a, :b)")
                .bind("a", a.toString()).bind("b", b.toString()).mapTo(Long.class).list();
        if (keys.size() != 2) {
            return Optional.empty();
        }
        return h.createQuery(SELECT + "WHERE t.direct_key = :d").bind("d", directKey(keys.get(0), keys.get(1)))
                .map((rs, ctx) -> Rows.thread(rs)).findOne();
    }

    /** The one direct thread of a pair of users is decided by this unique value. */
    static String directKey(long a, long b) {
        return Math.min(a, b) + ":" + Math.max(a, b);
    }

    static Committed<ThreadStore.Opened> create(Tx tx, ThreadStore.NewThread n) {
        Map<UserId, Role> members = new LinkedHashMap<>();
        for (Member m : n.members()) {
            members.putIfAbsent(m.user(), m.role());
        }
        List<Long> keys = UserSql.keys(tx, members.keySet());
        if (n.clientId() != null) {
            Optional<Thread> existing = byClientId(tx.h, n.creator(), n.clientId());
            if (existing.isPresent()) {
                return new Committed<>(new ThreadStore.Opened(existing.get(), false), List.of());
            }
        }
        String directKey = null;
        if (n.kind() == ThreadKind.DIRECT) {
            if (keys.size() != 2) {
                throw ParleyException.invalid("members", "a direct thread has exactly two members");
            }
            directKey = directKey(keys.get(0), keys.get(1));
            Optional<Thread> existing = tx.h.createQuery(SELECT + "WHERE t.direct_key = :d").bind("d", directKey)
                    .map((rs, ctx) -> Rows.thread(rs)).findOne();
            if (existing.isPresent()) {
                return new Committed<>(new ThreadStore.Opened(existing.get(), false), List.of());
            }
        }
        String groupKey = n.kind() == ThreadKind.GROUP ? n.groupKey() : null;
        if (groupKey != null) {
            Optional<Thread> existing = byGroupKey(tx.h, groupKey);
            if (existing.isPresent()) {
                return new Committed<>(new ThreadStore.Opened(existing.get(), false), List.of());
            }
        }
        long key = tx.next("threads");
        long now = tx.now();
        ThreadId id = ThreadId.random();
        String scope = n.clientId() == null ? null : clientScope(n.creator());
        tx.h.createUpdate("INSERT INTO threads (key, id, kind, name, group_key, direct_key, reference, data, "
                        + "created_at, last_activity_at, last_seq, client_scope, client_id) VALUES (:key, :id, :kind, "
                        + ":name, :group, :direct, :reference, :data, :now, :now, 0, :scope, :client)")
                .bind("key", key).bind("id", id.toString()).bind("kind", Rows.name(n.kind())).bind("name", n.name())
                .bind("group", groupKey).bind("direct", directKey).bind("reference", n.reference())
                .bind("data", n.data()).bind("now", now).bind("scope", scope).bind("client", n.clientId())
                .execute();
        Thread thread = new Thread(key, id, n.kind(), n.name(), groupKey, n.reference(), n.data(),
                Rows.instant(now), Rows.instant(now), 0, n.clientId());
        List<Member> added = new ArrayList<>();
        List<Long> addedKeys = new ArrayList<>();
        int i = 0;
        for (var e : members.entrySet()) {
            added.add(new Member(e.getKey(), e.getValue() == null ? Role.MEMBER : e.getValue()));
            addedKeys.add(keys.get(i++));
        }
        List<CommittedEvent> events = join(tx, key, id, 0, added, addedKeys);
        return new Committed<>(new ThreadStore.Opened(thread, true), events);
    }

    /** Inserts inboxes and records one JOINED event each, with the members after the change as audience. */
    private static List<CommittedEvent> join(Tx tx, long threadKey, ThreadId thread, long lastSeq,
                                             List<Member> members, List<Long> keys) {
        if (members.isEmpty()) {
            return List.of();
        }
        var insert = tx.h.prepareBatch("INSERT INTO inboxes (thread_key, user_key, role, last_read_seq, cleared_seq, "
                + "archived, muted, joined_at) VALUES (:thread, :user, :role, :read, 0, :no, :no, :at)");
        for (int i = 0; i < members.size(); i++) {
            // A newcomer starts with the history read: it is there to scroll, not to count as unread.
            insert.bind("thread", threadKey).bind("user", keys.get(i)).bind("role", Rows.name(members.get(i).role()))
                    .bind("read", lastSeq).bind("no", false).bind("at", tx.now()).add();
        }
        insert.execute();
        tx.membersChanged(threadKey);
        Set<UserId> audience = InboxSql.audience(tx.members(threadKey));
        List<CommittedEvent> events = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            events.add(EventSql.record(tx, threadKey, new Event.MemberChanged(thread, members.get(i).user(),
                    Event.MemberChange.JOINED), null, keys.get(i), null, audience));
        }
        return events;
    }

    static Committed<List<Member>> addMembers(Tx tx, ThreadId thread, List<Member> add) {
        Tx.ThreadState state = tx.thread(thread);
        Set<UserId> present = new LinkedHashSet<>();
        tx.members(state.key).forEach(m -> present.add(m.user()));
        List<Member> fresh = new ArrayList<>();
        for (Member m : add) {
            if (present.add(m.user())) {
                fresh.add(new Member(m.user(), m.role() == null ? Role.MEMBER : m.role()));
            }
        }
        List<Long> keys = UserSql.keys(tx, fresh.stream().map(Member::user).toList());
        List<CommittedEvent> events = join(tx, state.key, thread, state.lastSeq, fresh, keys);
        return new Committed<>(members(tx, state.key), events);
    }

    static Committed<Boolean> removeMember(Tx tx, ThreadId thread, UserId user, Event.MemberChange change) {
        Tx.ThreadState state = tx.thread(thread);
        long userKey = tx.userKey(user);
        Optional<CommittedEvent> event = remove(tx, state, user, userKey, change);
        return new Committed<>(event.isPresent(), event.stream().toList());
    }

    private static Optional<CommittedEvent> remove(Tx tx, Tx.ThreadState state, UserId user, long userKey,
                                                   Event.MemberChange change) {
        int rows = tx.h.createUpdate("DELETE FROM inboxes WHERE thread_key = :thread AND user_key = :user")
                .bind("thread", state.key).bind("user", userKey).execute();
        if (rows == 0) {
            return Optional.empty();
        }
        tx.membersChanged(state.key);
        Set<UserId> audience = InboxSql.audience(tx.members(state.key));
        audience.add(user);
        return Optional.of(EventSql.record(tx, state.key, new Event.MemberChanged(state.id, user, change), null,
                userKey, null, audience));
    }

    static Committed<List<Member>> setMembers(Tx tx, ThreadId thread, Set<UserId> users) {
        Tx.ThreadState state = tx.thread(thread);
        List<CommittedEvent> events = new ArrayList<>();
        Set<UserId> present = new LinkedHashSet<>();
        for (InboxSql.MemberRow m : List.copyOf(tx.members(state.key))) {
            present.add(m.user());
            if (!users.contains(m.user())) {
                remove(tx, state, m.user(), m.userKey(), Event.MemberChange.REMOVED).ifPresent(events::add);
            }
        }
        List<Member> fresh = users.stream().filter(u -> !present.contains(u)).map(u -> new Member(u, Role.MEMBER))
                .toList();
        List<Long> keys = UserSql.keys(tx, fresh.stream().map(Member::user).toList());
        events.addAll(join(tx, state.key, thread, state.lastSeq, fresh, keys));
        return new Committed<>(members(tx, state.key), events);
    }

    private static List<Member> members(Tx tx, long threadKey) {
        return tx.members(threadKey).stream().map(m -> new Member(m.user(), m.role())).toList();
    }
}
