package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.User;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The licomed HTTP endpoints, checked against the seed's own examples (field names, envelopes, statuses). */
class LicomedTest {
    /** The keys of a message in the seed's {@code /chat/messages/<uid>/} example. */
    static final Set<String> MESSAGE_KEYS = Set.of("id", "sender", "receiver", "attached_file_size", "message",
            "updated_at", "created_at", "attached_file", "message_type", "attached_file_name", "thread",
            "attached_profile");
    /** The keys of a user in the seed's examples that are public profile. */
    static final Set<String> PUBLIC_USER_KEYS = Set.of("id", "email", "fullname", "phone_number", "profile_photo",
            "gender", "country_code", "account_type", "created_at", "updated_at");
    /** What the seed's sample leaked and Parley must never send. */
    static final Set<String> FORBIDDEN = Set.of("password", "last_login", "is_staff", "is_admin", "is_superuser",
            "is_active", "groups", "user_permissions", "is_email_verified", "is_phone_verified",
            "is_profile_complete", "date_of_birth");

    static TestServer server;
    static FileClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new FileClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static User user(String name) {
        return client.user(UUID.randomUUID().toString(), name);
    }

    static Message send(User from, User to, Messages.Send send) {
        return server.server().chat().messages().send(Actor.of(from), send).message();
    }

    static Messages.Send text(User to, String text) {
        return new Messages.Send(null, to.id(), null, MessageKind.TEXT, text, List.of(), null, null, null, null);
    }

    static Messages.Send profile(User to, User shared) {
        return new Messages.Send(null, to.id(), null, MessageKind.USER_PROFILE, null, List.of(), shared.id(), null,
                null, null);
    }

    TestServer.Answer attach(User from, String receiver, String filename, byte[] bytes, String name) {
        Multipart body = new Multipart().field("receiver", receiver).field("message", "Hello, this is my message");
        if (name != null) {
            body.field("attached_file_name", name);
        }
        return client.upload("/chat/attachment/", client.bearer(from), body.file("attached_file", filename,
                "image/jpeg", bytes));
    }

