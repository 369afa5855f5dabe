package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and Prometheus endpoints over real HTTP. */
class OperationsEndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void live_and_ready_answer_200_once_the_server_serves() {
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        TestServer.Answer ready = server.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void metrics_count_stored_messages_and_answered_requests_in_prometheus_format() {
        JsonNode alice = server.newUser("Alice");
        JsonNode bob = server.newUser("Bob");
        String token = "Bearer " + server.token(alice.get("id").asText());
        TestServer.Answer sent = server.post("/v1/messages", token,
                Json.write(Map.of("to", bob.get("id").asText(), "text", "counted")));
        assertThat(sent.status()).isEqualTo(201);

        TestServer.Answer metrics = server.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        List<String> lines = metrics.body().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("parley_events_total{type=\"message.created\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .startsWith("parley_http_requests_seconds_count{method=\"POST\",status=\"2xx\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("parley_connections "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jvm_memory_used_bytes"));
        // The message's write batch: its queue wait, commit time, whole time and size.
        assertThat(count(lines, "parley_store_queue_wait_seconds_count")).isPositive();
        assertThat(count(lines, "parley_store_commit_seconds_count")).isPositive();
        assertThat(count(lines, "parley_store_batch_seconds_count")).isPositive();
        assertThat(count(lines, "parley_store_batch_writes_sum")).isPositive();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("parley_store_commit_seconds{quantile=\"0.99\"}"));
        // The writer's own work between batches (SQLite): its log checkpoints and search indexing.
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("parley_store_checkpoint_seconds_count"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("parley_store_search_index_seconds_count"));
    }

    @Test
    void invented_request_methods_do_not_grow_the_metrics() {
        for (int i = 0; i < 5; i++) {
            server.send("INVENTED" + i, "/health/live", (String) null, null);
        }

        String metrics = server.get("/metrics", null).body();

        assertThat(metrics).doesNotContain("INVENTED");
        assertThat(metrics.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("parley_http_requests_seconds_count{method=\"OTHER\""));
    }

    /** The value of a sample line without labels, e.g. {@code name 3.0}; 0 when absent. */
    private static double count(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(0);
    }
}
