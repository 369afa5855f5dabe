package dev.parley.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Use cases about threads and inboxes. */
public final class Threads {
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ThreadStore store;
    private final UserStore users;
    private final Limits limits;
    private final Access access;
    private final Publisher publisher;

    /**
     * What to create; which fields matter depends on the kind (see {@link #create}). {@code clientId}
     * is the creator's idempotency key: creating again with it returns the first thread.
     */
    public record CreateThread(ThreadKind kind, String name, String groupKey, String reference, String data,
                               List<UserId> members, String clientId) {

        public CreateThread(ThreadKind kind, String name, String groupKey, String reference, String data,
                            List<UserId> members) {
            this(kind, name, groupKey, reference, data, members, null);
        }
    }

    public Threads(ThreadStore store, UserStore users, EventBus bus, Limits limits) {
        this.store = store;
        this.users = users;
        this.limits = limits;
        this.access = new Access(store);
        this.publisher = new Publisher(bus);
    }

    /**
     * Creates a thread. DIRECT: a user with exactly one other member (the existing thread of the pair
     * is returned). CUSTOM: a user (who becomes owner) or the server key; a name is optional, as for
     * a group conversation among a few people. GROUP: server key only, bound to a group key whose
     * thread is created or has its members set. SUPPORT: anyone; the data describes the visitor,
     * members are the agents (a user who creates one is a member too). With a client id already used by
     * the same creator (user or server key), the thread created then is returned and nothing else happens.
     */
    public ThreadStore.Opened create(Actor actor, CreateThread cmd) {
        String name = Checks.optional("name", cmd.name(), limits.maxNameChars());
        String reference = Checks.optional("reference", cmd.reference(), limits.maxNameChars());
        String data = Checks.optional("data", cmd.data(), limits.maxDataChars());
        String clientId = Checks.optional("client_id", cmd.clientId(), limits.maxClientIdChars());
        UserId creator = actor instanceof Actor.Person p ? p.user().id() : null;
        if (clientId != null) {
            if (actor instanceof Actor.Visitor) {
                throw ParleyException.forbidden("visitors cannot create threads with a client id");
            }
            var existing = store.threadByClientId(creator, clientId);
            if (existing.isPresent()) {
                return new ThreadStore.Opened(access.thread(actor, existing.get().id()), false);
            }
        }
        List<UserId> requested = cmd.members() == null ? List.of() : cmd.members();
        if (requested.size() > limits.maxMembers()) {
            throw ParleyException.tooLarge("members", "a thread has at most " + limits.maxMembers() + " members");
        }
        Set<UserId> members = existing(requested);
        return switch (cmd.kind()) {
            case DIRECT -> {
                User me = actor.requireUser();
                members.remove(me.id());
                if (members.size() != 1) {
                    throw ParleyException.invalid("members", "a direct thread has exactly one other member");
                }
                yield openDirect(me, members.iterator().next(), reference, clientId);
            }
            case CUSTOM -> {
                List<Member> list = new ArrayList<>();
                if (actor instanceof Actor.Person p) {
                    list.add(new Member(p.user().id(), Role.OWNER));
                    members.remove(p.user().id());
                } else {
                    actor.requireServer();
                }
                members.forEach(id -> list.add(new Member(id, Role.MEMBER)));
                if (list.isEmpty()) {
                    throw ParleyException.invalid("members", "a thread needs at least one member");
                }
                yield store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, name, null, reference, data,
                        list, creator, clientId)).value();
            }
            case GROUP -> {
                actor.requireServer();
                String groupKey = Checks.text("group_key", cmd.groupKey(), limits.maxNameChars(), true);
                List<Member> list = members.stream().map(id -> new Member(id, Role.MEMBER)).toList();
                ThreadStore.Opened opened = store.createThread(new ThreadStore.NewThread(ThreadKind.GROUP, name,
                        groupKey, reference, data, list, creator, clientId)).value();
                if (!opened.created()) {
                    store.setMembers(opened.thread().id(), members).value();
                }
                yield opened;
            }
            case SUPPORT -> {
                // A user who opens a support thread is in it (the agents are the members given); without
                // this the thread would be created and the creator answered NOT_FOUND for it.
                List<Member> list = new ArrayList<>();
                if (creator != null) {
                    list.add(new Member(creator, Role.MEMBER));
                    members.remove(creator);
                }
                members.forEach(id -> list.add(new Member(id, Role.MEMBER)));
                yield store.createThread(new ThreadStore.NewThread(ThreadKind.SUPPORT, name, null, reference, data,
                        list, creator, clientId)).value();
            }
        };
    }

    /**
     * Opens a support thread for an anonymous visitor described by {@code visitor} (free JSON text,
     * required). No credential is needed: the new thread's unguessable id is the visitor's capability
     * ({@link Actor.Visitor}) for reading it and posting in it.
     */
    public ThreadStore.Opened openSupport(String visitor) {
        String data = Checks.text("data", visitor, limits.maxDataChars(), true);
        return store.createThread(
                new ThreadStore.NewThread(ThreadKind.SUPPORT, null, null, null, data, List.of())).value();
    }

    /** The direct thread between the acting user and {@code other}, created on first use. */
    public ThreadStore.Opened openDirect(Actor actor, UserId other) {
        User me = actor.requireUser();
        return openDirect(me, other, null, null);
    }

    private ThreadStore.Opened openDirect(User me, UserId other, String reference, String clientId) {
        if (me.id().equals(other)) {
            throw ParleyException.invalid("to", "a direct thread needs another user");
        }
        if (users.user(other).isEmpty()) {
            throw ParleyException.notFound("user");
        }
        var existing = store.directThread(me.id(), other);
        if (existing.isPresent()) {
            return new ThreadStore.Opened(existing.get(), false);
        }
        return store.createThread(new ThreadStore.NewThread(ThreadKind.DIRECT, null, null,
                reference, null, List.of(new Member(me.id(), Role.OWNER), new Member(other, Role.OWNER)),
                me.id(), clientId)).value();
    }

    /** The direct thread between the acting user and {@code other}, if it exists (nothing is created). */
    public java.util.Optional<Thread> findDirect(Actor actor, UserId other) {
        User me = actor.requireUser();
        return store.directThread(me.id(), other);
    }

    /** A thread by its internal key (for dialects with integer ids), if the actor may see it. */
    public Thread requireByKey(Actor actor, long key) {
        Thread thread = store.threadByKey(key).orElseThrow(() -> ParleyException.notFound("thread"));
        return access.thread(actor, thread.id());
    }

    public ThreadView get(Actor actor, ThreadId id) {
        Thread thread = access.thread(actor, id);
        Inbox inbox = null;
        long unread = 0;
        if (actor instanceof Actor.Person p) {
            inbox = store.inbox(id, p.user().id()).orElse(null);
            unread = store.unread(id, p.user().id());
        }
        return new ThreadView(thread, store.members(id), inbox, unread);
    }

    /** The thread if the actor may see it; NOT_FOUND otherwise. */
    public Thread require(Actor actor, ThreadId id) {
        return access.thread(actor, id);
    }

    public List<InboxView> inbox(Actor actor, ThreadStore.InboxQuery query) {
        User me = actor.requireUser();
        Instant before = bounded(query.activityBefore());
        // A clamped time no longer names the previous page's last thread's activity: its tie-break goes.
        ThreadId after = before != null && before.equals(query.activityBefore()) ? query.afterThread() : null;
        return store.inboxes(me.id(), new ThreadStore.InboxQuery(query.archived(), before, after,
                limits.pageSize(query.limit(), 50)));
    }

    /**
     * A cursor time the store can represent: anything after year 9999 means "before anything", and
     * anything before 1970 finds nothing, so no client-given time can overflow the store's clock.
     */
    private static Instant bounded(Instant before) {
        if (before == null || before.isAfter(LATEST)) {
            return null;
        }
        return before.isBefore(Instant.EPOCH) ? Instant.EPOCH : before;
    }

    public List<Member> members(Actor actor, ThreadId id) {
        access.thread(actor, id);
        return store.members(id);
    }

    public List<Member> addMembers(Actor actor, ThreadId id, List<UserId> add) {
        Thread thread = access.thread(actor, id);
        access.requireOwner(actor, thread);
        requireManaged(thread, actor);
        Set<UserId> valid = existing(add);
        if (store.members(id).size() + valid.size() > limits.maxMembers()) {
            throw ParleyException.tooLarge("members", "a thread has at most " + limits.maxMembers() + " members");
        }
        return store.addMembers(id, valid.stream().map(u -> new Member(u, Role.MEMBER)).toList()).value();
    }

    public void removeMember(Actor actor, ThreadId id, UserId user) {
        Thread thread = access.thread(actor, id);
        if (actor instanceof Actor.Person p && p.user().id().equals(user)) {
            leave(actor, id);
            return;
        }
        access.requireOwner(actor, thread);
        requireManaged(thread, actor);
        boolean removed = store.removeMember(id, user, Event.MemberChange.REMOVED).value();
        if (!removed) {
            throw ParleyException.notFound("member");
        }
    }

    /** Sets a group thread's members exactly (server key). */
    public List<Member> setMembers(Actor actor, ThreadId id, List<UserId> users) {
        actor.requireServer();
        Thread thread = access.thread(actor, id);
        if (users.size() > limits.maxMembers()) {
            throw ParleyException.tooLarge("members", "a thread has at most " + limits.maxMembers() + " members");
        }
        if (thread.kind() == ThreadKind.DIRECT) {
            throw ParleyException.invalid("members", "the members of a direct thread cannot change");
        }
        return store.setMembers(id, existing(users)).value();
    }

    public void leave(Actor actor, ThreadId id) {
        User me = actor.requireUser();
        Thread thread = access.thread(actor, id);
        if (thread.kind() == ThreadKind.DIRECT) {
            throw ParleyException.invalid("thread", "a direct thread cannot be left; archive it instead");
        }
        store.removeMember(id, me.id(), Event.MemberChange.LEFT).value();
    }

    public Inbox updateInbox(Actor actor, ThreadId id, Boolean archived, Boolean muted) {
        User me = actor.requireUser();
        access.thread(actor, id);
        return store.updateInbox(id, me.id(), archived, muted).orElseThrow(() -> ParleyException.notFound("thread"));
    }

    public Inbox markRead(Actor actor, ThreadId id, long seq) {
        User me = actor.requireUser();
        access.thread(actor, id);
        Checks.nonNegative("seq", seq);
        return store.markRead(id, me.id(), seq).value();
    }

    /** Tells the other participants the acting user is typing; nothing is stored. */
    public void typing(Actor actor, ThreadId id) {
        User me = actor.requireUser();
        access.thread(actor, id);
        Set<UserId> audience = new LinkedHashSet<>();
        store.members(id).forEach(m -> audience.add(m.user()));
        publisher.publishEphemeral(new CommittedEvent(0, audience, new Event.Typing(id, me.id())));
    }

    public long unread(Actor actor, ThreadId id) {
        User me = actor.requireUser();
        access.thread(actor, id);
        return store.unread(id, me.id());
    }

    private void requireManaged(Thread thread, Actor actor) {
        if (thread.kind() == ThreadKind.DIRECT) {
            throw ParleyException.invalid("members", "the members of a direct thread cannot change");
        }
        if (thread.kind() == ThreadKind.GROUP && !(actor instanceof Actor.Server)) {
            throw ParleyException.forbidden("the members of a group thread are set by the host app");
        }
    }

    private Set<UserId> existing(List<UserId> ids) {
        Set<UserId> unique = new LinkedHashSet<>(ids);
        var found = users.users(unique);
        for (UserId id : unique) {
            if (!found.containsKey(id)) {
                throw ParleyException.invalid("members", "unknown user " + id);
            }
        }
        return unique;
    }
}
