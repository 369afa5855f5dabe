package dev.parley.core;

import java.time.Instant;

/**
 * One participant's copy of a thread.
 *
 * @param lastReadSeq everything up to this seq has been read
 * @param clearedSeq  everything up to this seq is deleted for this participant
 */
public record Inbox(ThreadId thread, UserId user, Role role, long lastReadSeq, long clearedSeq,
                    boolean archived, boolean muted, Instant joinedAt) {}
