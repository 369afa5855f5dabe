package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One client WebSocket of the load generator, known by its index in its scenario. It counts as open
 * once the server's {@code ready} frame arrived; after that every frame goes to the scenario's
 * {@link Listener}.
 */
final class Sock {
    /** Receives every frame after {@code ready}; called on the socket's event loop. */
    interface Listener {
        void onFrame(Sock sock, String frame);
    }

    final int index;
    private final WebSocket ws;
    private volatile Listener listener;
    private long requests;

    private Sock(int index, WebSocket ws) {
        this.index = index;
        this.ws = ws;
    }

    static Future<Sock> open(WebSocketClient client, int port, String uri, int index, Listener listener) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI(uri).setTimeout(30_000);
        return client.connect(options).compose(ws -> {
            Promise<Sock> ready = Promise.promise();
            Sock sock = new Sock(index, ws);
            ws.textMessageHandler(frame -> {
                Listener l = sock.listener;
                if (l != null) {
                    l.onFrame(sock, frame);
                    return;
                }
                String type = Frames.type(frame);
                if (type.equals("ready")) {
                    sock.listener = listener;
                    ready.tryComplete(sock);
                } else if (type.equals("error")) {
                    ready.tryFail("refused: " + frame);
                    ws.close();
                }
            });
            ws.closeHandler(v -> ready.tryFail("closed before ready: " + ws.closeStatusCode() + " " + ws.closeReason()));
            ws.exceptionHandler(ready::tryFail);
            return ready.future();
        });
    }

    void listen(Listener l) {
        listener = l;
    }

    /** Sends a tagged text to a thread; the request id and client id are unique per socket. */
    void send(String thread, int run, long nanos) {
        long n = ++requests;
        String id = index + "-" + n;
        ws.writeTextMessage(Frames.send(id, thread, Frames.text(run, index, nanos), "b" + run + "-" + id));
    }

    boolean isOpen() {
        return !ws.isClosed();
    }

    void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
    }
}
