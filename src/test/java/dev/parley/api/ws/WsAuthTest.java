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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class WsAuthTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;
    private static WsFixture fx;
    private static User ann;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new WsFixture(server);
        ann = fx.user("Ann");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private void assertReadyFor(JsonNode ready) {
        assertThat(ready.path("type").asText()).isEqualTo("ready");
        assertThat(ready.path("user").path("id").asText()).isEqualTo(ann.id().toString());
        assertThat(ready.path("user").path("name").asText()).isEqualTo("Ann");
        assertThat(ready.path("cursor").isIntegralNumber()).isTrue();
        assertThat(ready.path("cursor").asLong()).isEqualTo(fx.chat.resume().head());
    }

    @Test
    void bearer_header_on_the_upgrade_authenticates_and_ready_carries_profile_and_cursor() {
        try (WsClient c = WsClient.bearer(fx.url(), fx.token(ann))) {
            assertReadyFor(c.next());
            c.send(WsClient.frame("ping").put("id", 7));
            assertThat(c.next("pong").path("id").asInt()).isEqualTo(7);
        }
    }

    @Test
    void token_query_parameter_authenticates() {
        String url = fx.url() + "?token=" + URLEncoder.encode(fx.token(ann), StandardCharsets.UTF_8);
        try (WsClient c = WsClient.connect(url)) {
            assertReadyFor(c.next());
        }
    }

    @Test
    void first_auth_frame_authenticates() {
        try (WsClient c = WsClient.connect(fx.url())) {
            c.send(WsClient.frame("auth").put("token", fx.token(ann)));
            assertReadyFor(c.next());
            c.send(WsClient.frame("ping").put("id", "p1"));
            assertThat(c.next("pong").path("id").asText()).isEqualTo("p1");
        }
    }

    @Test
    void bad_token_in_the_header_is_closed_with_4001() {
        try (WsClient c = WsClient.bearer(fx.url(), fx.token(ann) + "x")) {
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void bad_token_in_the_query_is_closed_with_4001() {
        try (WsClient c = WsClient.connect(fx.url() + "?token=nonsense")) {
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void bad_token_in_the_auth_frame_is_closed_with_4001() {
        try (WsClient c = WsClient.connect(fx.url())) {
            c.send(WsClient.frame("auth").put("token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void token_of_a_user_that_does_not_exist_is_closed_with_4001() {
        try (WsClient c = WsClient.bearer(fx.url(), server.token("nobody-" + System.nanoTime()))) {
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void server_api_key_is_not_a_user_token_and_is_closed_with_4001() {
        try (WsClient c = WsClient.bearer(fx.url(), TestServer.API_KEY)) {
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void a_first_frame_that_is_not_auth_is_closed_with_4001() {
        try (WsClient c = WsClient.connect(fx.url())) {
            c.send(WsClient.frame("ping"));
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void malformed_first_frame_is_closed_with_4001() {
        try (WsClient c = WsClient.connect(fx.url())) {
            c.send("{not json");
            assertThat(c.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void a_connection_without_credential_that_never_sends_auth_is_closed_with_4001_after_10_seconds() {
        try (WsClient c = WsClient.connect(fx.url())) {
            long start = System.nanoTime();
            assertThat(c.closeCode(Duration.ofSeconds(15))).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void a_second_auth_frame_is_an_error_reply_not_a_disconnect() {
        try (WsClient c = fx.connect(ann)) {
            c.send(WsClient.frame("auth").put("token", fx.token(ann)).put("id", "again"));
            JsonNode error = c.next("error");
            assertThat(error.path("id").asText()).isEqualTo("again");
            assertThat(error.path("error").path("status").asInt()).isEqualTo(400);
            c.send(WsClient.frame("ping"));
            c.next("pong");
        }
    }

    @Test
    void plain_http_get_is_told_to_upgrade() {
        TestServer.Answer a = server.get("/v1/ws", "Bearer " + fx.token(ann));
        assertThat(a.status()).isEqualTo(426);
        assertThat(a.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
}
