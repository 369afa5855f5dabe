package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.parley.api.Api.SERVER;
import static dev.parley.api.Api.json;
import static dev.parley.api.Api.ok;
import static dev.parley.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

class ThreadsApiTest {
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

    private static String custom(Api.Person owner, String name, String... members) {
        return ok(server.post("/v1/threads", owner.auth(), json("name", name, "members", members)), 201)
                .get("id").asText();
    }

    private static JsonNode send(Api.Person from, String thread, String text) {
        return ok(server.post("/v1/messages", from.auth(), json("thread", thread, "text", text)), 201);
    }

    private static List<String> inboxIds(Api.Person who, String query) {
        List<String> ids = new ArrayList<>();
        ok(server.get("/v1/threads" + query, who.auth()), 200).get("threads").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    void a_direct_thread_is_reused_for_the_same_pair_from_either_side() {
        Api.Person a = person("Al");
        Api.Person b = person("Bea");
        JsonNode first = ok(server.post("/v1/threads", a.auth(), json("kind", "direct", "members", new String[] {b.id()})), 201);
        assertThat(first.get("kind").asText()).isEqualTo("direct");
        assertThat(first.get("members")).hasSize(2);
        JsonNode again = ok(server.post("/v1/threads", a.auth(), json("kind", "direct", "members", new String[] {b.externalId()})), 200);
        JsonNode fromB = ok(server.post("/v1/threads", b.auth(), json("kind", "direct", "members", new String[] {a.id()})), 200);
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(fromB.get("id")).isEqualTo(first.get("id"));
        problem(server.post("/v1/threads/" + first.get("id").asText() + "/leave", a.auth(), null), 400, "invalid-request");
    }

    @Test
    void a_direct_thread_opened_concurrently_from_both_sides_is_one_thread() throws Exception {
        Api.Person a = person("Cal");
        Api.Person b = person("Dee");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<TestServer.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Api.Person from = i % 2 == 0 ? a : b;
                Api.Person to = i % 2 == 0 ? b : a;
                answers.add(pool.submit(() -> server.post("/v1/threads", from.auth(),
                        json("kind", "direct", "members", new String[] {to.id()}))));
            }
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
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_custom_thread_is_created_read_and_its_members_managed_by_the_owner() {
        Api.Person owner = person("Eli");
        Api.Person member = person("Flo");
        Api.Person late = person("Gil");
        String thread = custom(owner, "Project X", member.externalId());

        JsonNode view = ok(server.get("/v1/threads/" + thread, owner.auth()), 200);
        assertThat(view.get("name").asText()).isEqualTo("Project X");
        assertThat(view.get("members").get(0).get("user").asText()).isEqualTo(owner.id());
        assertThat(view.get("members").get(0).get("role").asText()).isEqualTo("owner");
        assertThat(view.get("inbox").get("role").asText()).isEqualTo("owner");
        problem(server.get("/v1/threads/" + thread, late.auth()), 404, "not-found");

        JsonNode members = ok(server.post("/v1/threads/" + thread + "/members", owner.auth(),
                json("members", new String[] {late.id()})), 200);
        assertThat(members.get("members")).hasSize(3);
        ok(server.get("/v1/threads/" + thread, late.auth()), 200);

        problem(server.send("DELETE", "/v1/threads/" + thread + "/members/" + late.id(), member.auth(), null),
                403, "forbidden");
        ok(server.send("DELETE", "/v1/threads/" + thread + "/members/" + late.externalId(), owner.auth(), null), 204);
        problem(server.get("/v1/threads/" + thread, late.auth()), 404, "not-found");

        ok(server.post("/v1/threads/" + thread + "/leave", member.auth(), null), 204);
        problem(server.get("/v1/threads/" + thread, member.auth()), 404, "not-found");
        assertThat(ok(server.get("/v1/threads/" + thread, owner.auth()), 200).get("members")).hasSize(1);
    }

    @Test
    void an_unknown_and_a_foreign_thread_get_the_same_404() {
        Api.Person a = person("Hank");
        Api.Person outsider = person("Ida");
        String thread = custom(a, "secret", person("Jo").id());
        JsonNode foreign = problem(server.get("/v1/threads/" + thread, outsider.auth()), 404, "not-found");
        JsonNode unknown = problem(server.get("/v1/threads/" + UUID.randomUUID(), outsider.auth()), 404, "not-found");
        JsonNode malformed = problem(server.get("/v1/threads/not-a-uuid", outsider.auth()), 404, "not-found");
        for (String field : List.of("type", "title", "status", "detail")) {
            assertThat(foreign.get(field)).isEqualTo(unknown.get(field)).isEqualTo(malformed.get(field));
        }
        problem(server.get("/v1/threads/" + thread + "/messages", outsider.auth()), 404, "not-found");
        problem(server.post("/v1/messages", outsider.auth(), json("thread", thread, "text", "hi")), 404, "not-found");
    }

    @Test
    void history_is_for_members_only_and_a_hidden_thread_is_404_before_any_invalid_parameter() {
        Api.Person owner = person("Nell");
        Api.Person member = person("Ole");
        Api.Person outsider = person("Pia");
        String thread = custom(owner, "history", member.id());
        send(owner, thread, "one");
        String base = "/v1/threads/" + thread + "/messages";
        assertThat(ok(server.get(base, member.auth()), 200).get("messages")).hasSize(1);
        assertThat(ok(server.get(base, SERVER), 200).get("messages")).hasSize(1);
        for (String query : List.of("", "?limit=0", "?before=-1", "?before=2&after=1")) {
            JsonNode foreign = problem(server.get(base + query, outsider.auth()), 404, "not-found");
            JsonNode unknown = problem(server.get("/v1/threads/" + UUID.randomUUID() + "/messages" + query,
                    outsider.auth()), 404, "not-found");
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(foreign.get(field)).isEqualTo(unknown.get(field));
            }
        }
        problem(server.get(base + "?limit=0", member.auth()), 400, "invalid-request");
        ok(server.post("/v1/threads/" + thread + "/leave", member.auth(), null), 204);
        problem(server.get(base, member.auth()), 404, "not-found");
    }

