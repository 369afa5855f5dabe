package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Ids;
import dev.parley.core.ParleyException;
import dev.parley.web.PythonTypes;
import dev.parley.core.ThreadId;
import dev.parley.web.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body the way the seed's DRF serializers do: every field is checked and all problems
 * are reported together with DRF's own messages. Only the wire shape is checked here (present, not
 * blank, right type); the core checks everything else (lengths, access, rate).
 */
final class Input {
    static final String REQUIRED = "This field is required.";
    static final String BLANK = "This field may not be blank.";
    static final String NULL = "This field may not be null.";
    static final String NOT_STRING = "Not a valid string.";
    static final String NOT_UUID = "Must be a valid UUID.";
    static final String NOT_BOOLEAN = "Must be a valid boolean.";

    private final ObjectNode body;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    private Input(ObjectNode body) {
        this.body = body;
    }

    /** The body as a JSON object; anything else is a {@link Rejected} under {@code non_field_errors}. */
    static Input of(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Input(Json.obj());
        }
        JsonNode node;
        try {
            node = Json.parse(raw);
        } catch (ParleyException e) {
            throw ParleyException.invalid(null, "JSON parse error - " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new Rejected(Map.of("non_field_errors",
                    List.of("Invalid data. Expected a dictionary, but got " + PythonTypes.of(node) + ".")));
        }
        return new Input((ObjectNode) node);
    }

    /** Free JSON (the visitor or author description); blank means "", [] or {} as in Django. */
    JsonNode json(String field) {
        JsonNode n = present(field);
        if (n == null) {
            return null;
        }
        boolean blank = (n.isTextual() && n.textValue().isBlank()) || (n.isContainerNode() && n.isEmpty());
        if (blank) {
            return fail(field, BLANK);
        }
        return n;
    }

    /** A string; numbers are taken as their text like DRF's CharField does. */
    String text(String field) {
        JsonNode n = present(field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual() && !n.isNumber()) {
            return fail(field, NOT_STRING);
        }
        String text = n.asText();
        if (text.isBlank()) {
            return fail(field, BLANK);
        }
        return text;
    }

    ThreadId threadId(String field) {
        JsonNode n = present(field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual() || !Ids.isUuid(n.textValue().strip())) {
            return fail(field, NOT_UUID);
        }
        return ThreadId.parse(n.textValue().strip());
    }

    /** A boolean as DRF's BooleanField accepts it; {@code fallback} when absent. */
    boolean bool(String field, boolean fallback) {
        JsonNode n = body.get(field);
        if (n == null) {
            return fallback;
        }
        if (n.isNull()) {
            fail(field, NULL);
            return fallback;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String text = n.isTextual() ? n.textValue().strip().toLowerCase() : n.isIntegralNumber() ? n.asText() : "";
        return switch (text) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> {
                fail(field, NOT_BOOLEAN);
                yield fallback;
            }
        };
    }

    /** Throws {@link Rejected} when any field had a problem. */
    void check() {
        if (!errors.isEmpty()) {
            throw new Rejected(errors);
        }
    }

    private JsonNode present(String field) {
        JsonNode n = body.get(field);
        if (n == null) {
            return fail(field, REQUIRED);
        }
        if (n.isNull()) {
            return fail(field, NULL);
        }
        return n;
    }

    private <T> T fail(String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
        return null;
    }
}
