package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.FileStore;
import dev.parley.core.Inbox;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Origin;
import dev.parley.core.ParleyException;
import dev.parley.core.Reaction;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.core.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Appending, idempotency, history pages, unread counts and read marks. */
abstract class MessageContract extends UserThreadContract {

    /** A file catalogued as the user's upload, with the given content key, so a message may carry it. */
    FileId file(User uploader, String storageKey) {
        return store.files().create(new FileStore.NewFile(uploader.id(), "f.txt", "text/plain", 1, storageKey,
                storageKey)).id();
    }

    /** A storage key of its own (a SHA-256 in hex), so that tests sharing a store do not share content. */
    private static String contentKey() {
        return (java.util.UUID.randomUUID().toString() + java.util.UUID.randomUUID()).replace("-", "");
    }

    @Test
    void uploads_no_message_carries_are_removed_once_old_and_their_bytes_only_when_no_other_file_has_them()
            throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        String a = contentKey();
        String b = contentKey();
        String d = contentKey();
        String e = contentKey();
        FileId unused = file(ann, a);
        FileId attached = file(ann, b);
        FileId sameBytesUnused = file(ann, b);
        FileId detached = file(ann, d);
        store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER, MessageKind.FILE, null,
                List.of(attached), null, null));
        Message gone = store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.FILE, null, List.of(detached), null, null)).value().message();
        store.deleteForEveryone(gone.id());
        java.lang.Thread.sleep(5);
        Instant cutoff = Instant.now();
        java.lang.Thread.sleep(5);
        FileId recent = file(ann, e);

        FileStore.Removed removed = store.files().removeUnattached(cutoff, 1_000);

        assertThat(store.files().files(List.of(unused, attached, sameBytesUnused, detached, recent)).keySet())
                .containsExactlyInAnyOrder(attached, recent);
        assertThat(removed.files()).isGreaterThanOrEqualTo(3); // and whatever earlier tests left unattached
        assertThat(removed.storageKeys()).contains(a, b, d).doesNotContain(e);
        assertThat(store.files().storageKeysInUse(removed.storageKeys())).as("the bytes other files still use")
                .containsExactly(b);
        assertThat(store.files().removeUnattached(cutoff, 1_000).files()).isZero();
    }

    @Test
    void removal_of_unattached_uploads_is_bounded_and_oldest_first() throws Exception {
        User ann = user("Ann");
        store.files().removeUnattached(Instant.now(), 100_000); // what earlier tests left
        String key = contentKey();
        List<FileId> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(file(ann, key));
        }
        java.lang.Thread.sleep(5);
        Instant cutoff = Instant.now();
        assertThat(store.files().removeUnattached(cutoff, 2).files()).isEqualTo(2);
        assertThat(store.files().files(files).keySet()).containsExactlyInAnyOrderElementsOf(files.subList(2, 5));
        FileStore.Removed rest = store.files().removeUnattached(cutoff, 10);
        assertThat(rest.files()).isEqualTo(3);
        assertThat(rest.storageKeys()).containsExactly(key);
        assertThat(store.files().storageKeysInUse(List.of(key))).isEmpty();
    }

    @Test
    void a_message_cannot_carry_a_file_removed_after_the_core_checked_it() {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        FileId file = file(ann, contentKey());
        store.files().removeUnattached(Instant.now().plusSeconds(1), 100_000);

        assertThatThrownBy(() -> store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.FILE, null, List.of(file), null, null)))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.field()).isEqualTo("files"));
        assertThatThrownBy(() -> store.appendAsync(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.FILE, null, List.of(file), null, null)).join())
                .hasRootCauseInstanceOf(ParleyException.class);
        Message first = send(t, ann, "first");
        assertThatThrownBy(() -> store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.FILE, null, List.of(file), null, first.id())))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.field()).isEqualTo("files"));
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void messages_get_consecutive_seqs_and_move_the_thread_forward() {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        Message m1 = send(t, ann, "one");
        Message m2 = send(t, ann, "two");
        assertThat(List.of(m1.seq(), m2.seq())).containsExactly(1L, 2L);
        Thread after = store.thread(t.id()).orElseThrow();
        assertThat(after.lastSeq()).isEqualTo(2);
        assertThat(after.lastActivityAt()).isEqualTo(m2.createdAt());
        assertThat(store.message(m2.id())).contains(m2);
        assertThat(store.messageByKey(m1.key())).contains(m1);
    }

    @Test
    void a_thread_never_has_a_gap_under_eight_concurrent_appenders() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            User sender = w % 2 == 0 ? ann : bob;
            int writer = w;
            tasks.add(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    seqs.add(append(t, sender, "m" + writer + "-" + i, "c" + writer + "-" + i).value().message().seq());
                }
                return seqs;
            });
        }
        List<Long> all = concurrently(tasks).stream().flatMap(List::stream).sorted().toList();
        assertThat(all).isEqualTo(range(1, 200));
        assertThat(seqs(page(t, null, null, null, 200))).isEqualTo(range(1, 200));
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(200);
    }

    @Test
    void only_members_can_append_and_membership_is_checked_in_the_write() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        User eve = user("Eve");
        Thread t = thread(ann, bob);
        // Sent together, so members and the outsider share write batches: only the outsider fails.
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            User sender = List.of(ann, bob, eve).get(i % 3);
            String clientId = "m-" + i;
            tasks.add(() -> {
                try {
                    return append(t, sender, "hi", clientId).value().message().seq();
                } catch (ParleyException e) {
                    return e.code();
                }
            });
        }
        List<Object> results = concurrently(tasks);
        for (int i = 0; i < results.size(); i++) {
            if (i % 3 == 2) {
                assertThat(results.get(i)).isEqualTo(ErrorCode.NOT_FOUND);
            } else {
                assertThat(results.get(i)).isInstanceOf(Long.class);
            }
        }
        assertThat(seqs(page(t, null, null, null, 50))).isEqualTo(range(1, 20));

        store.removeMember(t.id(), bob.id(), Event.MemberChange.LEFT);
        assertThatThrownBy(() -> send(t, bob, "after leaving"))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(20);
    }

    /**
     * The writer keeps each thread's members across batches: one added later posts at once and hears
     * the next message; one removed later can no longer post and no longer hears it.
     */
    @Test
    void membership_changes_reach_the_members_the_writer_keeps_at_once() {
        User ann = user("Ann");
        User bob = user("Bob");
        User cid = user("Cid");
        Thread t = thread(ann, bob);
        send(t, bob, "the writer now knows Ann and Bob");

        store.addMembers(t.id(), List.of(new Member(cid.id(), Role.MEMBER)));
        Committed<MessageStore.Appended> joined = append(t, cid, "joined", null);
        assertThat(joined.events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id()));

        store.removeMember(t.id(), bob.id(), Event.MemberChange.LEFT);
        assertThatThrownBy(() -> send(t, bob, "after leaving"))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        Committed<MessageStore.Appended> after = append(t, ann, "after Bob left", null);
        assertThat(after.events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), cid.id()));
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_without_an_event() {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        var first = append(t, ann, "hello", "client-1");
        var again = append(t, ann, "hello again", "client-1");
        assertThat(first.value().created()).isTrue();
        assertThat(first.events()).hasSize(1);
        assertThat(again.value().created()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(again.value().message()).isEqualTo(first.value().message());
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    /**
     * A batch holding repeats of client ids among new ones: the writer inserts presuming them new, meets
     * the repeats on the unique key, and runs the batch again looking them up. Every new message is
     * stored once, in order, and each repeat gets the message first stored under its client id.
     */
    @Test
    void repeated_client_ids_among_new_ones_in_one_batch_return_the_stored_messages() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        var first = append(t, ann, "first", "c-0");
        for (int round = 0; round < 3; round++) {
            List<Callable<Committed<MessageStore.Appended>>> tasks = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String clientId = "c-" + round + "-" + i;
                tasks.add(() -> append(t, ann, "new " + clientId, clientId));
            }
            tasks.add(() -> append(t, ann, "again", "c-0"));
            List<Committed<MessageStore.Appended>> results = concurrently(tasks);
            assertThat(results.subList(0, 10)).allSatisfy(r -> {
                assertThat(r.value().created()).isTrue();
                assertThat(r.events()).hasSize(1);
            });
            Committed<MessageStore.Appended> repeat = results.get(10);
            assertThat(repeat.value().created()).isFalse();
            assertThat(repeat.events()).isEmpty();
            assertThat(repeat.value().message()).isEqualTo(first.value().message());
        }
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isEqualTo(31);
        assertThat(seqs(page(t, null, null, null, 50))).isEqualTo(range(1, 31));
        assertThat(append(t, ann, "after the repeats", "c-last").value().message().seq()).isEqualTo(32);
    }

    @Test
    void twenty_racing_sends_with_one_client_id_store_one_message() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann, user("Bob"));
        List<Callable<Committed<MessageStore.Appended>>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> append(t, ann, "once", "same-client-id"));
        }
        List<Committed<MessageStore.Appended>> results = concurrently(tasks);
        assertThat(results.stream().filter(r -> r.value().created())).hasSize(1);
        assertThat(results.stream().map(r -> r.value().message().id()).distinct()).hasSize(1);
        assertThat(results.stream().mapToInt(r -> r.events().size()).sum()).isEqualTo(1);
        assertThat(seqs(page(t, null, null, null, 50))).containsExactly(1L);
    }

    @Test
    void client_ids_of_different_senders_do_not_collide() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        assertThat(append(t, ann, "a", "c1").value().created()).isTrue();
        assertThat(append(t, bob, "b", "c1").value().created()).isTrue();
    }

    @Test
    void a_visitor_client_id_is_idempotent_within_its_thread() {
        User agent = user("Agent");
        Thread t = thread(agent);
        var first = append(t, null, "help", "v-1");
        var again = append(t, null, "help", "v-1");
        assertThat(again.value().created()).isFalse();
        assertThat(again.value().message().id()).isEqualTo(first.value().message().id());
        assertThat(append(thread(agent), null, "help", "v-1").value().created()).isTrue();
    }

    @Test
    void a_message_keeps_its_files_share_and_reply() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message first = send(t, ann, "first");
        List<FileId> files = List.of(file(bob, contentKey()), file(bob, contentKey()));
        Message m = store.append(new MessageStore.NewMessage(t.id(), bob.id(), null, Origin.AGENT,
                MessageKind.USER_PROFILE, null, files, ann.id(), first.id())).value().message();
        Message stored = store.message(m.id()).orElseThrow();
        assertThat(stored).isEqualTo(m);
        assertThat(stored.files()).containsExactlyElementsOf(files);
        assertThat(stored).extracting(Message::sharedUser, Message::replyTo, Message::origin, Message::kind)
                .containsExactly(ann.id(), first.id(), Origin.AGENT, MessageKind.USER_PROFILE);
    }

    @Test
    void appending_to_an_unknown_thread_or_replying_across_threads_fails_cleanly() {
        User ann = user("Ann");
        Thread t = thread(ann);
        Message elsewhere = send(thread(ann), ann, "x");
        assertThatThrownBy(() -> store.append(new MessageStore.NewMessage(ThreadId.random(), ann.id(), null,
                Origin.USER, MessageKind.TEXT, "x", List.of(), null, null)))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.TEXT, "x", List.of(), null, elsewhere.id())))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        assertThat(store.thread(t.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void failing_writes_in_a_batch_do_not_disturb_the_others() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            tasks.add(() -> {
                try {
                    if (n % 3 == 0) {
                        return store.append(new MessageStore.NewMessage(ThreadId.random(), ann.id(), null,
                                Origin.USER, MessageKind.TEXT, "lost", List.of(), null, null));
                    }
                    return send(t, ann, "kept " + n);
                } catch (ParleyException e) {
                    return e.code();
                }
            });
        }
        List<Object> results = concurrently(tasks);
        assertThat(results.stream().filter(r -> r == ErrorCode.NOT_FOUND)).hasSize(14);
        assertThat(seqs(page(t, null, null, null, 100))).isEqualTo(range(1, 26));
    }

    @Test
    void the_newest_page_comes_first_in_ascending_order() {
        User ann = user("Ann");
        Thread t = thread(ann);
        for (int i = 1; i <= 7; i++) {
            send(t, ann, "m" + i);
        }
        var newest = page(t, null, null, null, 3);
        assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
        assertThat(newest.more()).isTrue();
        var older = page(t, null, 5L, null, 3);
        assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
        assertThat(older.more()).isTrue();
        var oldest = page(t, null, 2L, null, 3);
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.more()).isFalse();
        var after = page(t, null, null, 2L, 3);
        assertThat(seqs(after)).containsExactly(3L, 4L, 5L);
        assertThat(after.more()).isTrue();
        assertThat(page(t, null, null, 4L, 3).more()).isFalse();
        assertThat(page(t, null, null, 7L, 3).messages()).isEmpty();
        assertThat(store.page(ThreadId.random(), null, new MessageStore.PageQuery(null, null, 5)).messages()).isEmpty();
    }

    @Test
    void a_viewer_never_sees_what_they_hid_or_cleared_but_the_server_does() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        send(t, ann, "1");
        send(t, ann, "2");
        store.clearHistory(t.id(), bob.id());
        Message three = send(t, ann, "3");
        send(t, ann, "4");
        store.deleteForUser(three.id(), bob.id());

        assertThat(seqs(page(t, bob, null, null, 10))).containsExactly(4L);
        assertThat(seqs(page(t, ann, null, null, 10))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(page(t, null, null, null, 10))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.inbox(t.id(), bob.id()).orElseThrow().clearedSeq()).isEqualTo(2);
    }

    @Test
    void a_member_page_is_read_only_for_a_member_and_as_they_see_it() {
        User ann = user("Ann");
        User bob = user("Bob");
        User eve = user("Eve");
        Thread t = thread(ann, bob);
        send(t, ann, "1");
        send(t, ann, "2");
        store.clearHistory(t.id(), bob.id());
        Message three = send(t, ann, "3");
        send(t, ann, "4");
        send(t, ann, "5");
        store.deleteForUser(three.id(), bob.id());
        var query = new MessageStore.PageQuery(null, null, 2);

        var bobs = store.memberPage(t.id(), bob.id(), query).orElseThrow();
        assertThat(seqs(bobs)).containsExactly(4L, 5L);
        assertThat(bobs.more()).isFalse();
        var anns = store.memberPage(t.id(), ann.id(), query).orElseThrow();
        assertThat(seqs(anns)).containsExactly(4L, 5L);
        assertThat(anns.more()).isTrue();
        assertThat(store.memberPage(t.id(), ann.id(), new MessageStore.PageQuery(4L, null, 2)).orElseThrow())
                .isEqualTo(page(t, ann, 4L, null, 2));
        assertThat(store.memberPage(t.id(), ann.id(), new MessageStore.PageQuery(null, 1L, 2)).orElseThrow())
                .isEqualTo(page(t, ann, null, 1L, 2));
        assertThat(store.memberPage(t.id(), eve.id(), query)).isEmpty();
        assertThat(store.memberPage(ThreadId.random(), ann.id(), query)).isEmpty();
        assertThat(store.memberPage(t.id(), UserId.random(), query)).isEmpty();
        store.removeMember(t.id(), bob.id(), Event.MemberChange.LEFT);
        assertThat(store.memberPage(t.id(), bob.id(), query)).isEmpty();
    }

    @Test
    void a_page_carries_files_and_reactions_of_the_messages_that_have_them_only() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        FileId first = file(ann, contentKey());
        FileId second = file(ann, contentKey());
        send(t, ann, "plain");
        Message withFiles = store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER,
                MessageKind.TEXT, "files", List.of(second, first), null, null)).value().message();
        Message reacted = send(t, bob, "reacted");
        store.react(reacted.id(), ann.id(), "like", true);
        store.react(reacted.id(), bob.id(), "wow", true);
        send(t, bob, "plain again");

        var query = new MessageStore.PageQuery(null, null, 10);
        for (var page : List.of(store.memberPage(t.id(), bob.id(), query).orElseThrow(), page(t, bob, null, null, 10))) {
            assertThat(page.messages()).extracting(Message::files)
                    .containsExactly(List.of(), List.of(second, first), List.of(), List.of());
            assertThat(page.messages()).extracting(Message::reactions).containsExactly(List.of(), List.of(),
                    List.of(new Reaction(ann.id(), "like"), new Reaction(bob.id(), "wow")), List.of());
            assertThat(page.messages().get(1)).isEqualTo(store.message(withFiles.id()).orElseThrow());
            assertThat(page.messages().get(2)).isEqualTo(store.message(reacted.id()).orElseThrow());
        }
    }

    @Test
    void a_message_deleted_for_everyone_stays_as_a_tombstone_without_text_or_reactions() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message m = store.append(new MessageStore.NewMessage(t.id(), ann.id(), null, Origin.USER, MessageKind.TEXT,
                "secret", List.of(file(ann, contentKey())), null, null)).value().message();
        store.react(m.id(), bob.id(), "like", true);
        var deleted = store.deleteForEveryone(m.id());
        assertThat(deleted.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new Event.MessageDeleted(t.id(), m.id(), 1, true));
            assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id());
        });
        Message tombstone = page(t, bob, null, null, 10).messages().getFirst();
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(tombstone.files()).isEmpty();
        assertThat(tombstone.deletedAt()).isNotNull();
        assertThat(store.deleteForEveryone(m.id()).events()).isEmpty();
        assertThatThrownBy(() -> store.react(m.id(), bob.id(), "like", true)).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> store.edit(m.id(), "again"))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void events_about_a_message_reach_only_the_members_who_can_still_see_it() {
        User ann = user("Ann");
        User bob = user("Bob");
        User cid = user("Cid");
        Thread t = thread(ann, bob, cid);
        Message old = send(t, ann, "before Bob cleared his history");
        store.clearHistory(t.id(), bob.id());
        Message hidden = send(t, ann, "Cid deletes this for himself");
        store.deleteForUser(hidden.id(), cid.id());

        assertThat(store.edit(hidden.id(), "edited").events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id()));
        assertThat(store.react(hidden.id(), bob.id(), "like", true).events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id()));
        assertThat(store.react(old.id(), ann.id(), "like", true).events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), cid.id()));
        assertThat(store.deleteForEveryone(old.id()).events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), cid.id()));
        assertThat(store.deleteForEveryone(hidden.id()).events()).singleElement()
                .satisfies(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id()));
    }

    @Test
    void receiver_sees_unread_count_reset_after_reading_thread() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        send(t, ann, "1");
        send(t, ann, "2");
        send(t, bob, "mine");
        Message four = send(t, ann, "4");
        assertThat(store.unread(t.id(), bob.id())).isEqualTo(3);
        assertThat(store.unread(t.id(), ann.id())).isEqualTo(1);
        store.markRead(t.id(), bob.id(), four.seq());
        assertThat(store.unread(t.id(), bob.id())).isZero();
        send(t, ann, "5");
        assertThat(store.unread(t.id(), bob.id())).isEqualTo(1);
    }

    @Test
    void unread_leaves_out_deleted_hidden_and_cleared_messages() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        send(t, ann, "cleared");
        store.clearHistory(t.id(), bob.id());
        Message deleted = send(t, ann, "deleted");
        Message hidden = send(t, ann, "hidden");
        send(t, ann, "visible");
        send(t, null, "from a visitor");
        store.deleteForEveryone(deleted.id());
        store.deleteForUser(hidden.id(), bob.id());
        assertThat(store.unread(t.id(), bob.id())).isEqualTo(2);
        assertThat(store.unread(t.id(), user("Stranger").id())).isZero();
    }

    @Test
    void the_read_mark_only_moves_forward_and_stops_at_the_last_message() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        send(t, ann, "1");
        send(t, ann, "2");
        send(t, ann, "3");
        Committed<Inbox> read = store.markRead(t.id(), bob.id(), 2);
        assertThat(read.value().lastReadSeq()).isEqualTo(2);
        assertThat(read.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new Event.ReadMarked(t.id(), bob.id(), 2));
            assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id());
        });
        Committed<Inbox> back = store.markRead(t.id(), bob.id(), 1);
        assertThat(back.value().lastReadSeq()).isEqualTo(2);
        assertThat(back.events()).isEmpty();
        Committed<Inbox> beyond = store.markRead(t.id(), bob.id(), 99);
        assertThat(beyond.value().lastReadSeq()).isEqualTo(3);
        assertThat(beyond.events()).extracting(CommittedEvent::event)
                .containsExactly(new Event.ReadMarked(t.id(), bob.id(), 3));
        assertThat(store.markRead(t.id(), bob.id(), 99).events()).isEmpty();
        assertThatThrownBy(() -> store.markRead(t.id(), user("Stranger").id(), 1))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void edits_and_reactions_commit_events_only_when_something_changed() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message m = send(t, ann, "helo");
        var edited = store.edit(m.id(), "hello");
        assertThat(edited.value().text()).isEqualTo("hello");
        assertThat(edited.value().editedAt()).isNotNull();
        assertThat(edited.events()).extracting(CommittedEvent::event)
                .containsExactly(new Event.MessageUpdated(t.id(), edited.value()));

        var liked = store.react(m.id(), bob.id(), "like", true);
        assertThat(liked.value()).isTrue();
        assertThat(liked.events()).extracting(CommittedEvent::event)
                .containsExactly(new Event.ReactionChanged(t.id(), m.id(), bob.id(), "like", true));
        assertThat(store.react(m.id(), bob.id(), "like", true).events()).isEmpty();
        store.react(m.id(), ann.id(), "🎉", true);
        assertThat(store.message(m.id()).orElseThrow().reactions())
                .containsExactly(new Reaction(bob.id(), "like"), new Reaction(ann.id(), "🎉"));
        var unliked = store.react(m.id(), bob.id(), "like", false);
        assertThat(unliked.value()).isTrue();
        assertThat(store.react(m.id(), bob.id(), "like", false).value()).isFalse();
        assertThatThrownBy(() -> store.edit(MessageId.random(), "x"))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void deleting_for_me_is_seen_by_me_only_and_only_once() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        Message m = send(t, ann, "x");
        var hidden = store.deleteForUser(m.id(), bob.id());
        assertThat(hidden.value()).isTrue();
        assertThat(hidden.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new Event.MessageDeleted(t.id(), m.id(), 1, false));
            assertThat(e.audience()).containsExactly(bob.id());
        });
        assertThat(store.deleteForUser(m.id(), bob.id()).events()).isEmpty();
    }
}
