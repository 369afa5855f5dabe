package dev.parley.core;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Use cases about users: the host app creates and updates them; anyone signed in may read profiles. */
public final class Users {
    private final UserStore store;
    private final Limits limits;

    public Users(UserStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Creates the user with the profile's external id, or updates the one that has it. Server only. */
    public UserStore.Upserted upsert(Actor actor, UserProfile profile) {
        actor.requireServer();
        return store.upsertUser(checked(profile));
    }

    /**
     * The user mapped to a host-app external id ("create or fetch"): the server key creates it on first
     * use and gets the same user on every later call; a user token may only map its own external id.
     */
    public UserStore.Upserted map(Actor actor, String externalId) {
        String ref = Checks.text("external_id", externalId, limits.maxNameChars(), true);
        if (actor instanceof Actor.Person p) {
            if (!ref.equals(p.user().externalId())) {
                throw ParleyException.forbidden("a user token may only map its own external id");
            }
            return new UserStore.Upserted(p.user(), false);
        }
        actor.requireServer();
        return store.upsertUser(new UserProfile(ref, null, null, null, null, null));
    }

    public User get(Actor actor, UserId id) {
        if (actor instanceof Actor.Visitor) {
            throw ParleyException.forbidden("visitors cannot read user profiles");
        }
        return store.user(id).orElseThrow(() -> ParleyException.notFound("user"));
    }

    /** Updates a profile: the server for anyone, a user for themselves (but not their external id). */
    public User update(Actor actor, UserId id, UserProfile patch) {
        if (actor instanceof Actor.Person p) {
            if (!p.user().id().equals(id)) {
                throw ParleyException.forbidden("users may only update their own profile");
            }
            if (patch.externalId() != null && !patch.externalId().equals(p.user().externalId())) {
                throw ParleyException.forbidden("only the server key may change an external id");
            }
        } else {
            actor.requireServer();
        }
        UserProfile checked = checked(patch);
        if (checked.externalId() != null) {
            store.userByExternalId(checked.externalId())
                    .filter(other -> !other.id().equals(id))
                    .ifPresent(other -> {
                        throw ParleyException.conflict("another user has that external_id");
                    });
        }
        return store.updateUser(id, checked).orElseThrow(() -> ParleyException.notFound("user"));
    }

    /** The user with this Parley id (a UUID) or, failing that, this external id. */
    public Optional<User> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        if (Ids.isUuid(ref)) {
            Optional<User> byId = store.user(UserId.parse(ref));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return store.userByExternalId(ref);
    }

    public Optional<User> byExternalId(String externalId) {
        return store.userByExternalId(externalId);
    }

    public Optional<User> byId(UserId id) {
        return store.user(id);
    }

    public Map<UserId, User> all(Collection<UserId> ids) {
        return store.users(ids);
    }

    private UserProfile checked(UserProfile p) {
        return new UserProfile(
                Checks.optional("external_id", p.externalId(), limits.maxNameChars()),
                Checks.optional("name", p.name(), limits.maxNameChars()),
                Checks.optional("email", p.email(), limits.maxNameChars()),
                Checks.optional("phone", p.phone(), 64),
                Checks.optional("photo_url", p.photoUrl(), 2_048),
                Checks.optional("data", p.data(), limits.maxDataChars()));
    }
}
