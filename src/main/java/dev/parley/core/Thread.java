package dev.parley.core;

import java.time.Instant;

/**
 * A conversation. {@code lastSeq} is the seq of the newest message; seqs are 1, 2, 3… without gaps.
 *
 * @param key      the internal 64-bit key; shown only by dialects with integer ids
 * @param groupKey the host app's group for {@link ThreadKind#GROUP}, else null
 * @param data     free JSON text (the visitor for {@link ThreadKind#SUPPORT}), or null
 * @param clientId the creator's idempotency key the thread was created with, or null
 */
public record Thread(long key, ThreadId id, ThreadKind kind, String name, String groupKey, String reference,
                     String data, Instant createdAt, Instant lastActivityAt, long lastSeq, String clientId) {

    /** A thread created without a client id. */
    public Thread(long key, ThreadId id, ThreadKind kind, String name, String groupKey, String reference,
                  String data, Instant createdAt, Instant lastActivityAt, long lastSeq) {
        this(key, id, kind, name, groupKey, reference, data, createdAt, lastActivityAt, lastSeq, null);
    }
}
