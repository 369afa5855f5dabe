package dev.parley.dialect.socketio;

import io.socket.engineio.server.EngineIoWebSocket;
import dev.parley.realtime.CloseCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;
import java.util.Map;

/**
 * A Vert.x WebSocket as engine.io-server's {@link EngineIoWebSocket}. What arrives is handed to the
 * library on the connection's {@link Lane}; writes go straight to Vert.x (thread-safe). The frame size
 * bound is Vert.x's (a bigger frame closes the socket with 1009), and a peer whose write queue Vert.x
 * reports full is dropped instead of buffering without bound. Known fault: in Vert.x 5 that report
 * also comes once 16 frames written from another thread wait for a busy event loop, which drops
 * healthy peers under load (docs/performance.md, "What changed in session 5"); not fixed yet.
 */
final class VertxEngineWebSocket extends EngineIoWebSocket {
    static final int MAX_QUEUED_BYTES = 1 << 20;

    private final ServerWebSocket ws;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;

    VertxEngineWebSocket(ServerWebSocket ws, Map<String, String> query, Map<String, List<String>> headers, Lane lane) {
        this.ws = ws;
        this.query = query;
        this.headers = headers;
        ws.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        ws.textMessageHandler(text -> lane.run(() -> emit("message", text)));
        ws.binaryMessageHandler(bytes -> lane.run(() -> emit("message", (Object) bytes.getBytes())));
        ws.closeHandler(v -> lane.run(() -> emit("close")));
        ws.exceptionHandler(e -> lane.run(() -> emit("error", "websocket error", String.valueOf(e.getMessage()))));
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
     * went at once. Past {@link #MAX_QUEUED_BYTES} the peer is dropped as a slow consumer.
     */
    private boolean open() {
        if (ws.isClosed()) {
            return false;
        }
        if (ws.writeQueueFull()) {
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
