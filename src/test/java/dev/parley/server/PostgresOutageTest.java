package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.PostgresTestDatabase;
import dev.parley.testing.TcpProxy;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away under load: sends fail fast with 503 and Retry-After while it is gone, the
 * server recovers by itself when it is back, and every message that was acknowledged is kept.
 * The outage is a real cut of every database connection, made by a proxy in front of the machine's
 * PostgreSQL (see {@link TcpProxy} for why not a restart of the shared server).
 */
@Timeout(180)
class PostgresOutageTest {

    @Test
    void sends_fail_fast_with_503_while_postgres_is_down_and_recover_without_losing_acknowledged_messages()
            throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
             TcpProxy proxy = TcpProxy.to(5432);
             TestServer server = TestServer.start(Map.of(
                     "PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name(),
                     "PARLEY_DB_USER", "postgres"))) {
            JsonNode alice = server.newUser("Alice");
            JsonNode bob = server.newUser("Bob");
            String token = "Bearer " + server.token(alice.get("id").asText());
            String thread = server.post("/v1/threads", token, Json.write(Map.of("kind", "direct",
                    "members", List.of(bob.get("id").asText())))).json().get("id").asText();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger counter = new AtomicInteger();
            List<java.lang.Thread> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                senders.add(java.lang.Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        int n = counter.incrementAndGet();
                        TestServer.Answer a = server.post("/v1/messages", token, Json.write(Map.of(
                                "thread", thread, "text", "load " + n, "client_id", "load-" + n)));
                        statuses.add(a.status());
                        if (a.status() == 201) {
                            acknowledged.add(a.json().get("id").asText());
                        }
                        sleep(20);
                    }
                }));
            }
            sleep(1_500);
            assertThat(acknowledged).as("sends succeed before the outage").isNotEmpty();

            proxy.down();
            sleep(500);
            long start = System.nanoTime();
            TestServer.Answer during = server.post("/v1/messages", token,
                    Json.write(Map.of("thread", thread, "text", "during the outage")));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(tookMs).as("a send fails fast while the database is down").isLessThan(10_000);
            sleep(2_000);

            proxy.up();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 201) {
                status = server.post("/v1/messages", token,
                        Json.write(Map.of("thread", thread, "text", "after the outage"))).status();
                if (status != 201) {
                    sleep(250);
                }
            }
            assertThat(status).as("the server recovers by itself once PostgreSQL is back").isEqualTo(201);
            sleep(1_000);
            running.set(false);
            for (java.lang.Thread t : senders) {
                t.join();
            }

            assertThat(new HashSet<>(statuses)).as("only successes and 503s, never a 500").isSubsetOf(201, 503);
            assertThat(statuses).contains(503);
            Set<String> stored = new HashSet<>();
            java.util.TreeSet<Long> seqs = new java.util.TreeSet<>();
            JsonNode messages = null;
            Long before = null;
            do {
                String path = "/v1/threads/" + thread + "/messages?limit=200" + (before == null ? "" : "&before=" + before);
                messages = server.get(path, token).json().get("messages");
                messages.forEach(m -> {
                    stored.add(m.get("id").asText());
                    seqs.add(m.get("seq").asLong());
                });
                before = messages.isEmpty() ? null : messages.get(0).get("seq").asLong();
            } while (messages.size() == 200);
            assertThat(stored).as("every acknowledged message survived the outage").containsAll(acknowledged);
            assertThat(seqs.first()).isEqualTo(1L);
            assertThat(seqs.last()).as("no gap left by the failed writes").isEqualTo((long) seqs.size());
        }
    }

    private static void sleep(long ms) {
        try {
            java.lang.Thread.sleep(ms);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }
}
