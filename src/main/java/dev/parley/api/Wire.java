package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.Inbox;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.Reaction;
import dev.parley.core.Thread;
import dev.parley.core.ThreadView;
import dev.parley.core.User;
import dev.parley.web.Json;

import java.time.Instant;
import java.util.Locale;

/**
 * The native API's JSON shapes, shared by REST and the WebSocket so both render a message the same
 * way. Field names are snake_case; ids are UUID strings; times are ISO-8601 UTC; enums lower case.
 * A user carries its public profile only.
 */
public final class Wire {
    private Wire() {}

    public static ObjectNode user(User u) {
        ObjectNode n = Json.obj();
        n.put("id", u.id().toString());
        n.put("external_id", u.externalId());
        n.put("name", u.name());
        n.put("email", u.email());
        n.put("phone", u.phone());
        n.put("photo_url", u.photoUrl());
        n.set("data", data(u.data()));
        n.put("created_at", time(u.createdAt()));
        n.put("updated_at", time(u.updatedAt()));
        return n;
    }

    public static ObjectNode thread(Thread t) {
        ObjectNode n = Json.obj();
        n.put("id", t.id().toString());
        n.put("kind", lower(t.kind()));
        n.put("name", t.name());
        n.put("group_key", t.groupKey());
        n.put("reference", t.reference());
        n.set("data", data(t.data()));
        n.put("created_at", time(t.createdAt()));
        n.put("last_activity_at", time(t.lastActivityAt()));
        n.put("last_seq", t.lastSeq());
        return n;
    }

    public static ObjectNode threadView(ThreadView v) {
        ObjectNode n = thread(v.thread());
        ArrayNode members = n.putArray("members");
        for (Member m : v.members()) {
            members.add(member(m));
        }
        if (v.inbox() != null) {
            n.set("inbox", inbox(v.inbox(), v.unread()));
        }
        return n;
    }

    public static ObjectNode member(Member m) {
        ObjectNode n = Json.obj();
        n.put("user", m.user().toString());
        n.put("role", lower(m.role()));
        return n;
    }

    public static ObjectNode inbox(Inbox i, long unread) {
        ObjectNode n = Json.obj();
        n.put("role", lower(i.role()));
        n.put("last_read_seq", i.lastReadSeq());
        n.put("cleared_seq", i.clearedSeq());
        n.put("archived", i.archived());
        n.put("muted", i.muted());
        n.put("unread", unread);
        n.put("joined_at", time(i.joinedAt()));
        return n;
    }

    /** One entry of "my inbox": the thread, my read state and unread count, the last message. */
    public static ObjectNode inboxView(InboxView v) {
        ObjectNode n = thread(v.thread());
        n.set("inbox", inbox(v.inbox(), v.unread()));
        n.put("unread", v.unread());
        n.set("last_message", v.lastMessage() == null ? null : message(v.lastMessage()));
        return n;
    }

    public static ObjectNode message(Message m) {
        ObjectNode n = Json.obj();
        n.put("id", m.id().toString());
        n.put("thread", m.thread().toString());
        n.put("seq", m.seq());
        n.put("client_id", m.clientId());
        n.put("sender", m.sender() == null ? null : m.sender().toString());
        n.put("origin", lower(m.origin()));
        n.put("kind", lower(m.kind()));
        n.put("text", m.text());
        ArrayNode files = n.putArray("files");
        for (FileId f : m.files()) {
            files.add(f.toString());
        }
        n.put("shared_user", m.sharedUser() == null ? null : m.sharedUser().toString());
        n.put("reply_to", m.replyTo() == null ? null : m.replyTo().toString());
        n.set("author", data(m.author()));
        n.put("created_at", time(m.createdAt()));
        n.put("edited_at", time(m.editedAt()));
        n.put("deleted_at", time(m.deletedAt()));
        ArrayNode reactions = n.putArray("reactions");
        for (Reaction r : m.reactions()) {
            ObjectNode rn = reactions.addObject();
            rn.put("user", r.user().toString());
            rn.put("kind", r.kind());
        }
        return n;
    }

    /**
     * An event frame: {@code {"type": "message.created", "cursor": 42, "thread": "…", …}}. The cursor is
     * what a client sends back in {@code resume}; ephemeral events (typing) carry none.
     */
    public static ObjectNode event(CommittedEvent ce) {
        ObjectNode n = Json.obj();
        Event e = ce.event();
        n.put("type", type(e));
        if (ce.cursor() > 0) {
            n.put("cursor", ce.cursor());
        }
        n.put("thread", e.thread().toString());
        switch (e) {
            case Event.MessageCreated c -> n.set("message", message(c.message()));
            case Event.MessageUpdated u -> n.set("message", message(u.message()));
            case Event.MessageDeleted d -> {
                n.put("message", d.message().toString());
                n.put("seq", d.seq());
                n.put("for_everyone", d.forEveryone());
            }
            case Event.ReactionChanged r -> {
                n.put("message", r.message().toString());
                n.put("user", r.user().toString());
                n.put("kind", r.kind());
                n.put("added", r.added());
            }
            case Event.ReadMarked r -> {
                n.put("user", r.user().toString());
                n.put("seq", r.seq());
            }
            case Event.MemberChanged m -> {
                n.put("user", m.user().toString());
                n.put("change", lower(m.change()));
            }
            case Event.Typing t -> n.put("user", t.user().toString());
        }
        return n;
    }

    public static String type(Event e) {
        return switch (e) {
            case Event.MessageCreated c -> "message.created";
            case Event.MessageUpdated u -> "message.updated";
            case Event.MessageDeleted d -> "message.deleted";
            case Event.ReactionChanged r -> "reaction";
            case Event.ReadMarked r -> "read";
            case Event.MemberChanged m -> "member";
            case Event.Typing t -> "typing";
        };
    }

    public static String time(Instant t) {
        return t == null ? null : InstantText.of(t);
    }

    public static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    /** Stored JSON text back to a JSON node (stored data was validated as JSON on the way in). */
    public static JsonNode data(String json) {
        return json == null ? null : Json.parse(json);
    }
}
