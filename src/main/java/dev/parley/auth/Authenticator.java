package dev.parley.auth;

import dev.parley.core.Actor;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.core.Users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a credential into an {@link Actor}: the server API key becomes {@link Actor.Server}; a user
 * token whose {@code sub} is a user's Parley id or external id becomes {@link Actor.Person}.
 * Anything else is UNAUTHORIZED.
 */
public final class Authenticator {
    private final byte[] apiKey;
    private final Tokens tokens;
    private final Users users;

    public Authenticator(String apiKey, Tokens tokens, Users users) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.users = users;
    }

    public Tokens tokens() {
        return tokens;
    }

    /**
     * From an {@code Authorization} header: {@code Bearer <credential>} or {@code Token <credential>}
     * (the DRF style one dialect uses).
     */
    public Actor fromHeader(String header) {
        return fromCredential(credential(header));
    }

    /** The credential of an {@code Authorization} header, or null when there is none. */
    public static String credential(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = h.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer") && !scheme.equalsIgnoreCase("Token")) {
            return null;
        }
        String value = h.substring(space + 1).strip();
        return value.isEmpty() ? null : value;
    }

    /** The server API key, or a user token. */
    public Actor fromCredential(String credential) {
        if (credential == null) {
            throw Tokens.unauthorized("missing credentials");
        }
        if (isApiKey(credential)) {
            return Actor.SERVER;
        }
        return user(credential);
    }

    /** A user token only (the server key is refused). */
    public Actor.Person user(String token) {
        if (token == null || token.isBlank()) {
            throw Tokens.unauthorized("missing token");
        }
        String subject = tokens.verify(token);
        User user = users.find(subject).orElseThrow(() -> Tokens.unauthorized("token subject is not a user"));
        return new Actor.Person(user);
    }

    public boolean isApiKey(String credential) {
        return credential != null
                && MessageDigest.isEqual(apiKey, credential.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The server key acting as a user (for endpoints that need a user), from a user reference
     * (Parley id or external id).
     */
    public Actor actAs(Actor actor, String userRef) {
        if (userRef == null || userRef.isBlank()) {
            return actor;
        }
        actor.requireServer();
        return new Actor.Person(users.find(userRef).orElseThrow(() -> ParleyException.notFound("user")));
    }
}
