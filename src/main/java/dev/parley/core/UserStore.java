package dev.parley.core;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Port: where users are kept. Every write is durable when the method returns. */
public interface UserStore {

    /** The user and whether this call created it (false: an existing user was updated). */
    record Upserted(User user, boolean created) {}

    /**
     * Creates the user with {@code profile.externalId()}, or updates the one that has it. A null
     * external id always creates a new user. Null profile fields of an existing user stay as they are.
     */
    Upserted upsertUser(UserProfile profile);

    /** Replaces the non-null fields of the profile (the external id included). Empty if unknown. */
    Optional<User> updateUser(UserId id, UserProfile patch);

    Optional<User> user(UserId id);

    Optional<User> userByExternalId(String externalId);

    /** The users among {@code ids} that exist; unknown ids are absent from the map. */
    Map<UserId, User> users(Collection<UserId> ids);
}
