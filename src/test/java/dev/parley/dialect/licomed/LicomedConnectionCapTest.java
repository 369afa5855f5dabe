package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PARLEY_MAX_CONNECTIONS_PER_USER} on the licomed socket: the dialect's error frame, then 1008; {@code
 * PARLEY_MAX_CONNECTIONS} (the node's): the same, then 1013.
 */
@Timeout(30)
class LicomedConnectionCapTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_USER", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(User user) {
        return url(server, user);
    }

    private static String url(TestServer on, User user) {
        return on.wsUrl("/ws/chat/room/?token=" + on.token(user.externalId()));
    }

    private static User user(TestServer on, String name) {
        return on.server().chat().users().upsert(Actor.SERVER,
                new UserProfile(name + "-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    @Test
    void the_connection_over_the_cap_gets_an_error_frame_and_1008() {
        User ann = user(server, "Ann");
        try (WsClient first = WsClient.connect(url(ann)); WsClient second = WsClient.connect(url(ann))) {
            JsonNode error = second.next();
            assertThat(error.path("action").asText()).isEqualTo("error");
            assertThat(error.path("status").asText()).isEqualTo("failure");
            assertThat(error.path("message").asText()).contains("too many connections");
            assertThat(second.closeCode(Duration.ofSeconds(10))).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void a_connection_to_a_full_node_gets_an_error_frame_and_1013() {
        try (TestServer full = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "1"))) {
            User ann = user(full, "Ann");
            User bob = user(full, "Bob");
            try (WsClient first = WsClient.connect(url(full, ann)); WsClient refused = WsClient.connect(url(full, bob))) {
                JsonNode error = refused.next();
                assertThat(error.path("action").asText()).isEqualTo("error");
                assertThat(error.path("message").asText()).contains("too many connections").contains("maximum of 1");
                assertThat(refused.closeCode(Duration.ofSeconds(10))).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
                assertThat(first.isClosed()).isFalse();
            }
        }
    }
}
