package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL, plus what only several nodes on one database can show. */
class PostgresStoreTest extends StoreContract {
    private PostgresTestDatabase database;

    @Override
    protected JdbcStore openStore() {
        database = PostgresTestDatabase.create();
        return JdbcStore.open(database.settings());
    }

    @Override
    protected Connection connect() throws SQLException {
        return database.connect();
    }

    @Override
    protected void dropStore() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * Each node's writer keeps thread members across batches; a membership change made through another
     * node must reach them before that node's next write (the members generation in counters).
     */
    @Test
    void a_membership_change_on_one_node_reaches_the_members_another_nodes_writer_keeps() {
        try (JdbcStore other = JdbcStore.open(database.settings())) {
            User ann = user("Ann");
            User bob = user("Bob");
            User cid = user("Cid");
            Thread t = thread(ann, bob);
            other.append(newMessage(t, bob, "the other node's writer now knows Ann and Bob"));

            store.removeMember(t.id(), bob.id(), Event.MemberChange.LEFT);
            assertThatThrownBy(() -> other.append(newMessage(t, bob, "after leaving")))
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

            store.addMembers(t.id(), List.of(new Member(cid.id(), Role.MEMBER)));
            var joined = other.append(newMessage(t, cid, "joined through the first node"));
            assertThat(joined.events()).singleElement()
                    .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), cid.id()));
        }
    }

    /**
     * Each node's writer keeps the last seq of threads across batches; a message written through another
     * node must reach it before this node's writer uses it again (the messages counter). Marking read
     * stops at the last seq, so a stale one would mark too little, with no unique key to catch it.
     */
    @Test
    void a_message_written_through_another_node_reaches_the_last_seq_this_nodes_writer_keeps() {
        try (JdbcStore other = JdbcStore.open(database.settings())) {
            User ann = user("Ann");
            User bob = user("Bob");
            Thread t = thread(ann, bob);
            assertThat(store.append(newMessage(t, ann, "through this node")).value().message().seq()).isEqualTo(1);
            assertThat(other.append(newMessage(t, bob, "through the other")).value().message().seq()).isEqualTo(2);

            assertThat(store.markRead(t.id(), ann.id(), 2).value().lastReadSeq()).isEqualTo(2);
            assertThat(store.append(newMessage(t, ann, "this node again")).value().message().seq()).isEqualTo(3);
        }
    }

    /**
     * The search index's pending list is emptied in the background (PendingListCleaner): left to the
     * writer's inserts, it is merged into the index in one go, inside a send's transaction.
     */
    @Test
    void the_search_index_pending_list_is_emptied_in_the_background() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        for (int i = 0; i < 50; i++) {
            send(t, ann, "words for the search index, number " + i);
        }
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            long pending;
            do {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT pending_tuples FROM pgstatginindex('messages_tsv')")) {
                    rs.next();
                    pending = rs.getLong(1);
                }
                if (pending > 0) {
                    java.lang.Thread.sleep(100);
                }
            } while (pending > 0 && System.nanoTime() < deadline);
            assertThat(pending).isZero();
        }
        assertThat(store.search(ann.id(), null, "number 49", 10)).hasSize(1);
    }

    private static dev.parley.core.MessageStore.NewMessage newMessage(Thread t, User sender, String text) {
        return new dev.parley.core.MessageStore.NewMessage(t.id(), sender.id(), null, dev.parley.core.Origin.USER,
                dev.parley.core.MessageKind.TEXT, text, List.of(), null, null);
    }

    @Test
    void a_poller_never_sees_a_gap_that_fills_later_with_two_nodes_writing() throws Exception {
        try (JdbcStore other = JdbcStore.open(database.settings())) {
            User ann = user("Ann");
            User bob = user("Bob");
            Thread t = thread(ann, bob);
            long from = store.head();
            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            java.lang.Thread poller = java.lang.Thread.ofPlatform().start(() -> poll(t, from, writing, violations));
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                JdbcStore node = w % 2 == 0 ? store : other;
                User sender = w % 2 == 0 ? ann : bob;
                writers.add(() -> {
                    for (int i = 0; i < 40; i++) {
                        node.append(new dev.parley.core.MessageStore.NewMessage(t.id(), sender.id(), null,
                                dev.parley.core.Origin.USER, dev.parley.core.MessageKind.TEXT, "m" + i, List.of(),
                                null, null));
                    }
                    return 40;
                });
            }
            concurrently(writers);
            writing.set(false);
            poller.join();
            assertThat(violations).isEmpty();
            assertThat(seqs(page(t, null, null, null, 200)).size()).isEqualTo(200);
            assertThat(seqs(other.page(t.id(), null, new dev.parley.core.MessageStore.PageQuery(null, 0L, 200))))
                    .isEqualTo(range(1, 200));
        }
    }

    /**
     * Polls the tables as a reader on another connection would, after the last cursor and seq it saw,
     * and records any row that shows up behind what it had already read.
     */
    private void poll(Thread t, long fromCursor, AtomicBoolean writing, ConcurrentLinkedQueue<String> violations) {
        long cursor = fromCursor;
        long seq = 0;
        try (Connection c = database.connect();
             // Cursors are in events, and (a message's own created event, V90) in messages.
             PreparedStatement events = c.prepareStatement("SELECT cursor FROM (SELECT cursor FROM events "
                     + "UNION ALL SELECT cursor FROM messages WHERE cursor IS NOT NULL) x WHERE cursor > ? ORDER BY cursor");
             PreparedStatement messages = c.prepareStatement("SELECT seq FROM messages m JOIN threads t "
                     + "ON t.key = m.thread_key WHERE t.id = ? AND m.seq > ? ORDER BY seq");
             PreparedStatement behind = c.prepareStatement("SELECT count(*) FROM (SELECT cursor FROM events "
                     + "UNION ALL SELECT cursor FROM messages WHERE cursor IS NOT NULL) x WHERE cursor <= ? AND cursor > ?")) {
            long seenCount = 0;
            boolean last = false;
            while (!last) {
                last = !writing.get();
                events.setLong(1, cursor);
                try (ResultSet rs = events.executeQuery()) {
                    while (rs.next()) {
                        cursor = rs.getLong(1);
                        seenCount++;
                    }
                }
                // Everything up to the cursor seen must already have been there when it was read.
                behind.setLong(1, cursor);
                behind.setLong(2, fromCursor);
                try (ResultSet rs = behind.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != seenCount) {
                        violations.add("events up to " + cursor + ": saw " + seenCount + ", now " + rs.getLong(1));
                        seenCount = rs.getLong(1);
                    }
                }
                messages.setString(1, t.id().toString());
                messages.setLong(2, seq);
                try (ResultSet rs = messages.executeQuery()) {
                    while (rs.next()) {
                        long next = rs.getLong(1);
                        if (next != seq + 1) {
                            violations.add("seq " + next + " after " + seq);
                        }
                        seq = next;
                    }
                }
            }
        } catch (Exception e) {
            violations.add("poller failed: " + e);
        }
    }

    /**
     * On PostgreSQL, messages.thread_key and sender_key have no foreign keys (V60): the writer's own
     * lookups in the append's transaction are what keeps them pointing at stored rows.
     */
    @Test
    void appends_to_unknown_threads_or_by_unknown_users_are_refused_and_leave_no_orphan_rows() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            tasks.add(() -> {
                try {
                    return switch (n % 3) {
                        case 0 -> append(t, ann, "kept " + n, "c-" + n).value().message().seq();
                        case 1 -> store.append(new dev.parley.core.MessageStore.NewMessage(
                                dev.parley.core.ThreadId.random(), ann.id(), "c-" + n, dev.parley.core.Origin.USER,
                                dev.parley.core.MessageKind.TEXT, "lost", List.of(), null, null));
                        default -> store.append(new dev.parley.core.MessageStore.NewMessage(t.id(),
                                dev.parley.core.UserId.random(), "c-" + n, dev.parley.core.Origin.USER,
                                dev.parley.core.MessageKind.TEXT, "lost", List.of(), null, null));
                    };
                } catch (ParleyException e) {
                    return e.code();
                }
            });
        }
        List<Object> results = concurrently(tasks);
        for (int i = 0; i < results.size(); i++) {
            if (i % 3 == 0) {
                assertThat(results.get(i)).isInstanceOf(Long.class);
            } else {
                assertThat(results.get(i)).isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
        assertThat(seqs(page(t, null, null, null, 50))).isEqualTo(range(1, 20));
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM threads t WHERE t.key = m.thread_key) "
                        + "OR (m.sender_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.key = m.sender_key))")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void sixteen_concurrent_senders_each_get_every_message_committed_once() throws Exception {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            users.add(user("Sender " + i));
        }
        Thread t = thread(users.getFirst(), users.subList(1, 16).toArray(User[]::new));
        List<Callable<List<Message>>> senders = new ArrayList<>();
        for (User u : users) {
            senders.add(() -> {
                List<Message> sent = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    sent.add(append(t, u, "hello " + i, u.id() + "-" + i).value().message());
                    // Every send is retried once, as a client that lost the ack would.
                    assertThat(append(t, u, "hello " + i, u.id() + "-" + i).value().created()).isFalse();
                }
                return sent;
            });
        }
        List<Long> all = concurrently(senders).stream().flatMap(List::stream).map(Message::seq).sorted().toList();
        assertThat(all).isEqualTo(range(1, 400));
        assertThat(store.unread(t.id(), users.get(3).id())).isEqualTo(375);
    }

    @Test
    void the_store_reconnects_after_its_database_connections_are_killed() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        send(t, ann, "before");
        try (Connection c = database.connect(); PreparedStatement kill = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, database.name());
            kill.execute();
        }
        // A write may be refused as UNAVAILABLE while the pool notices; never more than that.
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 3 && seqs.size() < 2; i++) {
            try {
                seqs.add(send(t, ann, "after " + i).seq());
            } catch (ParleyException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            }
        }
        assertThat(seqs).containsExactly(2L, 3L);
        for (int i = 0; i < 3; i++) {
            try {
                assertThat(seqs(page(t, null, null, null, 10))).containsExactly(1L, 2L, 3L);
                return;
            } catch (ParleyException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            }
        }
        throw new AssertionError("reads did not recover");
    }

    @Test
    void an_unreachable_database_fails_fast_as_unavailable() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> JdbcStore.open(new StoreSettings("jdbc:postgresql://127.0.0.1:1/none", "x", "y")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
    }
}
