package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.User;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesApiTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
    TestServer server;
    FileClient client;

    /** Settings of the server under test (SQLite here; PostgreSQL in the subclass). */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @BeforeAll
    void start() {
        server = TestServer.start(settings());
        client = new FileClient(server);
    }

    @AfterAll
    void stop() {
        server.close();
        cleanUp();
    }

    protected void cleanUp() {
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    JsonNode upload(User user, String filename, String type, byte[] bytes) {
        TestServer.Answer a = client.upload("/v1/files", client.bearer(user),
                new Multipart().file("file", filename, type, bytes));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json();
    }

    Message post(User sender, User to, FileId file) {
        return server.server().chat().messages().send(Actor.of(sender), new Messages.Send(null, to.id(), null,
                MessageKind.FILE, "see attached", List.of(file), null, null, null, null)).message();
    }

    @Test
    void uploaded_file_is_stored_by_content_and_downloads_with_safe_headers() throws Exception {
        User ann = client.user(unique("ann"), "Ann");
        byte[] text = "hello, plain text\n".getBytes(StandardCharsets.UTF_8);
        JsonNode file = upload(ann, "notes.txt", "application/x-whatever", text);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        assertThat(file.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(file.get("name").asText()).isEqualTo("notes.txt");
        assertThat(file.get("content_type").asText()).isEqualTo("text/plain");
        assertThat(file.get("size").asLong()).isEqualTo(text.length);
        assertThat(file.get("sha256").asText()).isEqualTo(sha);
        assertThat(file.get("uploader").asText()).isEqualTo(ann.id().toString());
        assertThat(Files.readAllBytes(server.dataDir().resolve("files").resolve(sha.substring(0, 2)).resolve(sha)))
                .isEqualTo(text);

        TestServer.Answer got = client.get("/v1/files/" + file.get("id").asText(), client.bearer(ann));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("hello, plain text\n");
        assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(got.headers().firstValue("Content-Security-Policy")).hasValue("sandbox; default-src 'none'");
        assertThat(got.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
        assertThat(got.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    }

    @Test
    void html_uploaded_as_png_is_served_as_an_attachment_that_no_browser_renders() {
        User ann = client.user(unique("ann"), "Ann");
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        JsonNode file = upload(ann, "cat.png", "image/png", html);
        assertThat(file.get("content_type").asText()).isEqualTo("application/octet-stream");

        TestServer.Answer got = client.get("/v1/files/" + file.get("id").asText(), client.bearer(ann));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(got.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
    }

    @Test
    void a_real_png_is_shown_inline() {
        User ann = client.user(unique("ann"), "Ann");
        JsonNode file = upload(ann, "dot.bin", "application/octet-stream", PNG);
        assertThat(file.get("content_type").asText()).isEqualTo("image/png");
        TestServer.Answer got = client.get("/v1/files/" + file.get("id").asText(), client.bearer(ann));
        assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;");
        assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void hostile_file_names_are_sanitised_and_encoded() {
        User ann = client.user(unique("ann"), "Ann");
        JsonNode traversal = upload(ann, "../../../etc/passwd", "text/plain", "x".getBytes());
        assertThat(traversal.get("name").asText()).isEqualTo("passwd");

        String hostile = "evil\r\nSet-Cookie: a=b\"; x=.\u202Egnp.exe \u00e9t\u00e9 \u6587\u4ef6.txt";
        TestServer.Answer a = client.upload("/v1/files", client.bearer(ann), new Multipart()
                .field("name", hostile).file("file", "x.txt", "text/plain", "x".getBytes()));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String name = a.json().get("name").asText();
        assertThat(name).doesNotContain("\r", "\n", "\"", "\u202E").contains("\u00e9t\u00e9", "\u6587\u4ef6.txt");

        TestServer.Answer got = client.get("/v1/files/" + a.json().get("id").asText(), client.bearer(ann));
        String disposition = got.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment; filename=\"").contains("filename*=UTF-8''")
                .doesNotContain("\r", "\n").matches("[\\x20-\\x7E]+");
        assertThat(got.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(disposition).contains("%C3%A9t%C3%A9");

        JsonNode dots = client.upload("/v1/files", client.bearer(ann), new Multipart()
                .field("name", " .. ").file("file", "..", "text/plain", "x".getBytes())).json();
        assertThat(dots.get("name").asText()).isEqualTo("file");
    }

    @Test
    void only_members_of_a_thread_the_file_was_posted_in_may_download_it() {
        User ann = client.user(unique("ann"), "Ann");
        User bob = client.user(unique("bob"), "Bob");
        User eve = client.user(unique("eve"), "Eve");
        JsonNode file = upload(ann, "plan.pdf", "application/pdf", "%PDF-1.4 plan".getBytes());
        String path = "/v1/files/" + file.get("id").asText();

        assertThat(client.get(path, client.bearer(bob)).status()).isEqualTo(404);
        Message m = post(ann, bob, FileId.parse(file.get("id").asText()));
        assertThat(m.files()).extracting(FileId::toString).containsExactly(file.get("id").asText());

        assertThat(client.get(path, client.bearer(bob)).status()).isEqualTo(200);
        TestServer.Answer denied = client.get(path, client.bearer(eve));
        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(client.get("/v1/files/" + UUID.randomUUID(), client.bearer(ann)).status()).isEqualTo(404);
        assertThat(client.get("/v1/files/not-a-uuid", client.bearer(ann)).status()).isEqualTo(404);
        assertThat(client.get(path, null).status()).isEqualTo(401);
        assertThat(client.get(path, "Bearer " + TestServer.API_KEY).status()).isEqualTo(200);

        TestServer.Answer list = client.get("/v1/threads/" + m.thread() + "/files", client.bearer(bob));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("files")).hasSize(1);
        JsonNode posted = list.json().get("files").get(0);
        assertThat(posted.get("id").asText()).isEqualTo(file.get("id").asText());
        assertThat(posted.get("message").asText()).isEqualTo(m.id().toString());
        assertThat(posted.get("content_type").asText()).isEqualTo("application/pdf");
        assertThat(client.get("/v1/threads/" + m.thread() + "/files", client.bearer(eve)).status()).isEqualTo(404);

        server.server().chat().messages().delete(Actor.of(ann), m.id());
        assertThat(client.get(path, client.bearer(bob)).status()).isEqualTo(404);
        assertThat(client.get(path, client.bearer(ann)).status()).isEqualTo(200);
    }

    @Test
    void a_sender_may_attach_only_files_they_uploaded() {
        User ann = client.user(unique("ann"), "Ann");
        User bob = client.user(unique("bob"), "Bob");
        JsonNode annsFile = upload(ann, "a.txt", "text/plain", "a".getBytes());
        FileId id = FileId.parse(annsFile.get("id").asText());
        assertThatThrownBy(() -> post(bob, ann, id)).isInstanceOf(ParleyException.class)
                .hasMessageContaining("attach files you uploaded");
        assertThatThrownBy(() -> post(bob, ann, FileId.random())).isInstanceOf(ParleyException.class);
        assertThat(post(ann, bob, id).files()).containsExactly(id);
    }

    @Test
    void the_server_key_uploads_for_a_user_who_then_attaches_it_through_the_rest_api() {
        User ann = client.user(unique("ann"), "Ann");
        User bob = client.user(unique("bob"), "Bob");
        HttpRequestHelper.Result up = HttpRequestHelper.upload(server, "/v1/files", "Bearer " + TestServer.API_KEY,
                ann.externalId(), new Multipart().file("file", "a.txt", "text/plain", "from the host".getBytes()));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String id = dev.parley.web.Json.parse(up.body()).get("id").asText();
        assertThat(dev.parley.web.Json.parse(up.body()).get("uploader").asText()).isEqualTo(ann.id().toString());
        TestServer.Answer sent = server.post("/v1/messages", client.bearer(ann), dev.parley.web.Json.write(
                Map.of("to", bob.id().toString(), "kind", "file", "files", List.of(id))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("files").get(0).asText()).isEqualTo(id);
        assertThat(client.get("/v1/files/" + id, client.bearer(bob)).body()).isEqualTo("from the host");
        TestServer.Answer notYours = server.post("/v1/messages", client.bearer(bob), dev.parley.web.Json.write(
                Map.of("to", ann.id().toString(), "kind", "file", "files", List.of(id))));
        assertThat(notYours.status()).isEqualTo(400);
        assertThat(notYours.json().get("type").asText()).endsWith("/invalid-request");
    }

    @Test
    void uploads_need_a_credential_and_a_multipart_body() {
        User ann = client.user(unique("ann"), "Ann");
        TestServer.Answer none = client.upload("/v1/files", null, new Multipart().file("file", "a", "text/plain",
                "a".getBytes()));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("type").asText()).endsWith("/unauthorized");
        TestServer.Answer json = server.post("/v1/files", client.bearer(ann), "{}");
        assertThat(json.status()).isEqualTo(400);
        TestServer.Answer noFile = client.upload("/v1/files", client.bearer(ann), new Multipart().field("name", "x"));
        assertThat(noFile.status()).isEqualTo(400);
        TestServer.Answer two = client.upload("/v1/files", client.bearer(ann), new Multipart()
                .file("file", "a", "text/plain", "a".getBytes()).file("file", "b", "text/plain", "b".getBytes()));
        assertThat(two.status()).isEqualTo(400);
    }

    @Test
    void uploads_no_message_carries_are_swept_with_their_bytes_and_attached_ones_stay() throws Exception {
        try (TestServer own = TestServer.start(settings())) {
            FileClient files = new FileClient(own);
            User ann = files.user(unique("ann"), "Ann");
            User bob = files.user(unique("bob"), "Bob");
            byte[] shared = ("shared " + UUID.randomUUID()).getBytes();
            JsonNode unused = upload(files, ann, "unused.txt", ("unused " + UUID.randomUUID()).getBytes());
            JsonNode sameBytes = upload(files, ann, "same.txt", shared);
            JsonNode attached = upload(files, ann, "attached.txt", shared);
            own.server().chat().messages().send(Actor.of(ann), new Messages.Send(null, bob.id(), null,
                    MessageKind.FILE, "see attached", List.of(FileId.parse(attached.get("id").asText())), null, null,
                    null, null));

            int removed = own.server().chat().files().sweepUnattached(java.time.Instant.now().plusSeconds(5));

            assertThat(removed).isEqualTo(2);
            for (JsonNode gone : List.of(unused, sameBytes)) {
                assertThat(files.get("/v1/files/" + gone.get("id").asText(), files.bearer(ann)).status())
                        .isEqualTo(404);
            }
            assertThat(blob(own, unused)).doesNotExist();
            assertThat(blob(own, attached)).exists();
            TestServer.Answer download = files.get("/v1/files/" + attached.get("id").asText(), files.bearer(bob));
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(new String(shared, StandardCharsets.UTF_8));
            assertThat(own.server().chat().files().sweepUnattached(java.time.Instant.now().plusSeconds(5))).isZero();
        }
    }

    @Test
    void bytes_no_file_refers_to_are_swept_once_old_and_bytes_of_files_stay() throws Exception {
        try (TestServer own = TestServer.start(settings())) {
            FileClient files = new FileClient(own);
            User ann = files.user(unique("ann"), "Ann");
            JsonNode kept = upload(files, ann, "kept.txt", ("kept " + UUID.randomUUID()).getBytes());
            // Bytes stored whose catalogue row never came (the request failed after the upload).
            String stray = own.server().chat().files().receive(Actor.SERVER,
                    new java.io.ByteArrayInputStream(("stray " + UUID.randomUUID()).getBytes()), "text/plain")
                    .blob().key();
            Path strayPath = own.dataDir().resolve("files").resolve(stray.substring(0, 2)).resolve(stray);
            java.nio.file.attribute.FileTime twoDaysAgo = java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofDays(2)));
            Files.setLastModifiedTime(strayPath, twoDaysAgo);
            Files.setLastModifiedTime(blob(own, kept), twoDaysAgo);
            dev.parley.core.Files sweep = own.server().chat().files();

            assertThat(sweep.sweepUnreferencedBytes(java.time.Instant.now().minus(java.time.Duration.ofDays(3))))
                    .as("nothing that old").isZero();
            assertThat(sweep.sweepUnreferencedBytes(java.time.Instant.now().minus(java.time.Duration.ofDays(1))))
                    .isEqualTo(1);

            assertThat(strayPath).doesNotExist();
            assertThat(blob(own, kept)).exists();
            assertThat(files.get("/v1/files/" + kept.get("id").asText(), files.bearer(ann)).status()).isEqualTo(200);
        }
    }

    private JsonNode upload(FileClient files, User user, String filename, byte[] bytes) {
        TestServer.Answer a = files.upload("/v1/files", files.bearer(user),
                new Multipart().file("file", filename, "text/plain", bytes));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json();
    }

    private static Path blob(TestServer server, JsonNode file) {
        String sha = file.get("sha256").asText();
        return server.dataDir().resolve("files").resolve(sha.substring(0, 2)).resolve(sha);
    }

    @Test
    void the_same_content_uploaded_twice_is_stored_once_under_two_file_ids() throws Exception {
        User ann = client.user(unique("ann"), "Ann");
        byte[] bytes = ("same " + UUID.randomUUID()).getBytes();
        JsonNode a = upload(ann, "a.txt", "text/plain", bytes);
        JsonNode b = upload(ann, "b.txt", "text/plain", bytes);
        assertThat(a.get("id")).isNotEqualTo(b.get("id"));
        assertThat(a.get("sha256")).isEqualTo(b.get("sha256"));
        Path dir = server.dataDir().resolve("files").resolve(a.get("sha256").asText().substring(0, 2));
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().equals(a.get("sha256").asText()))).hasSize(1);
        }
    }
}
