package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ParleyException;
import dev.parley.web.PythonTypes;
import dev.parley.web.Json;

/**
 * Reads request fields the way a DRF serializer validates them, with DRF's own messages, so a
 * client written against tsync sees the errors it expects.
 */
final class Fields {
    static final String REQUIRED = "This field is required.";
    static final String NOT_NULL = "This field may not be null.";
    static final String NOT_BLANK = "This field may not be blank.";

    /** Longer than any user id, Parley's or a host app's. */
    private static final int MAX_ID_CHARS = 200;

    private Fields() {}

    static ObjectNode body(String text) {
        return Json.object(text == null ? "" : text);
    }

    /** A primary key: a whole number, or a string of digits. Null when absent and not required. */
    static Long pk(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ParleyException.invalid(field, v == null ? REQUIRED : NOT_NULL);
            }
            return null;
        }
        Long value = pkOf(v);
        if (value == null) {
            throw ParleyException.invalid(field, "Incorrect type. Expected pk value, received " + PythonTypes.of(v) + ".");
        }
        return value;
    }

    /** A pk from a query parameter; null when absent. */
    static Long pkParam(String field, String text) {
        if (text == null) {
            return null;
        }
        if (!isDigits(text)) {
            throw ParleyException.invalid(field, "A valid integer is required.");
        }
        return Long.parseLong(text);
    }

    /** A positive whole number from a query parameter; null when absent. */
    static Integer intParam(String field, String text) {
        if (text == null) {
            return null;
        }
        if (!isDigits(text) || text.length() > 9) {
            throw ParleyException.invalid(field, "A valid integer is required.");
        }
        return Integer.parseInt(text);
    }

    static Long pkOf(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isTextual() && isDigits(v.asText())) {
            return Long.parseLong(v.asText());
        }
        return null;
    }

    /** A string field; numbers are taken as their text, as DRF's CharField does. */
    static String string(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ParleyException.invalid(field, v == null ? REQUIRED : NOT_NULL);
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw ParleyException.invalid(field, "Not a valid string.");
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw ParleyException.invalid(field, NOT_BLANK);
        }
        return text;
    }

    /** A user as tsync refers to one: its external id as a number or a string. */
    static String userRef(String field, JsonNode v) {
        if (v != null && (v.isIntegralNumber() || v.isTextual()) && !v.asText().isBlank()) {
            if (v.asText().length() > MAX_ID_CHARS) {
                throw ParleyException.invalid(field, "Ensure this field has no more than " + MAX_ID_CHARS + " characters.");
            }
            return v.asText();
        }
        throw ParleyException.invalid(field, "Incorrect type. Expected pk value, received "
                + PythonTypes.of(v) + ".");
    }

    static boolean isDigits(String text) {
        return text != null && !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
