package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Inbox;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.web.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The tsync shapes (seed 000): integer ids (the internal keys), users by external id (a number when
 * it is all digits), Django's microsecond UTC timestamps, and DRF's page envelope.
 */
final class TsyncWire {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TsyncWire() {}

    /** A thread with its participants; {@code users} holds at least every member. */
    static ObjectNode thread(Thread t, List<Member> members, Map<UserId, User> users) {
        ObjectNode n = Json.obj();
        n.put("id", t.key());
        n.put("tsync_id", t.clientId() != null ? t.clientId() : t.id().toString());
        n.set("reference_order", t.reference() == null ? JsonNodeFactory.instance.nullNode() : ref(t.reference()));
        n.put("last_updated", time(t.lastActivityAt()));
        n.put("date_created", time(t.createdAt()));
        ArrayNode inboxes = n.putArray("thread_chat_inboxes");
        ArrayNode participants = n.putArray("participants");
        for (Member m : members) {
            User u = users.get(m.user());
            ObjectNode inbox = inboxes.addObject();
            inbox.put("id", u == null ? 0 : Inbox.integerId(t.key(), u.key()));
            inbox.put("tsync_id", Inbox.publicId(t.id(), m.user()).toString());
            inbox.put("chat_thread", t.key());
            inbox.set("user", user(m.user(), u));
            participants.add(user(m.user(), u));
        }
        return n;
    }

    static ObjectNode message(Message m, Thread thread, Map<UserId, User> users) {
        ObjectNode n = Json.obj();
        n.put("id", m.key());
        n.put("tsync_id", m.clientId() != null ? m.clientId() : m.id().toString());
        n.put("text", m.text() == null ? "" : m.text());
        n.put("chat_thread", thread.key());
        n.set("sent_by", m.sender() == null ? JsonNodeFactory.instance.nullNode()
                : user(m.sender(), users.get(m.sender())));
        return n;
    }

    /** DRF's page envelope. */
    static ObjectNode page(ArrayNode results, String next) {
        ObjectNode n = Json.obj();
        n.put("count", results.size());
        n.put("next", next);
        n.putNull("previous");
        n.set("results", results);
        return n;
    }

    /** A user as tsync knows them: the external id (a number when all digits), else the Parley id. */
    static JsonNode user(UserId id, User user) {
        if (user == null || user.externalId() == null) {
            return JsonNodeFactory.instance.textNode(id.toString());
        }
        return ref(user.externalId());
    }

    /** A reference that is a number when it is all digits (no leading zero, fits a long), else a string. */
    static JsonNode ref(String text) {
        boolean number = Fields.isDigits(text) && (text.length() == 1 || text.charAt(0) != '0');
        return number ? JsonNodeFactory.instance.numberNode(Long.parseLong(text))
                : JsonNodeFactory.instance.textNode(text);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
