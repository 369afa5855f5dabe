package dev.parley.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Port: the catalogue of uploaded files (their bytes are in the {@link BlobStore}). Writes are durable
 * when the method returns. Which messages carry a file is recorded by the {@link MessageStore} when it
 * appends the message; this port only reads that.
 */
public interface FileStore {

    /** A file to catalogue; its bytes are already stored under {@code storageKey}. */
    record NewFile(UserId uploader, String name, String contentType, long size, String sha256,
                   String storageKey) {}

    /** Catalogues a file under a new random id. */
    StoredFile create(NewFile file);

    Optional<StoredFile> file(FileId id);

    /** The files among {@code ids} that exist; unknown ids are absent from the map. */
    Map<FileId, StoredFile> files(Collection<FileId> ids);

    /**
     * Whether the file is carried by a message, not deleted for everyone, of a thread in which {@code
     * user} holds an inbox.
     */
    boolean visibleTo(FileId file, UserId user);

    /** Whether the file is carried by a message, not deleted for everyone, of this thread. */
    boolean postedIn(FileId file, ThreadId thread);

    /**
     * The files posted in a thread as {@code viewer} sees them (messages deleted for everyone, for the
     * viewer, or cleared by the viewer are left out; a null viewer sees all that are not deleted),
     * newest first, from messages with a seq below {@code beforeSeq} when given; at most {@code limit}.
     */
    List<PostedFile> inThread(ThreadId thread, UserId viewer, Long beforeSeq, int limit);

    /**
     * What {@link #removeUnattached} removed: how many files, and their storage keys, each once (other
     * files may still use them: {@link #storageKeysInUse}).
     */
    record Removed(int files, List<String> storageKeys) {}

    /**
     * Removes from the catalogue, oldest first and at most {@code max}, the files uploaded before
     * {@code createdBefore} that no message carries (never attached, or detached when their message was
     * deleted for everyone). A message committed after this cannot carry them: appends check in their
     * own transaction that the files they attach are catalogued.
     */
    Removed removeUnattached(Instant createdBefore, int max);

    /** Which of these storage keys a file in the catalogue refers to. */
    Set<String> storageKeysInUse(Collection<String> keys);
}
