package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Authenticator;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.InboxView;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.Threads;
import dev.parley.core.UserId;
import dev.parley.web.Json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's events as core calls: each takes the event's arguments (JSON) and returns the answer's
 * body. Blocking (JDBC): called on a virtual thread. Rules live in the core; this only translates.
 */
final class ChatEvents {
    private final Chat chat;
    private final Authenticator auth;

    /** A parsed {@code new-message}: the chat, the text, the idempotency key and (server key) the sender. */
    record Outgoing(ThreadId chat, String text, String clientId, UserId asUser) {
        Outgoing withClientId(String id) {
            return new Outgoing(chat, text, id, asUser);
        }
    }

    ChatEvents(Chat chat, Authenticator auth) {
        this.chat = chat;
        this.auth = auth;
    }

    /** {@code create-user}: {@code { user: { externalUserId } }} → {@code { user }}. */
    ObjectNode createUser(Actor actor, List<JsonNode> args) {
        JsonNode user = body(args).path("user");
        String externalId = firstText(user, "externalUserId", "external_id");
        if (externalId == null) {
            throw ParleyException.invalid("user.externalUserId", "user.externalUserId is required");
        }
        ObjectNode answer = Json.obj();
        answer.set("user", Shapes.user(chat.users().map(actor, externalId).user()));
        return answer;
    }

    /** {@code create-chat}: {@code { chat: { name }, users: [ids] }} → {@code { chat }}. */
    ObjectNode createChat(Actor actor, List<JsonNode> args) {
        JsonNode body = body(args);
        JsonNode users = body.path("users");
        if (!users.isMissingNode() && !users.isNull() && !users.isArray()) {
            throw ParleyException.invalid("users", "users must be an array of user ids");
        }
        List<UserId> members = new ArrayList<>();
        for (JsonNode u : users) {
            if (!u.isTextual()) {
                throw ParleyException.invalid("users", "users must be an array of user ids");
            }
            members.add(UserId.parse(u.asText()));
            if (members.size() > chat.limits().maxMembers()) {
                throw ParleyException.tooLarge("users", "a chat has at most " + chat.limits().maxMembers() + " members");
            }
        }
        String name = optionalText(body.path("chat"), "name");
        ThreadStore.Opened opened = chat.threads().create(actor,
                new Threads.CreateThread(ThreadKind.CUSTOM, name, null, null, null, members));
        ObjectNode answer = Json.obj();
        answer.set("chat", Shapes.chat(opened.thread(), chat.threads().members(actor, opened.thread().id())));
        return answer;
    }

    /**
     * {@code list-chats}: {@code { user: { id } }} → {@code { chats }}, most recent activity first. A user
     * lists their own chats (user.id may be left out); the server key names the user. At most a page
     * ({@code query.limit}); {@code query.before} (a DATETIME of activity) pages further.
     */
    ObjectNode listChats(Actor actor, List<JsonNode> args) {
        JsonNode body = body(args);
        String userRef = optionalText(body.path("user"), "id");
        Actor who = actor instanceof Actor.Person p && (userRef == null || userRef.equals(p.user().id().toString()))
                ? actor : auth.actAs(actor, userRef);
        JsonNode query = body.path("query");
        Integer limit = optionalInt(query, "limit");
        List<InboxView> inboxes = chat.threads().inbox(who, new ThreadStore.InboxQuery(false, time(query, "before"),
                limit == null ? chat.limits().maxPageSize() : limit));
        ObjectNode answer = Json.obj();
        ArrayNode chats = answer.putArray("chats");
        for (InboxView inbox : inboxes) {
            chats.add(Shapes.chat(inbox.thread(), chat.threads().members(who, inbox.thread().id())));
        }
        return answer;
    }

    /**
     * {@code list-messages}: {@code { query: { from, to, limit }, chat: { id } }} → {@code { messages, more }},
     * oldest first; see {@link Messages#between} for which page a long window gives.
     */
    ObjectNode listMessages(Actor actor, List<JsonNode> args) {
        JsonNode body = body(args);
        ThreadId thread = chatId(body);
        if (thread == null) {
            throw ParleyException.invalid("chat.id", "chat.id is required");
        }
        JsonNode query = body.path("query");
        MessageStore.MessagePage page = chat.messages().between(actor, thread, time(query, "from"), time(query, "to"),
                optionalInt(query, "limit"));
        ObjectNode answer = Json.obj();
        ArrayNode messages = answer.putArray("messages");
        page.messages().forEach(m -> messages.add(Shapes.message(m)));
        answer.put("more", page.more());
        return answer;
    }

    /**
     * Parses {@code new-message}: the chat id as a first argument before the body, or in the body as
     * {@code room}, {@code chat.id}, {@code chatId} or {@code chat_id}; {@code msg}; {@code type}
     * ("text", the only kind a socket can send); optional {@code client_id}; {@code user_id} for the server key.
     */
    static Outgoing parseNewMessage(List<JsonNode> args) {
        String room = null;
        JsonNode body;
        if (args.size() >= 2 && args.get(0).isTextual()) {
            room = args.get(0).asText();
            body = args.get(1);
        } else {
            body = args.isEmpty() ? null : args.get(0);
        }
        if (body == null || !body.isObject()) {
            throw ParleyException.invalid("body", "new-message takes a JSON object { msg, type }");
        }
        ThreadId thread = room != null ? ThreadId.parse(room) : chatId(body);
        if (thread == null) {
            throw ParleyException.invalid("room", "name the chat: room, chat.id, chatId or chat_id");
        }
        String type = optionalText(body, "type");
        if (type != null && !type.equals("text")) {
            throw ParleyException.invalid("type", "only text messages can be sent over Socket.IO");
        }
        JsonNode msg = body.path("msg");
        if (!msg.isMissingNode() && !msg.isNull() && !msg.isTextual()) {
            throw ParleyException.invalid("msg", "msg must be a string");
        }
        String userId = optionalText(body, "user_id");
        return new Outgoing(thread, msg.isTextual() ? msg.asText() : null, optionalText(body, "client_id"),
                userId == null ? null : UserId.parse(userId));
    }

    /** {@code new-message} → the stored message, answered after commit. */
    ObjectNode send(Actor actor, Outgoing out) {
        MessageStore.Appended appended = chat.messages().send(actor, new Messages.Send(out.chat(), null, out.clientId(),
                MessageKind.TEXT, out.text(), List.of(), null, null, null, out.asUser()));
        return Shapes.message(appended.message());
    }

    private static ObjectNode body(List<JsonNode> args) {
        if (args.isEmpty() || args.get(0).isNull()) {
            return Json.obj();
        }
        if (!args.get(0).isObject()) {
            throw ParleyException.invalid("body", "the event takes a JSON object");
        }
        return (ObjectNode) args.get(0);
    }

    private static ThreadId chatId(JsonNode body) {
        String id = firstText(body, "room", "chatId", "chat_id");
        if (id == null) {
            id = optionalText(body.path("chat"), "id");
        }
        return id == null ? null : ThreadId.parse(id);
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = optionalText(node, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ParleyException.invalid(name, name + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    private static Integer optionalInt(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ParleyException.invalid(name, name + " must be a whole number");
        }
        return v.asInt();
    }

    /** A DATETIME: an ISO-8601 instant or offset date-time, a date (midnight UTC), or epoch milliseconds. */
    private static Instant time(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        String text = v.isTextual() ? v.asText().strip() : "";
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ParleyException.invalid(name, name + " must be an ISO-8601 date-time such as 2024-05-01T12:00:00Z");
        }
    }
}
