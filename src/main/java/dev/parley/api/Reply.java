package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;

/** What a route answers: a status and a JSON body (none for 204). */
record Reply(int status, JsonNode body) {
    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply created(JsonNode body) {
        return new Reply(201, body);
    }

    /** 201 when this call created the resource, 200 when it existed already. */
    static Reply createdOr(boolean created, JsonNode body) {
        return new Reply(created ? 201 : 200, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
