package dev.parley.dialect.socketio;

import dev.parley.core.Actor;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.testing.TestServer;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PARLEY_MAX_CONNECTIONS_PER_USER} and {@code PARLEY_MAX_CONNECTIONS} in the Socket.IO dialect: a CONNECT
 * over either cap gets connect_error.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketIoConnectionCapTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_USER", "2"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static User user(String name) {
        return user(server, name);
    }

    private static User user(TestServer on, String name) {
        return on.server().chat().users().upsert(Actor.SERVER,
                new UserProfile(name + "-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void the_connection_over_the_cap_gets_connect_error_and_connects_once_one_closed(String transport)
            throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        String token = server.token(alice.id().toString());
        String[] transports = {transport};
        try (SioClient first = SioClient.connect(server, token, transports);
             SioClient second = SioClient.connect(server, token, transports)) {
            try (SioClient third = SioClient.open(server, Map.of("token", token), null, transports)) {
                Object error = third.connectError.get(10, TimeUnit.SECONDS);
                assertThat(error).isInstanceOf(JSONObject.class);
                JSONObject e = (JSONObject) error;
                assertThat(e.getString("message")).contains("too many connections");
                assertThat(e.getJSONObject("data").getString("code")).isEqualTo("rate-limited");
                assertThat(third.connected).isNotDone();
            }
            try (SioClient other = SioClient.connect(server, server.token(bob.id().toString()), transports)) {
                assertThat(other.call("list-chats", new JSONObject()).has("chats")).isTrue();
            }
            assertThat(second.call("list-chats", new JSONObject()).has("chats")).as("the open ones stay").isTrue();

            first.close();
            // The server frees the slot when it sees the close, a moment after the client let go.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (SioClient again = SioClient.open(server, Map.of("token", token), null, transports)) {
                    CompletableFuture.anyOf(again.connected, again.connectError).get(10, TimeUnit.SECONDS);
                    if (again.connected.isDone()) {
                        assertThat(again.call("list-chats", new JSONObject()).has("chats")).isTrue();
                        break;
                    }
                }
                assertThat(System.nanoTime()).as("the slot was freed in time").isLessThan(deadline);
                java.lang.Thread.sleep(50);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void a_connection_to_a_full_node_gets_connect_error_unavailable(String transport) throws Exception {
        try (TestServer full = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "1"))) {
            String[] transports = {transport};
            try (SioClient first = SioClient.connect(full, full.token(user(full, "alice").id().toString()), transports);
                 SioClient refused = SioClient.open(full, Map.of("token", full.token(user(full, "bob").id().toString())),
                         null, transports)) {
                JSONObject e = (JSONObject) refused.connectError.get(10, TimeUnit.SECONDS);
                assertThat(e.getString("message")).contains("too many connections").contains("maximum of 1");
                assertThat(e.getJSONObject("data").getString("code")).isEqualTo("unavailable");
                assertThat(refused.connected).isNotDone();
                assertThat(first.call("list-chats", new JSONObject()).has("chats")).as("the open one stays").isTrue();
            }
        }
    }
}
