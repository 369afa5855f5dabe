package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.StoredFile;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.web.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's JSON shapes. User objects carry the public profile only: never a password, a login time,
 * a permission or staff flag, groups or permissions, whatever the host app keeps in its own user.
 */
final class LicomedWire {
    private static final DateTimeFormatter REST_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FRAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);
    /** Profile keys taken from the user's free data when the host app put them there (strings only). */
    private static final String[] DATA_FIELDS = {"gender", "country_code", "account_type"};

    private LicomedWire() {}

    // ---- envelopes

    static ObjectNode success(String dataKey, JsonNode data, String message) {
        ObjectNode n = Json.obj();
        n.put("status", "success");
        n.set(dataKey, data);
        n.put("message", message);
        n.put("success", true);
        return n;
    }

    static ObjectNode failure(String message) {
        ObjectNode n = Json.obj();
        n.put("status", "failure");
        n.putNull("entity");
        n.put("message", message);
        n.put("success", false);
        return n;
    }

    /** A socket error reply (the seed has none; this keeps its envelope's words). */
    static ObjectNode errorFrame(String action, String message) {
        ObjectNode n = Json.obj();
        n.put("action", "error");
        n.put("request_action", action);
        n.put("status", "failure");
        n.put("message", message);
        n.put("success", false);
        return n;
    }

    // ---- users

    /** The id a licomed client knows a user by: the host app's external id, else the Parley id. */
    static String id(User u) {
        return u.externalId() != null ? u.externalId() : u.id().toString();
    }

    static JsonNode user(User u) {
        if (u == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode n = Json.obj();
        n.put("id", id(u));
        n.put("email", u.email());
        n.put("fullname", u.name());
        n.put("phone_number", u.phone());
        n.put("profile_photo", u.photoUrl());
        JsonNode data = parse(u.data());
        for (String field : DATA_FIELDS) {
            JsonNode v = data == null ? null : data.get(field);
            n.put(field, v != null && v.isTextual() ? v.asText() : null);
        }
        n.put("created_at", restTime(u.createdAt()));
        n.put("updated_at", restTime(u.updatedAt()));
        return n;
    }

    /** The short user of the attachment answer: {@code {id, email, profile}}. */
    static JsonNode shortUser(User u) {
        if (u == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode n = Json.obj();
        n.put("id", id(u));
        n.put("email", u.email());
        n.putNull("profile");
        return n;
    }

    static ObjectNode profile(User u) {
        ObjectNode n = Json.obj();
        n.put("id", id(u));
        n.put("fullname", u.name());
        n.put("phone_number", u.phone());
        return n;
    }

    // ---- messages

    /** What the renderers need to show one message: its people and its first file. */
    record View(Message message, long threadKey, User sender, User receiver, User shared, StoredFile file) {}

    static ObjectNode message(View v) {
        Message m = v.message();
        ObjectNode n = Json.obj();
        n.put("id", m.key());
        n.set("sender", user(v.sender()));
        n.set("receiver", user(v.receiver()));
        n.put("attached_file_size", size(v.file()));
        n.put("message", m.kind() == MessageKind.USER_PROFILE ? null : text(m));
        n.put("updated_at", restTime(m.editedAt() != null ? m.editedAt() : m.createdAt()));
        n.put("created_at", restTime(m.createdAt()));
        n.put("attached_file", v.file() == null ? null : url(v.file()));
        n.put("message_type", type(m.kind()));
        n.put("attached_file_name", v.file() == null ? null : v.file().name());
        n.put("thread", v.threadKey());
        n.put("attached_profile", v.shared() == null ? null : id(v.shared()));
        return n;
    }

    /** The message of the {@code POST /chat/attachment/} answer, in the seed's shape for it. */
    static ObjectNode attachment(View v) {
        Message m = v.message();
        ObjectNode n = Json.obj();
        n.put("id", m.key());
        n.set("sender", shortUser(v.sender()));
        n.set("receiver", shortUser(v.receiver()));
        n.put("attached_file_size", size(v.file()));
        n.put("message", text(m));
        n.put("updated", restTime(m.editedAt() != null ? m.editedAt() : m.createdAt()));
        n.put("created", restTime(m.createdAt()));
        n.put("seen", false);
        n.put("deleted", m.deleted());
        n.put("attached_file", v.file() == null ? null : url(v.file()));
        n.put("attached_file_name", v.file() == null ? null : v.file().name());
        n.put("thread", v.threadKey());
        return n;
    }

    /** A socket frame: {@code re_message} to the receiver, {@code conf_message} back to the sender. */
    static ObjectNode frame(View v, String action) {
        Message m = v.message();
        ObjectNode n = Json.obj();
        String sender = v.sender() == null ? null : id(v.sender());
        String receiver = v.receiver() == null ? null : id(v.receiver());
        String time = frameTime(m.createdAt());
        switch (m.kind()) {
            case FILE -> {
                n.put("message_body", text(m));
                n.put("attached_file_name", v.file() == null ? null : v.file().name());
                n.put("attached_file_size", size(v.file()));
                n.put("sender_id", sender);
                n.put("receiver_id", receiver);
                n.put("timestamp", time);
                n.put("created_msg_id", m.key());
                n.put("action", action);
                n.put("message_type", "file");
            }
            case USER_PROFILE -> {
                n.put("sender_id", sender);
                n.put("receiver_id", receiver);
                n.putNull("message");
                n.put("timestamp", time);
                n.put("created_msg_id", m.key());
                n.set("attached_profile", v.shared() == null ? Json.MAPPER.nullNode() : profile(v.shared()));
                n.put("message_type", "user_profile");
                n.put("action", action);
            }
            default -> {
                n.put("sender_id", sender);
                n.put("receiver_id", receiver);
                n.put("message", text(m));
                n.put("timestamp", time);
                n.put("created_msg_id", m.key());
                n.put("message_type", "text");
                n.put("action", action);
            }
        }
        return n;
    }

    static String type(MessageKind kind) {
        return switch (kind) {
            case FILE -> "file";
            case USER_PROFILE -> "user_profile";
            default -> "text";
        };
    }

    /** The seed writes sizes like {@code "194.75KB"}, and {@code "0kb"} when there is no file. */
    static String size(StoredFile file) {
        if (file == null) {
            return "0kb";
        }
        double kb = file.size() / 1024.0;
        if (kb < 1024) {
            return String.format(Locale.ROOT, "%.2fKB", kb);
        }
        return String.format(Locale.ROOT, "%.2fMB", kb / 1024.0);
    }

    /** Where the file is downloaded: the native route, with the same bearer token. */
    static String url(StoredFile file) {
        return "/v1/files/" + file.id();
    }

    static String restTime(Instant t) {
        return t == null ? null : REST_TIME.format(t);
    }

    static String frameTime(Instant t) {
        return t == null ? null : FRAME_TIME.format(t);
    }

    private static String text(Message m) {
        return m.text();
    }

    private static JsonNode parse(String data) {
        if (data == null) {
            return null;
        }
        try {
            JsonNode node = Json.parse(data);
            return node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static User find(Map<UserId, User> users, UserId id) {
        return id == null ? null : users.get(id);
    }
}
