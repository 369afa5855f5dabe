package dev.parley.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.realtime.CloseCodes;
import dev.parley.testing.StalledWebSocket;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vert.x WebSocket under engine.io-server, on a real connection. */
class VertxEngineWebSocketTest {
    private Vertx vertx;
    private final CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
    private final CompletableFuture<VertxEngineWebSocket> engine = new CompletableFuture<>();
    private final CompletableFuture<Context> context = new CompletableFuture<>();
    private HttpServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    /** A server whose every WebSocket is wrapped as engine.io-server would get it. */
    private void listen() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            Channel channel = VertxEngineWebSocket.channelOf(request);
            Lane lane = Lane.current();
            request.toWebSocket().onSuccess(ws -> {
                engine.complete(new VertxEngineWebSocket(ws, channel, Map.of(), Map.of(), lane));
                context.complete(Vertx.currentContext());
                accepted.complete(ws);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void frames_engine_io_writes_after_the_peer_went_are_dropped_without_a_failure() throws Exception {
        listen();
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

    @Test
    void a_burst_written_from_another_thread_reaches_a_reading_peer_whole() throws Exception {
        listen();
        int frames = 2_000;
        CountDownLatch received = new CountDownLatch(frames);
        WebSocketClient client = vertx.createWebSocketClient();
        var peer = client.connect(server.actualPort(), "127.0.0.1", "/").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        peer.textMessageHandler(t -> received.countDown());
        VertxEngineWebSocket socket = engine.get(10, TimeUnit.SECONDS);

        // The lane and the socket's event loop differ whenever the upgrade came on another connection
        // than the handshake; a plain thread stands for the lane here. Its frames queue for the event
        // loop faster than the loop takes them, which is no sign of a slow peer.
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < frames; i++) {
                socket.write("42[\"message\",{\"n\":" + i + "}]");
            }
        });
        writer.join(10_000);

        assertThat(received.await(20, TimeUnit.SECONDS)).as("all %d frames arrived", frames).isTrue();
        assertThat(accepted.get().isClosed()).isFalse();
    }

    @Test
    void a_peer_that_stops_reading_is_closed_as_a_slow_consumer() throws Exception {
        listen();
        int offered = 4_096;
        try (StalledWebSocket stalled = StalledWebSocket.open(server.actualPort(), "/")) {
            VertxEngineWebSocket socket = engine.get(10, TimeUnit.SECONDS);
            String frame = "4" + "x".repeat(16 * 1024);
            // 64 MiB offered: the peer's receive buffer is 4 KiB and the kernel's send buffer at most
            // net.ipv4.tcp_wmem's maximum (4 MiB here), so most of it can only wait in the process.
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < offered; i++) {
                    socket.write(frame);
                    if (i % 64 == 63) {
                        sleepQuietly(5);
                    }
                }
            });
            writer.join(60_000);

            // What was buffered before the drop still arrives, then the slow-consumer close.
            StalledWebSocket.Received got = stalled.readUntilClose();
            assertThat(got.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(got.frames()).as("frames that reached the peer").isLessThan(offered / 4);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
