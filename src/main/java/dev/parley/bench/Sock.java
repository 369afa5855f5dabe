package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client WebSocket of the load generator, known by its index in its scenario, speaking either
 * Parley's native protocol or Socket.IO v5 over Engine.IO v4 (WebSocket transport from the start,
 * as any v4 client may). It counts as open once the server greeted it ({@code ready}, or the
 * Socket.IO CONNECT answer); after that every frame goes to the scenario's {@link Listener}, with
 * its kind already told ({@link #kind}).
 */
final class Sock {
    /** Receives every frame after the greeting; called on the socket's event loop. */
    interface Listener {
        void onFrame(Sock sock, String frame);

        /** The socket closed after its greeting (not by the bench, which closes only at the end). */
        default void onClosed(Sock sock, String why) {}
    }

    /** The wire protocol of a socket. */
    enum Protocol { NATIVE, SOCKET_IO }

    private static final String SIO_EVENT = "42[\"new-message\"";
    /** How long an upgraded socket waits for its greeting ({@code ready}, or Socket.IO's CONNECT answer). */
    static final long READY_TIMEOUT_MS = 30_000;
    /**
     * Client ids must never repeat for a user: a repeated one is answered with the first message
     * (idempotency) and nothing is written or broadcast. Scenarios reuse users, so ids are unique per
     * bench process, not per socket.
     */
    private static final String CLIENT_ID_PREFIX = "b" + Long.toString(System.nanoTime() & 0xffffff, 36) + "-";
    private static final AtomicLong CLIENT_IDS = new AtomicLong();

    final int index;
    private final WebSocket ws;
    private final Protocol protocol;
    private volatile Listener listener;
    private long requests;
    /** The bench itself is closing it: its close is no news. */
    private volatile boolean closing;

    private Sock(int index, WebSocket ws, Protocol protocol) {
        this.index = index;
        this.ws = ws;
        this.protocol = protocol;
    }

    /** A native socket: {@code uri} carries the token. */
    static Future<Sock> open(WebSocketClient client, int port, String uri, int index, Listener listener) {
        return open(client, port, uri, null, index, listener);
    }

    /**
     * Opens a socket; with a {@code socketIoToken} it speaks Socket.IO at {@code uri} and authenticates
     * in its CONNECT packet ({@code auth: {token}}).
     */
    static Future<Sock> open(WebSocketClient client, int port, String uri, String socketIoToken, int index,
                             Listener listener) {
        return open(client, port, uri, socketIoToken, index, listener, READY_TIMEOUT_MS);
    }

    static Future<Sock> open(WebSocketClient client, int port, String uri, String socketIoToken, int index,
                             Listener listener, long readyTimeoutMs) {
        Protocol protocol = socketIoToken == null ? Protocol.NATIVE : Protocol.SOCKET_IO;
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI(uri).setTimeout(30_000);
        // The handlers go on before connecting: a socket that connect() hands out resumes before the
        // caller can set them, and a greeting read together with the upgrade's answer is then dropped.
        ClientWebSocket ws = client.webSocket();
        Promise<Sock> ready = Promise.promise();
        Sock sock = new Sock(index, ws, protocol);
        ws.textMessageHandler(frame -> {
            if (protocol == Protocol.SOCKET_IO && frame.equals("2")) {
                ws.writeTextMessage("3");
                return;
            }
            Listener l = sock.listener;
            if (l != null) {
                l.onFrame(sock, frame);
            } else if (protocol == Protocol.NATIVE) {
                greetNative(sock, frame, ready, listener);
            } else {
                greetSocketIo(sock, frame, socketIoToken, ready, listener);
            }
        });
        ws.closeHandler(v -> {
            String why = ws.closeStatusCode() + " " + ws.closeReason();
            Listener l = sock.listener;
            if (l != null && !sock.closing) {
                l.onClosed(sock, why);
            }
            ready.tryFail("closed before ready: " + why);
        });
        ws.exceptionHandler(ready::tryFail);
        // A socket that upgraded but never hears its greeting fails here, by its index, instead of
        // holding up the whole opening until it gives up.
        return ws.connect(options).compose(connected -> ready.future()
                .timeout(readyTimeoutMs, TimeUnit.MILLISECONDS)
                .recover(e -> {
                    if (!(e instanceof java.util.concurrent.TimeoutException)) {
                        return Future.failedFuture(e);
                    }
                    ws.close();
                    return Future.failedFuture("socket " + index + " upgraded but got no greeting within "
                            + readyTimeoutMs + " ms");
                }));
    }

    private static void greetNative(Sock sock, String frame, Promise<Sock> ready, Listener listener) {
        String type = Frames.type(frame);
        if (type.equals("ready")) {
            sock.listener = listener;
            ready.tryComplete(sock);
        } else if (type.equals("error")) {
            ready.tryFail("refused: " + frame);
            sock.ws.close();
        }
    }

    private static void greetSocketIo(Sock sock, String frame, String token, Promise<Sock> ready, Listener listener) {
        if (frame.startsWith("0{")) {
            sock.ws.writeTextMessage("40{\"token\":\"" + token + "\"}");
        } else if (frame.startsWith("40")) {
            sock.listener = listener;
            ready.tryComplete(sock);
        } else if (frame.startsWith("44")) {
            ready.tryFail("refused: " + frame);
            sock.ws.close();
        }
    }

    void listen(Listener l) {
        listener = l;
    }

    /**
     * What a frame is, in the native vocabulary: {@code message.created}, {@code ack}, {@code error}
     * or something else. A Socket.IO {@code new-message} event is a delivery (or, when it carries an
     * error, the emitted copy of an error answer); an acknowledgement packet is the ack.
     */
    String kind(String frame) {
        if (protocol == Protocol.NATIVE) {
            return Frames.type(frame);
        }
        boolean error = frame.contains("\"error\":{");
        if (frame.startsWith("43")) {
            return error ? "error" : "ack";
        }
        if (frame.startsWith(SIO_EVENT)) {
            return error ? "error.echo" : "message.created";
        }
        return "";
    }

    /** Sends a tagged text to a thread; the request id is unique per socket, the client id per process. */
    void send(String thread, int run, long nanos) {
        long n = ++requests;
        String id = index + "-" + n;
        String text = Frames.text(run, index, nanos);
        String clientId = CLIENT_ID_PREFIX + CLIENT_IDS.incrementAndGet();
        if (protocol == Protocol.NATIVE) {
            ws.writeTextMessage(Frames.send(id, thread, text, clientId));
        } else {
            ws.writeTextMessage("42" + n + "[\"new-message\",{\"room\":\"" + thread + "\",\"msg\":\"" + text
                    + "\",\"type\":\"text\",\"client_id\":\"" + clientId + "\"}]");
        }
    }

    void close() {
        closing = true;
        if (!ws.isClosed()) {
            ws.close();
        }
    }
}
