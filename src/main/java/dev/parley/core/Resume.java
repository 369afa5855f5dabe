package dev.parley.core;

/** Use case: what a user missed while disconnected, from their last cursor. */
public final class Resume {
    private final EventLog log;
    private final Limits limits;

    public Resume(EventLog log, Limits limits) {
        this.log = log;
        this.limits = limits;
    }

    /** The events after {@code cursor}, or an incomplete replay meaning the client must reload. */
    public EventLog.Replay since(Actor actor, long cursor) {
        User me = actor.requireUser();
        Checks.nonNegative("cursor", cursor);
        if (cursor > log.head()) {
            throw ParleyException.invalid("cursor", "cursor is ahead of the server");
        }
        return log.replay(me.id(), cursor, limits.maxReplay());
    }

    public long head() {
        return log.head();
    }
}
