package dev.parley.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: where threads and inboxes are kept. Writes are durable when the method returns and return
 * the events they committed; the store has already published those to the event bus, after commit and
 * in commit order, so that every node sees one order.
 */
public interface ThreadStore {

    /**
     * A thread to create, with its first participants. {@code clientId}, when set, is the creator's
     * idempotency key: {@code creator} is the user who creates it, or null for the server key.
     */
    record NewThread(ThreadKind kind, String name, String groupKey, String reference, String data,
                     List<Member> members, UserId creator, String clientId) {

        /** A thread created without an idempotency key. */
        public NewThread(ThreadKind kind, String name, String groupKey, String reference, String data,
                         List<Member> members) {
            this(kind, name, groupKey, reference, data, members, null, null);
        }
    }

    /** The thread, and whether this call created it (false: it existed already). */
    record Opened(Thread thread, boolean created) {}

    /**
     * Which inboxes to list: archived ones or the others; newest activity first (ties: the newer thread
     * first), after a cursor. The cursor is the previous page's last thread: its last activity and id.
     * With {@code activityBefore} alone, only threads whose last activity is strictly before it; with
     * {@code afterThread} too, also the threads of exactly that activity that come after that thread
     * in the order, so threads sharing one activity time never fall between two pages.
     */
    record InboxQuery(boolean archived, java.time.Instant activityBefore, ThreadId afterThread, int limit) {

        /** Threads whose last activity is strictly before {@code activityBefore} (null: from the newest). */
        public InboxQuery(boolean archived, java.time.Instant activityBefore, int limit) {
            this(archived, activityBefore, null, limit);
        }
    }

    /**
     * Creates a thread. For {@link ThreadKind#DIRECT} (exactly two members) an existing thread of the
     * same pair is returned instead, for {@link ThreadKind#GROUP} one with the same group key, and for
     * a thread with a client id the one its creator (user, or the server key) made with that client id:
     * all three are decided by a unique constraint, so concurrent calls agree on one thread.
     */
    Committed<Opened> createThread(NewThread thread);

    /** The thread {@code creator} (null: the server key) created with {@code clientId}, if any. */
    Optional<Thread> threadByClientId(UserId creator, String clientId);

    Optional<Thread> thread(ThreadId id);

    Optional<Thread> threadByKey(long key);

    Optional<Thread> directThread(UserId a, UserId b);

    Optional<Thread> groupThread(String groupKey);

    /** The participant's inbox, or empty when the user is not a participant. */
    Optional<Inbox> inbox(ThreadId thread, UserId user);

    /** The participants, owners first, then by join order. */
    List<Member> members(ThreadId thread);

    /** A page of the user's inboxes, most recent activity first; at most {@code limit}. */
    List<InboxView> inboxes(UserId user, InboxQuery query);

    /** Adds participants not already in the thread (existing ones keep their role). */
    Committed<List<Member>> addMembers(ThreadId thread, List<Member> members);

    /** Removes a participant; {@code change} says whether they left or were removed. */
    Committed<Boolean> removeMember(ThreadId thread, UserId user, Event.MemberChange change);

    /** Makes the participants exactly {@code users}, keeping the roles of those who stay. */
    Committed<List<Member>> setMembers(ThreadId thread, Set<UserId> users);

    /**
     * Moves the participant's read mark forward to {@code seq} (capped at the thread's last seq);
     * never backwards. Commits a {@link Event.ReadMarked} and sets the inbox's {@code readAt} only
     * when the mark moved.
     */
    Committed<Inbox> markRead(ThreadId thread, UserId user, long seq);

    /** Sets the archived and muted flags of an inbox; a null flag is left as is. */
    Optional<Inbox> updateInbox(ThreadId thread, UserId user, Boolean archived, Boolean muted);

    /** Visible messages after the read mark that the user did not send. */
    long unread(ThreadId thread, UserId user);
}
