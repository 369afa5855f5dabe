package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TempDirs;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import dev.parley.store.PostgresTestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed with SIGKILL while a client sends over the WebSocket loses no acknowledged message,
 * on SQLite and on PostgreSQL.
 */
@Timeout(120)
class WsDurabilityTest {
    private static final Map<String, String> SETTINGS =
            Map.of("PARLEY_WS_FRAMES_PER_SECOND", "100000", "PARLEY_WS_FRAME_BURST", "100000");
    /** A quick start matters more here than peak speed. */
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void every_message_acknowledged_before_a_kill_9_is_in_history_after_a_restart(String database) throws Exception {
        if (database.equals("postgres")) {
            try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
                Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
                settings.put("PARLEY_DB_URL", db.jdbcUrl());
                settings.put("PARLEY_DB_USER", db.settings().user());
                killAndRestart(settings);
            }
        } else {
            killAndRestart(SETTINGS);
        }
    }

    private void killAndRestart(Map<String, String> settings) throws Exception {
        Path dir = Files.createTempDirectory("parley-kill9-");
        try {
            killAndRestart(dir, settings);
        } finally {
            TempDirs.delete(dir);
        }
    }

    private void killAndRestart(Path dir, Map<String, String> settings) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        String annId;
        String thread;
        try (ServerProcess first = ServerProcess.start(dir, settings, JVM)) {
            annId = first.createUser("ann-k9", "Ann").path("id").asText();
            String bobId = first.createUser("bob-k9", "Bob").path("id").asText();
            WsClient ann = WsClient.ready(first.wsUrl(WsModule.PATH), ServerProcess.token(annId));
            ann.send(WsClient.frame("send").put("id", "open").put("to", bobId).put("text", "first"));
            JsonNode opened = ann.until("ack");
            thread = opened.path("message").path("thread").asText();
            acked.add(opened.path("message").path("id").asText());

            java.lang.Thread sender = java.lang.Thread.ofPlatform().start(() -> sendUntilCut(ann, thread, acked));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acked.size() < 80 && System.nanoTime() < deadline) {
                java.lang.Thread.sleep(5);
            }
            first.kill();
            sender.join(30_000);
            ann.abort();
            assertThat(acked.size()).as("acks before the kill").isGreaterThanOrEqualTo(80);
        }

        try (ServerProcess second = ServerProcess.start(dir, settings, JVM)) {
            String token = "Bearer " + ServerProcess.token(annId);
            Set<String> stored = new HashSet<>();
            List<Long> seqs = new ArrayList<>();
            long after = 0;
            boolean more = true;
            while (more) {
                TestServer.Answer page = second.send("GET", "/v1/threads/" + thread + "/messages?after=" + after
                        + "&limit=200", token, null);
                assertThat(page.status()).isEqualTo(200);
                for (JsonNode m : page.json().path("messages")) {
                    stored.add(m.path("id").asText());
                    seqs.add(m.path("seq").asLong());
                    after = m.path("seq").asLong();
                }
                more = page.json().path("more").asBoolean();
            }
            assertThat(stored).containsAll(acked);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("gapless seq").isEqualTo(i + 1L);
            }
        }
    }

    /** Pipelines sends in windows of 40 and records each acked message id until the connection is cut. */
    private static void sendUntilCut(WsClient ann, String thread, Set<String> acked) {
        try {
            for (int window = 0; !ann.isClosed(); window++) {
                for (int k = 0; k < 40; k++) {
                    int n = window * 40 + k;
                    ann.sendAsync(WsClient.frame("send").put("id", n).put("thread", thread)
                            .put("text", "m" + n).put("client_id", "k9-" + n));
                }
                for (int got = 0; got < 40 && !ann.isClosed(); ) {
                    for (JsonNode f : ann.drain()) {
                        if (f.path("type").asText().equals("ack")) {
                            acked.add(f.path("message").path("id").asText());
                            got++;
                        }
                    }
                    java.lang.Thread.sleep(2);
                }
            }
        } catch (RuntimeException | InterruptedException cut) {
            // the server is gone
        }
        for (JsonNode f : ann.drain()) {
            if (f.path("type").asText().equals("ack")) {
                acked.add(f.path("message").path("id").asText());
            }
        }
    }
}