    @Test
    void the_inbox_lists_my_threads_by_latest_activity_and_pages_with_next_before() {
        Api.Person me = person("Kim");
        Api.Person other = person("Lou");
        String t1 = custom(me, "one", other.id());
        String t2 = custom(me, "two", other.id());
        String t3 = custom(me, "three", other.id());
        assertThat(inboxIds(me, "")).containsExactly(t3, t2, t1);
        send(other, t1, "bump");
        assertThat(inboxIds(me, "")).containsExactly(t1, t3, t2);

        JsonNode page = ok(server.get("/v1/threads?limit=2", me.auth()), 200);
        assertThat(page.get("threads")).hasSize(2);
        String next = page.get("next_before").asText();
        JsonNode rest = ok(server.get("/v1/threads?limit=2&before=" + next, me.auth()), 200);
        assertThat(rest.get("threads").get(0).get("id").asText()).isEqualTo(t2);
        assertThat(rest.get("next_before").isNull()).isTrue();

        JsonNode entry = ok(server.get("/v1/threads?limit=1", me.auth()), 200).get("threads").get(0);
        assertThat(entry.get("unread").asLong()).isEqualTo(1);
        assertThat(entry.get("last_message").get("text").asText()).isEqualTo("bump");
        problem(server.get("/v1/threads?limit=201", me.auth()), 400, "invalid-request");
        problem(server.get("/v1/threads?before=yesterday", me.auth()), 400, "invalid-request");
    }

    @Test
    void the_inbox_cursor_is_opaque_and_an_iso_time_still_pages_by_activity() {
        Api.Person me = person("Oda");
        String t1 = custom(me, "one");
        String t2 = custom(me, "two");
        String t3 = custom(me, "three");

        List<String> walked = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = ok(server.get("/v1/threads?limit=1" + (next == null ? "" : "&before=" + next), me.auth()), 200);
            page.get("threads").forEach(t -> walked.add(t.get("id").asText()));
            next = page.get("next_before").isNull() ? null : page.get("next_before").asText();
            if (next != null) {
                assertThat(next).as("opaque and URL-safe").matches("[A-Za-z0-9_-]+");
            }
        } while (next != null);
        assertThat(walked).containsExactly(t3, t2, t1);

