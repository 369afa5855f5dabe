package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.StoreSettings;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SeedTest {
    @Test
    void seeded_history_reads_back_through_the_api_and_new_messages_continue_its_seq(@TempDir Path dir)
            throws Exception {
        Seed.Seeded seeded = Seed.history(dir, 120, 3);

        try (TestServer server = TestServer.start(onSqlite(dir))) {
            String reader = "Bearer " + server.token(seeded.reader());
            String big = "/v1/threads/" + seeded.bigThread() + "/messages?limit=50";

            JsonNode newest = server.get(big, reader).json();
            assertThat(seqs(newest)).containsExactlyInAnyOrderElementsOf(range(71, 120));
            assertThat(newest.path("more").asBoolean()).isTrue();
            assertThat(seqs(server.get(big + "&before=51", reader).json()))
                    .containsExactlyInAnyOrderElementsOf(range(1, 50));

            assertThat(seeded.smallThreads()).hasSize(3);
            JsonNode small = server.get("/v1/threads/" + seeded.smallThreads().get(2) + "/messages?limit=50",
                    reader).json();
            assertThat(seqs(small)).containsExactlyInAnyOrderElementsOf(range(1, 40));
            assertThat(small.path("messages").get(0).path("text").asText()).endsWith("of thread 3");

            TestServer.Answer sent = server.post("/v1/messages", reader,
                    Json.write(Map.of("thread", seeded.bigThread(), "text", "after the seed")));
            assertThat(sent.status()).isEqualTo(201);
            assertThat(sent.json().path("seq").asLong()).isEqualTo(121);
        }
    }

    @Test
    void seeded_users_can_connect_and_users_made_afterwards_get_fresh_keys(@TempDir Path dir) throws Exception {
        List<String> ids = Seed.users(dir, "seeded", 3);

        try (TestServer server = TestServer.start(onSqlite(dir))) {
            JsonNode me = server.get("/v1/users/me", "Bearer " + server.token(ids.get(1))).json();
            assertThat(me.path("id").asText()).isEqualTo(ids.get(1));
            assertThat(me.path("external_id").asText()).isEqualTo("seeded-1");
            assertThat(server.newUser("Later").path("id").asText()).isNotIn(ids);
        }
    }

    /** The seed is SQLite; the server must read that file even in a run that puts test servers on PostgreSQL. */
    private static Map<String, String> onSqlite(Path dir) {
        return Map.of("PARLEY_DATA_DIR", dir.toString(), "PARLEY_DB_URL", StoreSettings.sqlite(dir).jdbcUrl());
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("messages").forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
