package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.Member;
import dev.parley.core.ParleyException;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.core.UserProfile;
import dev.parley.core.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Users, threads and membership. */
abstract class UserThreadContract extends StoreFixture {

    @Test
    void upsert_creates_a_user_then_updates_the_one_with_that_external_id() {
        String ext = "ext-" + UUID.randomUUID();
        UserStore.Upserted first = store.upsertUser(new UserProfile(ext, "Ann", "ann@example.com", null, null, "{\"a\":1}"));
        UserStore.Upserted second = store.upsertUser(new UserProfile(ext, "Anna", null, "+1", null, null));

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.user().id()).isEqualTo(first.user().id());
        assertThat(second.user().key()).isEqualTo(first.user().key());
        assertThat(second.user()).extracting(User::name, User::email, User::phone, User::data)
                .containsExactly("Anna", "ann@example.com", "+1", "{\"a\":1}");
        assertThat(store.userByExternalId(ext)).contains(second.user());
        assertThat(store.user(first.user().id())).contains(second.user());
    }

    @Test
    void a_user_without_external_id_is_always_new() {
        User a = store.upsertUser(new UserProfile(null, "Anon", null, null, null, null)).user();
        User b = store.upsertUser(new UserProfile(null, "Anon", null, null, null, null)).user();
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.key()).isNotEqualTo(b.key());
    }

    @Test
    void updating_a_user_to_a_taken_external_id_is_a_conflict_and_changes_nothing() {
        User ann = user("Ann");
        User bob = user("Bob");
        assertThatThrownBy(() -> store.updateUser(bob.id(), new UserProfile(ann.externalId(), "Bobby", null, null, null, null)))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.user(bob.id()).orElseThrow().name()).isEqualTo("Bob");
        assertThat(store.updateUser(UserId.random(), new UserProfile(null, "x", null, null, null, null))).isEmpty();
    }

    @Test
    void users_returns_the_known_users_only() {
        User ann = user("Ann");
        User bob = user("Bob");
        UserId unknown = UserId.random();
        assertThat(store.users(List.of(ann.id(), bob.id(), unknown))).containsOnlyKeys(ann.id(), bob.id());
        assertThat(store.users(List.of())).isEmpty();
    }

    @Test
    void concurrent_upserts_of_one_external_id_make_one_user() throws Exception {
        String ext = "ext-" + UUID.randomUUID();
        List<Callable<UserStore.Upserted>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(() -> store.upsertUser(new UserProfile(ext, "Racer", null, null, null, null)));
        }
        List<UserStore.Upserted> results = concurrently(tasks);
        assertThat(results.stream().filter(UserStore.Upserted::created)).hasSize(1);
        assertThat(results.stream().map(r -> r.user().id()).distinct()).hasSize(1);
    }

    @Test
    void a_pair_of_users_has_one_direct_thread_whoever_opens_it() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        List<Callable<Committed<ThreadStore.Opened>>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User from = i % 2 == 0 ? ann : bob;
            User to = i % 2 == 0 ? bob : ann;
            tasks.add(() -> store.createThread(new ThreadStore.NewThread(ThreadKind.DIRECT, null, null, null, null,
                    List.of(new Member(from.id(), Role.OWNER), new Member(to.id(), Role.OWNER)))));
        }
        List<Committed<ThreadStore.Opened>> results = concurrently(tasks);
        assertThat(results.stream().filter(r -> r.value().created())).hasSize(1);
        assertThat(results.stream().map(r -> r.value().thread().id()).distinct()).hasSize(1);
        assertThat(results.stream().filter(r -> !r.value().created()).flatMap(r -> r.events().stream())).isEmpty();
        ThreadId id = results.getFirst().value().thread().id();
        assertThat(store.directThread(ann.id(), bob.id()).map(Thread::id)).contains(id);
        assertThat(store.directThread(bob.id(), ann.id()).map(Thread::id)).contains(id);
        assertThat(store.directThread(ann.id(), user("Cid").id())).isEmpty();
    }

    @Test
    void a_group_thread_is_found_by_its_group_key() {
        User ann = user("Ann");
        String group = "project-" + UUID.randomUUID();
        var first = store.createThread(new ThreadStore.NewThread(ThreadKind.GROUP, "P", group, "ref-1", "{}",
                List.of(new Member(ann.id(), Role.MEMBER))));
        var again = store.createThread(new ThreadStore.NewThread(ThreadKind.GROUP, "P", group, null, null, List.of()));

        assertThat(first.value().created()).isTrue();
        assertThat(again.value().created()).isFalse();
        assertThat(again.value().thread().id()).isEqualTo(first.value().thread().id());
        Thread found = store.groupThread(group).orElseThrow();
        assertThat(found).extracting(Thread::kind, Thread::groupKey, Thread::reference, Thread::data, Thread::lastSeq)
                .containsExactly(ThreadKind.GROUP, group, "ref-1", "{}", 0L);
        assertThat(store.threadByKey(found.key())).contains(found);
        assertThat(store.thread(found.id())).contains(found);
    }

    @Test
    void creating_a_thread_tells_every_member_who_joined() {
        User ann = user("Ann");
        User bob = user("Bob");
        var created = store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, "r", null, null, null,
                List.of(new Member(ann.id(), Role.OWNER), new Member(bob.id(), Role.MEMBER))));
        assertThat(created.events()).extracting(CommittedEvent::event).containsExactly(
                new Event.MemberChanged(created.value().thread().id(), ann.id(), Event.MemberChange.JOINED),
                new Event.MemberChanged(created.value().thread().id(), bob.id(), Event.MemberChange.JOINED));
        assertThat(created.events()).allSatisfy(e -> assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id()));
        assertThat(created.events().get(1).cursor()).isGreaterThan(created.events().get(0).cursor());
    }

    @Test
    void members_are_listed_owners_first_then_in_join_order() {
        User ann = user("Ann");
        User bob = user("Bob");
        User cid = user("Cid");
        User dan = user("Dan");
        Thread t = thread(ann, bob);
        store.addMembers(t.id(), List.of(new Member(cid.id(), Role.MEMBER)));
        store.addMembers(t.id(), List.of(new Member(dan.id(), Role.OWNER), new Member(bob.id(), Role.OWNER)));

        assertThat(store.members(t.id())).containsExactly(new Member(ann.id(), Role.OWNER),
                new Member(dan.id(), Role.OWNER), new Member(bob.id(), Role.MEMBER), new Member(cid.id(), Role.MEMBER));
        assertThat(store.members(ThreadId.random())).isEmpty();
    }

    @Test
    void adding_existing_members_changes_nothing_and_commits_no_event() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        var result = store.addMembers(t.id(), List.of(new Member(bob.id(), Role.OWNER)));
        assertThat(result.events()).isEmpty();
        assertThat(result.value()).containsExactly(new Member(ann.id(), Role.OWNER), new Member(bob.id(), Role.MEMBER));
    }

    @Test
    void a_removed_member_is_told_along_with_those_who_stay() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        var removed = store.removeMember(t.id(), bob.id(), Event.MemberChange.REMOVED);
        assertThat(removed.value()).isTrue();
        assertThat(removed.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new Event.MemberChanged(t.id(), bob.id(), Event.MemberChange.REMOVED));
            assertThat(e.audience()).containsExactlyInAnyOrder(ann.id(), bob.id());
        });
        assertThat(store.inbox(t.id(), bob.id())).isEmpty();
        var again = store.removeMember(t.id(), bob.id(), Event.MemberChange.REMOVED);
        assertThat(again.value()).isFalse();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void set_members_removes_the_missing_and_adds_the_new_keeping_roles() {
        User ann = user("Ann");
        User bob = user("Bob");
        User cid = user("Cid");
        Thread t = thread(ann, bob);
        var result = store.setMembers(t.id(), Set.of(ann.id(), cid.id()));
        assertThat(result.value()).containsExactly(new Member(ann.id(), Role.OWNER), new Member(cid.id(), Role.MEMBER));
        assertThat(result.events()).extracting(CommittedEvent::event).containsExactly(
                new Event.MemberChanged(t.id(), bob.id(), Event.MemberChange.REMOVED),
                new Event.MemberChanged(t.id(), cid.id(), Event.MemberChange.JOINED));
    }

    @Test
    void a_thread_with_an_unknown_member_is_not_created() {
        User ann = user("Ann");
        assertThatThrownBy(() -> store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, "x", null, null, null,
                List.of(new Member(ann.id(), Role.OWNER), new Member(UserId.random(), Role.MEMBER)))))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.inboxes(ann.id(), new ThreadStore.InboxQuery(false, null, 10))).isEmpty();
    }

    @Test
    void update_inbox_sets_only_the_given_flags() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        store.updateInbox(t.id(), ann.id(), true, null);
        var inbox = store.updateInbox(t.id(), ann.id(), null, true).orElseThrow();
        assertThat(inbox.archived()).isTrue();
        assertThat(inbox.muted()).isTrue();
        assertThat(store.inbox(t.id(), bob.id()).orElseThrow().archived()).isFalse();
        assertThat(store.updateInbox(t.id(), user("Cid").id(), true, true)).isEmpty();
    }

    @Test
    void a_client_id_gives_its_creator_one_thread_even_when_sent_concurrently() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        List<Member> members = List.of(new Member(ann.id(), Role.OWNER), new Member(bob.id(), Role.MEMBER));
        List<Callable<Committed<ThreadStore.Opened>>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(() -> store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, null, null, null, null,
                    members, ann.id(), "tsync-1")));
        }
        List<Committed<ThreadStore.Opened>> results = concurrently(tasks);
        assertThat(results.stream().filter(r -> r.value().created())).hasSize(1);
        Thread thread = results.getFirst().value().thread();
        assertThat(results.stream().map(r -> r.value().thread().id()).distinct()).containsExactly(thread.id());
        assertThat(thread.clientId()).isEqualTo("tsync-1");
        assertThat(store.threadByClientId(ann.id(), "tsync-1")).contains(store.thread(thread.id()).orElseThrow());

        // The same client id is another thread for another creator, and for the server key.
        var bobs = store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, null, null, null, null,
                members, bob.id(), "tsync-1")).value();
        var servers = store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, null, null, null, null,
                members, null, "tsync-1")).value();
        assertThat(bobs.created()).isTrue();
        assertThat(servers.created()).isTrue();
        assertThat(store.threadByClientId(null, "tsync-1").map(Thread::id)).contains(servers.thread().id());
        assertThat(store.threadByClientId(bob.id(), "other")).isEmpty();
    }

    @Test
    void read_time_is_set_when_the_read_mark_moves_forward_only() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread t = thread(ann, bob);
        assertThat(store.inbox(t.id(), ann.id()).orElseThrow().readAt()).isNull();
        send(t, bob, "hello");
        var read = store.markRead(t.id(), ann.id(), 1).value();
        assertThat(read.readAt()).isNotNull();
        var again = store.markRead(t.id(), ann.id(), 1);
        assertThat(again.events()).isEmpty();
        assertThat(again.value().readAt()).isEqualTo(read.readAt());
        assertThat(store.inbox(t.id(), bob.id()).orElseThrow().readAt()).isNull();
    }
}
