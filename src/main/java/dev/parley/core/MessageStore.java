package dev.parley.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Port: where messages are kept. Writes are durable when the method returns and return the events
 * they committed; the store has already published those to the event bus, after commit and in commit
 * order (one write path: assign seq, commit, publish).
 */
public interface MessageStore {

    /** A message to append to a thread; {@code author} as in {@link Message#author()}. */
    record NewMessage(ThreadId thread, UserId sender, String clientId, Origin origin, MessageKind kind, String text,
                      List<FileId> files, UserId sharedUser, MessageId replyTo, String author) {

        public NewMessage(ThreadId thread, UserId sender, String clientId, Origin origin, MessageKind kind,
                          String text, List<FileId> files, UserId sharedUser, MessageId replyTo) {
            this(thread, sender, clientId, origin, kind, text, files, sharedUser, replyTo, null);
        }
    }

    /** The stored message, and whether this call stored it (false: the client id was used already). */
    record Appended(Message message, boolean created) {}

    /**
     * A page of history by seq. With {@code after}, the oldest messages after it; otherwise the newest
     * messages before {@code before} (or the newest of all). Either way in ascending seq order.
     */
    record PageQuery(Long before, Long after, int limit) {}

    /** Messages in ascending seq; {@code more} says whether the page was cut at the limit. */
    record MessagePage(List<Message> messages, boolean more) {}

    /**
     * Appends a message: in one transaction the sender's {@code clientId} is checked (a repeated one
     * returns the first message, with no event), the next seq of the thread is assigned, the message
     * stored, the thread's activity updated and a {@link Event.MessageCreated} recorded. A message with
     * a sender is refused with NOT_FOUND (thread) unless the sender is a member of the thread in that
     * same transaction.
     * Concurrent appends to one thread get consecutive seqs; a thread never has a gap.
     */
    Committed<Appended> append(NewMessage message);

    /**
     * {@link #append}, without waiting: the message is queued for the store and the future completes
     * once it committed and its event was handed to subscribers, so an answer sent on completion never
     * overtakes the event. Refusals the store finds in its transaction (not a member) fail the future.
     * The calling thread never blocks, so an event loop may call it: when the store is overloaded, the
     * wait for room happens elsewhere, and a message that finds none fails the future (UNAVAILABLE).
     */
    CompletableFuture<Committed<Appended>> appendAsync(NewMessage message);

    Optional<Message> message(MessageId id);

    Optional<Message> messageByKey(long key);

    /** History as {@code viewer} sees it: messages deleted for them or cleared by them are left out. */
    MessagePage page(ThreadId thread, UserId viewer, PageQuery query);

    /**
     * A page as {@link #page} reads it for {@code member}, only if they hold an inbox in the thread:
     * empty when the thread does not exist or they are not a member (the two are not told apart).
     * The membership check and the page are one read.
     */
    Optional<MessagePage> memberPage(ThreadId thread, UserId member, PageQuery query);

    /** Replaces the text and sets {@code editedAt}. */
    Committed<Message> edit(MessageId id, String text);

    /** Deletes for everyone: the text and reactions go, a tombstone keeps the seq. */
    Committed<Message> deleteForEveryone(MessageId id);

    /** Hides the message from one participant's history and unread count. */
    Committed<Boolean> deleteForUser(MessageId id, UserId user);

    /** Adds or removes a reaction; commits an event only when something changed. */
    Committed<Boolean> react(MessageId id, UserId user, String kind, boolean add);

    /**
     * Full-text search in the threads the user participates in (or in one of them), newest first,
     * leaving out what is deleted for the user or for everyone.
     */
    List<Message> search(UserId user, ThreadId thread, String query, int limit);
}
