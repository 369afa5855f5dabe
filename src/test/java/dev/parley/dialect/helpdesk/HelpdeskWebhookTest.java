package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestServer.Answer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.dialect.helpdesk.HelpdeskApiTest.KEY;
import static dev.parley.dialect.helpdesk.HelpdeskApiTest.message;
import static dev.parley.dialect.helpdesk.HelpdeskApiTest.openThread;
import static org.assertj.core.api.Assertions.assertThat;

/** The outgoing webhook, delivered to a real HTTP receiver started by the test on 127.0.0.1. */
@Timeout(60)
class HelpdeskWebhookTest {
    static final String SECRET = "whsec-test-0123456789";

    /** One request the receiver got. */
    record Delivery(long at, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    static HttpServer receiver;
    static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    static final AtomicInteger failNext = new AtomicInteger();
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), body));
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        server = TestServer.start(Map.of(
                "PARLEY_HELPDESK_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "PARLEY_HELPDESK_WEBHOOK_SECRET", SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.stop(0);
    }

    /** What a receiver does to check a delivery: HMAC-SHA256 of the raw body with the shared secret. */
    static String expectedSignature(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Delivery> deliveriesOf(String messageId, int atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            List<Delivery> found = deliveries.stream()
                    .filter(d -> messageId.equals(d.header("X-Parley-Delivery"))).toList();
            if (found.size() >= atLeast || System.currentTimeMillis() > deadline) {
                return found;
            }
            java.lang.Thread.sleep(20);
        }
    }

    @Test
    void new_visitor_message_is_posted_to_the_webhook_signed_over_the_exact_body() throws Exception {
        String thread = openThread(server);

        Answer sent = server.post("/chat/message/", null, message(thread, "I need a refund", true));

        String messageId = sent.json().get("id").asText();
        List<Delivery> got = deliveriesOf(messageId, 1);
        assertThat(got).hasSize(1);
        Delivery d = got.getFirst();
        assertThat(d.header("X-Parley-Signature")).isEqualTo(expectedSignature(d.body()));
        assertThat(d.header("X-Parley-Event")).isEqualTo("message.created");
        assertThat(d.header("Content-Type")).startsWith("application/json");
        JsonNode payload = Json.parse(d.body());
        assertThat(payload).isEqualTo(sent.json());
        assertThat(payload.get("body").asText()).isEqualTo("I need a refund");
        assertThat(payload.get("thread").asText()).isEqualTo(thread);
        assertThat(payload.get("send_by_user").asBoolean()).isTrue();
    }

    @Test
    void delivery_is_retried_after_the_receiver_answers_500() throws Exception {
        String thread = openThread(server);
        failNext.set(1);

        Answer sent = server.post("/chat/message/", null, message(thread, "second try", true));

        List<Delivery> got = deliveriesOf(sent.json().get("id").asText(), 2);
        assertThat(got).hasSize(2);
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        assertThat(got.get(1).header("X-Parley-Signature")).isEqualTo(expectedSignature(got.get(1).body()));
        assertThat((got.get(1).at() - got.get(0).at()) / 1_000_000).as("backoff ms").isGreaterThanOrEqualTo(400);
    }

    @Test
    void agent_messages_are_not_forwarded() throws Exception {
        String thread = openThread(server);

        Answer agent = server.post("/chat/message/", KEY, message(thread, "answer from Slack", false));
        Answer visitor = server.post("/chat/message/", null, message(thread, "thanks", true));

        assertThat(deliveriesOf(visitor.json().get("id").asText(), 1)).hasSize(1);
        assertThat(deliveries).noneMatch(d -> agent.json().get("id").asText().equals(d.header("X-Parley-Delivery")));
    }

    @Test
    void send_succeeds_quickly_when_the_webhook_is_unreachable_or_hangs() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            for (String url : List.of("http://127.0.0.1:" + closedPort + "/hook",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/hook")) {
                try (TestServer other = TestServer.start(Map.of("PARLEY_HELPDESK_WEBHOOK_URL", url,
                        "PARLEY_HELPDESK_WEBHOOK_SECRET", SECRET))) {
                    String thread = openThread(other);
                    for (int i = 0; i < 3; i++) {
                        long start = System.nanoTime();
                        Answer a = other.post("/chat/message/", null, message(thread, "anyone? " + i, true));
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        assertThat(a.status()).isEqualTo(201);
                        assertThat(ms).as("send time with webhook " + url).isLessThan(1_000);
                    }
                    assertThat(other.get("/chat/thread/" + thread + "/", null).json().get("messages")).hasSize(3);
                }
            }
        }
    }
}
