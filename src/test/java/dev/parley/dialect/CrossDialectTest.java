package dev.parley.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Message;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tsync, cubicl and the native REST API see the same threads and messages; each dialect can be
 * switched off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossDialectTest {
    private TestServer server;
    private DialectUsers users;

    @BeforeAll
    void start() {
        server = TestServer.start();
        users = new DialectUsers(server);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** The texts of a thread's history through the native REST API. */
    private List<String> nativeTexts(User viewer, Thread thread) {
        TestServer.Answer a = server.get("/v1/threads/" + thread.id() + "/messages", users.bearer(viewer));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<String> texts = new java.util.ArrayList<>();
        a.json().get("messages").forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    private Thread threadByKey(User viewer, long key) {
        return server.server().chat().threads().requireByKey(Actor.of(viewer), key);
    }

    @Test
    void a_message_sent_through_tsync_shows_in_cubicl_and_the_native_api() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        JsonNode t = server.post("/chats/threads/", users.token(ann), Json.write(Map.of("tsync_id", "x-1",
                "participants", List.of(Long.parseLong(ann.externalId()), Long.parseLong(bob.externalId()))))).json();
        JsonNode sent = server.post("/chats/messages/", users.token(ann), Json.write(Map.of(
                "chat_thread", t.get("id").asLong(), "text", "from tsync", "tsync_id", "m-1"))).json();
        Thread thread = threadByKey(ann, t.get("id").asLong());

        JsonNode threads = server.get("/api/v1/chat/threads", users.bearer(bob)).json();
        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).get("_id").asText()).isEqualTo(thread.id().toString());
        assertThat(threads.get(0).get("type").asText()).isEqualTo("personal");
        assertThat(threads.get(0).get("newActivityCount").asInt()).isEqualTo(1);
        JsonNode last = threads.get(0).get("lastMessage");
        assertThat(last.get("content").asText()).isEqualTo("from tsync");
        assertThat(last.get("from").asText()).isEqualTo(ann.externalId());

        assertThat(nativeTexts(bob, thread)).containsExactly("from tsync");
        JsonNode nativeMessage = server.get("/v1/messages/" + last.get("_id").asText(), users.bearer(bob)).json();
        assertThat(nativeMessage.get("client_id").asText()).isEqualTo("m-1");
        assertThat(nativeMessage.get("sender").asText()).isEqualTo(ann.id().toString());
        Message byKey = server.server().chat().messages().getByKey(Actor.of(bob), sent.get("id").asLong());
        assertThat(byKey.id().toString()).isEqualTo(last.get("_id").asText());
    }

    @Test
    void messages_sent_through_cubicl_and_the_native_api_show_in_tsync() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        JsonNode opened = server.post("/api/v1/chat/messages", users.bearer(bob),
                Json.write(Map.of("to", ann.externalId(), "content", "from cubicl"))).json();
        String threadId = opened.get("thread").get("_id").asText();
        Thread thread = server.server().chat().threads().require(Actor.of(ann), dev.parley.core.ThreadId.parse(threadId));
        TestServer.Answer viaNative = server.post("/v1/messages", users.bearer(ann),
                Json.write(Map.of("thread", threadId, "text", "from the native API")));
        assertThat(viaNative.status()).as(viaNative.body()).isEqualTo(201);

        JsonNode tsyncThreads = server.get("/chats/threads/", users.token(ann)).json();
        assertThat(tsyncThreads.get("count").asInt()).isEqualTo(1);
        JsonNode t = tsyncThreads.get("results").get(0);
        assertThat(t.get("id").asLong()).isEqualTo(thread.key());
        assertThat(t.get("tsync_id").asText()).isEqualTo(threadId);

        JsonNode page = server.get("/chats/messages/?chat_thread=" + thread.key(), users.token(ann)).json();
        assertThat(page.get("results")).extracting(r -> r.get("text").asText())
                .containsExactly("from the native API", "from cubicl");
        JsonNode fromCubicl = page.get("results").get(1);
        assertThat(fromCubicl.get("sent_by").asLong()).isEqualTo(Long.parseLong(bob.externalId()));
        assertThat(fromCubicl.get("tsync_id").asText()).isEqualTo(opened.get("message").asText());

        // Sending to the same pair through tsync lands in the same conversation.
        JsonNode again = server.post("/chats/threads/", users.token(ann), Json.write(Map.of("tsync_id", "pair",
                "participants", List.of(Long.parseLong(bob.externalId()))))).json();
        assertThat(again.get("id").asLong()).isEqualTo(thread.key());
    }

    @Test
    void a_dialect_switched_off_serves_nothing_while_the_others_still_do() {
        try (TestServer noTsync = TestServer.start(Map.of("PARLEY_DIALECT_TSYNC", "false"))) {
            DialectUsers u = new DialectUsers(noTsync);
            User ann = u.create("Ann");
            assertThat(noTsync.get("/chats/threads/", u.token(ann)).status()).isEqualTo(404);
            assertThat(noTsync.post("/chats/messages/", u.token(ann), "{}").status()).isEqualTo(404);
            assertThat(noTsync.get("/api/v1/chat/threads", u.bearer(ann)).status()).isEqualTo(200);
        }
        try (TestServer noCubicl = TestServer.start(Map.of("PARLEY_DIALECT_CUBICL", "false"))) {
            DialectUsers u = new DialectUsers(noCubicl);
            User ann = u.create("Ann");
            assertThat(noCubicl.get("/api/v1/chat/threads", u.bearer(ann)).status()).isEqualTo(404);
            assertThat(noCubicl.get("/chats/threads/", u.token(ann)).status()).isEqualTo(200);
        }
    }
}
