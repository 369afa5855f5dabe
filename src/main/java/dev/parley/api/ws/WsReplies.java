package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Wire;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** The frames the server answers with (events are rendered by {@link WsRenderer}). */
final class WsReplies {
    private static final Logger log = LoggerFactory.getLogger(WsReplies.class);

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
     * An error reply carrying a problem object. A failure outside the catalogue is logged with a
     * reference and reaches the client as an internal error naming only that reference.
     */
    static ObjectNode error(JsonNode id, Throwable failure) {
        ObjectNode n = frame("error", id);
        if (failure instanceof ParleyException p && p.code() != ErrorCode.INTERNAL) {
            n.set("error", Wire.problem(p.code(), p.getMessage(), p.field()));
        } else {
            String ref = UUID.randomUUID().toString();
            log.error("WebSocket request failed, reference {}", ref, failure);
            n.set("error", Wire.problem(ErrorCode.INTERNAL, "internal error, reference " + ref, null));
        }
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
