package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.FileId;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Client frames to core commands. Only shapes are checked here (a field has the right JSON type);
 * every rule about the values is the core's.
 */
final class WsRequests {
    static final int MAX_ID_CHARS = 128;

    private WsRequests() {}

    /** The client's request id, echoed in the reply: a short string or an integer; null when absent. */
    static JsonNode id(ObjectNode frame) {
        JsonNode id = frame.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if ((id.isTextual() && id.asText().length() <= MAX_ID_CHARS) || id.canConvertToLong() && id.isIntegralNumber()) {
            return id;
        }
        throw ParleyException.invalid("id", "id must be a string of at most " + MAX_ID_CHARS
                + " characters or an integer");
    }

    static String type(ObjectNode frame) {
        return string(frame, "type", true);
    }

    /** A {@code send} frame: {@code thread} or {@code to}, {@code text}, {@code client_id}, … */
    static Messages.Send send(ObjectNode f) {
        String thread = string(f, "thread", false);
        String to = string(f, "to", false);
        String replyTo = string(f, "reply_to", false);
        String sharedUser = string(f, "shared_user", false);
        MessageId reply = null;
        if (replyTo != null) {
            try {
                reply = MessageId.parse(replyTo);
            } catch (ParleyException e) {
                throw ParleyException.invalid("reply_to", "reply_to is not a message of this thread");
            }
        }
        return new Messages.Send(
                thread == null ? null : ThreadId.parse(thread),
                to == null ? null : UserId.parse(to),
                string(f, "client_id", false),
                kind(string(f, "kind", false)),
                string(f, "text", false),
                files(f.get("files")),
                sharedUser == null ? null : UserId.parse(sharedUser),
                reply, null, null);
    }

    static ThreadId thread(ObjectNode f) {
        return ThreadId.parse(string(f, "thread", true));
    }

    /** A required whole number that is not negative ({@code seq}, {@code cursor}). */
    static long count(ObjectNode f, String field) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            throw ParleyException.invalid(field, field + " is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw ParleyException.invalid(field, field + " must be a whole number, 0 or more");
        }
        return n.asLong();
    }

    static String string(ObjectNode f, String field, boolean required) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ParleyException.invalid(field, field + " is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ParleyException.invalid(field, field + " must be a string");
        }
        return n.asText();
    }

    private static MessageKind kind(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return MessageKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalid("kind", "kind must be one of text, file, user_profile, system");
        }
    }

    private static List<FileId> files(JsonNode files) {
        if (files == null || files.isNull()) {
            return List.of();
        }
        if (!files.isArray()) {
            throw ParleyException.invalid("files", "files must be an array of file ids");
        }
        List<FileId> ids = new ArrayList<>();
        for (JsonNode f : files) {
            if (!f.isTextual()) {
                throw ParleyException.invalid("files", "files must be an array of file ids");
            }
            ids.add(FileId.parse(f.asText()));
        }
        return ids;
    }
}
