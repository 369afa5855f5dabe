package dev.parley.core;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Use cases about messages: send, read history, edit, delete, react, search. */
public final class Messages {
    private final MessageStore store;
    private final ThreadStore threadStore;
    private final UserStore users;
    private final Threads threads;
    private final Access access;
    private final Limits limits;
    private final RateLimiter rateLimiter;
    private final AttachmentPolicy attachments;

    /**
     * A message to send, to a {@code thread} or {@code to} a user (opening or reusing the direct
     * thread). {@code asUser} lets the server key post as a user; {@code origin} lets it post as an
     * agent or integration. Users always post as themselves with origin USER (naming another user in
     * {@code asUser} is FORBIDDEN). {@code author} (free JSON text) describes a sender that has no
     * Parley user: a visitor, or the server key's agent or integration.
     */
    public record Send(ThreadId thread, UserId to, String clientId, MessageKind kind, String text,
                       List<FileId> files, UserId sharedUser, MessageId replyTo, Origin origin, UserId asUser,
                       String author) {

        public Send(ThreadId thread, UserId to, String clientId, MessageKind kind, String text,
                    List<FileId> files, UserId sharedUser, MessageId replyTo, Origin origin, UserId asUser) {
            this(thread, to, clientId, kind, text, files, sharedUser, replyTo, origin, asUser, null);
        }

        public static Send text(ThreadId thread, String text, String clientId) {
            return new Send(thread, null, clientId, MessageKind.TEXT, text, List.of(), null, null, null, null);
        }
    }

    /**
     * Checks the files a sender (null: the server key posting as an integration) attaches; {@link
     * Files#attachments()} allows only files the sender uploaded.
     */
    public interface AttachmentPolicy {
        void check(UserId sender, List<FileId> files);

        AttachmentPolicy NONE_ALLOWED = (sender, files) -> {
            if (!files.isEmpty()) {
                throw ParleyException.invalid("files", "attachments are not available");
            }
        };
    }

    public Messages(MessageStore store, ThreadStore threadStore, UserStore users, Threads threads,
                    Limits limits, AttachmentPolicy attachments) {
        this.store = store;
        this.threadStore = threadStore;
        this.users = users;
        this.threads = threads;
        this.access = new Access(threadStore);
        this.limits = limits;
        this.rateLimiter = new RateLimiter(limits.messagesPerSecond(), limits.messageBurst());
        this.attachments = attachments;
    }

    /** Sends a message and waits until it is committed (see {@link #sendAsync}). */
    public MessageStore.Appended send(Actor actor, Send cmd) {
        return Futures.await(sendAsync(actor, cmd));
    }

    /**
     * Checks a message and queues it for the store without waiting for the commit: a message that
     * breaks a rule throws here, on the caller's thread; the future completes with the stored message
     * once it is committed and its event published (or fails, with nothing stored), on the store's
     * thread, so whatever depends on it must be quick or hand the work on. It may read the store before
     * it queues the message (and so block), unless {@link #sendsWithoutReading} says otherwise.
     */
    public CompletableFuture<MessageStore.Appended> sendAsync(Actor actor, Send cmd) {
        UserId sender;
        Origin origin;
        switch (actor) {
            case Actor.Person p -> {
                if (cmd.asUser() != null && !cmd.asUser().equals(p.user().id())) {
                    throw ParleyException.forbidden("a user may only send messages as themselves");
                }
                sender = p.user().id();
                origin = Origin.USER;
                rateLimiter.acquire(sender);
            }
            case Actor.Server s -> {
                sender = cmd.asUser();
                origin = cmd.origin() != null ? cmd.origin() : sender != null ? Origin.USER : Origin.INTEGRATION;
                if (sender != null && origin != Origin.USER && origin != Origin.AGENT) {
                    throw ParleyException.invalid("origin", "a message sent as a user has origin user or agent");
                }
            }
            case Actor.Visitor v -> {
                sender = null;
                origin = Origin.USER;
                rateLimiter.acquire(v.thread());
            }
        }
        Actor poster = sender != null && actor instanceof Actor.Server
                ? Actor.of(user(sender)) : actor;
        MessageKind kind = cmd.kind() == null ? MessageKind.TEXT : cmd.kind();
        List<FileId> files = cmd.files() == null ? List.of() : List.copyOf(cmd.files());
        String text = Checks.text("text", cmd.text(), limits.maxTextChars(), kind == MessageKind.TEXT);
        String clientId = Checks.optional("client_id", cmd.clientId(), limits.maxClientIdChars());
        String author = Checks.optional("author", cmd.author(), limits.maxDataChars());
        if (author != null && sender != null) {
            throw ParleyException.invalid("author", "author describes a sender without a Parley user");
        }
        if (files.size() > limits.maxFilesPerMessage()) {
            throw ParleyException.tooLarge("files", "at most " + limits.maxFilesPerMessage() + " files per message");
        }
        switch (kind) {
            case FILE -> {
                if (files.isEmpty()) {
                    throw ParleyException.invalid("files", "a file message needs at least one file");
                }
            }
            case USER_PROFILE -> {
                if (cmd.sharedUser() == null) {
                    throw ParleyException.invalid("shared_user", "a user_profile message needs shared_user");
                }
                user(cmd.sharedUser());
            }
            case SYSTEM -> actor.requireServer();
            case TEXT -> { }
        }
        if (!files.isEmpty()) {
            if (actor instanceof Actor.Visitor) {
                throw ParleyException.invalid("files", "visitors cannot attach files");
            }
            attachments.check(sender, files);
        }
        // Everything about the message is checked before a direct thread is opened for it: a rejected
        // first message must not leave an empty thread (and a member event) behind.
        ThreadId threadId = resolveThread(poster, cmd);
        // The store checks a sender's membership in the write's own transaction (MessageStore#append),
        // so the common send needs no read before it queues for the writer. Senders without a user
        // (visitors, integrations) are checked here, and so is a reply, before its target is looked up.
        if (cmd.thread() != null && (sender == null || cmd.replyTo() != null)) {
            access.thread(poster, threadId);
        }
        if (cmd.replyTo() != null) {
            Message target = store.message(cmd.replyTo())
                    .filter(m -> m.thread().equals(threadId))
                    .orElseThrow(() -> ParleyException.invalid("reply_to", "reply_to is not a message of this thread"));
            if (target.deleted()) {
                throw ParleyException.invalid("reply_to", "cannot reply to a deleted message");
            }
        }
        return store.appendAsync(new MessageStore.NewMessage(threadId, sender, clientId, origin, kind,
                text, files, kind == MessageKind.USER_PROFILE ? cmd.sharedUser() : null, cmd.replyTo(), author))
                .thenApply(Committed::value);
    }

