package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Problems;
import dev.parley.api.Wire;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;


/** The frames the server answers with (events are rendered by {@link WsRenderer}). */
final class WsReplies {
    private static final Logger log = LoggerFactory.getLogger(WsReplies.class);

    /** Where the server's request log keeps the request id: routing context and log MDC. */
    static final String REQUEST_ID = "requestId";

    private WsReplies() {}

    static ObjectNode ready(User me, long cursor) {
        ObjectNode n = frame("ready", null);
        n.set("user", Wire.user(me));
        n.put("cursor", cursor);
        return n;
    }

    static ObjectNode ack(JsonNode id) {
        return frame("ack", id);
    }

    static ObjectNode pong(JsonNode id) {
        return frame("pong", id);
    }

    static ObjectNode resumed(JsonNode id, long cursor) {
        return frame("resumed", id).put("cursor", cursor);
    }

    /** The replay could not be complete: the client reloads its state, then carries on from {@code cursor}. */
    static ObjectNode reload(JsonNode id, String reason, long cursor) {
        return frame("reload", id).put("reason", reason).put("cursor", cursor);
    }

    /**
     * An error reply carrying the REST API's problem object (one catalogue, one mapper); its {@code
     * request_id} is the id of the connection's upgrade request. A failure outside the catalogue is
     * logged with that id and reaches the client as an internal error without detail.
     */
    static ObjectNode error(JsonNode id, Throwable failure, String requestId) {
        ObjectNode n = frame("error", id);
        ParleyException known = failure instanceof ParleyException p && p.code() != ErrorCode.INTERNAL ? p : null;
        if (known == null) {
            MDC.put(REQUEST_ID, requestId);
            try {
                log.error("WebSocket request failed", failure);
            } finally {
                MDC.remove(REQUEST_ID);
            }
            known = new ParleyException(ErrorCode.INTERNAL, null);
        }
        n.set("error", Problems.body(known, HttpStatus.of(known.code()), null, requestId));
        return n;
    }

    private static ObjectNode frame(String type, JsonNode id) {
        ObjectNode n = Json.obj();
        n.put("type", type);
        if (id != null) {
            n.set("id", id);
        }
        return n;
    }
}
