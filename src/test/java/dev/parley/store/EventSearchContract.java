package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.EventLog;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The inbox list, the event log and full-text search. */
abstract class EventSearchContract extends MessageContract {

    private List<InboxView> inboxes(User user, boolean archived, java.time.Instant before, int limit) {
        return store.inboxes(user.id(), new ThreadStore.InboxQuery(archived, before, limit));
    }

    @Test
    void inboxes_come_newest_activity_first_with_unread_and_last_visible_message() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread quiet = thread(ann, bob);
        Thread busy = thread(ann, bob);
        Thread empty = thread(bob, ann);
        send(quiet, bob, "q1");
        send(busy, bob, "b1");
        Message last = send(busy, bob, "b2");
        Message hidden = send(quiet, bob, "q2");
        store.deleteForUser(hidden.id(), ann.id());

        List<InboxView> views = inboxes(ann, false, null, 10);
        assertThat(views).extracting(v -> v.thread().id()).containsExactly(quiet.id(), busy.id(), empty.id());
        assertThat(views).extracting(InboxView::unread).containsExactly(1L, 2L, 0L);
        assertThat(views.get(0).lastMessage().text()).isEqualTo("q1");
        assertThat(views.get(1).lastMessage()).isEqualTo(last);
        assertThat(views.get(2).lastMessage()).isNull();
        assertThat(views.get(1).inbox().user()).isEqualTo(ann.id());

