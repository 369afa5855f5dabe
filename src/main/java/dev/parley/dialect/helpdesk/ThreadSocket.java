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
import io.vertx.core.http.ServerWebSocket;

/**
 * {@code /ws/chat/:threadId/}: one anonymous watcher of one support thread, registered with the hub.
 * Every message created in the thread, by anyone and through any API, is pushed as one text frame in
 * the seed's message shape; nothing else is pushed. The seed defines no client frames, so text the
 * client sends is ignored (the server's frame size limit still applies) and binary frames close the
 * connection with {@link CloseCodes#PROTOCOL}.
 */
final class ThreadSocket {
    private ThreadSocket() {}

    static void attach(Hub hub, ServerWebSocket ws, Thread thread) {
        JsonNode visitor = Shapes.visitor(thread);
        Connection connection = hub.registerThread(thread.id(), event -> render(event, visitor), new Transport() {
            @Override
            public void write(Object frame, Runnable written) {
                ws.writeTextMessage((String) frame).onComplete(ar -> written.run());
            }

            @Override
            public void close(int code, String reason) {
                ws.close((short) code, reason);
            }
        });
        ws.closeHandler(v -> connection.closed());
        ws.textMessageHandler(text -> { });
        ws.binaryMessageHandler(data ->
                connection.close(CloseCodes.PROTOCOL, "this socket only sends; binary frames are not accepted"));
        if (ws.isClosed()) {
            connection.closed();
        }
    }

    private static Object render(CommittedEvent event, JsonNode visitor) {
        if (event.event() instanceof Event.MessageCreated created && !created.message().deleted()) {
            return Json.write(Shapes.message(created.message(), visitor));
        }
        return null;
    }
}
