package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Tokens;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.core.UserStore;
import dev.parley.web.Json;

import java.time.Duration;

/** {@code /v1/users}: the host app creates and updates users and issues their tokens. */
final class UserRoutes {
    static final long DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;
    static final long MIN_TOKEN_TTL_SECONDS = 60;
    static final long MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

    private final Tokens tokens;

    UserRoutes(Tokens tokens) {
        this.tokens = tokens;
    }

    void mount(Routes r) {
        r.post("/v1/users", this::upsert);
        r.get("/v1/users/me", this::me);
        r.get("/v1/users/:id", this::get);
        r.patch("/v1/users/:id", this::update);
        r.post("/v1/users/:id/tokens", this::issueToken);
    }

    private Reply upsert(Call c) {
        UserStore.Upserted u = c.chat().users().upsert(c.actor(), profile(c));
        return Reply.createdOr(u.created(), Wire.user(u.user()));
    }

    private Reply me(Call c) {
        User me = c.actor().requireUser();
        return Reply.ok(Wire.user(c.chat().users().get(c.actor(), me.id())));
    }

    private Reply get(Call c) {
        User user = Refs.pathUser(c, c.path("id"));
        return Reply.ok(Wire.user(c.chat().users().get(c.actor(), user.id())));
    }

    private Reply update(Call c) {
        User user = Refs.pathUser(c, c.path("id"));
        return Reply.ok(Wire.user(c.chat().users().update(c.actor(), user.id(), profile(c))));
    }

    /** Server key only: a user token whose subject is the user's Parley id. */
    private Reply issueToken(Call c) {
        c.actor().requireServer();
        User user = Refs.pathUser(c, c.path("id"));
        Long ttl = c.number("ttl_seconds");
        long seconds = ttl == null ? DEFAULT_TOKEN_TTL_SECONDS : ttl;
        if (seconds < MIN_TOKEN_TTL_SECONDS || seconds > MAX_TOKEN_TTL_SECONDS) {
            throw ParleyException.invalid("ttl_seconds", "ttl_seconds must be between " + MIN_TOKEN_TTL_SECONDS
                    + " and " + MAX_TOKEN_TTL_SECONDS);
        }
        Tokens.Issued issued = tokens.issue(user.id().toString(), Duration.ofSeconds(seconds));
        ObjectNode n = Json.obj();
        n.put("token", issued.token());
        n.put("expires_at", Wire.time(issued.expiresAt()));
        return Reply.ok(n);
    }

    private static UserProfile profile(Call c) {
        return new UserProfile(c.text("external_id"), c.text("name"), c.text("email"), c.text("phone"),
                c.text("photo_url"), c.json("data"));
    }
}
