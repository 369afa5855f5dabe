package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.Actor;
import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.Limits;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.RateLimiter;
import dev.parley.core.UserId;
import dev.parley.realtime.Connection;
import dev.parley.realtime.FrameDrain;
import dev.parley.realtime.Hub;
import dev.parley.realtime.Transport;
import dev.parley.web.Blocking;
import dev.parley.web.Json;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.ReadyState;
import io.socket.engineio.server.parser.Packet;
import io.socket.socketio.server.SocketIoSocket;
import org.json.JSONArray;
import org.json.JSONObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The chat side of one admitted connection: the events of its Socket.IO socket become core calls (on
 * virtual threads, one at a time and in arrival order) answered both by the same event name and by the
 * acknowledgement; and, for a user, a hub connection whose committed events become emits. The hub
 * decides who hears what (the members of a chat at commit time, which is what "the rooms of all their
 * chats" means here), so chats created or joined later need no re-join. The hub connection is
 * registered when the credential is accepted, before the client hears CONNECT, so nothing committed
 * after the client is connected is missed: a hub frame runs on the connection's {@link Lane} after the
 * task that connects the socket. Event handling runs on that lane too.
 */
final class ChatSocket implements Transport {
    /** Events one socket may have waiting or running; beyond, they are refused until answers come back. */
    static final int MAX_IN_FLIGHT = 32;
    /** Refused events in a row after which the socket is disconnected. */
    static final int MAX_REFUSED_IN_A_ROW = 100;
    private static final Set<String> EVENTS =
            Set.of("create-user", "create-chat", "list-chats", "list-messages", "new-message");

    /** An encoded Socket.IO packet to send, shared by every socket it goes to. */
    record Emit(Object[] packet) {}

    /** A hub frame waiting for the lane, and what to run once it left (or was dropped). */
    private record Outgoing(Emit emit, Runnable written) {}

    private final EngineSession session;
    private final Actor actor;
    private final UserId me;
    private final ChatEvents events;
    private final NewMessagePayloads payloads;
    private final Blocking blocking;
    private final RateLimiter limiter;
    private final String clientIdPrefix;
    private final Queue<Runnable> unflushed = new ConcurrentLinkedQueue<>();
    /** Hub frames handed over and not yet on the lane; bounded by the hub's per-connection cap. */
    private final FrameDrain<Outgoing> outgoing;
    private final OwnClientIds sentHere = new OwnClientIds();
    private volatile Connection connection;
    /** The connected Socket.IO socket, or null before CONNECT and after a namespace disconnect. */
    private SocketIoSocket socket;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private boolean running;
    private long sent;
    private int inFlight;
    private int refusedInARow;

    ChatSocket(EngineSession session, ChatEvents events, NewMessagePayloads payloads, Blocking blocking,
               Limits limits) {
        this.session = session;
        this.actor = session.actor();
        this.me = actor instanceof Actor.Person p ? p.user().id() : null;
        this.events = events;
        this.payloads = payloads;
        this.blocking = blocking;
        this.limiter = new RateLimiter(limits.messagesPerSecond(), limits.messageBurst());
        this.clientIdPrefix = "sio:" + session.socket().getId() + ":";
        this.outgoing = new FrameDrain<>(task -> session.lane().run(task), this::send);
    }

    /**
     * At admission, on the lane: joins the hub (users only) for as long as the connection lives. The session's
     * close listener, registered at the handshake, closes the hub connection through {@link #gone()}; a close
     * reported before or while registering (off the lane, say) is caught by the check after it.
     *
     * @throws ParleyException rate-limited when the user holds as many connections as the hub allows;
     *                         nothing is registered then, so the client may try again
     */
    void open(Hub hub) {
        session.socket().on("drain", args -> drained());
        if (me != null) {
            connection = hub.register(me, this::render, this);
        }
        if (session.gone()) {
            gone();
        }
    }

    /** The Engine.IO socket closed: the hub connection leaves the hub (once, however often this is called). */
    void gone() {
        Connection c = connection;
        if (c != null) {
            c.closed();
        }
    }

    /** The namespace CONNECT went through: this socket now sends events and receives emits. */
    void attach(SocketIoSocket connected) {
        socket = connected;
        connected.registerAllEventListener((event, args) -> onEvent(connected, event, args));
        connected.on("disconnect", args -> session.lane().run(() -> {
            if (socket == connected) {
                socket = null;
            }
        }));
    }

    private void onEvent(SocketIoSocket source, String event, Object... args) {
        SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack = null;
        int count = args.length;
        if (count > 0 && args[count - 1] instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback a) {
            ack = a;
            count--;
        }
        if (!limiter.tryAcquire(this)) {
            if (++refusedInARow > MAX_REFUSED_IN_A_ROW) {
                source.disconnect(true);
                return;
            }
            reply(source, event, ack, Shapes.error(ErrorCode.RATE_LIMITED, "too many events, slow down"));
            return;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
            refusedInARow++;
            reply(source, event, ack, Shapes.error(ErrorCode.RATE_LIMITED,
                    "too many requests in flight: wait for answers before sending more"));
            return;
        }
        refusedInARow = 0;
        List<JsonNode> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            params.add(json(args[i]));
        }
        Supplier<ObjectNode> work;
        try {
            work = work(event, params);
        } catch (ParleyException e) {
            reply(source, event, ack, Shapes.error(e));
            return;
        }
        if (work == null) {
            reply(source, event, ack, Shapes.error(ErrorCode.NOT_FOUND, "unknown event"));
            return;
        }
        SocketIoSocket.ReceivedByLocalAcknowledgementCallback answerTo = ack;
        Supplier<ObjectNode> call = work;
        inFlight++;
        waiting.add(() -> blocking.run(call, answer -> {
            answered();
            reply(source, event, answerTo, answer);
        }, failure -> {
            answered();
            reply(source, event, answerTo, Shapes.error(failure));
        }));
        next();
    }

    /**
     * Runs the next waiting core call unless one is running: a socket's events are handled one at a
     * time, in the order they arrived, so messages sent in a row get their seqs in that order.
     */
    private void next() {
        if (!running && !waiting.isEmpty()) {
            running = true;
            waiting.poll().run();
        }
    }

    private void answered() {
        inFlight--;
        running = false;
        next();
    }

    private Supplier<ObjectNode> work(String event, List<JsonNode> params) {
        return switch (event) {
            case "create-user" -> () -> events.createUser(actor, params);
            case "create-chat" -> () -> events.createChat(actor, params);
            case "list-chats" -> () -> events.listChats(actor, params);
            case "list-messages" -> () -> events.listMessages(actor, params);
            case "new-message" -> {
                ChatEvents.Outgoing parsed = ChatEvents.parseNewMessage(params);
                ChatEvents.Outgoing keyed = parsed.clientId() != null ? parsed
                        : parsed.withClientId(clientIdPrefix + (++sent));
                sentHere.remember(keyed.clientId());
                yield () -> events.send(actor, keyed);
            }
            default -> null;
        };
    }

    /** The answer: emitted under the event's own name (known events only) and through the ack. */
    private static void reply(SocketIoSocket socket, String event,
                              SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack, ObjectNode body) {
        if (!socket.isConnected()) {
            return;
        }
        RawJson payload = RawJson.of(body);
        if (EVENTS.contains(event)) {
            socket.send(event, payload);
        }
        if (ack != null) {
            ack.sendAcknowledgement(payload);
        }
    }

    /**
     * The hub's renderer: a new message becomes {@code new-message}, except on the socket that sent it
     * (which gets its answer instead). Other events have no place in the seed.
     */
    private Object render(CommittedEvent committed) {
        if (committed.event() instanceof Event.MessageCreated created) {
            Message m = created.message();
            if (m.sender() != null && m.sender().equals(me) && m.clientId() != null && sentHere.takeBack(m.clientId())) {
                return null;
            }
            return new Emit(payloads.packet(committed, m));
        }
        return null;
    }

    /**
     * Queues the frame for the lane ({@link FrameDrain}); a frame is sent if the socket is connected
     * when the drain reaches it, as when each frame was its own lane task.
     */
    @Override
    public void write(Object frame, Runnable written) {
        outgoing.add(new Outgoing((Emit) frame, written));
    }

    /** On the lane. */
    private void send(Outgoing frame) {
        Emit emit = frame.emit();
        Runnable written = frame.written();
        SocketIoSocket target = socket;
        if (target == null || !target.isConnected()) {
            written.run();
            return;
        }
        EngineIoSocket engine = target.getClient().getConnection();
        if (engine.getReadyState() != ReadyState.OPEN) {
            written.run();
            return;
        }
        unflushed.add(written);
        // What SocketIoSocket.send does after encoding, with the packet encoded once for all sockets.
        for (Object item : emit.packet()) {
            engine.send(new Packet<>(Packet.MESSAGE, item));
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close();
    }

    /** Engine.IO handed its buffer to the transport: the frames queued so far have left. */
    private void drained() {
        Runnable r;
        while ((r = unflushed.poll()) != null) {
            r.run();
        }
    }

    private static JsonNode json(Object arg) {
        if (arg == null || arg == JSONObject.NULL) {
            return NullNode.getInstance();
        }
        if (arg instanceof JSONObject || arg instanceof JSONArray) {
            return Json.parse(arg.toString());
        }
        if (arg instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (arg instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (arg instanceof Number n) {
            return Json.MAPPER.valueToTree(n);
        }
        return NullNode.getInstance();
    }
}
