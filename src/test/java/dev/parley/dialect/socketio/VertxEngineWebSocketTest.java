package dev.parley.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.realtime.CloseCodes;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        try (Socket stalled = stalledPeer(server.actualPort())) {
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
            Received got = readUntilClose(stalled);
            assertThat(got.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(got.frames()).as("frames that reached the peer").isLessThan(offered / 4);
        }
    }

    record Received(int frames, int closeCode) {}

    /** Completes a WebSocket upgrade on a plain socket with a 4 KiB receive buffer, then reads nothing. */
    private static Socket stalledPeer(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4_096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        String upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("upgrade response cut short: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Reads server frames until a close frame: how many came before it, and its code (-1: none came). */
    private static Received readUntilClose(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int frames = 0;
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return new Received(frames, code);
                }
                frames++;
            }
        } catch (EOFException e) {
            return new Received(frames, -1);
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
