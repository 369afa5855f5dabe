package dev.parley.core;

import java.io.InputStream;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Port: where the bytes of files are kept, by content. {@link #put} is durable when it returns and
 * all-or-nothing: a failed or interrupted put leaves nothing behind under any key. The same content
 * always gets the same key, so storing it twice keeps one copy.
 */
public interface BlobStore {

    /** What was stored: the key to open it by, its SHA-256 (lower-case hex) and size in bytes. */
    record Stored(String key, String sha256, long size) {}

    /**
     * Streams {@code content} to storage until its end, never holding it whole in memory. A failure of
     * the stream (a {@link ParleyException} such as TOO_LARGE, or an I/O error) is rethrown as is, after
     * what was written so far is removed.
     */
    Stored put(InputStream content);

    /** The stored bytes; NOT_FOUND when nothing is stored under the key. The caller closes the stream. */
    InputStream open(String key);

    /**
     * Removes the bytes under {@code key} unless they were stored at or after {@code storedBefore} (an
     * upload of the same content may be under way: its catalogue row comes after its bytes). Nothing
     * stored under the key is not an error.
     */
    void remove(String key, Instant storedBefore);

    /**
     * A page of the keys stored, in key order: {@code storedBefore} holds those after {@code after} ("" for
     * the first page) whose bytes were stored before the given time, among the next {@code examine} keys;
     * {@code next} is the last key examined, to pass as {@code after} for the next page, or null when
     * the store's end was reached.
     */
    record Keys(List<String> storedBefore, String next) {}

    /** See {@link Keys}. */
    Keys keys(String after, Instant storedBefore, int examine);

    /** A local file holding the bytes, when this store keeps them on local disk (so it can be sent as is). */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }
}
