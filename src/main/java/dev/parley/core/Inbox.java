package dev.parley.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One participant's copy of a thread.
 *
 * @param lastReadSeq everything up to this seq has been read
 * @param clearedSeq  everything up to this seq is deleted for this participant
 * @param readAt      when the read mark last moved forward, or null if it never did
 */
public record Inbox(ThreadId thread, UserId user, Role role, long lastReadSeq, long clearedSeq,
                    boolean archived, boolean muted, Instant joinedAt, Instant readAt) {

    /** An inbox whose read time is not known to the caller. */
    public Inbox(ThreadId thread, UserId user, Role role, long lastReadSeq, long clearedSeq,
                 boolean archived, boolean muted, Instant joinedAt) {
        this(thread, user, role, lastReadSeq, clearedSeq, archived, muted, joinedAt, null);
    }

    /**
     * The integer id of the inbox of a thread and a user, for dialects with integer ids: an inbox is
     * identified by its (thread, user) pair, so its id is the Cantor pairing of their internal keys,
     * unique and stable without being stored.
     */
    public static long integerId(long threadKey, long userKey) {
        long sum = Math.addExact(threadKey, userKey);
        return Math.addExact(Math.multiplyExact(sum, sum + 1) / 2, userKey);
    }

    /** The inbox's public id: a name-based UUID of its thread and user, stable without being stored. */
    public UUID publicId() {
        return publicId(thread, user);
    }

    public static UUID publicId(ThreadId thread, UserId user) {
        return UUID.nameUUIDFromBytes(("inbox:" + thread + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
