package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.realtime.CloseCodes;
import dev.parley.realtime.Connection;
import dev.parley.realtime.Renderer;
import dev.parley.realtime.Transport;
import dev.parley.web.Json;
import dev.parley.web.Platform;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /ws/chat/room/?token=<jwt>}: the licomed socket. The token is checked before the upgrade (a
 * bad one gets the failure envelope with 401, as the seed's HTTP endpoints answer). Each connection is
 * registered with the hub as its user; committed messages of the user's two-person conversations come
 * out as {@code re_message} (to the receiver) and {@code conf_message} (to the sender's connections).
 *
 * <p>A file message reaches the receiver when the attachment is committed ({@code POST
 * /chat/attachment/}), like a message from any other transport; {@code file_message} then confirms it
 * to the sending connection with {@code conf_message}, so each side sees it exactly once.
 */
final class LicomedSocket {
    private static final Logger log = LoggerFactory.getLogger(LicomedSocket.class);
    /** Client frames accepted but not yet handled before the connection is closed as too fast. */
    private static final int MAX_WAITING_ACTIONS = 64;

    private final Platform platform;
    private final Views views;

    LicomedSocket(Platform platform, Views views) {
        this.platform = platform;
        this.views = views;
    }

    void handle(RoutingContext ctx) {
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ctx.response().setStatusCode(426)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.write(LicomedWire.failure("This endpoint is a WebSocket: connect with ?token=<jwt>")));
            return;
        }
        String token = ctx.request().getParam("token");
        ctx.request().pause();
        platform.blocking().run(() -> platform.auth().user(token), me -> ctx.request().toWebSocket()
                        .onSuccess(ws -> open(ws, me))
                        .onFailure(t -> log.debug("licomed upgrade failed: {}", t.getMessage())),
                t -> LicomedModule.fail(ctx, t));
    }

    private void open(ServerWebSocket ws, Actor.Person me) {
        Outbox outbox = new Outbox(platform.blocking());
        UserId self = me.user().id();
        Renderer renderer = event -> frameFor(event, self);
        Transport transport = new Transport() {
            @Override
            public void write(Object frame, Runnable written) {
                outbox.submit(() -> {
                    String text = text(frame, me);
                    if (text == null) {
                        written.run();
                    } else {
                        ws.writeTextMessage(text).onComplete(ar -> written.run());
                    }
                });
            }

            @Override
            public void close(int code, String reason) {
                ws.close((short) code, reason);
            }
        };
        Connection connection;
        try {
            connection = platform.hub().register(self, renderer, transport);
        } catch (ParleyException tooMany) {
            // Over the per-user cap, or the node's (checked where the slot is taken, so after the upgrade):
            // the dialect's error frame, then close 1008 (the user's cap) or 1013 (the node's: try later or
            // another node) with the same reason.
            ws.writeTextMessage(Json.write(LicomedWire.errorFrame(null, tooMany.getMessage())));
            ws.close((short) CloseCodes.refused(tooMany.code()), tooMany.getMessage());
            return;
        }
        ws.closeHandler(v -> connection.closed());
        if (ws.isClosed()) {
            // Closed before the handler was set (the peer left during the upgrade): no close event
            // will come, so give the user's connection slot back now.
            connection.closed();
            return;
        }
        ws.exceptionHandler(t -> connection.close(CloseCodes.PROTOCOL, "socket error"));
        // Actions run one at a time, in the order they came: two text_message frames are stored in order.
        Outbox actions = new Outbox(platform.blocking());
        AtomicInteger waiting = new AtomicInteger();
        ws.textMessageHandler(text -> {
            if (waiting.incrementAndGet() > MAX_WAITING_ACTIONS) {
                connection.close(CloseCodes.RATE_LIMITED, "too many frames waiting; slow down");
                return;
            }
            actions.submit(() -> {
                try {
                    Object reply = act(me, text, connection);
                    if (reply != null) {
                        connection.sendFrame(reply);
                    }
                } catch (RuntimeException t) {
                    connection.sendFrame(error(null, t));
                } finally {
                    waiting.decrementAndGet();
                }
            });
        });
        ws.binaryMessageHandler(b -> connection.sendFrame(
                LicomedWire.errorFrame(null, "frames are JSON text")));
    }

    /** What the hub hands this connection: committed messages, except the sender's own file messages. */
    private static Object frameFor(CommittedEvent event, UserId self) {
        if (!(event.event() instanceof Event.MessageCreated created)) {
            return null;
        }
        Message m = created.message();
        if (m.kind() == MessageKind.SYSTEM || m.kind() == MessageKind.FILE && self.equals(m.sender())) {
            return null;
        }
        return m;
    }

    /** A frame as text, on the outbox's virtual thread (rendering a message looks up its people). */
    private String text(Object frame, Actor.Person me) {
        try {
            if (frame instanceof Message m) {
                return views.ofDirect(me, m).map(v -> Json.write(LicomedWire.frame(v,
                        me.user().id().equals(m.sender()) ? "conf_message" : "re_message"))).orElse(null);
            }
            return frame instanceof String s ? s : Json.write(frame);
        } catch (RuntimeException e) {
            log.warn("cannot render a licomed frame: {}", e.toString());
            return null;
        }
    }

    /** Runs one client action; returns a frame for this connection only, or null. */
    private Object act(Actor.Person me, String text, Connection connection) {
        JsonNode frame;
        try {
            frame = Json.object(text);
        } catch (ParleyException e) {
            return LicomedWire.errorFrame(null, e.getMessage());
        }
        String action = frame.path("action").asText(null);
        try {
            switch (action == null ? "" : action) {
                case "text_message" -> {
                    User other = receiver(me, frame.path("receiver_id").asText(null));
                    platform.chat().messages().send(me, new Messages.Send(null, other.id(), null, MessageKind.TEXT,
                            stringOf(frame, "message_body"), List.of(), null, null, null, null));
                    return null;
                }
                case "user_profile_message" -> {
                    User other = receiver(me, frame.path("receiver_id").asText(null));
                    User shared = views.user(frame.path("attached_profile_id").asText(null))
                            .orElseThrow(() -> ParleyException.invalid("attached_profile_id",
                                    "attached_profile_id is not a user"));
                    platform.chat().messages().send(me, new Messages.Send(null, other.id(), null,
                            MessageKind.USER_PROFILE, null, List.of(), shared.id(), null, null, null));
                    return null;
                }
                case "file_message" -> {
                    JsonNode id = frame.path("chat_id");
                    long key = id.canConvertToLong() ? id.asLong() : LicomedModule.key(id.asText(null), "chat");
                    Message m = platform.chat().messages().getByKey(me, key);
                    if (m.kind() != MessageKind.FILE || !me.user().id().equals(m.sender()) || m.deleted()) {
                        throw ParleyException.invalid("chat_id", "chat_id is not a file message you uploaded");
                    }
                    connection.sendFrame(m);
                    return null;
                }
                default -> {
                    return LicomedWire.errorFrame(action, "unknown action; expected text_message, file_message "
                            + "or user_profile_message");
                }
            }
        } catch (RuntimeException e) {
            return error(action, e);
        }
    }

    private User receiver(Actor.Person me, String ref) {
        User other = views.user(ref).orElseThrow(() -> ParleyException.notFound("receiver"));
        if (other.id().equals(me.user().id())) {
            throw ParleyException.notFound("receiver");
        }
        return other;
    }

    private static String stringOf(JsonNode frame, String field) {
        JsonNode v = frame.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static ObjectNode error(String action, Throwable t) {
        if (t instanceof ParleyException p) {
            String message = p.getMessage().equals("receiver not found") ? LicomedModule.INVALID_RECIPIENT
                    : p.getMessage();
            return LicomedWire.errorFrame(action, p.code() == ErrorCode.INTERNAL ? "Internal server error" : message);
        }
        log.error("licomed socket action failed", t);
        return LicomedWire.errorFrame(action, "Internal server error");
    }
}
