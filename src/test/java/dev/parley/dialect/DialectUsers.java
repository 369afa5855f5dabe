package dev.parley.dialect;

import dev.parley.core.User;
import dev.parley.testing.TestServer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Users for dialect tests, made by the host app with the server key ({@code POST /v1/users}), with
 * all-digit external ids as the tsync and cubicl seeds' apps use; plus their credentials.
 */
public final class DialectUsers {
    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    private final TestServer server;

    public DialectUsers(TestServer server) {
        this.server = server;
    }

    /** A new user whose external id is a fresh number. */
    public User create(String name) {
        String externalId = Long.toString(NEXT.incrementAndGet());
        server.createUser(externalId, name);
        return server.server().chat().users().byExternalId(externalId).orElseThrow();
    }

    /** {@code Token <jwt>}, the DRF style tsync clients send. */
    public String token(User user) {
        return "Token " + server.token(user.externalId());
    }

    public String bearer(User user) {
        return "Bearer " + server.token(user.externalId());
    }

    public static String serverKey() {
        return "Bearer " + TestServer.API_KEY;
    }
}
