package dev.parley.dialect.socketio;

import io.netty.channel.Channel;
import io.socket.engineio.server.EngineIoWebSocket;
import dev.parley.realtime.CloseCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.List;
import java.util.Map;

/**
 * A Vert.x WebSocket as engine.io-server's {@link EngineIoWebSocket}. What arrives is handed to the
 * library on the connection's {@link Lane}; writes go straight to Vert.x (thread-safe). The frame size
 * bound is Vert.x's (a bigger frame closes the socket with 1009).
 *
 * <p>A peer that does not read is dropped as a slow consumer once {@link #MAX_QUEUED_BYTES} wait in
 * the socket's Netty channel beyond what the kernel took: the channel is then not writable (its high
 * water mark is that size). Vert.x's own {@code writeQueueFull()} is not that test: in Vert.x 5 it is
 * also true once 16 frames written from another thread (the lane's, when the upgrade landed on another
 * event loop) wait for the socket's event loop, which a busy server reaches with a healthy peer.
 */
final class VertxEngineWebSocket extends EngineIoWebSocket {
    static final int MAX_QUEUED_BYTES = 1 << 20;

    private final ServerWebSocket ws;
    private final Channel channel;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    /** Set once the peer was dropped as a slow consumer: nothing more is written, and it is closed once. */
    private volatile boolean dropped;

    /**
     * @param channel the Netty channel under {@code ws} ({@link #channelOf} of the upgraded request)
     */
    VertxEngineWebSocket(ServerWebSocket ws, Channel channel, Map<String, String> query,
                         Map<String, List<String>> headers, Lane lane) {
        this.ws = ws;
        this.channel = channel;
        this.query = query;
        this.headers = headers;
        ws.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        ws.textMessageHandler(text -> lane.run(() -> emit("message", text)));
        ws.binaryMessageHandler(bytes -> lane.run(() -> emit("message", (Object) bytes.getBytes())));
        ws.closeHandler(v -> lane.run(() -> emit("close")));
        ws.exceptionHandler(e -> lane.run(() -> emit("error", "websocket error", String.valueOf(e.getMessage()))));
    }

    /**
     * The Netty channel of an HTTP/1.1 request's connection, which an upgrade keeps. Vert.x has no public
     * way to it (its web router's socket wrapper hides even the internal one), so this reads the
     * connection's implementation class; a Vert.x upgrade that changes it fails here, at the first
     * upgrade, and in the tests.
     */
    static Channel channelOf(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            return connection.channel();
        }
        throw new IllegalStateException("no Netty channel under " + request.connection().getClass().getName());
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) {
        if (open()) {
            ws.writeTextMessage(message);
        }
    }

    @Override
    public void write(byte[] message) {
        if (open()) {
            ws.writeBinaryMessage(Buffer.buffer(message));
        }
    }

    /**
     * Whether a frame may be written now. Not once the socket is closed: Engine.IO goes on sending
     * (events, pings) until it has seen the close, and Vert.x answers every write to a closed socket with
     * an exception, which was logged with its stack trace thousands of times a second when many peers
     * went at once. Past {@link #MAX_QUEUED_BYTES} waiting in the channel the peer is dropped as a
     * slow consumer. Both are plain reads, safe from any thread.
     */
    private boolean open() {
        if (dropped || ws.isClosed()) {
            return false;
        }
        if (!channel.isWritable()) {
            dropped = true;
            ws.close((short) CloseCodes.SLOW_CONSUMER, "slow consumer");
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        ws.close();
    }
}