    /**
     * Whether {@link #sendAsync} reads nothing from the store for this send before it queues it, so the
     * call never blocks and may be made on an event loop: a user's message to a thread named by its
     * id, with text only (no reply, files or shared user, whose checks read the store). Its membership
     * is checked in the write's own transaction. This must agree with the branches of sendAsync that
     * read: {@code to}, {@code reply_to}, files, {@code user_profile}, and senders other than users.
     */
    public static boolean sendsWithoutReading(Actor actor, Send cmd) {
        return actor instanceof Actor.Person && cmd.thread() != null && cmd.to() == null && cmd.replyTo() == null
                && (cmd.files() == null || cmd.files().isEmpty()) && cmd.sharedUser() == null
                && (cmd.kind() == null || cmd.kind() == MessageKind.TEXT);
    }

    private ThreadId resolveThread(Actor poster, Send cmd) {
        if (cmd.thread() != null && cmd.to() != null) {
            throw ParleyException.invalid("to", "give either thread or to, not both");
        }
        if (cmd.thread() != null) {
            return cmd.thread();
        }
        if (cmd.to() == null) {
            throw ParleyException.invalid("thread", "thread or to is required");
        }
        if (cmd.replyTo() != null) {
            // A reply goes to a thread that exists already; a new direct thread has nothing to reply to.
            return threads.findDirect(poster, cmd.to())
                    .orElseThrow(() -> ParleyException.invalid("reply_to", "reply_to is not a message of this thread"))
                    .id();
        }
        return threads.openDirect(poster, cmd.to()).thread().id();
    }

    private User user(UserId id) {
        return users.user(id).orElseThrow(() -> ParleyException.notFound("user"));
    }

    public Message get(Actor actor, MessageId id) {
        Message message = store.message(id).orElseThrow(() -> ParleyException.notFound("message"));
        access.thread(actor, message.thread());
        return message;
    }

    /** A message by its internal key (for dialects with integer ids), if the actor may see it. */
    public Message getByKey(Actor actor, long key) {
        Message message = store.messageByKey(key).orElseThrow(() -> ParleyException.notFound("message"));
        access.thread(actor, message.thread());
        return message;
    }

    public MessageStore.MessagePage history(Actor actor, ThreadId thread, Long before, Long after, Integer limit) {
        MessageStore.PageQuery query;
        try {
            query = pageQuery(before, after, limit);
        } catch (ParleyException e) {
            access.thread(actor, thread); // a thread the actor may not see is NOT_FOUND before any INVALID
            throw e;
        }
        if (actor instanceof Actor.Person p) {
            // Access.thread's rule for a person (an inbox in the thread), checked in the same read as the page.
            return store.memberPage(thread, p.user().id(), query)
                    .orElseThrow(() -> ParleyException.notFound("thread"));
        }
        access.thread(actor, thread);
        return store.page(thread, null, query);
    }

    private MessageStore.PageQuery pageQuery(Long before, Long after, Integer limit) {
        if (before != null && after != null) {
            throw ParleyException.invalid("before", "give either before or after, not both");
        }
        if (before != null) {
            Checks.nonNegative("before", before);
        }
        if (after != null) {
            Checks.nonNegative("after", after);
        }
        return new MessageStore.PageQuery(before, after, limits.pageSize(limit, 50));
    }

