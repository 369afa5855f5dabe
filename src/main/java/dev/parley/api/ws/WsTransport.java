package dev.parley.api.ws;

import dev.parley.realtime.FrameDrain;
import dev.parley.realtime.Transport;
import dev.parley.web.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;

/**
 * A Vert.x server WebSocket as the hub's transport. Frames are serialized on the caller's thread and
 * written on the socket's event loop in runs ({@link FrameDrain}), in the order they were handed over.
 * {@code written} runs once the frame left the process (or could not), which is what the hub's
 * per-connection cap counts.
 */
final class WsTransport implements Transport {
    private static final int MAX_REASON_BYTES = 123;

    private record Outgoing(String text, Runnable written) {}

    private final ServerWebSocket ws;
    private final Context context;
    /** Frames handed over and not yet written; bounded by the hub's per-connection cap. */
    private final FrameDrain<Outgoing> frames;

    WsTransport(ServerWebSocket ws, Context context) {
        this.ws = ws;
        this.context = context;
        this.frames = new FrameDrain<>(task -> context.runOnContext(v -> task.run()),
                () -> Vertx.currentContext() == context, this::send);
    }

    @Override
    public void write(Object frame, Runnable written) {
        String text = frame instanceof String s ? s : Json.write(frame);
        frames.add(new Outgoing(text, written));
    }

    /** On the event loop. */
    private void send(Outgoing frame) {
        try {
            ws.writeTextMessage(frame.text).onComplete(ar -> frame.written.run());
        } catch (RuntimeException e) {
            frame.written.run();
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
