package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.web.HttpServers;
import dev.parley.web.Json;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport's ceiling: a bare Vert.x room-broadcast server with no storage, no auth and no core.
 * It is set up like Parley's HTTP server (one server instance per core on one port, the same frame
 * limits) and speaks the frames of Parley's native WebSocket that the bench uses, with messages of
 * the same shape, so the same client drives both: connect to {@code /ws?user=<n>&rooms=<a,b>}, get
 * {@code ready}; {@code send} is answered with {@code ack} and broadcast as {@code message.created}
 * to every connection in the room (the sender's included, as Parley does for a user's devices).
 *
 * <p>With a {@link GroupLog} it is the durable ceiling: each send is appended to the log and synced,
 * many per sync, before its ack and broadcast are written, as Parley commits before it acks.
 */
final class BaselineServer implements AutoCloseable {
    private final Vertx vertx;
    private final List<HttpServer> servers;
    private final Map<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /** The durable ceiling's log, or null: nothing is kept. */
    private final GroupLog log;

    private BaselineServer(Vertx vertx, List<HttpServer> servers, GroupLog log) {
        this.vertx = vertx;
        this.servers = servers;
        this.log = log;
    }

    /** The ceiling: nothing kept ({@code log} null), or every send synced to {@code log} before it goes out. */
    static BaselineServer start(String host, int port, GroupLog log) throws Exception {
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024)
                .setCompressionSupported(true);
        BaselineServer[] self = new BaselineServer[1];
        List<HttpServer> servers = new ArrayList<>();
        self[0] = new BaselineServer(vertx, servers, log);
        // One instance per event loop on one port, as Parley's server does.
        servers.addAll(HttpServers.listen(vertx, loops, host, port, v -> v.createHttpServer(options)
                .webSocketHandler(ws -> self[0].accept(ws))
                .requestHandler(req -> req.response().setStatusCode(404).end())));
        return self[0];
    }

    int port() {
        return servers.getFirst().actualPort();
    }

    long connections() {
        return connections.get();
    }

    private void accept(ServerWebSocket ws) {
        if (!"/ws".equals(ws.path())) {
            ws.close((short) 4404, "not found");
            return;
        }
        String user = param(ws.query(), "user");
        List<String> joined = new ArrayList<>();
        String roomList = param(ws.query(), "rooms");
        if (roomList != null && !roomList.isEmpty()) {
            for (String room : roomList.split(",")) {
                rooms.computeIfAbsent(room, k -> ConcurrentHashMap.newKeySet()).add(ws);
                joined.add(room);
            }
        }
        connections.incrementAndGet();
        ws.closeHandler(v -> {
            connections.decrementAndGet();
            for (String room : joined) {
                rooms.computeIfPresent(room, (k, set) -> {
                    set.remove(ws);
                    return set.isEmpty() ? null : set;
                });
            }
        });
        ws.textMessageHandler(text -> onFrame(ws, user, text));
        ObjectNode ready = Json.obj();
        ready.put("type", "ready");
        ready.put("user", user);
        ws.writeTextMessage(Json.write(ready));
    }

    private void onFrame(ServerWebSocket ws, String user, String text) {
        JsonNode frame;
        try {
            frame = Json.parse(text);
        } catch (RuntimeException e) {
            error(ws, null, "malformed JSON");
            return;
        }
        String id = frame.path("id").asText(null);
        String room = frame.path("thread").asText("");
        Set<ServerWebSocket> members = rooms.get(room);
        if (!"send".equals(frame.path("type").asText()) || members == null || !members.contains(ws)) {
            error(ws, id, "not a member of this room");
            return;
        }
        long seq = seqs.computeIfAbsent(room, k -> new AtomicLong()).incrementAndGet();
        ObjectNode message = message(room, seq, user, frame.path("text").asText(""),
                frame.path("client_id").asText(null));
        ObjectNode ack = Json.obj();
        ack.put("type", "ack");
        ack.put("id", id);
        ack.set("message", message);
        String ackText = Json.write(ack);
        ObjectNode event = Json.obj();
        event.put("type", "message.created");
        event.put("cursor", cursor.incrementAndGet());
        event.put("thread", room);
        event.set("message", message);
        String out = Json.write(event);
        Runnable deliver = () -> {
            ws.writeTextMessage(ackText);
            for (ServerWebSocket member : members) {
                member.writeTextMessage(out);
            }
        };
        if (log == null) {
            deliver.run();
        } else {
            log.append(out, Vertx.currentContext(), deliver);
        }
    }

    /** A message with the fields of Parley's native message, so frames weigh the same. */
    private static ObjectNode message(String room, long seq, String sender, String text, String clientId) {
        ObjectNode n = Json.obj();
        n.put("id", UUID.randomUUID().toString());
        n.put("thread", room);
        n.put("seq", seq);
        n.put("client_id", clientId);
        n.put("sender", sender);
        n.put("origin", "user");
        n.put("kind", "text");
        n.put("text", text);
        n.putArray("files");
        n.putNull("shared_user");
        n.putNull("reply_to");
        n.put("created_at", Instant.now().toString());
        n.putNull("edited_at");
        n.putNull("deleted_at");
        n.putArray("reactions");
        return n;
    }

    private static void error(ServerWebSocket ws, String id, String detail) {
        ObjectNode e = Json.obj();
        e.put("type", "error");
        e.put("id", id);
        e.put("detail", detail);
        ws.writeTextMessage(Json.write(e));
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        for (HttpServer http : servers) {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (log != null) {
            log.close();
        }
    }
}
