package dev.parley.core;

/**
 * What changed, in the order it was committed. Every change a client must see is one of these.
 * Delivered live through the hub and recoverable after a disconnect from a cursor, except
 * {@link Typing}, which is ephemeral.
 */
public sealed interface Event {
    ThreadId thread();

    /** A message was stored. */
    record MessageCreated(ThreadId thread, Message message) implements Event {}

    /** A message's text changed. */
    record MessageUpdated(ThreadId thread, Message message) implements Event {}

    /**
     * A message was deleted, for everyone or (audience: that user only) for one user.
     */
    record MessageDeleted(ThreadId thread, MessageId message, long seq, boolean forEveryone) implements Event {}

    /** A reaction was added or removed. */
    record ReactionChanged(ThreadId thread, MessageId message, UserId user, String kind, boolean added)
            implements Event {}

    /** A participant read the thread up to {@code seq}. */
    record ReadMarked(ThreadId thread, UserId user, long seq) implements Event {}

    /** A participant joined, left or was removed. */
    record MemberChanged(ThreadId thread, UserId user, MemberChange change) implements Event {}

    /** A participant is typing; never stored. */
    record Typing(ThreadId thread, UserId user) implements Event {}

    enum MemberChange { JOINED, LEFT, REMOVED }
}
