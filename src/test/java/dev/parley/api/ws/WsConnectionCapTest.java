package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.User;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PARLEY_MAX_CONNECTIONS_PER_USER} on {@code /v1/ws}: the connection over the cap is told why; over {@code
 * PARLEY_MAX_CONNECTIONS} (the node's), it is told to come back later.
 */
@Timeout(30)
class WsConnectionCapTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_USER", "2"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_third_connection_of_a_user_gets_an_error_and_1008_while_another_user_connects() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        try (WsClient a1 = fx.connect(ann); WsClient a2 = fx.connect(ann)) {
            try (WsClient a3 = WsClient.bearer(fx.url(), fx.token(ann))) {
                assertRefused(a3);
            }
            try (WsClient b = fx.connect(bob)) {
                b.send(WsClient.frame("ping").put("id", 1));
                assertThat(b.next("pong").path("id").asInt()).isEqualTo(1);
            }
            a1.send(WsClient.frame("ping").put("id", "still"));
            assertThat(a1.next("pong").path("id").asText()).as("the open ones stay open").isEqualTo("still");
        }
    }

    @Test
    void a_connection_authenticating_with_an_auth_frame_is_refused_the_same_way() {
        User ann = fx.user("Ann");
        try (WsClient a1 = fx.connect(ann); WsClient a2 = fx.connect(ann);
             WsClient a3 = WsClient.connect(fx.url())) {
            a3.send(WsClient.frame("auth").put("token", fx.token(ann)));
            assertRefused(a3);
        }
    }

    @Test
    void after_closing_one_the_user_connects_again() throws Exception {
        User ann = fx.user("Ann");
        try (WsClient a2 = fx.connect(ann)) {
            WsClient a1 = fx.connect(ann);
            try (WsClient refused = WsClient.bearer(fx.url(), fx.token(ann))) {
                assertRefused(refused);
            }
            a1.close();
            connectsAgain(fx, ann);
        }
    }

    @Test
    void a_third_user_on_a_node_holding_two_connections_gets_an_error_and_1013_then_connects_once_one_closed()
            throws Exception {
        try (TestServer full = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "2"))) {
            WsFixture node = new WsFixture(full);
            User ann = node.user("Ann");
            User bob = node.user("Bob");
            User carol = node.user("Carol");
            try (WsClient a = node.connect(ann)) {
                WsClient b = node.connect(bob);
                try (WsClient refused = WsClient.bearer(node.url(), node.token(carol))) {
                    JsonNode error = refused.next("error").path("error");
                    assertThat(error.path("status").asInt()).isEqualTo(503);
                    assertThat(error.path("type").asText()).endsWith("/unavailable");
                    assertThat(error.path("detail").asText()).contains("too many connections").contains("maximum of 2");
                    assertThat(refused.closeCode(WAIT)).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
                }
                a.send(WsClient.frame("ping").put("id", "still"));
                assertThat(a.next("pong").path("id").asText()).as("the open ones stay open").isEqualTo("still");

                b.close();
                connectsAgain(node, carol);
            }
        }
    }

    /**
     * Connects {@code user} again after one of the connections was closed. The client has its close answered
     * before the server's close handler has freed the slot on the socket's event loop, so an attempt may be
     * a moment early: retry as a client would.
     */
    private static void connectsAgain(WsFixture fx, User user) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            WsClient again = WsClient.bearer(fx.url(), fx.token(user));
            if (again.next().path("type").asText().equals("ready")) {
                again.send(WsClient.frame("ping").put("id", "back"));
                assertThat(again.next("pong").path("id").asText()).isEqualTo("back");
                again.close();
                return;
            }
            again.close();
            assertThat(System.nanoTime()).as("the slot was freed in time").isLessThan(deadline);
            java.lang.Thread.sleep(20);
        }
    }

    private static void assertRefused(WsClient client) {
        JsonNode error = client.next("error").path("error");
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("type").asText()).endsWith("/rate-limited");
        assertThat(error.path("detail").asText()).contains("too many connections").contains("at most 2");
        assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
    }
}
