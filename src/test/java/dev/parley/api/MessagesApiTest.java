package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.parley.api.Api.SERVER;
import static dev.parley.api.Api.json;
import static dev.parley.api.Api.ok;
import static dev.parley.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

class MessagesApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Api.Person person(String name) {
        return Api.person(server, name);
    }

    private static String custom(Api.Person owner, Api.Person... members) {
        String[] ids = new String[members.length];
        for (int i = 0; i < members.length; i++) {
            ids[i] = members[i].id();
        }
        return ok(server.post("/v1/threads", owner.auth(), json("name", "room", "members", ids)), 201).get("id").asText();
    }

    private static JsonNode send(Api.Person from, String thread, String text) {
        return ok(server.post("/v1/messages", from.auth(), json("thread", thread, "text", text)), 201);
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("messages").forEach(m -> out.add(m.get("seq").asLong()));
        return out;
    }

    @Test
    void sending_to_a_user_opens_the_direct_thread_and_reuses_it() {
        Api.Person a = person("Amy");
        Api.Person b = person("Ben");
        JsonNode first = ok(server.post("/v1/messages", a.auth(), json("to", b.externalId(), "text", "hi")), 201);
        JsonNode second = ok(server.post("/v1/messages", a.auth(), json("to", b.id(), "text", "again")), 201);
        JsonNode back = ok(server.post("/v1/messages", b.auth(), json("to", a.id(), "text", "hello")), 201);
        assertThat(second.get("thread")).isEqualTo(first.get("thread"));
        assertThat(back.get("thread")).isEqualTo(first.get("thread"));
        assertThat(List.of(first, second, back)).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(first.get("sender").asText()).isEqualTo(a.id());
        assertThat(first.get("origin").asText()).isEqualTo("user");
        problem(server.post("/v1/messages", a.auth(), json("to", "nobody-" + UUID.randomUUID(), "text", "x")),
                400, "invalid-request");
        problem(server.post("/v1/messages", a.auth(), json("text", "nowhere")), 400, "invalid-request");
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_with_200() {
        Api.Person a = person("Cas");
        String thread = custom(a, person("Dot"));
        JsonNode first = ok(server.post("/v1/messages", a.auth(), json("thread", thread, "text", "once", "client_id", "c-1")), 201);
        JsonNode again = ok(server.post("/v1/messages", a.auth(), json("thread", thread, "text", "once", "client_id", "c-1")), 200);
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(seqs(ok(server.get("/v1/threads/" + thread + "/messages", a.auth()), 200))).containsExactly(1L);
    }

    @Test
    void twenty_identical_concurrent_sends_store_one_message() throws Exception {
        Api.Person a = person("Eon");
        String thread = custom(a, person("Fin"));
        String body = json("thread", thread, "text", "race", "client_id", "same-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<TestServer.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.post("/v1/messages", a.auth(), body);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<TestServer.Answer> f : answers) {
                TestServer.Answer answer = f.get();
                assertThat(answer.status()).as(answer.body()).isIn(200, 201);
                created += answer.status() == 201 ? 1 : 0;
                ids.add(answer.json().get("id").asText());
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(seqs(ok(server.get("/v1/threads/" + thread + "/messages", a.auth()), 200))).containsExactly(1L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_reply_names_a_message_of_the_same_thread() {
        Api.Person a = person("Gia");
        Api.Person b = person("Hux");
        String thread = custom(a, b);
        String other = custom(a, b);
        JsonNode question = send(a, thread, "question?");
        JsonNode answer = ok(server.post("/v1/messages", b.auth(), json("thread", thread, "text", "answer",
                "reply_to", question.get("id").asText())), 201);
        assertThat(answer.get("reply_to")).isEqualTo(question.get("id"));
        assertThat(problem(server.post("/v1/messages", b.auth(), json("thread", other, "text", "x",
                "reply_to", question.get("id").asText())), 400, "invalid-request").get("field").asText()).isEqualTo("reply_to");
        assertThat(problem(server.post("/v1/messages", b.auth(), json("thread", thread, "text", "x",
                "reply_to", "garbage")), 400, "invalid-request").get("field").asText()).isEqualTo("reply_to");
    }

    @Test
    void only_the_sender_edits_a_message() {
        Api.Person a = person("Ian");
        Api.Person b = person("Jan");
        String thread = custom(a, b);
        String id = send(a, thread, "draft").get("id").asText();
        JsonNode edited = ok(server.send("PATCH", "/v1/messages/" + id, a.auth(), json("text", "final")), 200);
        assertThat(edited.get("text").asText()).isEqualTo("final");
        assertThat(edited.get("edited_at").isNull()).isFalse();
        problem(server.send("PATCH", "/v1/messages/" + id, b.auth(), json("text", "hijack")), 403, "forbidden");
        problem(server.send("PATCH", "/v1/messages/" + id, a.auth(), json()), 400, "invalid-request");
        assertThat(ok(server.get("/v1/messages/" + id, b.auth()), 200).get("text").asText()).isEqualTo("final");
        problem(server.get("/v1/messages/" + id, person("Kai").auth()), 404, "not-found");
    }

    @Test
    void delete_for_everyone_is_for_the_sender_or_an_owner_and_delete_for_me_hides_it_for_me_only() {
        Api.Person owner = person("Lee");
        Api.Person b = person("Mo");
        Api.Person c = person("Nat");
        String thread = custom(owner, b, c);
        String byB = send(b, thread, "b says").get("id").asText();
        String byC = send(c, thread, "c says").get("id").asText();
        String byB2 = send(b, thread, "b again").get("id").asText();

        problem(server.send("DELETE", "/v1/messages/" + byB, c.auth(), null), 403, "forbidden");
        JsonNode tomb = ok(server.send("DELETE", "/v1/messages/" + byB, b.auth(), null), 200);
        assertThat(tomb.get("deleted_at").isNull()).isFalse();
        assertThat(tomb.get("text").isNull()).isTrue();
        ok(server.send("DELETE", "/v1/messages/" + byC, owner.auth(), null), 200);

        ok(server.send("DELETE", "/v1/messages/" + byB2 + "?for=me", c.auth(), null), 204);
        assertThat(ok(server.get("/v1/threads/" + thread + "/messages", c.auth()), 200).get("messages"))
                .extracting(m -> m.get("id").asText()).doesNotContain(byB2);
        assertThat(ok(server.get("/v1/threads/" + thread + "/messages", owner.auth()), 200).get("messages"))
                .extracting(m -> m.get("id").asText()).contains(byB2);
        problem(server.send("DELETE", "/v1/messages/" + byB2 + "?for=them", c.auth(), null), 400, "invalid-request");
    }

    @Test
    void reactions_are_added_and_removed_once_per_user_and_kind() {
        Api.Person a = person("Oli");
        Api.Person b = person("Pia");
        String thread = custom(a, b);
        String id = send(a, thread, "react to me").get("id").asText();
        ok(server.post("/v1/messages/" + id + "/reactions", b.auth(), json("kind", "like")), 200);
        ok(server.post("/v1/messages/" + id + "/reactions", b.auth(), json("kind", "like")), 200);
        JsonNode withEmoji = ok(server.post("/v1/messages/" + id + "/reactions", a.auth(), json("kind", "👍")), 200);
        assertThat(withEmoji.get("reactions")).hasSize(2);
        JsonNode removed = ok(server.send("DELETE", "/v1/messages/" + id + "/reactions/"
                + URLEncoder.encode("👍", StandardCharsets.UTF_8), a.auth(), null), 200);
        assertThat(removed.get("reactions")).hasSize(1);
        assertThat(removed.get("reactions").get(0).get("kind").asText()).isEqualTo("like");
        problem(server.post("/v1/messages/" + id + "/reactions", b.auth(), json("kind", "two words")), 400, "invalid-request");
        problem(server.post("/v1/messages/" + id + "/reactions", b.auth(), json()), 400, "invalid-request");
    }

    @Test
    void history_pages_by_seq_with_before_after_and_limit() {
        Api.Person a = person("Quy");
        String thread = custom(a, person("Ron"));
        for (int i = 1; i <= 7; i++) {
            send(a, thread, "m" + i);
        }
        String base = "/v1/threads/" + thread + "/messages";
        JsonNode newest = ok(server.get(base + "?limit=3", a.auth()), 200);
        assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
        assertThat(newest.get("more").asBoolean()).isTrue();
        assertThat(seqs(ok(server.get(base + "?before=5&limit=3", a.auth()), 200))).containsExactly(2L, 3L, 4L);
        JsonNode oldest = ok(server.get(base + "?before=2&limit=3", a.auth()), 200);
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.get("more").asBoolean()).isFalse();
        assertThat(seqs(ok(server.get(base + "?after=5", a.auth()), 200))).containsExactly(6L, 7L);
        assertThat(seqs(ok(server.get(base + "?after=0&limit=2", a.auth()), 200))).containsExactly(1L, 2L);
        assertThat(seqs(ok(server.get(base, a.auth()), 200))).hasSize(7);

        assertThat(problem(server.get(base + "?limit=201", a.auth()), 400, "invalid-request").get("field").asText())
                .isEqualTo("limit");
        problem(server.get(base + "?limit=0", a.auth()), 400, "invalid-request");
        problem(server.get(base + "?limit=ten", a.auth()), 400, "invalid-request");
        problem(server.get(base + "?before=-1", a.auth()), 400, "invalid-request");
        problem(server.get(base + "?before=3&after=1", a.auth()), 400, "invalid-request");
        problem(server.get(base + "?after=99999999999999999999", a.auth()), 400, "invalid-request");
    }

    @Test
    void search_finds_messages_only_in_my_threads() {
        Api.Person a = person("Sam");
        Api.Person b = person("Ted");
        Api.Person stranger = person("Uli");
        String thread = custom(a, b);
        String elsewhere = custom(stranger, person("Val"));
        send(a, thread, "the zebra crossing is closed");
        send(b, thread, "nothing to see");
        send(stranger, elsewhere, "a zebra elsewhere");
        JsonNode found = ok(server.get("/v1/search?q=zebra", b.auth()), 200);
        assertThat(found.get("messages")).extracting(m -> m.get("thread").asText()).containsExactly(thread);
        JsonNode inThread = ok(server.get("/v1/threads/" + thread + "/messages?search=zebra", a.auth()), 200);
        assertThat(inThread.get("messages")).hasSize(1);
        assertThat(ok(server.get("/v1/search?q=zebra&thread=" + thread, a.auth()), 200).get("messages")).hasSize(1);
        problem(server.get("/v1/search?q=zebra&thread=" + elsewhere, a.auth()), 404, "not-found");
        problem(server.get("/v1/search", a.auth()), 400, "invalid-request");
    }

    @Test
    void the_server_key_posts_as_an_integration_or_as_a_user() {
        Api.Person a = person("Wyn");
        String thread = custom(a, person("Xia"));
        JsonNode bot = ok(server.post("/v1/messages", SERVER, json("thread", thread, "text", "build passed")), 201);
        assertThat(bot.get("origin").asText()).isEqualTo("integration");
        assertThat(bot.get("sender").isNull()).isTrue();
        JsonNode asUser = ok(server.send("POST", "/v1/messages", Map.of("Authorization", SERVER,
                "Content-Type", "application/json", Rest.AS_USER, a.externalId()), json("thread", thread, "text", "me")), 201);
        assertThat(asUser.get("sender").asText()).isEqualTo(a.id());
    }
}
