package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.ErrorCode;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.realtime.CloseCodes;
import dev.parley.realtime.Connection;
import dev.parley.web.Blocking;
import dev.parley.web.Json;
import dev.parley.web.Platform;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayDeque;

/**
 * One client on {@code /v1/ws}: authenticates it, registers its connection with the hub, and answers
 * its frames. Every method runs on the socket's event loop; core calls run on virtual threads through
 * {@link Platform#blocking()}, one at a time, so requests are handled and answered in the order they
 * arrived. A {@code send} is checked and queued here when that reads nothing from the store (a user's
 * text to a thread), else on a virtual thread; its ack is made here when the store has committed it,
 * and the next request starts after that.
 */
final class WsSession {
    private static final Logger log = LoggerFactory.getLogger(WsSession.class);

    private enum State { WAITING_FOR_AUTH, AUTHENTICATING, OPEN, CLOSED }

    /** A client frame waiting for its turn; {@code failure} set: it is answered with that error. */
    private record Request(String type, JsonNode id, ObjectNode body, ParleyException failure) {
        static Request failed(JsonNode id, ParleyException failure) {
            return new Request("error", id, null, failure);
        }
    }

    private record Opened(Actor.Person actor, Connection connection) {}

    private final Platform platform;
    private final WsSettings settings;
    private final WsRenderer renderer;
    private final ServerWebSocket ws;
    private final Context context;
    private final WsTransport transport;
    private final WsCalls calls;
    private final String requestId;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final FrameRate rate;
    private State state = State.WAITING_FOR_AUTH;
    private Actor.Person actor;
    private Connection connection;
    private boolean busy;
    private boolean readingPaused;
    private long authTimer = -1;
    private Buffer message;
    private boolean binaryMessage;

    WsSession(Platform platform, WsSettings settings, WsRenderer renderer, ServerWebSocket ws, String requestId) {
        this.platform = platform;
        this.calls = new WsCalls(platform.chat(), requestId);
        this.requestId = requestId;
        this.settings = settings;
        this.renderer = renderer;
        this.ws = ws;
        this.context = Vertx.currentContext();
        this.transport = new WsTransport(ws, context);
        this.rate = new FrameRate(settings.framesPerSecond(), settings.frameBurst());
    }

    /** Starts the session; {@code credential} and {@code cursor} come from the upgrade request, or null. */
    void start(String credential, boolean credentialGiven, String cursor) {
        ws.frameHandler(this::onWireFrame);
        ws.closeHandler(v -> onClosed());
        ws.exceptionHandler(this::onError);
        if (credentialGiven) {
            Long from = null;
            if (cursor != null) {
                try {
                    from = Long.parseLong(cursor);
                } catch (NumberFormatException e) {
                    from = -1L;
                }
            }
            authenticate(credential, from);
        } else {
            authTimer = platform.vertx().setTimer(settings.authTimeout().toMillis(), id -> {
                if (state == State.WAITING_FOR_AUTH) {
                    closeWith(CloseCodes.UNAUTHORIZED, "no auth frame in time");
                }
            });
        }
    }

    private void onText(String text) {
        if (state == State.CLOSED) {
            return;
        }
        ObjectNode frame = null;
        ParleyException malformed = null;
        try {
            frame = Json.object(text);
        } catch (ParleyException e) {
            malformed = e;
        }
        if (!allowed(frame)) {
            return;
        }
        if (state == State.WAITING_FOR_AUTH) {
            onAuthFrame(frame);
            return;
        }
        if (malformed != null) {
            submit(Request.failed(null, malformed));
            return;
        }
        JsonNode id = null;
        try {
            id = WsRequests.id(frame);
            String type = WsRequests.type(frame);
            switch (type) {
                case "send", "read", "typing", "resume", "ping" -> submit(new Request(type, id, frame, null));
                case "auth" -> throw ParleyException.invalid("type", "already authenticated");
                default -> throw ParleyException.invalid("type", "unknown frame type '" + shorten(type)
                        + "'; expected send, read, typing, resume or ping");
            }
        } catch (ParleyException e) {
            submit(Request.failed(id, e));
        }
    }

