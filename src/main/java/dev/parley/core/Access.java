package dev.parley.core;

/**
 * Who may see a thread. An unknown thread and a thread the actor is not in get the same NOT_FOUND,
 * so the existence of a thread does not leak.
 */
final class Access {
    private final ThreadStore threads;

    Access(ThreadStore threads) {
        this.threads = threads;
    }

    Thread thread(Actor actor, ThreadId id) {
        Thread thread = threads.thread(id).orElseThrow(() -> ParleyException.notFound("thread"));
        boolean allowed = switch (actor) {
            case Actor.Server s -> true;
            case Actor.Person p -> threads.inbox(id, p.user().id()).isPresent();
            case Actor.Visitor v -> v.thread().equals(id) && thread.kind() == ThreadKind.SUPPORT;
        };
        if (!allowed) {
            throw ParleyException.notFound("thread");
        }
        return thread;
    }

    /** Owners of the thread, and the server key, may manage its members. */
    void requireOwner(Actor actor, Thread thread) {
        if (actor instanceof Actor.Server) {
            return;
        }
        User user = actor.requireUser();
        Inbox inbox = threads.inbox(thread.id(), user.id()).orElseThrow(() -> ParleyException.notFound("thread"));
        if (inbox.role() != Role.OWNER) {
            throw ParleyException.forbidden("only an owner of the thread may do this");
        }
    }
}
