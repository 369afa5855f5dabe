package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.StalledWebSocket;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class WsSlowConsumerTest {
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_WS_QUEUE_FRAMES", "16",
                "PARLEY_WS_FRAMES_PER_SECOND", "100000", "PARLEY_WS_FRAME_BURST", "100000"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client of Ann's that is registered with the hub (its ready frame came) and then reads nothing. */
    private static StalledWebSocket stalledClient(String token) throws IOException {
        StalledWebSocket s = StalledWebSocket.open(server.port(), WsModule.PATH + "?token=" + token);
        assertThat(new String(s.readFrame(), StandardCharsets.UTF_8)).contains("\"ready\"");
        return s;
    }

    @Test
    void a_client_that_stops_reading_is_closed_with_4008_and_the_server_stays_healthy() throws Exception {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        String big = "x".repeat(15_000);
        try (StalledWebSocket stalled = stalledClient(fx.token(ann)); WsClient b = fx.connect(bob)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int sent = 0;
            while (server.server().hub().online(ann.id())) {
                assertThat(System.nanoTime()).as("ann dropped within 30 s").isLessThan(deadline);
                for (int i = 0; i < 20; i++, sent++) {
                    b.sendAsync(WsClient.frame("send").put("id", sent).put("thread", room.toString()).put("text", big));
                }
                b.flush();
                int acks = 0;
                while (acks < 20) {
                    JsonNode f = b.next(Duration.ofSeconds(20));
                    if (f.path("type").asText().equals("ack")) {
                        acks++;
                    }
                }
            }

            assertThat(stalled.readUntilClose().closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            b.drain();
            b.send(WsClient.frame("ping").put("id", "alive"));
            assertThat(b.until("pong").path("id").asText()).isEqualTo("alive");
        }
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        try (WsClient again = fx.connect(ann)) {
            again.send(WsClient.frame("ping"));
            again.next("pong");
        }
    }
}
