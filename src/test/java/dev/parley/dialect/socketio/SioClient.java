package dev.parley.dialect.socketio;

import dev.parley.testing.TestServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import org.json.JSONObject;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The official Java Socket.IO client against a test server, with what the tests wait for: connect,
 * connect_error, disconnect, the transport upgrade, acknowledgements and received events.
 */
final class SioClient implements AutoCloseable {
    static final String[] POLLING = {"polling"};
    static final String[] WEBSOCKET = {"websocket"};
    static final String[] DEFAULT = {"polling", "websocket"};
    private static final String[] EVENTS = {"create-user", "create-chat", "list-chats", "list-messages", "new-message"};

    final Socket socket;
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<Object> connectError = new CompletableFuture<>();
    final CompletableFuture<String> disconnected = new CompletableFuture<>();
    final CountDownLatch upgraded = new CountDownLatch(1);
    private final Map<String, BlockingQueue<JSONObject>> received = new ConcurrentHashMap<>();

    private SioClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects with {@code auth: { token }} and waits until the namespace is connected. */
    static SioClient connect(TestServer server, String token, String[] transports) {
        SioClient c = open(server, token == null ? Map.of() : Map.of("token", token), null, transports);
        try {
            c.connected.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.close();
            throw new AssertionError("not connected: " + c.connectError.getNow(null), e);
        }
        return c;
    }

    /** Starts connecting without waiting. */
    static SioClient open(TestServer server, Map<String, String> auth, String query, String[] transports) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTimeout(10_000)
                .setTransports(transports)
                .setAuth(auth)
                .setQuery(query)
                .build();
        Socket socket = IO.socket(URI.create(server.url("")), options);
        SioClient c = new SioClient(socket);
        for (String event : EVENTS) {
            socket.on(event, args -> c.queue(event).add((JSONObject) args[0]));
        }
        socket.on(Socket.EVENT_CONNECT, args -> c.connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> c.connectError.complete(args.length > 0 ? args[0] : null));
        socket.on(Socket.EVENT_DISCONNECT, args -> c.disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        socket.io().on(Manager.EVENT_OPEN, args -> engine(socket.io()).on("upgrade", a -> c.upgraded.countDown()));
        socket.connect();
        return c;
    }

    /** Emits with an acknowledgement and waits for it. */
    JSONObject call(String event, Object... args) {
        try {
            return callAsync(event, args).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for " + event, e);
        }
    }

    CompletableFuture<JSONObject> callAsync(String event, Object... args) {
        CompletableFuture<JSONObject> answer = new CompletableFuture<>();
        Object[] withAck = java.util.Arrays.copyOf(args, args.length + 1);
        withAck[args.length] = (Ack) a -> answer.complete((JSONObject) a[0]);
        socket.emit(event, withAck);
        return answer;
    }

    /** The next {@code event} the server emitted to this socket. */
    JSONObject next(String event) {
        JSONObject e = next(event, 10_000);
        if (e == null) {
            throw new AssertionError("no " + event + " received");
        }
        return e;
    }

    JSONObject next(String event, long millis) {
        try {
            return queue(event).poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int pending(String event) {
        return queue(event).size();
    }

    private BlockingQueue<JSONObject> queue(String event) {
        return received.computeIfAbsent(event, k -> new LinkedBlockingQueue<>());
    }

    /** Sends a raw Engine.IO message (a Socket.IO packet as text), bypassing the Socket.IO encoder. */
    void sendRaw(String packet) {
        engine(socket.io()).send(packet);
    }

    /** The client keeps its Engine.IO socket package-private; the tests need its events and raw sends. */
    private static io.socket.engineio.client.Socket engine(Manager manager) {
        try {
            Field f = Manager.class.getDeclaredField("engine");
            f.setAccessible(true);
            return (io.socket.engineio.client.Socket) f.get(manager);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
