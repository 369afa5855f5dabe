package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.User;
import dev.parley.dialect.DialectUsers;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The tsync dialect over real HTTP, checked against the shapes and examples of seed 000. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsyncDialectTest {
    private static final String MICROS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

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
        return server.post(path, users.token(as), Json.write(body));
    }

    private JsonNode thread(User creator, User... others) {
        List<Object> participants = new ArrayList<>();
        participants.add(Long.parseLong(creator.externalId()));
        for (User u : others) {
            participants.add(Long.parseLong(u.externalId()));
        }
        TestServer.Answer a = post("/chats/threads/", creator,
                Map.of("tsync_id", UUID.randomUUID().toString(), "participants", participants));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json();
    }

    private JsonNode message(User sender, JsonNode thread, String text) {
        TestServer.Answer a = post("/chats/messages/", sender, Map.of("chat_thread", thread.get("id").asLong(),
                "text", text, "sent_by", Long.parseLong(sender.externalId()), "tsync_id", UUID.randomUUID().toString()));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json();
    }

    private static long number(User u) {
        return Long.parseLong(u.externalId());
    }

    @Test
    void creating_a_thread_from_the_seed_example_lists_it_with_inboxes_and_participants() {
        User one = users.create("One");
        User two = users.create("Two");
        TestServer.Answer created = post("/chats/threads/", one,
                Map.of("tsync_id", "abcferere", "participants", List.of(number(one), number(two))));

        assertThat(created.status()).isEqualTo(201);
        JsonNode t = created.json();
        assertThat(t.get("id").isIntegralNumber()).isTrue();
        assertThat(t.get("tsync_id").asText()).isEqualTo("abcferere");
        assertThat(t.get("reference_order").isNull()).isTrue();
        assertThat(t.get("last_updated").asText()).matches(MICROS);
        assertThat(t.get("date_created").asText()).matches(MICROS);
        assertThat(t.get("participants")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(number(one), number(two));
        assertThat(t.get("participants").get(0).isIntegralNumber()).isTrue();
        JsonNode inboxes = t.get("thread_chat_inboxes");
        assertThat(inboxes).hasSize(2);
        for (JsonNode inbox : inboxes) {
            assertThat(inbox.get("id").isIntegralNumber()).isTrue();
            assertThat(UUID.fromString(inbox.get("tsync_id").asText())).isNotNull();
            assertThat(inbox.get("chat_thread").asLong()).isEqualTo(t.get("id").asLong());
            assertThat(inbox.get("user").isIntegralNumber()).isTrue();
        }
        assertThat(inboxes).extracting(i -> i.get("user").asLong()).containsExactlyInAnyOrder(number(one), number(two));
        assertThat(inboxes.get(0).get("id").asLong()).isNotEqualTo(inboxes.get(1).get("id").asLong());

        TestServer.Answer list = server.get("/chats/threads/", users.token(two));
        assertThat(list.status()).isEqualTo(200);
        JsonNode page = list.json();
        assertThat(page.get("count").asInt()).isEqualTo(1);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.get("previous").isNull()).isTrue();
        assertThat(page.get("results")).hasSize(1);
        assertThat(page.get("results").get(0)).isEqualTo(t);
        assertThat(server.get("/chats/threads/" + t.get("id").asLong() + "/", users.token(one)).json()).isEqualTo(t);
    }

    @Test
    void a_repeated_tsync_id_returns_the_existing_thread() {
        User one = users.create("One");
        User two = users.create("Two");
        User three = users.create("Three");
        Map<String, Object> body = Map.of("tsync_id", "grp-1", "participants",
                List.of(number(one), number(two), number(three)), "reference_order", 2);
        TestServer.Answer first = post("/chats/threads/", one, body);
        TestServer.Answer again = post("/chats/threads/", one, body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(first.json().get("reference_order").asInt()).isEqualTo(2);
        assertThat(first.json().get("participants")).hasSize(3);
        assertThat(server.get("/chats/threads/", users.token(three)).json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void two_people_share_one_conversation_and_an_order_gets_its_own() {
        User one = users.create("One");
        User two = users.create("Two");
        JsonNode first = thread(one, two);
        TestServer.Answer again = post("/chats/threads/", two,
                Map.of("tsync_id", "other", "participants", List.of(number(one), number(two))));
        TestServer.Answer order = post("/chats/threads/", one,
                Map.of("tsync_id", "order-7", "participants", List.of(number(one), number(two)), "reference_order", 7));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(first.get("id"));
        assertThat(order.status()).isEqualTo(201);
        assertThat(order.json().get("id")).isNotEqualTo(first.get("id"));
        assertThat(order.json().get("reference_order").asLong()).isEqualTo(7);
    }

    @Test
    void a_message_from_the_seed_example_is_listed_and_a_repeated_tsync_id_returns_it() {
        User one = users.create("One");
        User two = users.create("Two");
        JsonNode t = thread(one, two);
        Map<String, Object> body = Map.of("chat_thread", t.get("id").asLong(), "text", "This is a test message",
                "sent_by", number(one), "tsync_id", "tdfdklf-fdff-fdfd");
        TestServer.Answer sent = post("/chats/messages/", one, body);
        TestServer.Answer repeated = post("/chats/messages/", one, body);

        assertThat(sent.status()).isEqualTo(201);
        JsonNode m = sent.json();
        assertThat(m.get("id").isIntegralNumber()).isTrue();
        assertThat(m.get("tsync_id").asText()).isEqualTo("tdfdklf-fdff-fdfd");
        assertThat(m.get("text").asText()).isEqualTo("This is a test message");
        assertThat(m.get("chat_thread").asLong()).isEqualTo(t.get("id").asLong());
        assertThat(m.get("sent_by").asLong()).isEqualTo(number(one));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json()).isEqualTo(m);

        JsonNode page = server.get("/chats/messages/?chat_thread=" + t.get("id").asLong(), users.token(two)).json();
        assertThat(page.get("count").asInt()).isEqualTo(1);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.get("previous").isNull()).isTrue();
        assertThat(page.get("results")).containsExactly(m);
        assertThat(server.get("/chats/messages/" + m.get("id").asLong() + "/", users.token(two)).json()).isEqualTo(m);
    }

    @Test
    void older_batches_come_with_last_message_until_an_empty_one() {
        User one = users.create("One");
        User two = users.create("Two");
        JsonNode t = thread(one, two);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(message(i % 2 == 0 ? two : one, t, "m" + i).get("id").asLong());
        }
        String base = "/chats/messages/?chat_thread=" + t.get("id").asLong();

        JsonNode all = server.get(base, users.token(one)).json();
        assertThat(all.get("results")).extracting(r -> r.get("id").asLong())
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

        List<Long> seen = new ArrayList<>();
        JsonNode batch = server.get(base + "&page_size=2", users.token(one)).json();
        while (true) {
            batch.get("results").forEach(r -> seen.add(r.get("id").asLong()));
            if (batch.get("results").isEmpty()) {
                break;
            }
            long smallest = batch.get("results").get(batch.get("results").size() - 1).get("id").asLong();
            if (batch.get("next").isNull()) {
                assertThat(server.get(base + "&last_message=" + smallest, users.token(one)).json().get("results"))
                        .isEmpty();
                break;
            }
            assertThat(batch.get("next").asText()).endsWith("&last_message=" + smallest + "&page_size=2");
            batch = server.get(base + "&page_size=2&last_message=" + smallest, users.token(one)).json();
        }
        assertThat(seen).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    void the_server_key_creates_threads_for_its_users_but_has_no_inbox_to_list() {
        User one = users.create("One");
        User two = users.create("Two");
        User three = users.create("Three");
        String body = Json.write(Map.of("tsync_id", "host-1", "participants", List.of(number(one), number(two))));
        TestServer.Answer pair = server.post("/chats/threads/", DialectUsers.serverKey(), body);
        TestServer.Answer again = server.post("/chats/threads/", DialectUsers.serverKey(), body);
        TestServer.Answer group = server.post("/chats/threads/", DialectUsers.serverKey(), Json.write(Map.of(
                "tsync_id", "host-2", "participants", List.of(number(one), number(two), number(three)))));

        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(pair.json().get("id"));
        assertThat(group.status()).isEqualTo(201);
        assertThat(group.json().get("participants")).extracting(JsonNode::asLong)
                .containsExactlyInAnyOrder(number(one), number(two), number(three));
        assertThat(server.get("/chats/threads/", users.token(three)).json().get("count").asInt()).isEqualTo(1);
        TestServer.Answer list = server.get("/chats/threads/", DialectUsers.serverKey());
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void the_thread_list_pages_by_latest_activity_with_a_next_link() {
        User one = users.create("One");
        User two = users.create("Two");
        List<Long> ids = new ArrayList<>();
        for (int order = 1; order <= 3; order++) {
            TestServer.Answer a = post("/chats/threads/", one, Map.of("tsync_id", "o" + order,
                    "participants", List.of(number(two)), "reference_order", order));
            ids.add(a.json().get("id").asLong());
        }
        message(two, server.get("/chats/threads/" + ids.get(0) + "/", users.token(one)).json(), "bump");

        JsonNode first = server.get("/chats/threads/?page_size=2", users.token(one)).json();
        assertThat(first.get("results")).extracting(t -> t.get("id").asLong()).containsExactly(ids.get(0), ids.get(2));
        String next = first.get("next").asText();
        assertThat(next).startsWith(server.url("/chats/threads/?before="));
        JsonNode second = server.get(next.substring(server.url("").length()), users.token(one)).json();
        assertThat(second.get("results")).extracting(t -> t.get("id").asLong()).containsExactly(ids.get(1));
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void sent_by_must_be_the_caller_unless_the_server_key_sends() {
        User one = users.create("One");
        User two = users.create("Two");
        JsonNode t = thread(one, two);
        long thread = t.get("id").asLong();

        TestServer.Answer forged = post("/chats/messages/", one,
                Map.of("chat_thread", thread, "text", "hi", "sent_by", number(two)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("detail").asText()).isNotBlank();

        TestServer.Answer asTwo = server.post("/chats/messages/", DialectUsers.serverKey(),
                Json.write(Map.of("chat_thread", thread, "text", "from the host", "sent_by", number(two))));
        assertThat(asTwo.status()).isEqualTo(201);
        assertThat(asTwo.json().get("sent_by").asLong()).isEqualTo(number(two));

        TestServer.Answer nobody = server.post("/chats/messages/", DialectUsers.serverKey(),
                Json.write(Map.of("chat_thread", thread, "text", "x")));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().get("sent_by").get(0).asText()).isEqualTo("This field is required.");

        TestServer.Answer implicit = post("/chats/messages/", two, Map.of("chat_thread", thread, "text", "me"));
        assertThat(implicit.status()).isEqualTo(201);
        assertThat(implicit.json().get("sent_by").asLong()).isEqualTo(number(two));
    }

    @Test
    void deleting_a_message_removes_it_from_the_callers_inbox_only() {
        User one = users.create("One");
        User two = users.create("Two");
        JsonNode t = thread(one, two);
        JsonNode keep = message(one, t, "keep");
        JsonNode gone = message(two, t, "gone");

        TestServer.Answer deleted = server.send("DELETE", "/chats/messages/" + gone.get("id").asLong() + "/",
                users.token(one), null);
        assertThat(deleted.status()).isEqualTo(204);

        String list = "/chats/messages/?chat_thread=" + t.get("id").asLong();
        assertThat(server.get(list, users.token(one)).json().get("results")).containsExactly(keep);
        assertThat(server.get(list, users.token(two)).json().get("results")).containsExactly(gone, keep);
    }

    @Test
    void requests_without_valid_credentials_get_drf_401s_and_bearer_works_too() {
        User one = users.create("One");
        TestServer.Answer none = server.get("/chats/threads/", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json()).isEqualTo(Json.parse("{\"detail\":\"Authentication credentials were not provided.\"}"));
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Token");

        TestServer.Answer bad = server.get("/chats/threads/", "Token not-a-jwt");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json()).isEqualTo(Json.parse("{\"detail\":\"Invalid token.\"}"));

        TestServer.Answer wrongSecret = server.post("/chats/messages/", "Token eyJhbGciOiJIUzI1NiJ9.e30.x", "{}");
        assertThat(wrongSecret.status()).isEqualTo(401);

        assertThat(server.get("/chats/threads/", users.bearer(one)).status()).isEqualTo(200);
        assertThat(server.get("/chats/threads", users.token(one)).status()).isEqualTo(200);
    }

    @Test
    void a_foreign_or_unknown_thread_or_message_is_a_drf_404() {
        User one = users.create("One");
        User two = users.create("Two");
        User stranger = users.create("Stranger");
        JsonNode t = thread(one, two);
        JsonNode m = message(one, t, "private");
        long id = t.get("id").asLong();
        JsonNode notFound = Json.parse("{\"detail\":\"Not found.\"}");

        List<TestServer.Answer> answers = List.of(
                server.get("/chats/messages/?chat_thread=" + id, users.token(stranger)),
                post("/chats/messages/", stranger, Map.of("chat_thread", id, "text", "let me in")),
                server.get("/chats/threads/" + id + "/", users.token(stranger)),
                server.get("/chats/messages/" + m.get("id").asLong() + "/", users.token(stranger)),
                server.send("DELETE", "/chats/messages/" + m.get("id").asLong() + "/", users.token(stranger), null),
                server.get("/chats/messages/?chat_thread=999999999", users.token(one)),
                server.get("/chats/threads/abc/", users.token(one)),
                server.get("/chats/nothing-here/", users.token(one)));
        for (TestServer.Answer a : answers) {
            assertThat(a.status()).as(a.body()).isEqualTo(404);
            assertThat(a.json()).isEqualTo(notFound);
        }
    }

    @Test
    void bad_input_gets_drf_field_errors_never_a_500() {
        User one = users.create("One");
        User two = users.create("Two");
        long thread = thread(one, two).get("id").asLong();

        assertField(post("/chats/messages/", one, Map.of("chat_thread", thread, "text", "  ")),
                "text", "This field may not be blank.");
        assertField(post("/chats/messages/", one, Map.of("chat_thread", thread)), "text", "This field is required.");
        assertField(post("/chats/messages/", one, Map.of("text", "hi")), "chat_thread", "This field is required.");
        assertField(post("/chats/messages/", one, Map.of("chat_thread", "abc", "text", "hi")),
                "chat_thread", "Incorrect type. Expected pk value, received str.");
        assertField(post("/chats/messages/", one, Map.of("chat_thread", thread, "text", "hi", "tsync_id", "")),
                "tsync_id", "This field may not be blank.");
        assertField(post("/chats/messages/", one, Map.of("chat_thread", thread, "text", "x".repeat(20_000))),
                "text", null);
        assertField(post("/chats/threads/", one, Map.of("tsync_id", "t")), "participants", "This field is required.");
        assertField(post("/chats/threads/", one, Map.of("participants", "1,2")),
                "participants", "Expected a list of items but got type \"str\".");
        assertField(post("/chats/threads/", one, Map.of("participants", List.of())),
                "participants", "This list may not be empty.");
        assertField(post("/chats/threads/", one, Map.of("participants", List.of(number(one), 1))),
                "participants", "Invalid pk \"1\" - object does not exist.");
        assertField(post("/chats/threads/", one, Map.of("participants", List.of(Map.of()))),
                "participants", "Incorrect type. Expected pk value, received dict.");
        assertField(post("/chats/threads/", one, Map.of("participants", List.of(number(two)), "reference_order", "x")),
                "reference_order", "Incorrect type. Expected pk value, received str.");
        assertField(server.get("/chats/messages/", users.token(one)), "chat_thread", "This field is required.");
        assertField(server.get("/chats/messages/?chat_thread=" + thread + "&last_message=abc", users.token(one)),
                "last_message", "A valid integer is required.");
        assertField(server.get("/chats/messages/?chat_thread=" + thread + "&last_message=1", users.token(one)),
                "last_message", "Invalid pk \"1\" - object does not exist.");
        assertField(server.get("/chats/threads/?page_size=0", users.token(one)), "page_size", null);
        assertField(server.get("/chats/threads/?before=yesterday", users.token(one)), "before", null);
        assertThat(server.get("/chats/threads/?before=%2B999999999-12-31T23:59:59Z", users.token(one)).json()
                .get("count").asInt()).isEqualTo(1);
        assertThat(server.get("/chats/threads/?before=-999999999-01-01T00:00:00Z", users.token(one)).json()
                .get("count").asInt()).isZero();

        TestServer.Answer malformed = server.post("/chats/messages/", users.token(one), "{\"chat_thread\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).isNotBlank();
        TestServer.Answer notObject = server.post("/chats/threads/", users.token(one), "[1, 2]");
        assertThat(notObject.status()).isEqualTo(400);
        TestServer.Answer huge = server.post("/chats/messages/", users.token(one),
                "{\"text\": \"" + "x".repeat(300 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("detail").asText()).isNotBlank();
        TestServer.Answer put = server.send("PUT", "/chats/threads/", users.token(one), "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.json().get("detail").asText()).isEqualTo("Method \"PUT\" not allowed.");
    }

    private static void assertField(TestServer.Answer a, String field, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        JsonNode errors = a.json().get(field);
        assertThat(errors).as(a.body()).isNotNull();
        assertThat(errors.isArray()).isTrue();
        if (message != null) {
            assertThat(errors.get(0).asText()).isEqualTo(message);
        }
    }
}