    /**
     * History within a time window, both bounds inclusive and either may be null, in ascending seq. When
     * more than {@code limit} messages match, the page starts at {@code from} when it is given (the oldest
     * ones) and otherwise ends at {@code to} (the newest ones); {@code more} says the page was cut.
     * Seq order is creation order (one write path assigns both), so the window's ends are found by
     * bisecting on seq with one-message probes instead of scanning the history.
     */
    public MessageStore.MessagePage between(Actor actor, ThreadId thread, Instant from,
                                            Instant to, Integer limit) {
        Thread t = access.thread(actor, thread);
        if (from != null && to != null && from.isAfter(to)) {
            throw ParleyException.invalid("from", "from must not be after to");
        }
        int size = limits.pageSize(limit, 50);
        UserId viewer = actor instanceof Actor.Person p ? p.user().id() : null;
        if (from == null) {
            Long before = to == null ? null : lastAtOrBefore(thread, viewer, to, t.lastSeq()) + 1;
            return store.page(thread, viewer, new MessageStore.PageQuery(before, null, size));
        }
        long first = firstAtOrAfter(thread, viewer, from, t.lastSeq());
        MessageStore.MessagePage page = store.page(thread, viewer, new MessageStore.PageQuery(null, first - 1, size));
        if (to == null) {
            return page;
        }
        List<Message> within = page.messages().stream().filter(m -> !m.createdAt().isAfter(to)).toList();
        return new MessageStore.MessagePage(within, page.more() && within.size() == page.messages().size());
    }

    /** The smallest seq from which every visible message was created at or after {@code from}. */
    private long firstAtOrAfter(ThreadId thread, UserId viewer, Instant from, long lastSeq) {
        long lo = 1;
        long hi = lastSeq + 1;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Message m = newestUpTo(thread, viewer, mid);
            if (m == null || m.createdAt().isBefore(from)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The largest seq up to which every visible message was created at or before {@code to}. */
    private long lastAtOrBefore(ThreadId thread, UserId viewer, Instant to, long lastSeq) {
        long lo = 0;
        long hi = lastSeq;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            Message m = newestUpTo(thread, viewer, mid);
            if (m == null || !m.createdAt().isAfter(to)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private Message newestUpTo(ThreadId thread, UserId viewer, long seq) {
        List<Message> one = store.page(thread, viewer, new MessageStore.PageQuery(seq + 1, null, 1)).messages();
        return one.isEmpty() ? null : one.get(0);
    }

    public Message edit(Actor actor, MessageId id, String text) {
        Message message = get(actor, id);
        User me = actor.requireUser();
        if (!me.id().equals(message.sender())) {
            throw ParleyException.forbidden("only the sender may edit a message");
        }
        if (message.deleted()) {
            throw ParleyException.conflict("the message was deleted");
        }
        if (message.kind() != MessageKind.TEXT) {
            throw ParleyException.invalid("text", "only text messages can be edited");
        }
        String checked = Checks.text("text", text, limits.maxTextChars(), true);
        return store.edit(id, checked).value();
    }

    /** Deletes for everyone: the sender, an owner of the thread, or the server key. */
    public Message delete(Actor actor, MessageId id) {
        Message message = get(actor, id);
        if (message.deleted()) {
            return message;
        }
        if (actor instanceof Actor.Person p && !p.user().id().equals(message.sender())) {
            Role role = threadStore.inbox(message.thread(), p.user().id()).map(Inbox::role).orElse(Role.MEMBER);
            if (role != Role.OWNER) {
                throw ParleyException.forbidden("only the sender or an owner may delete a message for everyone");
            }
        } else if (actor instanceof Actor.Visitor) {
            throw ParleyException.forbidden("visitors cannot delete messages");
        }
        return store.deleteForEveryone(id).value();
    }

    /** Hides a message from the acting user's own history and unread count. */
    public void deleteForMe(Actor actor, MessageId id) {
        Message message = get(actor, id);
        User me = actor.requireUser();
        store.deleteForUser(message.id(), me.id()).value();
    }

    public boolean react(Actor actor, MessageId id, String kind, boolean add) {
        Message message = get(actor, id);
        User me = actor.requireUser();
        String checked = Checks.text("kind", kind, limits.maxReactionChars(), true);
        if (checked.chars().anyMatch(Character::isWhitespace)) {
            throw ParleyException.invalid("kind", "a reaction kind has no spaces");
        }
        if (message.deleted()) {
            throw ParleyException.conflict("the message was deleted");
        }
        return store.react(message.id(), me.id(), checked, add).value();
    }

    /** Full-text search in the acting user's threads, or in one of them. */
    public List<Message> search(Actor actor, ThreadId thread, String query, Integer limit) {
        User me = actor.requireUser();
        if (thread != null) {
            access.thread(actor, thread);
        }
        String q = Checks.text("q", query, 200, true);
        return store.search(me.id(), thread, q, limits.pageSize(limit, 50));
    }
}
