package dev.parley.dialect.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.web.Json;
import org.json.JSONObject;
import org.json.JSONString;

/**
 * A JSON object already written by Jackson, as an argument socket.io-server takes: org.json writes a
 * {@link JSONString} as its text, unchanged. Before, each answer and each broadcast was written by
 * Jackson, parsed back into an org.json {@code JSONObject}, walked by socket.io-server to check its
 * values' types and written again by org.json (all twice for an answer: its event and its
 * acknowledgement).
 *
 * <p>It extends an (empty) {@code JSONObject} only because socket.io-server accepts nothing else as an
 * object argument; org.json tests for {@code JSONString} before {@code JSONObject} when it writes a
 * value, so the text is what goes out. Nothing reads it as an org.json object.
 */
final class RawJson extends JSONObject implements JSONString {
    private final String json;

    private RawJson(String json) {
        this.json = json;
    }

    static RawJson of(JsonNode node) {
        return new RawJson(Json.write(node));
    }

    @Override
    public String toJSONString() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
