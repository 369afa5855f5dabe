package dev.parley.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.User;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One uploaded file, attached through one dialect, seen and downloaded through the others. */
class FilesAcrossDialectsTest {
    static TestServer server;
    static FileClient client;
    static DialectUsers users;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new FileClient(server);
        users = new DialectUsers(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_file_uploaded_natively_and_sent_through_cubicl_shows_in_cubicl_licomed_and_downloads() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        JsonNode file = client.upload("/v1/files", users.bearer(ann),
                new Multipart().file("file", "plan.pdf", "application/pdf", "%PDF-1.4 plan".getBytes())).json();
        String id = file.get("id").asText();

        TestServer.Answer sent = server.post("/api/v1/chat/messages", users.bearer(ann),
                Json.write(Map.of("to", bob.externalId(), "files", List.of(id))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String thread = sent.json().get("thread").get("_id").asText();

        JsonNode page = server.get("/api/v1/chat/threads/" + thread + "/messages", users.bearer(bob)).json();
        assertThat(page.toString()).contains("\"files\":[{\"_id\":\"" + id + "\"");

        JsonNode licomed = client.get("/chat/messages/" + ann.externalId() + "/", users.bearer(bob)).json();
        JsonNode m = licomed.get("data").get("messages").get(0);
        assertThat(m.get("message_type").asText()).isEqualTo("file");
        assertThat(m.get("attached_file_name").asText()).isEqualTo("plan.pdf");
        assertThat(m.get("attached_file").asText()).isEqualTo("/v1/files/" + id);
        assertThat(client.get("/v1/files/" + id, users.bearer(bob)).status()).isEqualTo(200);

        // Bob cannot pass Ann's file off as his own.
        TestServer.Answer stolen = server.post("/api/v1/chat/messages", users.bearer(bob),
                Json.write(Map.of("to", ann.externalId(), "files", List.of(id))));
        assertThat(stolen.status()).isEqualTo(400);
    }

    @Test
    void a_licomed_attachment_is_listed_by_cubicl_and_the_native_thread_files() {
        User ann = users.create("Ann");
        User bob = users.create("Bob");
        TestServer.Answer up = client.upload("/chat/attachment/", users.bearer(ann), new Multipart()
                .field("receiver", bob.externalId()).field("message", "look")
                .file("attached_file", "a.txt", "text/plain", "hello".getBytes()));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        JsonNode threads = server.get("/api/v1/chat/threads", users.bearer(bob)).json();
        String thread = threads.get(0).get("_id").asText();
        JsonNode page = server.get("/api/v1/chat/threads/" + thread + "/messages", users.bearer(bob)).json();
        assertThat(page.toString()).contains("\"content\":\"look\"").contains("\"files\":[{\"_id\":\"");
        JsonNode files = client.get("/v1/threads/" + thread + "/files", users.bearer(bob)).json().get("files");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).get("name").asText()).isEqualTo("a.txt");
    }
}
