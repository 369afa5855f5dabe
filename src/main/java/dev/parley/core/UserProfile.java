package dev.parley.core;

/**
 * The fields of a user the host app sets. In an update a null field leaves the stored value as is.
 *
 * @param data JSON text (already validated as JSON by the adapter that parsed it), or null
 */
public record UserProfile(String externalId, String name, String email, String phone, String photoUrl,
                          String data) {}
