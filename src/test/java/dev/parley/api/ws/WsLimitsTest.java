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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class WsLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_FRAME_BYTES", "4096",
                "PARLEY_WS_FRAMES_PER_SECOND", "2", "PARLEY_WS_FRAME_BURST", "5"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_frame_over_the_frame_limit_closes_with_1009() throws Exception {
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            a.send(WsClient.frame("send").put("thread", "x").put("text", "y".repeat(5_000)));
            assertThat(a.closeCode(WAIT)).isEqualTo(CloseCodes.TOO_BIG);
        }
        assertThat(leftTheHub(ann)).as("the server dropped the connection").isTrue();
    }

    @Test
    void a_message_over_the_limit_in_small_fragments_closes_with_1009() {
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            String big = WsClient.frame("send").put("thread", "x").put("text", "y".repeat(6_000)).toString();
            try {
                a.sendFragmented(big, 4);
            } catch (RuntimeException closedWhileSending) {
                // the server may close before the last fragment
            }
            assertThat(a.closeCode(WAIT)).isEqualTo(CloseCodes.TOO_BIG);
        }
    }

    @Test
    void a_frame_just_under_the_limit_is_handled() {
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            a.send(WsClient.frame("ping").put("id", "z".repeat(100)).put("pad", "p".repeat(3_800)));
            assertThat(a.next("pong").path("id").asText()).hasSize(100);
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void frames_over_the_rate_are_refused_with_an_error_then_the_connection_is_closed_with_4029() throws Exception {
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            for (int i = 0; i < 30 && !a.isClosed(); i++) {
                a.sendAsync(WsClient.frame("ping").put("id", i));
            }
            List<JsonNode> replies = new ArrayList<>();
            int code = a.closeCode(WAIT);
            replies.addAll(a.drain());

            assertThat(code).isEqualTo(CloseCodes.RATE_LIMITED);
            assertThat(replies.subList(0, 5)).allMatch(f -> f.path("type").asText().equals("pong"));
            List<JsonNode> refused = replies.stream().filter(f -> f.path("type").asText().equals("error")).toList();
            assertThat(refused).isNotEmpty().allMatch(f -> f.path("error").path("status").asInt() == 429
                    && f.path("error").path("type").asText().endsWith("/rate-limited"));
        }
        assertThat(leftTheHub(ann)).as("the server dropped the connection").isTrue();
    }

    @Test
    void a_client_within_the_rate_is_never_refused() throws Exception {
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            for (int i = 0; i < 4; i++) {
                a.send(WsClient.frame("ping").put("id", i));
                assertThat(a.next("pong").path("id").asInt()).isEqualTo(i);
            }
            java.lang.Thread.sleep(1_100);
            a.send(WsClient.frame("ping").put("id", "later"));
            assertThat(a.next("pong").path("id").asText()).isEqualTo("later");
        }
    }

    /**
     * The client has its close frame before the server's close handler has run on the socket's event
     * loop (another thread than the test's), so the hub may still list it for a moment.
     */
    private static boolean leftTheHub(User user) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.server().hub().online(user.id()) && System.nanoTime() < deadline) {
            java.lang.Thread.sleep(10);
        }
        return !server.server().hub().online(user.id());
    }
}
