package dev.parley.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vert.x WebSocket under engine.io-server, on a real connection. */
class VertxEngineWebSocketTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void frames_engine_io_writes_after_the_peer_went_are_dropped_without_a_failure() throws Exception {
        CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
        CompletableFuture<VertxEngineWebSocket> engine = new CompletableFuture<>();
        CompletableFuture<Context> context = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
            engine.complete(new VertxEngineWebSocket(ws, Map.of(), Map.of(), Lane.current()));
            context.complete(Vertx.currentContext());
            accepted.complete(ws);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        var peer = client.connect(server.actualPort(), "127.0.0.1", "/").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);

        peer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ws.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ws.isClosed()).isTrue();

        CompletableFuture<List<String>> wrote = new CompletableFuture<>();
        context.get().runOnContext(v -> {
            try {
                engine.join().write("4late");
                engine.join().write(new byte[] {1, 2, 3});
                wrote.complete(List.of("no failure"));
            } catch (RuntimeException e) {
                wrote.completeExceptionally(e);
            }
        });
        assertThat(wrote.get(10, TimeUnit.SECONDS)).containsExactly("no failure");
    }

    /** A server socket wrapped as Engine.IO's, and the client's end of it. */
    private record Pair(VertxEngineWebSocket engine, ServerWebSocket server, io.vertx.core.http.WebSocket client) {}

    private Pair connect() throws Exception {
        CompletableFuture<VertxEngineWebSocket> engine = new CompletableFuture<>();
        CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
            engine.complete(new VertxEngineWebSocket(ws, Map.of(), Map.of(), Lane.current()));
            accepted.complete(ws);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        var client = vertx.createWebSocketClient().connect(server.actualPort(), "127.0.0.1", "/")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Pair(engine.get(10, TimeUnit.SECONDS), accepted.get(10, TimeUnit.SECONDS), client);
    }

    @Test
    void a_burst_written_from_another_thread_reaches_a_peer_that_reads() throws Exception {
        Pair p = connect();
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        p.client().textMessageHandler(text -> received.incrementAndGet());
        // Far more than the 16 messages Vert.x 5 lets wait for a busy event loop before its
        // writeQueueFull() turns true, and far less than MAX_QUEUED_BYTES.
        for (int i = 0; i < 2_000; i++) {
            p.engine().write("4" + "x".repeat(100));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(received.get()).isEqualTo(2_000);
        assertThat(p.server().isClosed()).isFalse();
    }

    @Test
    void a_peer_that_stops_reading_is_dropped_as_a_slow_consumer() throws Exception {
        Pair p = connect();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        p.client().closeHandler(v -> closed.complete(p.client().closeStatusCode()));
        p.client().pause();
        String frame = "4" + "y".repeat(64 * 1024 - 1);
        // 64 MiB offered: beyond what the kernel's socket buffers take, more than MAX_QUEUED_BYTES waits.
        for (int i = 0; i < 1_024 && !p.server().isClosed(); i++) {
            p.engine().write(frame);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!p.server().isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // Nothing but the bound closes it: the client only stopped reading.
        assertThat(p.server().isClosed()).isTrue();
        p.client().resume();
        closed.get(10, TimeUnit.SECONDS);
    }
}
