package dev.parley.api.ws;

import dev.parley.realtime.Transport;
import dev.parley.web.Json;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Vert.x server WebSocket as the hub's transport. Frames are serialized on the caller's thread,
 * queued, and written on the socket's event loop by one drain task for all frames queued by then
 * (one task per frame cost the event loops about 3% more in the fan-out): the queue and
 * {@code runOnContext} are both first in, first out, so frames leave in the order they were handed
 * over, whichever thread hands them over. {@code written} runs once
 * the frame left the process (or could not), which is what the hub's per-connection cap counts.
 */
final class WsTransport implements Transport {
    private static final int MAX_REASON_BYTES = 123;

    private record Outgoing(String text, Runnable written) {}

    private final ServerWebSocket ws;
    private final Context context;
    /** Frames handed over and not yet written; bounded by the hub's per-connection cap. */
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    /** A drain is queued on the event loop and has not started yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    WsTransport(ServerWebSocket ws, Context context) {
        this.ws = ws;
        this.context = context;
    }

    @Override
    public void write(Object frame, Runnable written) {
        String text = frame instanceof String s ? s : Json.write(frame);
        queue.add(new Outgoing(text, written));
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** On the event loop: writes every frame queued so far, in order. */
    private void drain() {
        // Cleared before polling: a frame queued after the last poll schedules the next drain itself.
        scheduled.set(false);
        Outgoing next;
        while ((next = queue.poll()) != null) {
            Runnable written = next.written;
            try {
                ws.writeTextMessage(next.text).onComplete(ar -> written.run());
            } catch (RuntimeException e) {
                written.run();
            }
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
