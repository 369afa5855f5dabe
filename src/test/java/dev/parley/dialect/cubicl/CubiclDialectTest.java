package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.User;
import dev.parley.dialect.DialectUsers;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The cubicl dialect over real HTTP, checked against the types of seed 002. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CubiclDialectTest {
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

    private TestServer.Answer post(String path, User as, Object body) {
        return server.post(path, users.bearer(as), Json.write(body));
    }

    private TestServer.Answer get(String path, User as) {
        return server.get(path, users.bearer(as));
    }

    /** Sends {@code content} to {@code to} (opening the personal thread) and returns the answer. */
    private JsonNode sendTo(User from, User to, String content) {
        TestServer.Answer a = post("/api/v1/chat/messages", from, Map.of("to", to.externalId(), "content", content));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private JsonNode send(User from, String thread, String content) {
        TestServer.Answer a = post("/api/v1/chat/messages", from, Map.of("thread", thread, "content", content));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private JsonNode threadOf(User user, String threadId) {
        for (JsonNode t : get("/api/v1/chat/threads", user).json()) {
            if (t.get("_id").asText().equals(threadId)) {
                return t;
            }
        }
        throw new AssertionError("thread " + threadId + " not listed");
    }

    @Test
    void the_first_message_to_a_user_opens_a_personal_thread_returned_with_it() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        JsonNode first = sendTo(ann, bob, "hello");

        assertThat(UUID.fromString(first.get("message").asText())).isNotNull();
        JsonNode thread = first.get("thread");
        assertThat(thread.get("type").asText()).isEqualTo("personal");
        assertThat(thread.get("users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(ann.externalId(), bob.externalId());
        assertThat(thread.get("activity").isIntegralNumber()).isTrue();
        assertThat(thread.get("createdAt").isIntegralNumber()).isTrue();
        assertThat(thread.get("createdAt").asLong()).isGreaterThan(1_600_000_000_000L);
        assertThat(thread.get("lastMessage").get("_id").asText()).isEqualTo(first.get("message").asText());
        assertThat(thread.has("group")).isFalse();

        JsonNode second = sendTo(ann, bob, "again");
        assertThat(second.has("thread")).isFalse();
        assertThat(send(bob, thread.get("_id").asText(), "hi ann").has("thread")).isFalse();
    }

    @Test
    void threads_list_in_the_seed_shape_and_fetching_the_newest_page_records_the_view() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        String thread = sendTo(ann, bob, "one").get("thread").get("_id").asText();
        send(ann, thread, "two");

        JsonNode before = threadOf(bob, thread);
        assertThat(before.get("newActivityCount").asInt()).isEqualTo(2);
        assertThat(before.get("access").asLong()).isEqualTo(0);
        assertThat(before.get("lastMessage").get("content").asText()).isEqualTo("two");
        assertThat(before.get("activity").asLong()).isGreaterThanOrEqualTo(before.get("createdAt").asLong());
        for (String field : List.of("_id", "type", "users", "activity", "access", "lastMessage", "newActivityCount",
                "createdAt")) {
            assertThat(before.has(field)).as(field).isTrue();
        }

        TestServer.Answer page = get("/api/v1/chat/threads/" + thread + "/messages", bob);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json()).extracting(m -> m.get("content").asText()).containsExactly("one", "two");

        JsonNode after = threadOf(bob, thread);
        assertThat(after.get("newActivityCount").asInt()).isZero();
        assertThat(after.get("access").asLong()).isGreaterThan(0);
        assertThat(threadOf(ann, thread).get("access").asLong()).isZero();
        assertThat(get("/api/v1/chat/threads/" + thread, bob).json().get("newActivityCount").asInt()).isZero();
    }

    @Test
    void messages_have_the_seed_fields_and_page_with_after_before_search_and_limit() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        String thread = sendTo(ann, bob, "m1 apple").get("thread").get("_id").asText();
        List<String> ids = new ArrayList<>();
        ids.add(threadOf(ann, thread).get("lastMessage").get("_id").asText());
        for (int i = 2; i <= 5; i++) {
            ids.add(send(i % 2 == 0 ? bob : ann, thread, "m" + i + (i == 4 ? " apple pie" : "")).get("message").asText());
        }
        String base = "/api/v1/chat/threads/" + thread + "/messages";

        JsonNode all = get(base, ann).json();
        assertThat(all).extracting(m -> m.get("_id").asText()).containsExactlyElementsOf(ids);
        JsonNode m = all.get(1);
        assertThat(m.get("thread").asText()).isEqualTo(thread);
        assertThat(m.get("from").asText()).isEqualTo(bob.externalId());
        assertThat(m.get("content").asText()).isEqualTo("m2");
        assertThat(m.get("files").isArray()).isTrue();
        assertThat(m.get("likes").isArray()).isTrue();
        assertThat(m.get("dislikes").isArray()).isTrue();
        assertThat(m.get("replyTo").isNull()).isTrue();
        assertThat(m.get("createdAt").isIntegralNumber()).isTrue();

        assertThat(get(base + "?limit=2", ann).json()).extracting(x -> x.get("_id").asText())
                .containsExactly(ids.get(3), ids.get(4));
        assertThat(get(base + "?before=" + ids.get(3) + "&limit=2", ann).json()).extracting(x -> x.get("_id").asText())
                .containsExactly(ids.get(1), ids.get(2));
        assertThat(get(base + "?after=" + ids.get(1) + "&limit=2", ann).json()).extracting(x -> x.get("_id").asText())
                .containsExactly(ids.get(2), ids.get(3));
        assertThat(get(base + "?search=apple", ann).json()).extracting(x -> x.get("_id").asText())
                .containsExactly(ids.get(0), ids.get(3));
    }

    @Test
    void a_reply_likes_and_dislikes_show_on_the_message() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        JsonNode first = sendTo(ann, bob, "question");
        String thread = first.get("thread").get("_id").asText();
        String question = first.get("message").asText();
        TestServer.Answer reply = post("/api/v1/chat/messages", bob,
                Map.of("thread", thread, "content", "answer", "replyTo", question));
        assertThat(reply.status()).isEqualTo(200);

        TestServer.Answer liked = post("/api/v1/chat/messages/" + question + "/like", bob, Map.of());
        assertThat(liked.status()).isEqualTo(200);
        assertThat(liked.json().get("likes")).extracting(JsonNode::asText).containsExactly(bob.externalId());
        JsonNode disliked = post("/api/v1/chat/messages/" + question + "/dislike", ann, Map.of()).json();
        assertThat(disliked.get("dislikes")).extracting(JsonNode::asText).containsExactly(ann.externalId());
        JsonNode unliked = server.send("DELETE", "/api/v1/chat/messages/" + question + "/like", users.bearer(bob), null)
                .json();
        assertThat(unliked.get("likes")).isEmpty();

        JsonNode page = get("/api/v1/chat/threads/" + thread + "/messages", ann).json();
        assertThat(page.get(1).get("replyTo").asText()).isEqualTo(question);
        assertThat(page.get(0).get("dislikes")).extracting(JsonNode::asText).containsExactly(ann.externalId());
    }

    @Test
    void a_message_of_uploaded_files_only_lists_them_with_their_description() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        TestServer.Answer uploaded = new FileClient(server).upload("/v1/files", users.bearer(ann),
                new Multipart().file("file", "plan.txt", "text/plain", "the plan".getBytes(StandardCharsets.UTF_8)));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        String fileId = uploaded.json().get("id").asText();

        TestServer.Answer sent = post("/api/v1/chat/messages", ann, Map.of("to", bob.externalId(),
                "files", List.of(fileId)));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String thread = sent.json().get("thread").get("_id").asText();

        JsonNode m = get("/api/v1/chat/threads/" + thread + "/messages", bob).json().get(0);
        assertThat(m.get("content").asText()).isEmpty();
        JsonNode file = m.get("files").get(0);
        assertThat(file.get("_id").asText()).isEqualTo(fileId);
        assertThat(file.get("name").asText()).isEqualTo("plan.txt");
        assertThat(file.get("size").asLong()).isEqualTo(8);
        assertThat(server.get(file.get("url").asText(), users.bearer(bob)).body()).isEqualTo("the plan");
        assertError(post("/api/v1/chat/messages", bob, Map.of("thread", thread, "files", List.of(fileId))),
                400, "invalid-request");
    }

    @Test
    void a_custom_thread_is_created_with_a_name_and_users() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        User cid = users.create("Cid");
        TestServer.Answer created = post("/api/v1/chat/threads", ann,
                Map.of("name", "Launch", "users", List.of(bob.externalId(), cid.externalId())));

        assertThat(created.status()).isEqualTo(200);
        JsonNode t = created.json();
        assertThat(t.get("type").asText()).isEqualTo("custom");
        assertThat(t.get("name").asText()).isEqualTo("Launch");
        assertThat(t.get("users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(ann.externalId(), bob.externalId(), cid.externalId());
        assertThat(t.get("lastMessage").isNull()).isTrue();
        assertThat(t.get("newActivityCount").asInt()).isZero();
        send(cid, t.get("_id").asText(), "hello all");
        assertThat(threadOf(bob, t.get("_id").asText()).get("newActivityCount").asInt()).isEqualTo(1);
    }

    @Test
    void missing_thread_and_to_or_content_and_files_is_a_400() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        String thread = sendTo(ann, bob, "x").get("thread").get("_id").asText();

        assertError(post("/api/v1/chat/messages", ann, Map.of("content", "hi")), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread)), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread, "content", "  ")), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread, "to", bob.externalId(), "content", "x")),
                400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread, "content", 5)), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread, "files", "f")), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("thread", thread, "content", "x", "replyTo", "nope")),
                400, "invalid-request");
        assertError(server.post("/api/v1/chat/messages", users.bearer(ann), "{oops"), 400, "invalid-request");
        assertError(get("/api/v1/chat/threads/" + thread + "/messages?limit=abc", ann), 400, "invalid-request");
        assertError(get("/api/v1/chat/threads/" + thread + "/messages?limit=100000", ann), 400, "invalid-request");
        assertError(get("/api/v1/chat/threads/" + thread + "/messages?after=zzz", ann), 400, "invalid-request");
        assertError(get("/api/v1/chat/threads?before=-5", ann), 400, "invalid-request");
        assertThat(get("/api/v1/chat/threads?before=999999999999999999", ann).json()).hasSize(1);
        assertThat(get("/api/v1/chat/threads?before=1", ann).json()).isEmpty();
        assertError(post("/api/v1/chat/threads", ann, Map.of("name", "x", "users", "bob")), 400, "invalid-request");
        assertError(post("/api/v1/chat/messages", ann, Map.of("to", "no-such-user", "content", "x")), 404, "not-found");
        TestServer.Answer missing = post("/api/v1/chat/messages", ann, Map.of("content", "hi"));
        assertThat(missing.json().get("error").get("field").asText()).isEqualTo("thread");
        TestServer.Answer empty = post("/api/v1/chat/messages", ann, Map.of("thread", thread));
        assertThat(empty.json().get("error").get("field").asText()).isEqualTo("content");
    }

    @Test
    void a_rejected_first_message_to_a_user_opens_no_personal_thread() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");

        assertError(post("/api/v1/chat/messages", ann, Map.of("to", bob.externalId(), "content", "x".repeat(20_000))),
                413, "too-large");
        assertError(post("/api/v1/chat/messages", ann, Map.of("to", bob.externalId(),
                "files", List.of(UUID.randomUUID().toString()))), 400, "invalid-request");

        assertThat(get("/api/v1/chat/threads", ann).json()).isEmpty();
        assertThat(get("/api/v1/chat/threads", bob).json()).isEmpty();
        assertThat(sendTo(ann, bob, "now for real").get("thread").get("type").asText()).isEqualTo("personal");
    }

    @Test
    void credentials_are_required_and_a_foreign_thread_is_a_404() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        User eve = users.create("Eve");
        String thread = sendTo(ann, bob, "secret").get("thread").get("_id").asText();

        assertError(server.get("/api/v1/chat/threads", null), 401, "unauthorized");
        assertError(server.get("/api/v1/chat/threads", "Bearer nope"), 401, "unauthorized");
        assertError(get("/api/v1/chat/threads/" + thread + "/messages", eve), 404, "not-found");
        assertError(get("/api/v1/chat/threads/" + thread, eve), 404, "not-found");
        assertError(post("/api/v1/chat/messages", eve, Map.of("thread", thread, "content", "hi")), 404, "not-found");
        assertError(get("/api/v1/chat/threads/" + UUID.randomUUID() + "/messages", ann), 404, "not-found");
        assertError(get("/api/v1/chat/threads/not-an-id/messages", ann), 404, "not-found");
        assertError(get("/api/v1/chat/nothing", ann), 404, "not-found");
        String message = threadOf(ann, thread).get("lastMessage").get("_id").asText();
        assertError(post("/api/v1/chat/messages/" + message + "/like", eve, Map.of()), 404, "not-found");
        assertThat(get("/api/v1/chat/threads", eve).json()).isEmpty();
    }

    private static void assertError(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode error = a.json().get("error");
        assertThat(error).as(a.body()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
