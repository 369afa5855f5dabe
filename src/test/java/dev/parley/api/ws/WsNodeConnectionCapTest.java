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

/** {@code PARLEY_MAX_CONNECTIONS} on {@code /v1/ws}: the connection over the node's cap is told to come back later. */
@Timeout(30)
class WsNodeConnectionCapTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "2"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_third_user_on_a_node_holding_two_connections_gets_an_error_and_1013_then_connects_once_one_closed()
            throws Exception {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        User carol = fx.user("Carol");
        try (WsClient a = fx.connect(ann)) {
            WsClient b = fx.connect(bob);
            try (WsClient refused = WsClient.bearer(fx.url(), fx.token(carol))) {
                JsonNode error = refused.next("error").path("error");
                assertThat(error.path("status").asInt()).isEqualTo(503);
                assertThat(error.path("type").asText()).endsWith("/unavailable");
                assertThat(error.path("detail").asText()).contains("too many connections").contains("maximum of 2");
                assertThat(refused.closeCode(WAIT)).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
            }
            a.send(WsClient.frame("ping").put("id", "still"));
            assertThat(a.next("pong").path("id").asText()).as("the open ones stay open").isEqualTo("still");

            b.close();
            // The server frees the slot on the socket's event loop after the client saw its close: retry
            // as a client would.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                WsClient again = WsClient.bearer(fx.url(), fx.token(carol));
                if (again.next().path("type").asText().equals("ready")) {
                    again.send(WsClient.frame("ping").put("id", "in"));
                    assertThat(again.next("pong").path("id").asText()).isEqualTo("in");
                    again.close();
                    break;
                }
                again.close();
                assertThat(System.nanoTime()).as("the slot was freed in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
