package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ErrorCode;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.ParleyException;
import dev.parley.core.Reaction;
import dev.parley.core.StoredFile;
import dev.parley.core.User;
import dev.parley.core.UserId;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading cubicl request values: query numbers, body strings, user ids. Failures name the field. */
final class Params {
    /** Longer than any user id, Parley's or a host app's. */
    private static final int MAX_ID_CHARS = 200;

    private Params() {}

    static Integer integer(String field, String text) {
        Long value = longValue(field, text);
        if (value != null && value > Integer.MAX_VALUE) {
            throw ParleyException.invalid(field, field + " is too large");
        }
        return value == null ? null : value.intValue();
    }

    static Long longValue(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ParleyException.invalid(field, field + " must be a non-negative whole number");
        }
        return Long.parseLong(text);
    }

    /** An optional string field; null or blank is absent. */
    static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ParleyException.invalid(field, field + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    /** A user id as cubicl sends it (a string, or a number for numeric external ids). */
    static String userRef(String field, JsonNode v) {
        if (v == null || !(v.isTextual() || v.isIntegralNumber()) || v.asText().isBlank()
                || v.asText().length() > MAX_ID_CHARS) {
            throw ParleyException.invalid(field, field + " must hold user ids");
        }
        return v.asText();
    }

    /** The user a request names; an unknown one is invalid input. */
    static User user(Chat chat, String field, JsonNode v) {
        String ref = userRef(field, v);
        return chat.users().find(ref).orElseThrow(() -> ParleyException.invalid(field, field + " names a user that does not exist"));
    }

    /**
     * What an answer needs to render users and files: the given users plus everyone the messages
     * mention, and the files attached to them that the actor may see.
     */
    static CubiclWire.Refs refs(Chat chat, Actor actor, Set<UserId> users, List<Message> messages) {
        Set<UserId> ids = new LinkedHashSet<>(users);
        Map<FileId, StoredFile> files = new HashMap<>();
        for (Message m : messages) {
            ids.addAll(people(m));
            for (FileId f : m.files()) {
                if (!files.containsKey(f)) {
                    try {
                        files.put(f, chat.files().get(actor, f));
                    } catch (ParleyException e) {
                        if (e.code() != ErrorCode.NOT_FOUND) {
                            throw e;
                        }
                    }
                }
            }
        }
        return new CubiclWire.Refs(ids.isEmpty() ? Map.of() : chat.users().all(ids), files);
    }

    /** The users a message mentions by id: its sender and those who reacted. */
    static Set<UserId> people(Message m) {
        Set<UserId> ids = new LinkedHashSet<>();
        if (m.sender() != null) {
            ids.add(m.sender());
        }
        for (Reaction r : m.reactions()) {
            ids.add(r.user());
        }
        return ids;
    }
}