        String t2Activity = ok(server.get("/v1/threads/" + t2, me.auth()), 200).get("last_activity_at").asText();
        assertThat(inboxIds(me, "?before=" + t2Activity)).containsExactly(t1);
        JsonNode bad = problem(server.get("/v1/threads?before=bm90IGEgY3Vyc29y", me.auth()), 400, "invalid-request");
        assertThat(bad.get("field").asText()).isEqualTo("before");
    }

    @Test
    void archived_and_muted_inboxes() {
        Api.Person me = person("Max");
        String thread = custom(me, "noisy", person("Ned").id());
        JsonNode inbox = ok(server.send("PATCH", "/v1/threads/" + thread + "/inbox", me.auth(),
                json("archived", true, "muted", true)), 200);
        assertThat(inbox.get("archived").asBoolean()).isTrue();
        assertThat(inbox.get("muted").asBoolean()).isTrue();
        assertThat(inboxIds(me, "")).doesNotContain(thread);
        assertThat(inboxIds(me, "?archived=true")).containsExactly(thread);
        problem(server.send("PATCH", "/v1/threads/" + thread + "/inbox", me.auth(), json("archived", "yes")),
                400, "invalid-request");
    }

    @Test
    void unread_counts_leave_out_my_own_and_deleted_messages_and_reading_resets_them() {
        Api.Person me = person("Oda");
        Api.Person other = person("Pat");
        String thread = custom(me, "reading", other.id());
        send(me, thread, "mine");
        send(other, thread, "one");
        JsonNode two = send(other, thread, "two");
        JsonNode three = send(other, thread, "three");
        JsonNode four = send(other, thread, "four");
        assertThat(unread(me, thread)).isEqualTo(4);

        ok(server.send("DELETE", "/v1/messages/" + two.get("id").asText(), other.auth(), null), 200);
        assertThat(unread(me, thread)).isEqualTo(3);
        ok(server.send("DELETE", "/v1/messages/" + three.get("id").asText() + "?for=me", me.auth(), null), 204);
        assertThat(unread(me, thread)).isEqualTo(2);

        JsonNode read = ok(server.post("/v1/threads/" + thread + "/read", me.auth(), json("seq", four.get("seq").asLong() - 1)), 200);
        assertThat(read.get("last_read_seq").asLong()).isEqualTo(four.get("seq").asLong() - 1);
        assertThat(read.get("unread").asLong()).isEqualTo(1);
        assertThat(ok(server.post("/v1/threads/" + thread + "/read", me.auth(), json("seq", 1_000)), 200)
                .get("unread").asLong()).isZero();
        problem(server.post("/v1/threads/" + thread + "/read", me.auth(), json()), 400, "invalid-request");
        problem(server.post("/v1/threads/" + thread + "/read", me.auth(), json("seq", -1)), 400, "invalid-request");
    }

    private static long unread(Api.Person who, String thread) {
        return ok(server.get("/v1/threads/" + thread, who.auth()), 200).get("inbox").get("unread").asLong();
    }

    @Test
    void the_server_key_creates_group_threads_and_sets_their_members() {
        Api.Person a = person("Quin");
        Api.Person b = person("Rae");
        Api.Person c = person("Sol");
        String key = "project-" + UUID.randomUUID();
        JsonNode group = ok(server.post("/v1/threads", SERVER, json("kind", "group", "group_key", key, "name", "P",
                "members", new String[] {a.id(), b.externalId()})), 201);
        assertThat(group.get("group_key").asText()).isEqualTo(key);
        assertThat(group.get("members")).hasSize(2);
        String id = group.get("id").asText();

        JsonNode again = ok(server.post("/v1/threads", SERVER, json("kind", "group", "group_key", key,
                "members", new String[] {a.id(), c.id()})), 200);
        assertThat(again.get("id").asText()).isEqualTo(id);
        problem(server.get("/v1/threads/" + id, b.auth()), 404, "not-found");

        JsonNode set = ok(server.send("PUT", "/v1/threads/" + id + "/members", SERVER,
                json("members", new String[] {b.id(), c.id()})), 200);
        assertThat(set.get("members")).hasSize(2);
        problem(server.get("/v1/threads/" + id, a.auth()), 404, "not-found");
        problem(server.post("/v1/threads/" + id + "/members", b.auth(), json("members", new String[] {a.id()})),
                403, "forbidden");
    }

    @Test
    void creating_a_thread_with_bad_input_is_a_400_naming_the_field() {
        Api.Person me = person("Tia");
        assertThat(problem(server.post("/v1/threads", me.auth(), json("kind", "party", "name", "x")), 400,
                "invalid-request").get("field").asText()).isEqualTo("kind");
        assertThat(problem(server.post("/v1/threads", me.auth(), json("name", "x", "members", new String[] {"nobody-" + UUID.randomUUID()})),
                400, "invalid-request").get("field").asText()).isEqualTo("members");
        assertThat(problem(server.post("/v1/threads", me.auth(), json("name", "x", "members", "abc")), 400,
                "invalid-request").get("field").asText()).isEqualTo("members");
        assertThat(problem(server.post("/v1/threads", me.auth(), json("kind", "direct", "members", new String[0])),
                400, "invalid-request").get("field").asText()).isEqualTo("members");
    }

    @Test
    void typing_is_accepted_for_members_only() {
        Api.Person me = person("Uma");
        String thread = custom(me, "t", person("Vic").id());
        ok(server.post("/v1/threads/" + thread + "/typing", me.auth(), null), 204);
        problem(server.post("/v1/threads/" + thread + "/typing", person("Wes").auth(), null), 404, "not-found");
    }
}
