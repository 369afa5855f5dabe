package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.web.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (java.net.http) for tests: frames received are queued as JSON, the close
 * code the server sent is kept. Sends are serialized, as the JDK client requires.
 */
public final class WsClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

    private WsClient(String url, Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.socket = b.buildAsync(URI.create(url), listener).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects without a credential (authenticate with an auth frame). */
    public static WsClient connect(String url) {
        return new WsClient(url, Map.of());
    }

    /** Connects with {@code Authorization: Bearer <token>}. */
    public static WsClient bearer(String url, String token) {
        return new WsClient(url, Map.of("Authorization", "Bearer " + token));
    }

    /** Connects with the token header and waits for {@code ready}; returns the client. */
    public static WsClient ready(String url, String token) {
        WsClient c = bearer(url, token);
        c.next("ready");
        return c;
    }

    public void send(Object frame) {
        String text = frame instanceof String s ? s : Json.write(frame);
        synchronized (this) {
            sending = sending.thenCompose(ws -> socket.sendText(text, true));
        }
        sending.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends one text message split into {@code pieces} continuation frames. */
    public void sendFragmented(String text, int pieces) {
        int size = (text.length() + pieces - 1) / pieces;
        synchronized (this) {
            for (int i = 0; i < text.length(); i += size) {
                String part = text.substring(i, Math.min(text.length(), i + size));
                boolean last = i + size >= text.length();
                sending = sending.thenCompose(ws -> socket.sendText(part, last));
            }
        }
        flush();
    }

    /** Sends without waiting for the previous sends to be taken by the socket. */
    public synchronized void sendAsync(Object frame) {
        String text = frame instanceof String s ? s : Json.write(frame);
        sending = sending.thenCompose(ws -> socket.sendText(text, true));
    }

    /** Waits for the sends queued so far. */
    public void flush() {
        CompletableFuture<WebSocket> s;
        synchronized (this) {
            s = sending;
        }
        s.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The next frame, whatever its type. */
    public JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    public JsonNode next(Duration timeout) {
        try {
            JsonNode f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + timeout + (closed.isDone()
                        ? " (closed with " + closed.getNow(null) + ")" : ""));
            }
            return f;
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must have this type. */
    public JsonNode next(String type) {
        JsonNode f = next();
        if (!type.equals(f.path("type").asText())) {
            throw new AssertionError("expected a " + type + " frame, got " + f);
        }
        return f;
    }

    /** Skips frames until one matches (frames skipped are dropped). */
    public JsonNode until(Predicate<JsonNode> match, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + timeout);
            }
            JsonNode f = next(Duration.ofNanos(left));
            if (match.test(f)) {
                return f;
            }
        }
    }

    /** Skips frames until one of this type. */
    public JsonNode until(String type) {
        return until(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(10));
    }

    /** Frames received so far and not yet taken. */
    public List<JsonNode> drain() {
        List<JsonNode> list = new ArrayList<>();
        frames.drainTo(list);
        return list;
    }

    /** Nothing arrives within {@code quiet}. */
    public boolean silentFor(Duration quiet) {
        try {
            JsonNode f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (f != null) {
                throw new AssertionError("expected silence, got " + f);
            }
            return true;
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close code the server sent, waiting for it. */
    public int closeCode(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).join();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        socket.abort();
    }

    public static ObjectNode frame(String type) {
        return Json.obj().put("type", type);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
