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
}
