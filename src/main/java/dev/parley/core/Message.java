package dev.parley.core;

import java.time.Instant;
import java.util.List;

/**
 * One message of a thread, as stored.
 *
 * @param key        the internal 64-bit key; shown only by dialects with integer ids
 * @param seq        the message's place in its thread: 1, 2, 3… without gaps
 * @param clientId   the sender's idempotency key, or null
 * @param sender     the user who sent it; null for a visitor, an integration or the system
 * @param text       null once deleted for everyone
 * @param sharedUser the user a {@link MessageKind#USER_PROFILE} message shares, else null
 * @param replyTo    the message this one answers, or null
 * @param deletedAt  when it was deleted for everyone, or null
 * @param author     how a sender with no Parley user (a support visitor, an agent posting through a
 *                   bridge, an integration) described itself: free JSON text, or null
 */
public record Message(long key, MessageId id, ThreadId thread, long seq, String clientId, UserId sender,
                      Origin origin, MessageKind kind, String text, List<FileId> files, UserId sharedUser,
                      MessageId replyTo, Instant createdAt, Instant editedAt, Instant deletedAt,
                      List<Reaction> reactions, String author) {
    public Message {
        files = files == null ? List.of() : List.copyOf(files);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A message with no author description. */
    public Message(long key, MessageId id, ThreadId thread, long seq, String clientId, UserId sender,
                   Origin origin, MessageKind kind, String text, List<FileId> files, UserId sharedUser,
                   MessageId replyTo, Instant createdAt, Instant editedAt, Instant deletedAt,
                   List<Reaction> reactions) {
        this(key, id, thread, seq, clientId, sender, origin, kind, text, files, sharedUser, replyTo, createdAt,
                editedAt, deletedAt, reactions, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
