package dev.parley.dialect.socketio;

import dev.parley.auth.Authenticator;
import dev.parley.core.Actor;
import dev.parley.core.ParleyException;
import dev.parley.web.Blocking;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.parser.IOParser;
import io.socket.socketio.server.parser.Packet;
import io.socket.socketio.server.parser.Parser;
import io.vertx.core.Vertx;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Engine.IO connection and the gate in front of Socket.IO. socket.io-server accepts a namespace
 * CONNECT as soon as it sees one, with no hook to refuse it, so the Socket.IO layer only gets to see this
 * connection once its CONNECT packet carried a valid credential ({@code auth.token}, else a {@code token}
 * query parameter, else an {@code Authorization} header). A bad or missing one is answered with a
 * CONNECT_ERROR (the client's {@code connect_error}) and the connection may try again, a few times;
 * so is a user over the hub's cap of connections per user ({@code rate-limited}).
 * Anything but a CONNECT first, a binary packet, or no CONNECT in time closes the connection.
 */
final class EngineSession {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    private static final int MAX_HELD = 16;
    private static final int MAX_ATTEMPTS = 3;
    static final long CONNECT_TIMEOUT_MS = 20_000;

    private enum State { WAITING, AUTHENTICATING, ADMITTED, CLOSED }

    private final EngineIoSocket socket;
    private final Lane lane;
    private final Authenticator auth;
    private final Blocking blocking;
    private final Consumer<EngineSession> admit;
    private final List<Object> held = new ArrayList<>();
    private State state = State.WAITING;
    private int attempts;
    private volatile Actor actor;
    private volatile ChatSocket chat;
    /**
     * Set by the socket's close event at once, on whatever thread reports it: the lane's {@link State#CLOSED}
     * comes a task later when the close is reported off the lane (a timer set off an event loop runs on
     * {@link PingTimers}' thread), too late for an admission already running.
     */
    private volatile boolean gone;
    /** A test seam: runs on the lane once the credential is accepted, just before the hub registration. */
    static volatile Consumer<EngineSession> beforeAdmission = s -> { };

    /**
     * @param admit sets the connection up once its credential is accepted, before the Socket.IO layer
     *              sees its CONNECT
     */
    EngineSession(EngineIoSocket socket, Lane lane, Authenticator auth, Blocking blocking,
                  Consumer<EngineSession> admit) {
        this.socket = socket;
        this.lane = lane;
        this.auth = auth;
        this.blocking = blocking;
        this.admit = admit;
    }

    void start(Vertx vertx) {
        socket.on("data", args -> lane.run(() -> onData(args[0])));
        // Registered before any admission can start, so it also covers a hub connection registered later.
        socket.on("close", args -> {
            gone = true;
            ChatSocket c = chat;
            if (c != null) {
                c.gone();
            }
            lane.run(() -> state = State.CLOSED);
        });
        vertx.setTimer(CONNECT_TIMEOUT_MS, id -> lane.run(() -> {
            if (state == State.WAITING || state == State.AUTHENTICATING) {
                log.debug("socket.io connection {} sent no valid CONNECT in time", socket.getId());
                socket.close();
            }
        }));
    }

    EngineIoSocket socket() {
        return socket;
    }

    Lane lane() {
        return lane;
    }

    /** Who this connection acts as, or null before its CONNECT was accepted. */
    Actor actor() {
        return actor;
    }

    /** The chat side of the connection, set at admission. */
    ChatSocket chat() {
        return chat;
    }

    void chat(ChatSocket chat) {
        this.chat = chat;
    }

    /**
     * Whether the socket has closed, seen from any thread. An admission sets {@link #chat} before it registers
     * with the hub and reads this after; the close listener sets this before it reads {@link #chat}: at least one
     * of the two sees the other, so the hub connection is closed whatever the timing.
     */
    boolean gone() {
        return gone;
    }

    /** Closes the connection (an oversized or malformed packet, a slow consumer). */
    void close() {
        lane.run(socket::close);
    }

    private void onData(Object data) {
        if (data instanceof String text && !text.isEmpty()
                && (text.charAt(0) == '0' + Parser.BINARY_EVENT || text.charAt(0) == '0' + Parser.BINARY_ACK)) {
            socket.close();
            return;
        }
        switch (state) {
            case ADMITTED, CLOSED -> { }
            case AUTHENTICATING -> {
                if (held.size() >= MAX_HELD) {
                    socket.close();
                } else {
                    held.add(data);
                }
            }
            case WAITING -> connect(data);
        }
    }

    private void connect(Object data) {
        Packet<?> packet = decode(data);
        if (packet == null || packet.type != Parser.CONNECT) {
            log.debug("socket.io connection {}: the first packet is not a CONNECT", socket.getId());
            socket.close();
            return;
        }
        state = State.AUTHENTICATING;
        String credential = credential(packet.data);
        blocking.run(() -> auth.fromCredential(credential),
                accepted -> admitted(accepted, packet.nsp, data),
                failure -> refused(packet.nsp, failure));
    }

    private void admitted(Actor accepted, String nsp, Object connectPacket) {
        if (state != State.AUTHENTICATING || gone) {
            return;
        }
        actor = accepted;
        beforeAdmission.accept(this);
        try {
            admit.accept(this);
        } catch (ParleyException e) {
            // The hub refused the connection (the user holds as many as this node allows): a
            // connect_error like a bad credential's, and the client may try again once one closed.
            actor = null;
            refused(nsp, e);
            return;
        }
        if (gone) {
            // Closed during the admission: its hub connection is closed already (ChatSocket.open).
            state = State.CLOSED;
            return;
        }
        state = State.ADMITTED;
        socket.emit("data", connectPacket);
        List<Object> replay = List.copyOf(held);
        held.clear();
        replay.forEach(d -> socket.emit("data", d));
    }

    private void refused(String nsp, Throwable failure) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        state = State.WAITING;
        held.clear();
        attempts++;
        JSONObject data = new JSONObject(Shapes.errorBody(failure).toString());
        JSONObject payload = new JSONObject().put("message", data.getString("message")).put("data", data);
        Packet<JSONObject> packet = new Packet<>(Parser.CONNECT_ERROR, payload);
        packet.nsp = nsp == null ? "/" : nsp;
        new IOParser.Encoder().encode(packet, items -> {
            for (Object item : items) {
                socket.send(new io.socket.engineio.server.parser.Packet<>(
                        io.socket.engineio.server.parser.Packet.MESSAGE, item));
            }
        });
        if (attempts >= MAX_ATTEMPTS) {
            socket.close();
        }
    }

    private String credential(Object connectData) {
        if (connectData instanceof JSONObject json && json.opt("token") instanceof String token && !token.isBlank()) {
            return token;
        }
        Map<String, String> query = socket.getInitialQuery();
        String fromQuery = query == null ? null : query.get("token");
        if (fromQuery != null && !fromQuery.isBlank()) {
            return fromQuery;
        }
        Map<String, List<String>> headers = socket.getInitialHeaders();
        if (headers != null) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("Authorization") && !h.getValue().isEmpty()) {
                    return Authenticator.credential(h.getValue().get(0));
                }
            }
        }
        return null;
    }

    private static Packet<?> decode(Object data) {
        if (!(data instanceof String text)) {
            return null;
        }
        Packet<?>[] decoded = new Packet<?>[1];
        IOParser.Decoder decoder = new IOParser.Decoder();
        decoder.onDecoded(p -> decoded[0] = p);
        try {
            decoder.add(text);
        } catch (RuntimeException e) {
            return null;
        }
        return decoded[0];
    }
}
