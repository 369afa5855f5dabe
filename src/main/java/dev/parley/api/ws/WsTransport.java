package dev.parley.api.ws;

import dev.parley.realtime.Transport;
import dev.parley.web.Json;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;

/**
 * A Vert.x server WebSocket as the hub's transport. Frames are serialized and handed to the socket on
 * the caller's thread: Vert.x queues a write from another thread in the connection's own outbound
 * queue, first in, first out, and writes everything queued by the time its event loop gets to it with
 * one flush (one {@code write} system call), where a write made on the event loop is flushed at once.
 * So the frames of one committed batch bound for one socket mostly leave in one system call.
 * {@code written} runs once the frame left the process (or could not), which is what the hub's
 * per-connection cap counts.
 */
final class WsTransport implements Transport {
    private static final int MAX_REASON_BYTES = 123;

    private final ServerWebSocket ws;
    private final Context context;

    WsTransport(ServerWebSocket ws, Context context) {
        this.ws = ws;
        this.context = context;
    }

    @Override
    public void write(Object frame, Runnable written) {
        String text = frame instanceof String s ? s : Json.write(frame);
        try {
            ws.writeTextMessage(text).onComplete(ar -> written.run());
        } catch (RuntimeException e) {
            written.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        context.runOnContext(v -> {
            if (!ws.isClosed()) {
                ws.close((short) code, truncate(reason));
            }
        });
    }

    /** A close reason is at most 123 bytes of UTF-8. */
    static String truncate(String reason) {
        if (reason == null) {
            return null;
        }
        String r = reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
