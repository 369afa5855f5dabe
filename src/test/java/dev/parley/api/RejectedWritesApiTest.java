package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.parley.api.Api.json;
import static dev.parley.api.Api.ok;
import static dev.parley.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** A write the server refuses leaves nothing behind, and a write it accepts is visible to its author. */
class RejectedWritesApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int threads(Api.Person who) {
        return ok(server.get("/v1/threads", who.auth()), 200).get("threads").size();
    }

    @Test
    void rejected_first_message_to_a_user_opens_no_direct_thread() {
        Api.Person ann = Api.person(server, "ann");
        Api.Person bob = Api.person(server, "bob");

        problem(server.post("/v1/messages", ann.auth(), json("to", bob.id(), "text", "x".repeat(20_000))),
                413, "too-large");
        problem(server.post("/v1/messages", ann.auth(), json("to", bob.id(), "kind", "file", "text", "x")),
                400, "invalid-request");
        problem(server.post("/v1/messages", ann.auth(), json("to", bob.id(), "text", "x", "files",
                new String[]{"00000000-0000-0000-0000-000000000001"})), 400, "invalid-request");
        problem(server.post("/v1/messages", ann.auth(), json("to", bob.id(), "text", "x",
                "reply_to", "00000000-0000-0000-0000-000000000001")), 400, "invalid-request");

        assertThat(threads(ann)).isZero();
        assertThat(threads(bob)).isZero();
    }

    @Test
    void a_reply_sent_with_to_lands_in_the_existing_direct_thread() {
        Api.Person ann = Api.person(server, "ann");
        Api.Person bob = Api.person(server, "bob");
        JsonNode first = ok(server.post("/v1/messages", ann.auth(), json("to", bob.id(), "text", "hi")), 201);

        JsonNode reply = ok(server.post("/v1/messages", bob.auth(),
                json("to", ann.id(), "text", "hello", "reply_to", first.get("id").asText())), 201);

        assertThat(reply.get("thread").asText()).isEqualTo(first.get("thread").asText());
        assertThat(reply.get("reply_to").asText()).isEqualTo(first.get("id").asText());
    }

    @Test
    void user_who_opens_a_support_thread_is_in_it() {
        Api.Person customer = Api.person(server, "customer");
        Api.Person agent = Api.person(server, "agent");

        JsonNode thread = ok(server.post("/v1/threads", customer.auth(),
                json("kind", "support", "members", new String[]{agent.id()})), 201);
        String id = thread.get("id").asText();

        assertThat(thread.get("members")).extracting(m -> m.get("user").asText())
                .containsExactlyInAnyOrder(customer.id(), agent.id());
        ok(server.post("/v1/messages", customer.auth(), json("thread", id, "text", "help")), 201);
        assertThat(ok(server.get("/v1/threads/" + id + "/messages", agent.auth()), 200).get("messages")).hasSize(1);
    }
}
