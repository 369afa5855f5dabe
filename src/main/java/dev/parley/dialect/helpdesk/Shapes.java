package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.Message;
import dev.parley.core.Origin;
import dev.parley.core.ParleyException;
import dev.parley.core.Thread;
import dev.parley.web.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The seed's JSON shapes. Timestamps are UTC in whole seconds with no zone, exactly as the seed
 * writes them: {@code 2024-05-01T09:30:00} in the create-thread answer, {@code 2024-05-01 09:30:00}
 * everywhere else.
 */
final class Shapes {
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Shapes() {}

    /** The answer to {@code POST /chat/thread/}: the new thread with no messages. */
    static ObjectNode createdThread(Thread t) {
        ObjectNode n = Json.obj();
        n.put("id", t.id().toString());
        n.set("user", visitor(t));
        n.put("timestamp", CREATED.format(t.createdAt()));
        n.putArray("messages");
        return n;
    }

    /** The answer to {@code GET /chat/thread/:threadId/}: the thread and its messages, oldest first. */
    static ObjectNode thread(Thread t, List<Message> messages) {
        JsonNode visitor = visitor(t);
        ObjectNode n = Json.obj();
        n.put("id", t.id().toString());
        n.set("user", visitor);
        n.put("timestamp", SPACED.format(t.createdAt()));
        ArrayNode list = n.putArray("messages");
        for (Message m : messages) {
            ObjectNode item = message(m, visitor);
            item.remove("thread");
            list.add(item);
        }
        return n;
    }

    /**
     * One message as {@code POST /chat/message/}, the WebSocket and the webhook show it.
     *
     * @param visitor the thread's visitor JSON, the author of visitor messages
     */
    static ObjectNode message(Message m, JsonNode visitor) {
        ObjectNode n = Json.obj();
        n.put("id", m.id().toString());
        n.set("user", author(m, visitor));
        n.put("timestamp", timestamp(m.createdAt()));
        n.put("body", m.text());
        n.put("send_by_user", byVisitor(m));
        n.put("thread", m.thread().toString());
        return n;
    }

    /** A visitor message: origin user with no Parley user behind it. */
    static boolean byVisitor(Message m) {
        return m.origin() == Origin.USER && m.sender() == null;
    }

    static String timestamp(Instant instant) {
        return SPACED.format(instant);
    }

    /**
     * Who wrote a message: the {@code user} JSON it was posted with; for a visitor message posted
     * without one (through another API), the thread's visitor; for a message a Parley user sent, the
     * user's Parley id; otherwise an empty object.
     */
    private static JsonNode author(Message m, JsonNode visitor) {
        if (m.author() != null) {
            return json(m.author());
        }
        if (byVisitor(m)) {
            return visitor.deepCopy();
        }
        ObjectNode n = Json.obj();
        if (m.sender() != null) {
            n.put("id", m.sender().toString());
        }
        return n;
    }

    /** The visitor JSON kept in a support thread's data. */
    static JsonNode visitor(Thread t) {
        return t.data() == null ? Json.obj() : json(t.data());
    }

    /** Stored JSON text (as text, should it not be JSON). */
    private static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (ParleyException e) {
            return TextNode.valueOf(text);
        }
    }
}
