package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.parley.api.Api.SERVER;
import static dev.parley.api.Api.bearer;
import static dev.parley.api.Api.json;
import static dev.parley.api.Api.ok;
import static dev.parley.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

class UsersApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void upsert_creates_with_201_then_updates_the_same_user_with_200() {
        String ext = unique("ext");
        JsonNode created = ok(server.post("/v1/users", SERVER,
                json("external_id", ext, "name", "Ann", "email", "ann@example.com", "data", Map.of("plan", "pro"))), 201);
        assertThat(created.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(created.get("external_id").asText()).isEqualTo(ext);
        assertThat(created.get("data").get("plan").asText()).isEqualTo("pro");

        JsonNode updated = ok(server.post("/v1/users", SERVER, json("external_id", ext, "name", "Ann B")), 200);
        assertThat(updated.get("id")).isEqualTo(created.get("id"));
        assertThat(updated.get("name").asText()).isEqualTo("Ann B");
        assertThat(updated.get("email").asText()).isEqualTo("ann@example.com");
    }

    @Test
    void a_user_is_found_by_parley_id_and_by_external_id() {
        JsonNode user = server.newUser("Bo");
        String id = user.get("id").asText();
        assertThat(ok(server.get("/v1/users/" + id, SERVER), 200).get("id").asText()).isEqualTo(id);
        assertThat(ok(server.get("/v1/users/" + user.get("external_id").asText(), SERVER), 200).get("id").asText())
                .isEqualTo(id);
        problem(server.get("/v1/users/nobody-" + UUID.randomUUID(), SERVER), 404, "not-found");
    }

    @Test
    void a_user_token_reads_me_and_updates_its_own_profile_only() {
        Api.Person me = Api.person(server, "Cy");
        Api.Person other = Api.person(server, "Di");
        assertThat(ok(server.get("/v1/users/me", me.auth()), 200).get("id").asText()).isEqualTo(me.id());
        JsonNode patched = ok(server.send("PATCH", "/v1/users/" + me.id(), me.auth(), json("name", "Cyrus")), 200);
        assertThat(patched.get("name").asText()).isEqualTo("Cyrus");
        problem(server.send("PATCH", "/v1/users/" + other.id(), me.auth(), json("name", "x")), 403, "forbidden");
        problem(server.get("/v1/users/me", SERVER), 403, "forbidden");
    }

    @Test
    void the_server_key_issues_a_token_that_authenticates_the_user() {
        JsonNode user = server.newUser("Eve");
        JsonNode issued = ok(server.post("/v1/users/" + user.get("external_id").asText() + "/tokens", SERVER,
                json("ttl_seconds", 3600)), 200);
        Instant expires = Instant.parse(issued.get("expires_at").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        JsonNode me = ok(server.get("/v1/users/me", bearer(issued.get("token").asText())), 200);
        assertThat(me.get("id")).isEqualTo(user.get("id"));

        JsonNode byDefault = ok(server.post("/v1/users/" + user.get("id").asText() + "/tokens", SERVER, null), 200);
        assertThat(Instant.parse(byDefault.get("expires_at").asText())).isAfter(Instant.now().plusSeconds(23 * 3600));
    }

    @Test
    void token_lifetime_is_bounded() {
        JsonNode user = server.newUser("Fay");
        String path = "/v1/users/" + user.get("id").asText() + "/tokens";
        assertThat(problem(server.post(path, SERVER, json("ttl_seconds", 10)), 400, "invalid-request")
                .get("field").asText()).isEqualTo("ttl_seconds");
        problem(server.post(path, SERVER, json("ttl_seconds", 400L * 24 * 3600)), 400, "invalid-request");
        problem(server.post(path, SERVER, json("ttl_seconds", "long")), 400, "invalid-request");
    }

    @Test
    void server_key_only_endpoints_refuse_a_user_token() {
        Api.Person me = Api.person(server, "Gus");
        problem(server.post("/v1/users", me.auth(), json("external_id", unique("x"))), 403, "forbidden");
        problem(server.post("/v1/users/" + me.id() + "/tokens", me.auth(), null), 403, "forbidden");
        problem(server.send("PUT", "/v1/threads/" + UUID.randomUUID() + "/members", me.auth(),
                json("members", new String[0])), 403, "forbidden");
        problem(server.post("/v1/threads", me.auth(), json("kind", "group", "group_key", "g1",
                "members", new String[] {me.id()})), 403, "forbidden");
    }

    @Test
    void the_server_key_acts_as_a_user_with_the_as_user_header() {
        Api.Person me = Api.person(server, "Hal");
        var a = server.send("GET", "/v1/users/me", Map.of("Authorization", SERVER, Rest.AS_USER, me.externalId()), null);
        assertThat(ok(a, 200).get("id").asText()).isEqualTo(me.id());
        problem(server.send("GET", "/v1/users/me", Map.of("Authorization", me.auth(), Rest.AS_USER, me.id()), null),
                403, "forbidden");
        problem(server.send("GET", "/v1/users/me", Map.of("Authorization", SERVER, Rest.AS_USER, "ghost-" + UUID.randomUUID()),
                null), 404, "not-found");
    }

    @Test
    void a_profile_field_of_the_wrong_type_is_a_400_naming_the_field() {
        JsonNode p = problem(server.post("/v1/users", SERVER, json("external_id", 42)), 400, "invalid-request");
        assertThat(p.get("field").asText()).isEqualTo("external_id");
        JsonNode q = problem(server.post("/v1/users", SERVER, json("external_id", unique("n"), "name", "x".repeat(300))),
                413, "too-large");
        assertThat(q.get("field").asText()).isEqualTo("name");
    }
}
