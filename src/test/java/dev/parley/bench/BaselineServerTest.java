package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.web.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ceilings over real WebSockets: the bare broadcast, and the durable one that syncs a log before it answers. */
class BaselineServerTest {
    private Vertx vertx;
    private WebSocketClient client;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
        dir = Files.createTempDirectory("parley-baseline-test-");
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static String logText(Path file) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    @Test
    void the_log_runs_each_entry_after_its_record_is_on_disk_on_the_entrys_context() throws Exception {
        Path logDir = Files.createDirectory(dir.resolve("log"));
        try (GroupLog log = new GroupLog(logDir, 1 << 20, channel -> channel.force(false))) {
            assertThat(Files.size(logDir.resolve("log"))).isEqualTo(1 << 20);
            Context context = vertx.getOrCreateContext();
            int records = 200;
            List<CompletableFuture<String>> done = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                String record = "{\"record\":" + i + "}";
                CompletableFuture<String> seen = new CompletableFuture<>();
                done.add(seen);
                log.append(record, context, () -> {
                    try {
                        boolean onContext = Vertx.currentContext() == context;
                        boolean written = logText(logDir.resolve("log")).contains(record + "\n");
                        seen.complete(onContext + " " + written);
                    } catch (Exception e) {
                        seen.completeExceptionally(e);
                    }
                });
            }
            for (CompletableFuture<String> seen : done) {
                assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("true true");
            }
        }
        assertThat(logDir).doesNotExist();
    }

    @Test
    void the_bare_ceiling_acks_and_broadcasts_to_the_room() throws Exception {
        BaselineServer server = BaselineServer.start("127.0.0.1", 0, null);
        try {
            exchange(server, null);
        } finally {
            server.close();
        }
    }

    @Test
    void the_durable_ceiling_acks_and_broadcasts_a_message_only_once_its_log_is_synced() throws Exception {
        Path logDir = Files.createDirectory(dir.resolve("durable"));
        CountDownLatch synced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupLog log = new GroupLog(logDir, 1 << 20, channel -> {
            channel.force(false);
            synced.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        BaselineServer server = BaselineServer.start("127.0.0.1", 0, log);
        try {
            exchange(server, () -> {
                // The sync is held: the record is in the log, and nothing has gone out yet.
                assertThat(synced.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(logText(logDir.resolve("log"))).contains("kept before the ack");
                assertThat(alice.poll(300, TimeUnit.MILLISECONDS)).isNull();
                assertThat(bob.poll(10, TimeUnit.MILLISECONDS)).isNull();
                release.countDown();
            });
        } finally {
            release.countDown();
            server.close();
        }
        assertThat(logDir).doesNotExist();
    }

    private final BlockingQueue<String> alice = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> bob = new LinkedBlockingQueue<>();

    /** What a test checks between the send and the answers. */
    private interface Check {
        void run() throws Exception;
    }

    /** Alice sends to her room; after {@code whileSent} (if any), her ack and Bob's copy must come. */
    private void exchange(BaselineServer server, Check whileSent) throws Exception {
        WebSocket a = connect(server, "alice", alice::add);
        connect(server, "bob", bob::add);
        assertThat(Json.parse(alice.poll(10, TimeUnit.SECONDS)).path("type").asText()).isEqualTo("ready");
        assertThat(Json.parse(bob.poll(10, TimeUnit.SECONDS)).path("type").asText()).isEqualTo("ready");

        a.writeTextMessage("{\"type\":\"send\",\"id\":\"s1\",\"thread\":\"room-1\",\"text\":\"kept before the ack\","
                + "\"client_id\":\"c-1\"}");
        if (whileSent != null) {
            whileSent.run();
        }

        List<JsonNode> aliceFrames = List.of(Json.parse(alice.poll(10, TimeUnit.SECONDS)),
                Json.parse(alice.poll(10, TimeUnit.SECONDS)));
        JsonNode ack = aliceFrames.stream().filter(f -> f.path("type").asText().equals("ack")).findFirst().orElseThrow();
        assertThat(ack.path("id").asText()).isEqualTo("s1");
        assertThat(ack.path("message").path("text").asText()).isEqualTo("kept before the ack");
        JsonNode toBob = Json.parse(bob.poll(10, TimeUnit.SECONDS));
        assertThat(toBob.path("type").asText()).isEqualTo("message.created");
        assertThat(toBob.path("message").path("client_id").asText()).isEqualTo("c-1");
    }

    private WebSocket connect(BaselineServer server, String user, java.util.function.Consumer<String> frames)
            throws Exception {
        // The handler is set before connecting: the server greets at once, and a handler set once the
        // connection is up could miss that first frame.
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(frames::accept);
        ws.connect(server.port(), "127.0.0.1", "/ws?user=" + user + "&rooms=room-1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return ws;
    }
}
