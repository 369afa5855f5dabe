package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Message;
import dev.parley.core.Origin;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestServer.Answer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The helpdesk HTTP API (seed 004) over real HTTP, with the seed's field names as expected values. */
class HelpdeskApiTest {
    static final String VISITOR = "{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"page\":\"/pricing\"}";
    static final String KEY = "Bearer " + TestServer.API_KEY;
    static final String CREATED_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";
    static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String openThread(TestServer s) {
        Answer a = s.post("/chat/thread/", null, "{\"user\":" + VISITOR + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    static String message(String thread, String body, boolean byUser) {
        return "{\"user\":" + VISITOR + ",\"thread\":\"" + thread + "\",\"body\":\"" + body
                + "\",\"send_by_user\":" + byUser + "}";
    }

    @Test
    void visitor_creates_a_thread_and_gets_id_user_timestamp_and_no_messages() {
        Answer a = server.post("/chat/thread/", null, "{\"user\":" + VISITOR + "}");

        assertThat(a.status()).isEqualTo(201);
        assertThat(a.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        JsonNode t = a.json();
        assertThat(t.get("id").asText()).matches(UUID_TEXT);
        assertThat(t.get("user")).isEqualTo(server.post("/chat/thread/", null, "{\"user\":" + VISITOR + "}")
                .json().get("user"));
        assertThat(t.get("user").get("name").asText()).isEqualTo("Jane Doe");
        assertThat(t.get("timestamp").asText()).matches(CREATED_TIMESTAMP);
        assertThat(t.get("messages").isArray()).isTrue();
        assertThat(t.get("messages")).isEmpty();
        assertThat(fieldNames(t)).containsExactlyInAnyOrder("id", "user", "timestamp", "messages");
    }

    @Test
    void created_thread_is_a_support_thread_holding_the_visitor_in_the_core() {
        String id = openThread(server);

        var thread = server.server().chat().threads().require(Actor.SERVER, ThreadId.parse(id));

        assertThat(thread.kind()).isEqualTo(ThreadKind.SUPPORT);
        assertThat(thread.data()).contains("jane@example.com");
    }

    @Test
    void retrieving_a_thread_shows_every_message_in_order_in_the_seed_shape() {
        String id = openThread(server);
        server.post("/chat/message/", null, message(id, "Hello, I need help", true));
        server.post("/chat/message/", KEY, message(id, "Sure, what is wrong?", false));

        Answer a = server.get("/chat/thread/" + id + "/", null);

        assertThat(a.status()).isEqualTo(200);
        JsonNode t = a.json();
        assertThat(t.get("id").asText()).isEqualTo(id);
        assertThat(t.get("user").get("email").asText()).isEqualTo("jane@example.com");
        assertThat(t.get("timestamp").asText()).matches(TIMESTAMP);
        JsonNode messages = t.get("messages");
        assertThat(messages).hasSize(2);
        JsonNode first = messages.get(0);
        assertThat(fieldNames(first)).containsExactlyInAnyOrder("id", "user", "timestamp", "body", "send_by_user");
        assertThat(first.get("id").asText()).matches(UUID_TEXT);
        assertThat(first.get("body").asText()).isEqualTo("Hello, I need help");
        assertThat(first.get("send_by_user").asBoolean()).isTrue();
        assertThat(first.get("user").get("name").asText()).isEqualTo("Jane Doe");
        assertThat(first.get("timestamp").asText()).matches(TIMESTAMP);
        assertThat(messages.get(1).get("body").asText()).isEqualTo("Sure, what is wrong?");
        assertThat(messages.get(1).get("send_by_user").asBoolean()).isFalse();
    }

    @Test
    void each_message_keeps_the_user_json_it_was_posted_with() {
        String id = openThread(server);
        server.post("/chat/message/", null, "{\"user\":{\"name\":\"Jane\",\"email\":\"new@example.com\"},"
                + "\"thread\":\"" + id + "\",\"body\":\"my new address\",\"send_by_user\":true}");
        server.post("/chat/message/", KEY, "{\"user\":{\"name\":\"Agent Smith\",\"slack_id\":\"U123\"},"
                + "\"thread\":\"" + id + "\",\"body\":\"noted\"}");

        JsonNode messages = server.get("/chat/thread/" + id + "/", null).json().get("messages");

        assertThat(messages.get(0).get("user").get("email").asText()).isEqualTo("new@example.com");
        assertThat(messages.get(1).get("user").get("name").asText()).isEqualTo("Agent Smith");
        assertThat(messages.get(1).get("user").get("slack_id").asText()).isEqualTo("U123");
    }

    @Test
    void thread_path_without_trailing_slash_works_too() {
        String id = openThread(server);

        assertThat(server.get("/chat/thread/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void visitor_posts_a_message_with_the_thread_id_alone() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", null, message(id, "Is anyone there?", true));

        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode m = a.json();
        assertThat(fieldNames(m)).containsExactlyInAnyOrder("id", "user", "timestamp", "body", "send_by_user",
                "thread");
        assertThat(m.get("id").asText()).matches(UUID_TEXT);
        assertThat(m.get("user").get("name").asText()).isEqualTo("Jane Doe");
        assertThat(m.get("timestamp").asText()).matches(TIMESTAMP);
        assertThat(m.get("body").asText()).isEqualTo("Is anyone there?");
        assertThat(m.get("send_by_user").asBoolean()).isTrue();
        assertThat(m.get("thread").asText()).isEqualTo(id);
    }

    @Test
    void agent_posts_with_the_server_key_as_an_agent_message() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", KEY,
                "{\"user\":{\"name\":\"Agent Smith\"},\"thread\":\"" + id + "\",\"body\":\"Hi Jane\"}");

        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("send_by_user").asBoolean()).isFalse();
        assertThat(a.json().get("user").get("name").asText()).isEqualTo("Agent Smith");
        List<Message> stored = server.server().chat().messages()
                .history(Actor.SERVER, ThreadId.parse(id), null, null, 10).messages();
        assertThat(stored).singleElement().satisfies(m -> {
            assertThat(m.origin()).isEqualTo(Origin.AGENT);
            assertThat(m.text()).isEqualTo("Hi Jane");
        });
    }

    @Test
    void agent_message_without_credentials_is_401_and_stores_nothing() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", null, message(id, "I am an agent", false));

        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().get("detail").asText()).isEqualTo("Authentication credentials were not provided.");
        assertThat(server.get("/chat/thread/" + id + "/", null).json().get("messages")).isEmpty();
    }

    @Test
    void send_by_user_defaults_to_false_so_a_message_without_it_needs_the_server_key() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", null,
                "{\"user\":" + VISITOR + ",\"thread\":\"" + id + "\",\"body\":\"hello\"}");

        assertThat(a.status()).isEqualTo(401);
    }

    @Test
    void agent_message_with_a_wrong_key_is_401_and_with_a_user_token_403() {
        String id = openThread(server);
        User user = newUser("Bob");

        Answer wrong = server.post("/chat/message/", "Bearer not-the-key", message(id, "x", false));
        Answer person = server.post("/chat/message/", "Bearer " + server.token(user.id().toString()),
                message(id, "x", false));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asText()).isEqualTo("Invalid token.");
        assertThat(person.status()).isEqualTo(403);
        assertThat(person.json().get("detail").asText())
                .isEqualTo("You do not have permission to perform this action.");
    }

    @Test
    void blank_user_is_400_with_the_seed_message() {
        Answer a = server.post("/chat/thread/", null, "{\"user\":\"\"}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("user").get(0).asText()).isEqualTo("This field may not be blank.");
    }

    @Test
    void empty_user_object_and_missing_user_are_400() {
        Answer empty = server.post("/chat/thread/", null, "{\"user\":{}}");
        Answer missing = server.post("/chat/thread/", null, "{}");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("user").get(0).asText()).isEqualTo("This field may not be blank.");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("user").get(0).asText()).isEqualTo("This field is required.");
    }

    @Test
    void blank_message_fields_are_all_reported_at_once() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", null,
                "{\"user\":\"\",\"thread\":\"" + id + "\",\"body\":\"  \",\"send_by_user\":true}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("user").get(0).asText()).isEqualTo("This field may not be blank.");
        assertThat(a.json().get("body").get(0).asText()).isEqualTo("This field may not be blank.");
        assertThat(a.json().has("thread")).isFalse();
    }

    @Test
    void malformed_thread_id_and_boolean_are_400() {
        Answer a = server.post("/chat/message/", null,
                "{\"user\":" + VISITOR + ",\"thread\":\"nope\",\"body\":\"x\",\"send_by_user\":\"maybe\"}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("thread").get(0).asText()).isEqualTo("Must be a valid UUID.");
        assertThat(a.json().get("send_by_user").get(0).asText()).isEqualTo("Must be a valid boolean.");
    }

    @Test
    void malformed_json_is_400_with_a_detail() {
        Answer a = server.post("/chat/thread/", null, "{\"user\":");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).startsWith("JSON parse error");
    }

    @Test
    void too_long_body_is_400_on_the_body_field() {
        String id = openThread(server);

        Answer a = server.post("/chat/message/", null, message(id, "x".repeat(20_000), true));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().has("body")).isTrue();
    }

    @Test
    void too_large_user_json_is_400_on_the_user_field() {
        String id = openThread(server);
        String big = "{\"note\":\"" + "x".repeat(17_000) + "\"}";

        Answer thread = server.post("/chat/thread/", null, "{\"user\":" + big + "}");
        Answer message = server.post("/chat/message/", null,
                "{\"user\":" + big + ",\"thread\":\"" + id + "\",\"body\":\"x\",\"send_by_user\":true}");

        assertThat(thread.status()).isEqualTo(400);
        assertThat(thread.json().has("user")).isTrue();
        assertThat(message.status()).isEqualTo(400);
        assertThat(message.json().has("user")).isTrue();
    }

    @Test
    void unknown_thread_is_404_not_found() {
        String unknown = UUID.randomUUID().toString();

        Answer get = server.get("/chat/thread/" + unknown + "/", null);
        Answer post = server.post("/chat/message/", null, message(unknown, "hello?", true));

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("detail").asText()).isEqualTo("Not found.");
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.json().get("detail").asText()).isEqualTo("Not found.");
    }

    @Test
    void a_thread_that_is_not_a_support_thread_is_404_for_visitors_and_agents() {
        User a = newUser("Ann");
        User b = newUser("Ben");
        var direct = server.server().chat().threads().openDirect(new Actor.Person(a), b.id()).thread();

        assertThat(server.get("/chat/thread/" + direct.id() + "/", null).status()).isEqualTo(404);
        assertThat(server.post("/chat/message/", null, message(direct.id().toString(), "hi", true)).status())
                .isEqualTo(404);
        assertThat(server.post("/chat/message/", KEY, message(direct.id().toString(), "hi", false)).status())
                .isEqualTo(404);
    }

    @Test
    void a_support_widget_on_another_origin_may_call_the_api() throws Exception {
        var preflight = server.http().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url("/chat/message/")))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var create = server.http().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url("/chat/thread/")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":" + VISITOR + "}"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://shop.example.com").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                v -> assertThat(v).contains("POST"));
        assertThat(create.statusCode()).isEqualTo(201);
        assertThat(create.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void wrong_method_is_405_in_drf_style() {
        Answer a = server.get("/chat/message/", null);

        assertThat(a.status()).isEqualTo(405);
        assertThat(a.json().get("detail").asText()).isEqualTo("Method \"GET\" not allowed.");
    }

    @Test
    void a_helpdesk_message_is_visible_through_the_core() {
        String id = openThread(server);
        String messageId = server.post("/chat/message/", null, message(id, "via helpdesk", true))
                .json().get("id").asText();

        Message m = server.server().chat().messages().get(Actor.SERVER, dev.parley.core.MessageId.parse(messageId));

        assertThat(m.text()).isEqualTo("via helpdesk");
        assertThat(m.thread().toString()).isEqualTo(id);
        assertThat(m.origin()).isEqualTo(Origin.USER);
        assertThat(m.sender()).isNull();
    }

    @Test
    void a_helpdesk_message_is_visible_through_the_native_api() {
        String id = openThread(server);
        server.post("/chat/message/", null, message(id, "seen natively", true));

        Answer a = server.get("/v1/threads/" + id + "/messages", KEY);

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("messages")).anySatisfy(m -> {
            assertThat(m.get("text").asText()).isEqualTo("seen natively");
            assertThat(m.get("sender").isNull()).isTrue();
            assertThat(m.get("author")).as("the visitor who wrote it").isEqualTo(Json.parse(VISITOR));
        });
    }

    @Test
    void a_message_sent_through_the_native_api_shows_up_in_the_helpdesk_thread() {
        String id = openThread(server);

        Answer sent = server.post("/v1/messages", KEY,
                "{\"thread\":\"" + id + "\",\"text\":\"hello from the host app\",\"origin\":\"agent\"}");

        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        JsonNode messages = server.get("/chat/thread/" + id + "/", null).json().get("messages");
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.get("body").asText()).isEqualTo("hello from the host app");
            assertThat(m.get("send_by_user").asBoolean()).isFalse();
            assertThat(m.get("timestamp").asText()).matches(TIMESTAMP);
        });
    }

    @Test
    void helpdesk_paths_are_404_when_the_dialect_is_off() {
        try (TestServer off = TestServer.start(Map.of("PARLEY_DIALECT_HELPDESK", "false"))) {
            assertThat(off.post("/chat/thread/", null, "{\"user\":" + VISITOR + "}").status()).isEqualTo(404);
            assertThat(off.get("/chat/thread/" + UUID.randomUUID() + "/", null).status()).isEqualTo(404);
            assertThat(off.post("/chat/message/", null, "{}").status()).isEqualTo(404);
        }
    }

    /** A user created through the core (the native REST API lands separately). */
    static User newUser(String name) {
        return server.server().chat().users().upsert(Actor.SERVER, new UserProfile(
                name.toLowerCase() + "-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
