package dev.parley.core;

import java.time.Instant;

/**
 * An uploaded file, as catalogued.
 *
 * @param uploader    the user who uploaded it; null when the server key did
 * @param name        the sanitised display name (never used as a path)
 * @param contentType detected from the bytes, never taken from the client as is
 * @param storageKey  where the {@link BlobStore} keeps the bytes
 */
public record StoredFile(FileId id, UserId uploader, String name, String contentType, long size, String sha256,
                         String storageKey, Instant createdAt) {}
