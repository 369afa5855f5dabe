package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ParleyException;
import dev.parley.web.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One authenticated request, captured off the event loop: the actor, the path and query parameters and
 * the JSON body, with typed readers that reject a wrong type with INVALID naming the field, so a bad
 * input is a 400 and never a 500.
 */
final class Call {
    private final Chat chat;
    private final Actor actor;
    private final Map<String, String> path;
    private final Map<String, String> query;
    private final String rawBody;
    private ObjectNode body;

    Call(Chat chat, Actor actor, Map<String, String> path, Map<String, String> query, String rawBody) {
        this.chat = chat;
        this.actor = actor;
        this.path = path;
        this.query = query;
        this.rawBody = rawBody;
    }

    Chat chat() {
        return chat;
    }

    Actor actor() {
        return actor;
    }

    String path(String name) {
        return path.get(name);
    }

    /** The JSON body as an object; an empty body reads as {@code {}}. */
    ObjectNode body() {
        if (body == null) {
            body = rawBody == null || rawBody.isBlank() ? Json.obj() : Json.object(rawBody);
        }
        return body;
    }

    boolean has(String field) {
        JsonNode n = body().get(field);
        return n != null && !n.isNull();
    }

    /** A string field, or null when absent or null. */
    String text(String field) {
        JsonNode n = body().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ParleyException.invalid(field, field + " must be a string");
        }
        return n.textValue();
    }

    String requiredText(String field) {
        String v = text(field);
        if (v == null) {
            throw ParleyException.invalid(field, field + " is required");
        }
        return v;
    }

    Boolean bool(String field) {
        JsonNode n = body().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ParleyException.invalid(field, field + " must be true or false");
        }
        return n.booleanValue();
    }

    Long number(String field) {
        JsonNode n = body().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ParleyException.invalid(field, field + " must be a whole number");
        }
        return n.longValue();
    }

    /** An array of strings, at most {@code max} long; null when absent. */
    List<String> strings(String field, int max) {
        JsonNode n = body().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw ParleyException.invalid(field, field + " must be an array of strings");
        }
        if (n.size() > max) {
            throw ParleyException.tooLarge(field, field + " has more than " + max + " entries");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw ParleyException.invalid(field, field + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Any JSON value, as JSON text for the core to store; null when absent or null. */
    String json(String field) {
        JsonNode n = body().get(field);
        return n == null || n.isNull() ? null : Json.write(n);
    }

    String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    Integer queryInt(String name) {
        Long v = queryLong(name);
        if (v == null) {
            return null;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw ParleyException.invalid(name, name + " is out of range");
        }
        return v.intValue();
    }

    Long queryLong(String name) {
        String v = query(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ParleyException.invalid(name, name + " must be a whole number");
        }
    }

    boolean queryFlag(String name) {
        String v = query(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ParleyException.invalid(name, name + " must be true or false");
        };
    }
}
