package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Messages;
import dev.parley.core.ThreadId;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.parley.dialect.helpdesk.HelpdeskApiTest.KEY;
import static dev.parley.dialect.helpdesk.HelpdeskApiTest.TIMESTAMP;
import static dev.parley.dialect.helpdesk.HelpdeskApiTest.message;
import static dev.parley.dialect.helpdesk.HelpdeskApiTest.openThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /ws/chat/:threadId/} over a real WebSocket. */
@Timeout(30)
class HelpdeskSocketTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A real WebSocket client collecting the text frames it receives. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        JsonNode next() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return Json.parse(frame);
        }
    }

    static WebSocket connect(String path, Listener listener) {
        return server.http().newWebSocketBuilder().buildAsync(URI.create(server.wsUrl(path)), listener).join();
    }

    @Test
    void socket_receives_each_new_message_of_its_thread_in_the_seed_shape() throws Exception {
        String id = openThread(server);
        Listener listener = new Listener();
        WebSocket ws = connect("/ws/chat/" + id + "/", listener);

        server.post("/chat/message/", null, message(id, "Hello from the visitor", true));
        server.post("/chat/message/", KEY, message(id, "Hello from Slack", false));

        JsonNode first = listener.next();
        assertThat(HelpdeskApiTest.fieldNames(first)).containsExactlyInAnyOrder("id", "user", "timestamp", "body",
                "send_by_user", "thread");
        assertThat(first.get("body").asText()).isEqualTo("Hello from the visitor");
        assertThat(first.get("send_by_user").asBoolean()).isTrue();
        assertThat(first.get("thread").asText()).isEqualTo(id);
        assertThat(first.get("user").get("name").asText()).isEqualTo("Jane Doe");
        assertThat(first.get("timestamp").asText()).matches(TIMESTAMP);
        JsonNode second = listener.next();
        assertThat(second.get("body").asText()).isEqualTo("Hello from Slack");
        assertThat(second.get("send_by_user").asBoolean()).isFalse();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void socket_does_not_receive_messages_of_other_threads() throws Exception {
        String mine = openThread(server);
        String other = openThread(server);
        Listener listener = new Listener();
        WebSocket ws = connect("/ws/chat/" + mine, listener);

        server.post("/chat/message/", null, message(other, "not for you", true));
        server.post("/chat/message/", null, message(mine, "for you", true));

        assertThat(listener.next().get("body").asText()).isEqualTo("for you");
        assertThat(listener.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void socket_receives_a_message_sent_through_the_core_by_another_api() throws Exception {
        String id = openThread(server);
        Listener listener = new Listener();
        WebSocket ws = connect("/ws/chat/" + id + "/", listener);

        server.server().chat().messages().send(Actor.SERVER,
                Messages.Send.text(ThreadId.parse(id), "from the host app", null));

        JsonNode frame = listener.next();
        assertThat(frame.get("body").asText()).isEqualTo("from the host app");
        assertThat(frame.get("send_by_user").asBoolean()).isFalse();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void a_closed_socket_leaves_the_hub() throws Exception {
        String id = openThread(server);
        int before = server.server().hub().connections();
        WebSocket ws = connect("/ws/chat/" + id + "/", new Listener());
        assertThat(server.server().hub().connections()).isEqualTo(before + 1);

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        long deadline = System.currentTimeMillis() + 5_000;
        while (server.server().hub().connections() > before && System.currentTimeMillis() < deadline) {
            java.lang.Thread.sleep(20);
        }
        assertThat(server.server().hub().connections()).isEqualTo(before);
    }

    @Test
    void socket_for_an_unknown_thread_is_refused_with_404() {
        Listener listener = new Listener();

        assertThatThrownBy(() -> connect("/ws/chat/" + UUID.randomUUID() + "/", listener))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    HttpResponse<?> response = ((WebSocketHandshakeException) e).getResponse();
                    assertThat(response.statusCode()).isEqualTo(404);
                });
    }

    @Test
    void a_thread_watched_by_as_many_sockets_as_a_user_may_hold_refuses_one_more_with_429() throws Exception {
        String id = openThread(server);
        int before = server.server().hub().connections();
        java.util.List<WebSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // PARLEY_MAX_CONNECTIONS_PER_USER's default
                open.add(connect("/ws/chat/" + id + "/", new Listener()));
            }
            assertThatThrownBy(() -> connect("/ws/chat/" + id + "/", new Listener()))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> {
                        HttpResponse<?> response = ((WebSocketHandshakeException) e).getResponse();
                        assertThat(response.statusCode()).isEqualTo(429);
                        assertThat(response.headers().firstValue("Retry-After")).contains("1");
                    });
            open.add(connect("/ws/chat/" + openThread(server) + "/", new Listener()));
        } finally {
            open.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join());
        }
        // Gone from the hub before the next test counts its connections (a_closed_socket_leaves_the_hub).
        long deadline = System.currentTimeMillis() + 5_000;
        while (server.server().hub().connections() > before && System.currentTimeMillis() < deadline) {
            java.lang.Thread.sleep(20);
        }
        assertThat(server.server().hub().connections()).isEqualTo(before);
    }

    @Test
    void licomed_room_path_is_not_taken_by_helpdesk() {
        assertThat(server.get("/ws/chat/room/", null).body()).doesNotContain("Expected a WebSocket upgrade.");
    }

    @Test
    void plain_http_on_the_socket_path_is_400_asking_for_an_upgrade() {
        String id = openThread(server);

        var answer = server.get("/ws/chat/" + id + "/", null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).isEqualTo("Expected a WebSocket upgrade.");
    }
}
