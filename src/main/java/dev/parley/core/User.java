package dev.parley.core;

import java.time.Instant;

/**
 * A person of the host app. Parley holds no password: the host app authenticates people.
 *
 * @param key  the internal 64-bit key; shown only by dialects with integer ids
 * @param data free JSON text chosen by the host app, or null
 */
public record User(long key, UserId id, String externalId, String name, String email, String phone,
                   String photoUrl, String data, Instant createdAt, Instant updatedAt) {}