    /**
     * Vert.x reports a frame or message over the size limit as an exception; left alone it would close
     * with 1000, so the session closes first with 1009 and says why.
     */
    private void onError(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException c && c.closeStatus() != null
                && c.closeStatus().code() == CloseCodes.TOO_BIG) {
            tooBig();
        } else {
            log.debug("WebSocket error: {}", e.toString());
        }
    }

    /**
     * Joins continuation frames into one message, bounded by the frame limit as a whole (Vert.x's own
     * aggregation would drop an over-size message without a word). Control frames are Vert.x's.
     */
    private void onWireFrame(WebSocketFrame frame) {
        if (state == State.CLOSED) {
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            message = Buffer.buffer();
            binaryMessage = frame.isBinary();
        } else if (!frame.isContinuation() || message == null) {
            return;
        }
        message.appendBuffer(frame.binaryData());
        if (message.length() > platform.maxFrameBytes()) {
            message = null;
            tooBig();
            return;
        }
        if (frame.isFinal()) {
            Buffer complete = message;
            message = null;
            if (binaryMessage) {
                onBinary();
            } else {
                onText(complete.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /** Closes at once with 1009, not through the transport's queue: Vert.x may close right after. */
    private void tooBig() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        queue.clear();
        if (connection != null) {
            connection.closed();
        }
        ws.close((short) CloseCodes.TOO_BIG, "frame larger than " + platform.maxFrameBytes() + " bytes");
    }

    private void onBinary() {
        if (state == State.CLOSED || !allowed(null)) {
            return;
        }
        if (state == State.WAITING_FOR_AUTH) {
            onAuthFrame(null);
        } else {
            submit(Request.failed(null, ParleyException.invalid("frame",
                    "binary frames are not supported; send JSON text frames")));
        }
    }

    /**
     * Counts the frame against the rate. Over it, the frame is dropped with an error reply; after
     * {@link WsSettings#strikes()} such frames in a row (or before the session is open) the connection
     * is closed.
     */
    private boolean allowed(ObjectNode frame) {
        FrameRate.Verdict verdict = rate.take(settings.strikes());
        if (verdict == FrameRate.Verdict.OK) {
            return true;
        }
        if (verdict == FrameRate.Verdict.CLOSE || state != State.OPEN) {
            closeWith(CloseCodes.RATE_LIMITED, "too many frames; slow down");
        } else {
            JsonNode id = null;
            try {
                id = frame == null ? null : WsRequests.id(frame);
            } catch (ParleyException ignored) {
                // no usable id to echo
            }
            submit(Request.failed(id, new ParleyException(ErrorCode.RATE_LIMITED,
                    "too many frames per second; this frame was dropped")));
        }
        return false;
    }

    private void onAuthFrame(ObjectNode frame) {
        String token;
        Long cursor = null;
        try {
            if (frame == null || !"auth".equals(WsRequests.type(frame))) {
                throw ParleyException.invalid("type", "not an auth frame");
            }
            token = WsRequests.string(frame, "token", true);
            if (frame.hasNonNull("cursor")) {
                cursor = WsRequests.count(frame, "cursor");
            }
        } catch (ParleyException e) {
            closeWith(CloseCodes.UNAUTHORIZED, "the first frame must be {\"type\":\"auth\",\"token\":…}");
            return;
        }
        authenticate(token, cursor);
    }

    private void authenticate(String token, Long cursor) {
        state = State.AUTHENTICATING;
        cancelTimer();
        ws.pause();
        platform.blocking().run(() -> {
            Actor.Person me = platform.auth().user(token);
            Connection c;
            try {
                c = platform.hub().registerHeld(me.user().id(), renderer, transport);
            } catch (ParleyException refused) {
                throw new HubRefusal(refused);
            }
            try {
                calls.greet(me, c, cursor);
            } catch (RuntimeException e) {
                c.closed();
                throw e;
            }
            return new Opened(me, c);
        }, opened -> {
            if (state == State.CLOSED) {
                opened.connection().closed();
                return;
            }
            actor = opened.actor();
            connection = opened.connection();
            state = State.OPEN;
            ws.resume();
            drain();
        }, failure -> {
            if (failure instanceof ParleyException p && p.code() == ErrorCode.UNAUTHORIZED) {
                closeWith(CloseCodes.UNAUTHORIZED, p.getMessage());
            } else if (failure instanceof HubRefusal r) {
                tooManyConnections(r.refusal);
            } else {
                log.warn("WebSocket authentication failed: {}", failure.toString());
                closeWith(CloseCodes.SERVER_ERROR, "the server could not authenticate you; try again later");
            }
        });
    }

    /**
     * The hub refused the connection: the user holds as many as this node allows (429, rate-limited, then
     * close 1008), or the node holds as many as it allows in all (503, unavailable, then close 1013: try
     * later or another node). The refusal comes after the upgrade, not as an HTTP status before it,
     * because only the hub's registration can check and take a slot in one step (a check at the upgrade
     * would race the registration), and the credential may only arrive in the first frame. So, as for
     * other refusals the client must read: an {@code error} frame with the problem, then the close with
     * the same reason.
     */
    private void tooManyConnections(ParleyException refusal) {
        if (state == State.CLOSED) {
            return;
        }
        transport.write(WsReplies.error(null, refusal, requestId), () -> { });
        closeWith(CloseCodes.refused(refusal.code()), refusal.getMessage());
    }

    /** The hub's refusal of a connection, told apart from the other failures of authenticating. */
    private static final class HubRefusal extends RuntimeException {
        final ParleyException refusal;

        HubRefusal(ParleyException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    private void submit(Request request) {
        queue.add(request);
        if (queue.size() >= settings.maxQueuedRequests() && !readingPaused) {
            readingPaused = true;
            ws.pause();
        }
        drain();
    }

    /** Runs the next request once the previous one was answered. */
    private void drain() {
        while (state == State.OPEN && !busy && !queue.isEmpty()) {
            Request r = queue.poll();
            if (readingPaused && queue.size() <= settings.maxQueuedRequests() / 2) {
                readingPaused = false;
                ws.resume();
            }
            switch (r.type()) {
                case "ping" -> reply(WsReplies.pong(r.id()));
                case "error" -> reply(WsReplies.error(r.id(), r.failure(), requestId));
                case "send" -> send(r);
                default -> {
                    busy = true;
                    platform.blocking().run(() -> handle(r), this::answered, failure -> failed(r, failure));
                }
            }
        }
    }

    /**
     * Checks and queues a send: here when that reads nothing from the store (a user's text to a thread:
     * no virtual thread to wake), else on a virtual thread. The ack is made and sent here once the store
     * committed it (no thread waits meanwhile). A send refused at once is answered at once, without
     * {@link #drain} (this runs inside it).
     */
    private void send(Request r) {
        busy = true;
        Messages.Send cmd;
        CompletableFuture<MessageStore.Appended> queued = null;
        try {
            cmd = WsRequests.send(r.body());
            if (Messages.sendsWithoutReading(actor, cmd)) {
                queued = calls.send(actor, cmd);
            }
        } catch (RuntimeException e) {
            busy = false;
            reply(WsReplies.error(r.id(), e, requestId));
            return;
        }
        if (queued != null) {
            Blocking.whenComplete(queued, sent -> acked(r, sent), failure -> failed(r, failure));
        } else {
            platform.blocking().runAsync(() -> calls.send(actor, cmd), sent -> acked(r, sent),
                    failure -> failed(r, failure));
        }
    }

    /** A send was committed: its ack, then on to the next request. */
    private void acked(Request r, MessageStore.Appended sent) {
        ObjectNode ack;
        try {
            ack = WsCalls.sent(r.id(), sent);
        } catch (RuntimeException e) {
            failed(r, e);
            return;
        }
        answered(ack);
    }

    /** A request was answered ({@code answer} null: already sent): on to the next one. */
    private void answered(ObjectNode answer) {
        busy = false;
        if (answer != null) {
            reply(answer);
        }
        drain();
    }

    private void failed(Request r, Throwable failure) {
        busy = false;
        reply(WsReplies.error(r.id(), failure, requestId));
        drain();
    }

    /** Runs on a virtual thread: the core call of one request, and its answer (null: already sent). */
    private ObjectNode handle(Request r) {
        return switch (r.type()) {
            case "read" -> calls.read(actor, r.id(), r.body());
            case "typing" -> calls.typing(actor, r.id(), r.body());
            case "resume" -> {
                calls.resume(actor, connection, r.id(), r.body());
                yield null;
            }
            default -> throw new IllegalStateException("unexpected request " + r.type());
        };
    }

    private void reply(ObjectNode frame) {
        if (connection != null) {
            connection.sendFrame(frame);
        }
    }

    private void closeWith(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        queue.clear();
        if (connection != null) {
            connection.close(code, reason);
        } else {
            transport.close(code, reason);
        }
    }

    private void onClosed() {
        state = State.CLOSED;
        cancelTimer();
        queue.clear();
        if (connection != null) {
            connection.closed();
        }
    }

    private void cancelTimer() {
        if (authTimer >= 0) {
            platform.vertx().cancelTimer(authTimer);
            authTimer = -1;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