    @Test
    void conversation_messages_come_newest_first_in_the_seed_shape() {
        User sender = user("Sender user");
        User receiver = user("Admin user");
        Message first = send(sender, receiver, profile(receiver, receiver));
        Message second = send(sender, receiver, text(receiver, "hello there"));
        TestServer.Answer uploaded = attach(sender, receiver.externalId(), "Screenshot 2025-03-14 100311.png",
                new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3}, "bitcoin");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);

        TestServer.Answer a = client.get("/chat/messages/" + receiver.externalId() + "/", client.bearer(sender));
        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(fieldNames(body)).containsExactly("status", "data", "message", "success");
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.get("message").asText()).isEqualTo("Messages retrieved successfully");
        assertThat(body.get("success").asBoolean()).isTrue();
        JsonNode messages = body.get("data").get("messages");
        assertThat(messages).hasSize(3);
        for (JsonNode m : messages) {
            assertThat(fieldNames(m)).containsExactlyInAnyOrderElementsOf(MESSAGE_KEYS);
            assertThat(m.get("sender").get("id").asText()).isEqualTo(sender.externalId());
            assertThat(m.get("receiver").get("id").asText()).isEqualTo(receiver.externalId());
            assertThat(m.get("sender").get("fullname").asText()).isEqualTo("Sender user");
            assertThat(m.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        }
        JsonNode file = messages.get(0);
        assertThat(file.get("message_type").asText()).isEqualTo("file");
        assertThat(file.get("attached_file_name").asText()).isEqualTo("bitcoin");
        assertThat(file.get("attached_file_size").asText()).isEqualTo("0.01KB");
        assertThat(file.get("attached_file").asText()).startsWith("/v1/files/");
        assertThat(file.get("attached_profile").isNull()).isTrue();
        assertThat(file.get("thread").asLong()).isEqualTo(first.thread() == null ? -1
                : server.server().chat().threads().require(Actor.SERVER, first.thread()).key());

        JsonNode txt = messages.get(1);
        assertThat(txt.get("id").asLong()).isEqualTo(second.key());
        assertThat(txt.get("message_type").asText()).isEqualTo("text");
        assertThat(txt.get("message").asText()).isEqualTo("hello there");
        assertThat(txt.get("attached_file_size").asText()).isEqualTo("0kb");
        assertThat(txt.get("attached_file").isNull()).isTrue();

        JsonNode shared = messages.get(2);
        assertThat(shared.get("id").asLong()).isEqualTo(first.key());
        assertThat(shared.get("message_type").asText()).isEqualTo("user_profile");
        assertThat(shared.get("message").isNull()).isTrue();
        assertThat(shared.get("attached_profile").asText()).isEqualTo(receiver.externalId());

        // The file link works with the same token for both sides of the conversation.
        String link = file.get("attached_file").asText();
        assertThat(client.get(link, client.bearer(receiver)).status()).isEqualTo(200);
        assertNoPrivateFields(body);
    }

    @Test
    void an_unknown_recipient_gets_the_seed_404_envelope() {
        User me = user("Me");
        TestServer.Answer a = client.get("/chat/messages/" + UUID.randomUUID() + "/", client.bearer(me));
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json()).isEqualTo(Json.parse(
                "{\"status\":\"failure\",\"entity\":null,\"message\":\"Invalid receipient\",\"success\":false}"));
        assertThat(client.get("/chat/messages/" + me.externalId() + "/", client.bearer(me)).status()).isEqualTo(404);
    }

    @Test
    void a_conversation_not_started_yet_is_empty() {
        User me = user("Me");
        User other = user("Other");
        JsonNode body = client.get("/chat/messages/" + other.externalId() + "/", client.bearer(me)).json();
        assertThat(body.get("data").get("messages")).isEmpty();
        assertThat(server.server().chat().threads().findDirect(Actor.of(me), other.id())).isEmpty();
    }

    @Test
    void attachment_upload_answers_201_with_the_seed_entity_and_is_seen_by_the_native_side() {
        User sender = user("Sender");
        User receiver = user("Receiver");
        TestServer.Answer a = attach(sender, receiver.externalId(), "pexels-nappy-936119.jpg",
                new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1}, null);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode body = a.json();
        assertThat(fieldNames(body)).containsExactly("status", "entity", "message", "success");
        assertThat(body.get("message").asText()).isEqualTo("File uploaded and chat created successfully");
        JsonNode m = body.get("entity").get("message");
        assertThat(fieldNames(m)).containsExactly("id", "sender", "receiver", "attached_file_size", "message",
                "updated", "created", "seen", "deleted", "attached_file", "attached_file_name", "thread");
        assertThat(fieldNames(m.get("sender"))).containsExactly("id", "email", "profile");
        assertThat(m.get("sender").get("id").asText()).isEqualTo(sender.externalId());
        assertThat(m.get("receiver").get("id").asText()).isEqualTo(receiver.externalId());
        assertThat(m.get("message").asText()).isEqualTo("Hello, this is my message");
        assertThat(m.get("attached_file_name").asText()).isEqualTo("pexels-nappy-936119.jpg");
        assertThat(m.get("seen").asBoolean()).isFalse();
        assertThat(m.get("deleted").asBoolean()).isFalse();

        Message stored = server.server().chat().messages().getByKey(Actor.of(receiver), m.get("id").asLong());
        assertThat(stored.kind()).isEqualTo(MessageKind.FILE);
        assertThat(stored.sender()).isEqualTo(sender.id());
        assertThat(stored.text()).isEqualTo("Hello, this is my message");
        assertThat(server.server().chat().files().get(Actor.of(receiver), stored.files().getFirst()).contentType())
                .isEqualTo("image/jpeg");
        assertThat(server.server().chat().messages().history(Actor.of(receiver), stored.thread(), null, null, null)
                .messages()).extracting(Message::id).contains(stored.id());

        // Through the native REST API: the same message, its file, and a native reply licomed then shows.
        JsonNode history = client.get("/v1/threads/" + stored.thread() + "/messages", client.bearer(receiver)).json();
        JsonNode last = history.get("messages").get(history.get("messages").size() - 1);
        assertThat(last.get("id").asText()).isEqualTo(stored.id().toString());
        assertThat(last.get("kind").asText()).isEqualTo("file");
        assertThat(last.get("files").get(0).asText()).isEqualTo(stored.files().getFirst().toString());
        TestServer.Answer reply = server.post("/v1/messages", client.bearer(receiver),
                Json.write(java.util.Map.of("to", sender.id().toString(), "text", "got it")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode newest = client.get("/chat/messages/" + receiver.externalId() + "/", client.bearer(sender)).json()
                .get("data").get("messages").get(0);
        assertThat(newest.get("message").asText()).isEqualTo("got it");
        assertThat(newest.get("sender").get("id").asText()).isEqualTo(receiver.externalId());
        assertThat(newest.get("receiver").get("id").asText()).isEqualTo(sender.externalId());
    }

    @Test
    void attachment_to_an_unknown_receiver_is_the_404_envelope_and_bad_bodies_are_400() {
        User sender = user("Sender");
        TestServer.Answer a = attach(sender, "nobody-" + UUID.randomUUID(), "a.txt", "x".getBytes(), null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("message").asText()).isEqualTo("Invalid receipient");
        TestServer.Answer noFile = client.upload("/chat/attachment/", client.bearer(sender),
                new Multipart().field("receiver", sender.externalId()));
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().get("status").asText()).isEqualTo("failure");
        assertThat(noFile.json().get("success").asBoolean()).isFalse();
    }

    @Test
    void user_threads_list_each_conversation_with_other_user_and_last_message() {
        User me = user("Me");
        User ann = user("Ann");
        User bob = user("Bob");
        send(me, ann, text(ann, "hi ann"));
        Message last = send(bob, me, text(me, "hi from bob"));

        TestServer.Answer a = client.get("/chat/user/threads/", client.bearer(me));
        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(fieldNames(body)).containsExactly("status", "data", "message", "success");
        assertThat(body.get("message").isNull()).isTrue();
        JsonNode threads = body.get("data");
        assertThat(threads).hasSize(2);
        JsonNode newest = threads.get(0);
        assertThat(fieldNames(newest)).containsExactly("id", "other_user", "last_message");
        assertThat(newest.get("other_user").get("id").asText()).isEqualTo(bob.externalId());
        assertThat(newest.get("last_message").get("id").asLong()).isEqualTo(last.key());
        assertThat(newest.get("last_message").get("message").asText()).isEqualTo("hi from bob");
        assertThat(newest.get("last_message").get("thread").asLong()).isEqualTo(newest.get("id").asLong());
        assertThat(threads.get(1).get("other_user").get("id").asText()).isEqualTo(ann.externalId());
        assertNoPrivateFields(body);
    }

    @Test
    void thread_files_list_the_file_messages_to_participants_only() {
        User me = user("Me");
        User ann = user("Ann");
        User eve = user("Eve");
        send(me, ann, text(ann, "no file here"));
        JsonNode entity = attach(me, ann.externalId(), "doc.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII),
                "contract.pdf").json().get("entity").get("message");
        long thread = entity.get("thread").asLong();

        TestServer.Answer a = client.get("/chat/thread/files/" + thread + "/", client.bearer(ann));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("success");
        JsonNode files = a.json().get("data");
        assertThat(files).hasSize(1);
        assertThat(fieldNames(files.get(0))).containsExactlyInAnyOrderElementsOf(MESSAGE_KEYS);
        assertThat(files.get(0).get("id").asLong()).isEqualTo(entity.get("id").asLong());
        assertThat(files.get(0).get("attached_file_name").asText()).isEqualTo("contract.pdf");
        assertThat(files.get(0).get("message_type").asText()).isEqualTo("file");

        TestServer.Answer denied = client.get("/chat/thread/files/" + thread + "/", client.bearer(eve));
        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.json().get("status").asText()).isEqualTo("failure");
        assertThat(denied.json().get("entity").isNull()).isTrue();
        assertThat(client.get("/chat/thread/files/abc/", client.bearer(ann)).status()).isEqualTo(404);
        // The native API lists the same file under the thread's UUID.
        Message m = server.server().chat().messages().getByKey(Actor.of(ann), entity.get("id").asLong());
        TestServer.Answer nativeList = client.get("/v1/threads/" + m.thread() + "/files", client.bearer(ann));
        assertThat(nativeList.json().get("files").get(0).get("name").asText()).isEqualTo("contract.pdf");
        FileId.parse(nativeList.json().get("files").get(0).get("id").asText());
    }

    @Test
    void requests_without_a_valid_token_get_the_failure_envelope() {
        TestServer.Answer none = client.get("/chat/user/threads/", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("status").asText()).isEqualTo("failure");
        assertThat(none.json().get("success").asBoolean()).isFalse();
        assertThat(client.get("/chat/user/threads/", "Bearer not-a-jwt").status()).isEqualTo(401);
        assertThat(client.get("/chat/user/threads/", "Token " + server.token(user("Tok").externalId())).status())
                .isEqualTo(200);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every user object in the answer carries public profile fields only. */
    static void assertNoPrivateFields(JsonNode node) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                assertThat(FORBIDDEN).as("field " + name).doesNotContain(name);
                JsonNode child = node.get(name);
                if ((name.equals("sender") || name.equals("receiver") || name.equals("other_user")) && child.isObject()) {
                    assertThat(PUBLIC_USER_KEYS).containsAll(fieldNames(child));
                }
                assertNoPrivateFields(child);
            }
        } else if (node.isArray()) {
            node.forEach(LicomedTest::assertNoPrivateFields);
        }
        assertThat(node.toString()).doesNotContain("pbkdf2", "is_superuser");
    }
}
