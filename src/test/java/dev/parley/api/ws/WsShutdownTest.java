package dev.parley.api.ws;

import dev.parley.core.User;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class WsShutdownTest {

    @Test
    void a_graceful_shutdown_tells_connected_clients_to_go_away_with_1001() {
        TestServer server = TestServer.start();
        WsFixture fx = new WsFixture(server);
        User ann = fx.user("Ann");
        try (WsClient a = fx.connect(ann)) {
            server.close();
            assertThat(a.closeCode(Duration.ofSeconds(15))).isEqualTo(CloseCodes.GOING_AWAY);
        }
    }
}
