package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.Thread;
import dev.parley.realtime.CloseCodes;
import dev.parley.realtime.Connection;
import dev.parley.realtime.Hub;
import dev.parley.realtime.Transport;
import dev.parley.web.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /ws/chat/:threadId/}: one anonymous watcher of one support thread, registered with the hub.
 * Every message created in the thread, by anyone and through any API, is pushed as one text frame in
 * the seed's message shape; nothing else is pushed. The seed defines no client frames, so text the
 * client sends is ignored (the server's frame size limit still applies) and binary frames close the
 * connection with {@link CloseCodes#PROTOCOL}.
 *
 * <p>The watcher is registered before the upgrade is answered, so a client that has its socket open
 * misses nothing committed after that: frames produced during the upgrade wait for it, in order.
 */
final class ThreadSocket implements Transport {
    private static final Logger log = LoggerFactory.getLogger(ThreadSocket.class);

    /** A frame waiting for the upgrade to finish. */
    private record Waiting(String frame, Runnable written) {}

    private ServerWebSocket ws;
    private List<Waiting> waiting = new ArrayList<>();
    private int closeCode;
    private String closeReason;

    private ThreadSocket() {}

    /** Registers a watcher of {@code thread}, then upgrades {@code request} to its WebSocket. */
    static void open(Hub hub, HttpServerRequest request, Thread thread) {
        JsonNode visitor = Shapes.visitor(thread);
        ThreadSocket socket = new ThreadSocket();
        Connection connection = hub.registerThread(thread.id(), event -> render(event, visitor), socket);
        request.toWebSocket()
                .onSuccess(ws -> {
                    ws.closeHandler(v -> connection.closed());
                    ws.textMessageHandler(text -> { });
                    ws.binaryMessageHandler(data -> connection.close(CloseCodes.PROTOCOL,
                            "this socket only sends; binary frames are not accepted"));
                    socket.attach(ws);
                    if (ws.isClosed()) {
                        connection.closed();
                    }
                })
                .onFailure(e -> {
                    connection.closed();
                    log.debug("helpdesk socket upgrade failed: {}", e.toString());
                });
    }

    @Override
    public synchronized void write(Object frame, Runnable written) {
        if (ws == null) {
            waiting.add(new Waiting((String) frame, written));
            return;
        }
        ws.writeTextMessage((String) frame).onComplete(ar -> written.run());
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (ws == null) {
            closeCode = code;
            closeReason = reason;
            return;
        }
        ws.close((short) code, reason);
    }

    private synchronized void attach(ServerWebSocket socket) {
        ws = socket;
        waiting.forEach(w -> write(w.frame(), w.written()));
        waiting = null;
        if (closeCode != 0) {
            ws.close((short) closeCode, closeReason);
        }
    }

    private static Object render(CommittedEvent event, JsonNode visitor) {
        if (event.event() instanceof Event.MessageCreated created && !created.message().deleted()) {
            return Json.write(Shapes.message(created.message(), visitor));
        }
        return null;
    }
}
