package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.FileId;
import dev.parley.core.Inbox;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.Reaction;
import dev.parley.core.StoredFile;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.web.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cubicl shapes (seed 002): {@code ChatThread} and {@code ChatMessage} with string ids (Parley's
 * UUIDs), users by external id (the Parley id when a user has none), dates as epoch milliseconds.
 */
final class CubiclWire {
    static final String LIKE = "like";
    static final String DISLIKE = "dislike";

    private CubiclWire() {}

    /** A thread as one user sees it: their inbox (null for the server key), unread count and last message. */
    record ThreadRow(Thread thread, List<Member> members, Inbox inbox, long unread, Message lastMessage) {}

    /** The users and files the messages of one answer mention, looked up once per answer. */
    record Refs(Map<UserId, User> users, Map<FileId, StoredFile> files) {}

    static ObjectNode thread(ThreadRow row, Refs refs) {
        Thread t = row.thread();
        ObjectNode n = Json.obj();
        n.put("_id", t.id().toString());
        n.put("type", switch (t.kind()) {
            case DIRECT -> "personal";
            case GROUP -> "group";
            case CUSTOM, SUPPORT -> "custom";
        });
        if (t.groupKey() != null) {
            n.put("group", t.groupKey());
        }
        if (t.name() != null) {
            n.put("name", t.name());
        }
        ArrayNode ids = n.putArray("users");
        row.members().forEach(m -> ids.add(user(m.user(), refs.users())));
        n.put("activity", millis(t.lastActivityAt()));
        n.put("access", row.inbox() == null || row.inbox().readAt() == null ? 0 : millis(row.inbox().readAt()));
        if (row.lastMessage() == null) {
            n.putNull("lastMessage");
        } else {
            n.set("lastMessage", message(row.lastMessage(), refs));
        }
        n.put("newActivityCount", row.unread());
        n.put("createdAt", millis(t.createdAt()));
        return n;
    }

    static ObjectNode message(Message m, Refs refs) {
        Map<UserId, User> users = refs.users();
        ObjectNode n = Json.obj();
        n.put("_id", m.id().toString());
        n.put("thread", m.thread().toString());
        if (m.sender() == null) {
            n.putNull("from");
        } else {
            n.put("from", user(m.sender(), users));
        }
        n.put("content", m.text() == null ? "" : m.text());
        ArrayNode files = n.putArray("files");
        for (FileId f : m.files()) {
            files.add(file(f, refs.files().get(f)));
        }
        ArrayNode likes = n.putArray("likes");
        ArrayNode dislikes = n.putArray("dislikes");
        for (Reaction r : m.reactions()) {
            if (LIKE.equals(r.kind())) {
                likes.add(user(r.user(), users));
            } else if (DISLIKE.equals(r.kind())) {
                dislikes.add(user(r.user(), users));
            }
        }
        n.put("replyTo", m.replyTo() == null ? null : m.replyTo().toString());
        n.put("createdAt", millis(m.createdAt()));
        return n;
    }

    /**
     * A file attachment: its id, and when the caller may see it its name, size, detected type and
     * where to download it (the native files endpoint, with the same credentials).
     */
    static ObjectNode file(FileId id, StoredFile file) {
        ObjectNode n = Json.obj();
        n.put("_id", id.toString());
        if (file != null) {
            n.put("name", file.name());
            n.put("size", file.size());
            n.put("type", file.contentType());
            n.put("url", "/v1/files/" + id);
        }
        return n;
    }

    /** A user as cubicl knows them: the host app's id, or the Parley id when there is none. */
    static String user(UserId id, Map<UserId, User> users) {
        User u = users.get(id);
        return u != null && u.externalId() != null ? u.externalId() : id.toString();
    }

    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }
}
