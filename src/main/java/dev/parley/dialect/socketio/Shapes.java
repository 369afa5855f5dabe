package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ErrorCode;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The seed's payloads: users, chats, messages and the error body. DATETIMEs are ISO-8601 instants. */
final class Shapes {
    private static final Logger log = LoggerFactory.getLogger(Shapes.class);

    private Shapes() {}

    /** {@code { id, externalUserId, created_at, modified_at }}. */
    static ObjectNode user(User u) {
        ObjectNode o = Json.obj();
        o.put("id", u.id().toString());
        o.put("externalUserId", u.externalId());
        o.put("created_at", time(u.createdAt()));
        o.put("modified_at", time(u.updatedAt() != null ? u.updatedAt() : u.createdAt()));
        return o;
    }

    /** {@code { id, name, users, created_at, modified_at }}; modified_at is the last activity. */
    static ObjectNode chat(Thread t, List<Member> members) {
        ObjectNode o = Json.obj();
        o.put("id", t.id().toString());
        o.put("name", t.name());
        ArrayNode users = o.putArray("users");
        members.forEach(m -> users.add(m.user().toString()));
        o.put("created_at", time(t.createdAt()));
        o.put("modified_at", time(t.lastActivityAt() != null ? t.lastActivityAt() : t.createdAt()));
        return o;
    }

    /**
     * {@code { id, msg, type, user_id, created_at, modified_at, room }}: {@code room} (the chat id) is
     * Parley's addition so that a client in many rooms knows where a broadcast belongs.
     */
    static ObjectNode message(Message m) {
        ObjectNode o = Json.obj();
        o.put("id", m.id().toString());
        o.put("msg", m.text());
        o.put("type", m.kind().name().toLowerCase(Locale.ROOT));
        o.put("user_id", m.sender() == null ? null : m.sender().toString());
        o.put("created_at", time(m.createdAt()));
        Instant modified = m.deletedAt() != null ? m.deletedAt() : m.editedAt() != null ? m.editedAt() : m.createdAt();
        o.put("modified_at", time(modified));
        o.put("room", m.thread().toString());
        return o;
    }

    /** {@code { "error": { code, message } }}. */
    static ObjectNode error(Throwable failure) {
        ObjectNode o = Json.obj();
        o.set("error", errorBody(failure));
        return o;
    }

    /**
     * {@code { code, message }} with the catalogue's slug as code (and {@code field} when the error is
     * about one). Anything outside the catalogue is an internal error: logged here with an id, never
     * detailed to the client.
     */
    static ObjectNode errorBody(Throwable failure) {
        ObjectNode o = Json.obj();
        if (failure instanceof ParleyException p) {
            o.put("code", p.code().slug());
            o.put("message", p.getMessage() != null ? p.getMessage() : p.code().title());
            if (p.field() != null) {
                o.put("field", p.field());
            }
            return o;
        }
        String id = UUID.randomUUID().toString();
        log.error("socket.io request failed (error id {})", id, failure);
        o.put("code", ErrorCode.INTERNAL.slug());
        o.put("message", ErrorCode.INTERNAL.title() + " (error id " + id + ")");
        return o;
    }

    static ObjectNode error(ErrorCode code, String message) {
        return error(new ParleyException(code, message));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