        List<InboxView> firstPage = inboxes(ann, false, null, 2);
        assertThat(firstPage).hasSize(2);
        List<InboxView> next = inboxes(ann, false, firstPage.get(1).thread().lastActivityAt(), 2);
        assertThat(next).extracting(v -> v.thread().id()).containsExactly(empty.id());
    }

    /**
     * A plain connection to the store's database, for a scenario that sets up what no port can (threads
     * with one last-activity time, as writers on several nodes or an import can leave them).
     */
    protected abstract Connection connect() throws SQLException;

    @Test
    void inbox_pages_never_drop_threads_that_share_a_last_activity_time_across_a_page_boundary() throws Exception {
        User ann = user("Ann");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            threads.add(thread(ann));
        }
        Thread oldest = threads.getFirst();
        try (Connection c = connect();
             PreparedStatement same = c.prepareStatement("UPDATE threads SET last_activity_at = ? WHERE id = ?")) {
            long shared = MicroClock.micros(threads.getLast().lastActivityAt()) + 1_000_000;
            for (Thread t : threads) {
                same.setLong(1, t == oldest ? shared - 1 : shared);
                same.setString(2, t.id().toString());
                same.executeUpdate();
            }
        }
        // Four threads at one time, newest created first among them, then the one a microsecond older.
        List<ThreadId> expected = List.of(threads.get(4).id(), threads.get(3).id(), threads.get(2).id(),
                threads.get(1).id(), oldest.id());

        for (int limit = 1; limit <= 3; limit++) {
            List<ThreadId> walked = new ArrayList<>();
            List<InboxView> page = store.inboxes(ann.id(), new ThreadStore.InboxQuery(false, null, limit));
            while (!page.isEmpty()) {
                page.forEach(v -> walked.add(v.thread().id()));
                Thread last = page.getLast().thread();
                page = store.inboxes(ann.id(),
                        new ThreadStore.InboxQuery(false, last.lastActivityAt(), last.id(), limit));
            }
            assertThat(walked).as("pages of %d", limit).isEqualTo(expected);
        }
        Instant shared = store.inboxes(ann.id(), new ThreadStore.InboxQuery(false, null, 1)).getFirst()
                .thread().lastActivityAt();
        assertThat(inboxes(ann, false, shared, 10)).extracting(v -> v.thread().id()).containsExactly(oldest.id());
        assertThat(store.inboxes(ann.id(), new ThreadStore.InboxQuery(false, shared, ThreadId.random(), 10)))
                .extracting(v -> v.thread().id()).containsExactly(oldest.id());
    }

    @Test
    void archived_inboxes_are_listed_apart() {
        User ann = user("Ann");
        Thread kept = thread(ann);
        Thread archived = thread(ann);
        store.updateInbox(archived.id(), ann.id(), true, null);
        assertThat(inboxes(ann, false, null, 10)).extracting(v -> v.thread().id()).containsExactly(kept.id());
        assertThat(inboxes(ann, true, null, 10)).extracting(v -> v.thread().id()).containsExactly(archived.id());
    }

    @Test
    void replay_returns_what_the_user_missed_in_commit_order() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        long cursor = store.head();
        Message m = send(t, ann, "hi");
        store.react(m.id(), bob.id(), "like", true);
        store.markRead(t.id(), bob.id(), 1);
        Message edited = store.edit(m.id(), "hi!").value();
        send(thread(ann, user("Cid")), ann, "not for bob");

        EventLog.Replay replay = store.replay(bob.id(), cursor, 100);
        assertThat(replay.complete()).isTrue();
        assertThat(replay.events()).extracting(CommittedEvent::event).containsExactly(
                new Event.MessageCreated(t.id(), edited),
                new Event.ReactionChanged(t.id(), m.id(), bob.id(), "like", true),
                new Event.ReadMarked(t.id(), bob.id(), 1),
                new Event.MessageUpdated(t.id(), edited));
        List<Long> cursors = replay.events().stream().map(CommittedEvent::cursor).toList();
        assertThat(cursors).isSorted().doesNotHaveDuplicates();
        assertThat(cursors.getFirst()).isGreaterThan(cursor);
        assertThat(store.head()).isGreaterThanOrEqualTo(cursors.getLast());
    }

    /**
     * Writes of several kinds released together, so they share batches: sends (their events written
     * with the messages on PostgreSQL), read marks before and after them, a repeated client id and a
     * send that fails. The log holds exactly the events the callers were told were committed.
     */
    @Test
    void a_mixed_batch_logs_exactly_the_events_it_committed() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Thread notBobs = thread(ann);
        append(t, ann, "before", "mixed-0");
        long cursor = store.head();
        List<CommittedEvent> told = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            long seq = round;
            List<java.util.concurrent.Callable<Object>> tasks = new ArrayList<>();
            tasks.add(() -> store.markRead(t.id(), bob.id(), seq));
            for (int i = 0; i < 6; i++) {
                String clientId = "mixed-" + round + "-" + i;
                tasks.add(() -> append(t, ann, "new", clientId));
            }
            tasks.add(() -> append(t, ann, "again", "mixed-0"));
            tasks.add(() -> {
                try {
                    return append(notBobs, bob, "not a member", null);
                } catch (dev.parley.core.ParleyException e) {
                    return e;
                }
            });
            tasks.add(() -> store.markRead(t.id(), bob.id(), seq + 1));
            List<Object> results = concurrently(tasks);
            assertThat(results.get(8)).isInstanceOf(dev.parley.core.ParleyException.class);
            assertThat(((dev.parley.core.Committed<?>) results.get(7)).events()).isEmpty();
            results.stream().filter(r -> r instanceof dev.parley.core.Committed<?>)
                    .forEach(r -> told.addAll(((dev.parley.core.Committed<?>) r).events()));
        }
        List<Long> toldAnn = told.stream().filter(e -> e.audience().contains(ann.id()))
                .map(CommittedEvent::cursor).sorted().toList();
        EventLog.Replay replay = store.replay(ann.id(), cursor, 1_000);
        assertThat(replay.complete()).isTrue();
        assertThat(replay.events()).extracting(CommittedEvent::cursor).isEqualTo(toldAnn);
        assertThat(replay.events()).filteredOn(e -> e.event() instanceof Event.MessageCreated).hasSize(18);
        assertThat(store.head()).isEqualTo(told.stream().mapToLong(CommittedEvent::cursor).max().orElseThrow());
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(19);
    }

    /**
     * A new message carries its created event's cursor itself and gets no event row (V90); messages
     * stored before V90 have no cursor and their event rows. Replay reads both, in cursor order, from
     * any cursor, and stops its search of a thread's newer messages at the older ones.
     */
    @Test
    void replay_reads_created_events_from_the_messages_and_from_event_rows_written_before_v90() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        long start = store.head();
        Message old1 = send(t, ann, "old one");
        Message old2 = send(t, ann, "old two");
        try (Connection c = connect()) {
            try (PreparedStatement rows = c.prepareStatement("SELECT COUNT(*) FROM events WHERE type = 'message.created'");
                 var rs = rows.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            // As V90 found the messages stored before it.
            try (PreparedStatement legacy = c.prepareStatement("INSERT INTO events (cursor, thread_key, type, "
                    + "message_key, user_key, created_at) SELECT cursor, thread_key, 'message.created', key, "
                    + "sender_key, created_at FROM messages WHERE key IN (?, ?)");
                 PreparedStatement unset = c.prepareStatement("UPDATE messages SET cursor = NULL WHERE key IN (?, ?)")) {
                for (PreparedStatement st : List.of(legacy, unset)) {
                    st.setLong(1, old1.key());
                    st.setLong(2, old2.key());
                    assertThat(st.executeUpdate()).isEqualTo(2);
                }
            }
        }
        Message new1 = send(t, bob, "new one");
        store.react(old2.id(), bob.id(), "like", true);
        Message new2 = send(t, ann, "new two");
        Message reacted = store.message(old2.id()).orElseThrow();

        List<CommittedEvent> all = store.replay(bob.id(), start, 100).events();
        assertThat(all).extracting(CommittedEvent::event).containsExactly(
                new Event.MessageCreated(t.id(), old1),
                new Event.MessageCreated(t.id(), reacted),
                new Event.MessageCreated(t.id(), new1),
                new Event.ReactionChanged(t.id(), old2.id(), bob.id(), "like", true),
                new Event.MessageCreated(t.id(), new2));
        assertThat(all).extracting(CommittedEvent::cursor).isSorted().doesNotHaveDuplicates();
        for (int from = 0; from < all.size(); from++) {
            assertThat(store.replay(bob.id(), all.get(from).cursor(), 100).events())
                    .as("replay after event %d", from)
                    .isEqualTo(all.subList(from + 1, all.size()).stream()
                            .map(e -> new CommittedEvent(e.cursor(), java.util.Set.of(bob.id()), e.event())).toList());
        }
    }

    @Test
    void replay_is_cut_at_max_and_says_it_is_incomplete() {
        User ann = user("Ann");
        Thread t = thread(ann);
        long cursor = store.head();
        for (int i = 0; i < 5; i++) {
            send(t, ann, "m" + i);
        }
        EventLog.Replay cut = store.replay(ann.id(), cursor, 3);
        assertThat(cut.complete()).isFalse();
        assertThat(cut.events()).hasSize(3);
        EventLog.Replay rest = store.replay(ann.id(), cut.events().getLast().cursor(), 3);
        assertThat(rest.complete()).isTrue();
        assertThat(rest.events()).hasSize(2);
    }

    @Test
    void replay_keeps_a_removed_member_informed_of_their_removal_only() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        long cursor = store.head();
        store.removeMember(t.id(), bob.id(), Event.MemberChange.REMOVED);
        send(t, ann, "after bob left");
        assertThat(store.replay(bob.id(), cursor, 100).events()).extracting(CommittedEvent::event)
                .containsExactly(new Event.MemberChanged(t.id(), bob.id(), Event.MemberChange.REMOVED));
    }

    @Test
    void replay_shows_a_delete_for_me_only_to_that_user() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message m = send(t, ann, "x");
        long cursor = store.head();
        store.deleteForUser(m.id(), bob.id());
        assertThat(store.replay(ann.id(), cursor, 100).events()).isEmpty();
        assertThat(store.replay(bob.id(), cursor, 100).events()).extracting(CommittedEvent::event)
                .containsExactly(new Event.MessageDeleted(t.id(), m.id(), 1, false));
    }

    /** The message-created events of one thread in a replay, as the messages they carry. */
    private static List<Message> created(EventLog.Replay replay, Thread t) {
        return replay.events().stream().map(CommittedEvent::event)
                .flatMap(e -> e instanceof Event.MessageCreated c && c.thread().equals(t.id())
                        ? Stream.of(c.message()) : Stream.empty())
                .toList();
    }

    @Test
    void replay_leaves_out_every_event_about_messages_the_user_cleared() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        long cursor = store.head();
        Message first = send(t, ann, "one");
        Message second = send(t, ann, "two");
        store.react(first.id(), ann.id(), "like", true);
        store.markRead(t.id(), bob.id(), 2);
        store.clearHistory(t.id(), bob.id());
        Message edited = store.edit(second.id(), "two!").value();
        store.deleteForEveryone(first.id());
        Message after = send(t, ann, "three");

        assertThat(store.replay(bob.id(), cursor, 100).events()).extracting(CommittedEvent::event).containsExactly(
                new Event.ReadMarked(t.id(), bob.id(), 2),
                new Event.MessageCreated(t.id(), after));
        assertThat(store.replay(ann.id(), cursor, 100).events()).extracting(CommittedEvent::event)
                .contains(new Event.MessageCreated(t.id(), edited), new Event.MessageUpdated(t.id(), edited))
                .hasSize(7);
    }

    @Test
    void replay_never_sends_a_message_hidden_for_the_user_only_their_delete_for_me() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        long cursor = store.head();
        Message hidden = send(t, ann, "hidden");
        Message kept = send(t, ann, "kept");
        store.deleteForUser(hidden.id(), bob.id());
        store.edit(hidden.id(), "hidden, edited");
        store.react(hidden.id(), ann.id(), "like", true);

        assertThat(store.replay(bob.id(), cursor, 100).events()).extracting(CommittedEvent::event).containsExactly(
                new Event.MessageCreated(t.id(), kept),
                new Event.MessageDeleted(t.id(), hidden.id(), hidden.seq(), false));
    }

    /**
     * A member added later gets their join and what follows, and of the thread's earlier messages
     * exactly those their history shows them: replay and history apply one rule.
     */
    @Test
    void replay_gives_a_member_added_later_their_join_and_what_their_history_shows() {
        User ann = user("Ann");
        User bob = user("Bob");
        long cursor = store.head();
        Thread t = thread(ann);
        send(t, ann, "before Bob");
        Message gone = send(t, ann, "hidden for Bob once he is in");
        store.addMembers(t.id(), List.of(new Member(bob.id(), Role.MEMBER)));
        store.deleteForUser(gone.id(), bob.id());
        Message after = send(t, ann, "after Bob joined");

        EventLog.Replay replay = store.replay(bob.id(), cursor, 100);
        List<Event> events = replay.events().stream().map(CommittedEvent::event).toList();
        Event joined = new Event.MemberChanged(t.id(), bob.id(), Event.MemberChange.JOINED);
        assertThat(events).contains(joined, new Event.MessageCreated(t.id(), after));
        assertThat(events.indexOf(joined)).isLessThan(events.indexOf(new Event.MessageCreated(t.id(), after)));
        assertThat(created(replay, t)).doesNotContain(gone)
                .isEqualTo(page(t, bob, null, null, 100).messages());
    }

    @Test
    void cursors_follow_seqs_when_many_writers_share_a_thread() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message first = send(t, ann, "first");
        long cursor = store.head();
        List<java.util.concurrent.Callable<Object>> tasks = new java.util.ArrayList<>();
        for (int w = 0; w < 8; w++) {
            User sender = w % 2 == 0 ? ann : bob;
            int writer = w;
            tasks.add(() -> {
                for (int i = 0; i < 15; i++) {
                    append(t, sender, "w" + writer + " " + i, "cursor-" + writer + "-" + i);
                    if (i % 5 == 0) {
                        store.react(first.id(), sender.id(), "r" + writer + "-" + i, true);
                    }
                }
                return null;
            });
        }
        concurrently(tasks);
        List<CommittedEvent> events = store.replay(ann.id(), cursor, 1_000).events();
        List<Long> created = events.stream().map(CommittedEvent::event)
                .filter(e -> e instanceof Event.MessageCreated).map(e -> ((Event.MessageCreated) e).message().seq())
                .toList();
        assertThat(created).isEqualTo(range(2, 121));
        assertThat(events.stream().filter(e -> e.event() instanceof Event.ReactionChanged)).hasSize(24);
        assertThat(events.stream().map(CommittedEvent::cursor).toList()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_duplicate_append_adds_nothing_to_the_log() {
        User ann = user("Ann");
        Thread t = thread(ann);
        append(t, ann, "x", "dup");
        long head = store.head();
        append(t, ann, "x", "dup");
        assertThat(store.head()).isEqualTo(head);
        assertThat(store.replay(ann.id(), head, 10).events()).isEmpty();
    }

    @Test
    void search_finds_words_in_the_users_threads_newest_first() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread mine = thread(ann, bob);
        Thread other = thread(ann);
        Message older = send(mine, bob, "the quick brown fox");
        Message newer = send(mine, ann, "a Quick reply about the fox");
        send(mine, ann, "nothing here");
        send(other, ann, "quick fox in a thread bob is not in");

        assertThat(store.search(bob.id(), null, "quick fox", 10)).containsExactly(newer, older);
        assertThat(store.search(bob.id(), mine.id(), "fox", 1)).containsExactly(newer);
        assertThat(store.search(bob.id(), null, "qui", 10)).hasSize(2);
        assertThat(store.search(ann.id(), other.id(), "fox", 10)).hasSize(1);
        assertThat(store.search(bob.id(), null, "giraffe", 10)).isEmpty();
    }

    @Test
    void search_leaves_out_deleted_hidden_and_cleared_messages() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        send(t, ann, "zebra one");
        store.clearHistory(t.id(), bob.id());
        Message deleted = send(t, ann, "zebra two");
        Message hidden = send(t, ann, "zebra three");
        Message visible = send(t, ann, "zebra four");
        Message edited = send(t, ann, "okapi");
        store.deleteForEveryone(deleted.id());
        store.deleteForUser(hidden.id(), bob.id());
        Message nowZebra = store.edit(edited.id(), "zebra five").value();

        assertThat(store.search(bob.id(), null, "zebra", 10)).containsExactly(nowZebra, visible);
        assertThat(store.search(ann.id(), null, "zebra", 10)).hasSize(4);
        assertThat(store.search(bob.id(), null, "okapi", 10)).isEmpty();
    }

    @Test
    void search_follows_edits_and_deletes_of_messages_it_has_already_found() {
        User ann = user("Ann");
        Thread t = thread(ann);
        Message gone = send(t, ann, "walrus one");
        Message changed = send(t, ann, "narwhal");
        Message kept = send(t, ann, "walrus two");
        assertThat(store.search(ann.id(), null, "walrus", 10)).containsExactly(kept, gone);
        assertThat(store.search(ann.id(), null, "narwhal", 10)).containsExactly(changed);

        store.deleteForEveryone(gone.id());
        Message walrus = store.edit(changed.id(), "walrus three").value();
        Message later = send(t, ann, "narwhal again");

        // Newest first by when they were sent: an edit does not move a message.
        assertThat(store.search(ann.id(), null, "walrus", 10)).containsExactly(kept, walrus);
        assertThat(store.search(ann.id(), null, "narwhal", 10)).containsExactly(later);
    }

    @Test
    void search_treats_any_input_as_plain_words() {
        User ann = user("Ann");
        Thread t = thread(ann);
        Message m = send(t, ann, "ready AND steady: go (now)");
        for (String input : List.of("\"", "AND", "ready AND", "NEAR(ready steady)", "*", "go*", "'; DROP TABLE messages; --",
                "steady:", "(now", "ready | go & !x", "^go", "col:ready", "\u0000", "   ", "\"ready\" OR \"go\"")) {
            assertThatCode(() -> store.search(ann.id(), null, input, 10)).as(input).doesNotThrowAnyException();
        }
        assertThat(store.search(ann.id(), null, "steady: (now", 10)).containsExactly(m);
        assertThat(store.search(ann.id(), null, "\"ready\" OR \"go\"", 10)).isEmpty();
        assertThat(store.search(ann.id(), null, "   ", 10)).isEmpty();
    }
}
