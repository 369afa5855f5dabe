package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers shared by the native API tests. */
final class Api {
    static final String SERVER = "Bearer " + TestServer.API_KEY;

    private Api() {}

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A JSON object from name/value pairs: {@code json("text", "hi", "client_id", "c1")}. */
    static String json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return Json.write(map);
    }

    /** A user and a token for them. */
    record Person(String id, String externalId, String auth) {}

    static Person person(TestServer server, String name) {
        JsonNode user = server.newUser(name);
        return new Person(user.get("id").asText(), user.get("external_id").asText(),
                bearer(server.token(user.get("id").asText())));
    }

    /** Asserts an RFC 9457 problem document with the given status and type slug; returns its body. */
    static JsonNode problem(TestServer.Answer a, int status, String slug) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("type").asText()).isEqualTo("https://parley.dev/problems/" + slug);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("request_id").asText()).isEqualTo(a.headers().firstValue("X-Request-Id").orElseThrow());
        return p;
    }

    static JsonNode ok(TestServer.Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        return status == 204 ? null : a.json();
    }
}
