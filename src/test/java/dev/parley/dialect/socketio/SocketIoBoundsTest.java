package dev.parley.dialect.socketio;

import dev.parley.core.Actor;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.testing.TestServer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The socketio dialect's bounds on a server with a low event rate: rate limits and bad packets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketIoBoundsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "2", "PARLEY_MESSAGE_BURST", "5"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static User user(String name) {
        return server.server().chat().users().upsert(Actor.SERVER,
                new UserProfile(name + "-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    @Test
    void events_beyond_the_rate_of_a_socket_are_refused_with_rate_limited_then_accepted_again() throws Exception {
        User alice = user("alice");
        try (SioClient c = SioClient.connect(server, server.token(alice.id().toString()), SioClient.WEBSOCKET)) {
            List<CompletableFuture<JSONObject>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(c.callAsync("list-chats", new JSONObject()));
            }
            int limited = 0;
            for (CompletableFuture<JSONObject> a : answers) {
                JSONObject answer = a.get(10, TimeUnit.SECONDS);
                if (answer.has("error")) {
                    assertThat(answer.getJSONObject("error").getString("code")).isEqualTo("rate-limited");
                    limited++;
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(5);
            java.lang.Thread.sleep(1_100);
            assertThat(c.call("list-chats", new JSONObject()).has("chats")).isTrue();
            assertThat(c.disconnected).isNotDone();
        }
    }

    @Test
    void a_malformed_packet_disconnects_that_socket_only() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        try (SioClient bad = SioClient.connect(server, server.token(alice.id().toString()), SioClient.POLLING);
             SioClient good = SioClient.connect(server, server.token(bob.id().toString()), SioClient.POLLING)) {
            bad.sendRaw("2[\"list-chats\", {unquoted: ");
            assertThat(bad.disconnected.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(good.call("list-chats", new JSONObject()).has("chats")).isTrue();
            assertThat(good.disconnected).isNotDone();
        }
    }
}
