package dev.parley.dialect.socketio;

import dev.parley.web.HttpModule;
import dev.parley.web.Platform;
import io.netty.channel.Channel;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoServerOptions;
import io.socket.socketio.server.SocketIoSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The socketio dialect: Socket.IO v4 (Engine.IO v4) at {@code /socket.io/} on Parley's own port, both
 * transports. HTTP long-polling requests become {@link PollingExchange}s and WebSocket upgrades
 * {@link VertxEngineWebSocket}s, both handed to engine.io-server on the connection's {@link Lane}.
 * Connections pass {@link EngineSession}'s credential gate before socket.io-server sees them, and each
 * admitted connection gets a {@link ChatSocket}. Bounds: a WebSocket frame is at most the server's frame size;
 * a polling body at most the body size, each packet in it at most the frame size; an oversized one
 * closes that connection only.
 */
public final class SocketIoModule implements HttpModule {
    private static final Logger log = LoggerFactory.getLogger(SocketIoModule.class);
    public static final String PATH = "/socket.io/";
    private static final byte RECORD_SEPARATOR = 0x1e;

    private final Platform platform;
    private final EngineIoServer engine;
    private final EngineIoServer admitted;
    private final ChatEvents events;
    private final NewMessagePayloads payloads = new NewMessagePayloads();
    /** Open Engine.IO connections by sid: where to run a request that names one. */
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

    public SocketIoModule(Platform platform) {
        this.platform = platform;
        this.events = new ChatEvents(platform.chat(), platform.auth());
        // Pings and ping timeouts on the lane of the connection they belong to.
        ScheduledExecutorService timers = new LaneTimers();
        this.engine = new EngineIoServer(options(timers));
        // The Socket.IO layer listens here and hears of a connection only once its credential passed.
        this.admitted = new EngineIoServer(options(timers));
        SocketIoServer io = new SocketIoServer(admitted, SocketIoServerOptions.newFromDefault());
        engine.on("connection", args -> opened((EngineIoSocket) args[0]));
        io.namespace("/").on("connection", args -> connected((SocketIoSocket) args[0]));
    }

    private static EngineIoServerOptions options(ScheduledExecutorService timers) {
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setScheduledExecutorService(timers);
        return options;
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public void mount(Router router) {
        router.route(PATH).handler(this::handle);
        router.route("/socket.io").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!"4".equals(req.getParam("EIO"))) {
            req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"code\":5,\"message\":\"Unsupported protocol version: this server speaks Engine.IO 4"
                            + " (Socket.IO v3/v4 clients)\"}");
            return;
        }
        String sid = req.getParam("sid");
        EngineSession session = sid == null ? null : sessions.get(sid);
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            webSocket(req, session);
        } else if (req.method() == HttpMethod.GET) {
            poll(req, session, null);
        } else if (req.method() == HttpMethod.POST) {
            readBody(req, session);
        } else if (req.method() == HttpMethod.OPTIONS) {
            String origin = req.getHeader("Origin");
            if (origin != null) {
                req.response().putHeader("Access-Control-Allow-Origin", origin)
                        .putHeader("Access-Control-Allow-Credentials", "true")
                        .putHeader("Access-Control-Allow-Methods", "GET,POST")
                        .putHeader("Access-Control-Allow-Headers", "origin, content-type, accept, authorization");
            }
            req.response().setStatusCode(204).end();
        } else {
            req.response().setStatusCode(405).putHeader("Allow", "GET, POST, OPTIONS").end();
        }
    }

    /** Reads a polling POST within the bounds; an oversized one closes its connection. */
    private void readBody(HttpServerRequest req, EngineSession session) {
        long maxBody = platform.maxBodyBytes();
        String declared = req.getHeader("Content-Length");
        if (declared != null && parseLong(declared) > maxBody) {
            tooLarge(req, session);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        req.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                rejected[0] = true;
                tooLarge(req, session);
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            if (rejected[0]) {
                return;
            }
            if (largestPacket(body) > platform.maxFrameBytes()) {
                tooLarge(req, session);
            } else {
                poll(req, session, body);
            }
        });
        req.resume();
    }

    private void tooLarge(HttpServerRequest req, EngineSession session) {
        if (session != null) {
            log.debug("socket.io connection {}: packet too large, closing", session.socket().getId());
            session.close();
        }
        if (!req.response().ended()) {
            req.response().setStatusCode(413).putHeader("Connection", "close")
                    .putHeader("Content-Type", "application/json")
                    .end("{\"code\":3,\"message\":\"Packet too large\"}");
        }
    }

    /** The longest packet of an Engine.IO v4 polling payload (packets are separated by 0x1e). */
    private static int largestPacket(Buffer body) {
        int largest = 0;
        int start = 0;
        int length = body.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || body.getByte(i) == RECORD_SEPARATOR) {
                largest = Math.max(largest, i - start);
                start = i + 1;
            }
        }
        return largest;
    }

    private void poll(HttpServerRequest req, EngineSession session, Buffer body) {
        Lane lane = session != null ? session.lane() : Lane.current();
        lane.run(() -> {
            PollingExchange exchange = new PollingExchange(req, body, lane, platform.vertx());
            try {
                engine.handleRequest(exchange.request(), exchange.response());
                exchange.handled();
            } catch (Exception e) {
                log.debug("socket.io polling request failed", e);
                exchange.fail(400, "bad request");
                if (session != null) {
                    session.close();
                }
            }
        });
    }

    private void webSocket(HttpServerRequest req, EngineSession session) {
        Lane lane = session != null ? session.lane() : Lane.current();
        Map<String, String> query = new HashMap<>();
        req.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        Map<String, List<String>> headers = new HashMap<>();
        req.headers().names().forEach(n -> headers.put(n, new ArrayList<>(req.headers().getAll(n))));
        Channel channel = VertxEngineWebSocket.channelOf(req);
        req.toWebSocket().onSuccess(ws -> {
            VertxEngineWebSocket adapter = new VertxEngineWebSocket(ws, channel, query, headers, lane);
            lane.run(() -> engine.handleWebSocket(adapter));
        }).onFailure(e -> log.debug("socket.io websocket upgrade failed: {}", e.getMessage()));
    }

    /** A new Engine.IO connection (inside a handshake, on its lane): it waits at the gate. */
    private void opened(EngineIoSocket socket) {
        EngineSession session = new EngineSession(socket, Lane.current(), platform.auth(), platform.blocking(),
                this::admit);
        sessions.put(socket.getId(), session);
        socket.on("close", args -> sessions.remove(socket.getId()));
        session.start(platform.vertx());
    }

    /** The credential passed (on the lane): join the hub, then let socket.io-server see the connection. */
    private void admit(EngineSession session) {
        ChatSocket chat = new ChatSocket(session, events, payloads, platform.blocking(), platform.chat().limits());
        session.chat(chat);
        chat.open(platform.hub());
        if (!session.gone()) {
            admitted.emit("connection", session.socket());
        }
    }

    /** A namespace CONNECT of an admitted connection: the socket is live. */
    private void connected(SocketIoSocket socket) {
        EngineSession session = sessions.get(socket.getClient().getId());
        if (session == null || session.chat() == null) {
            socket.disconnect(true);
            return;
        }
        session.chat().attach(socket);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
