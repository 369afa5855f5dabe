package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.PostgresTestDatabase;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TcpProxy;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import dev.parley.web.Json;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL, joined by the machine's real Redis or NATS, with clients on both: what
 * happens on one node reaches the other node's connections, live and in cursor order, and nothing is
 * reported missed. Each run has its own database and its own channel; nothing is skipped (with
 * {@code CI=true} an unreachable PostgreSQL fails the test, and so does a broker that is down).
 */
@Timeout(120)
class MultiNodeTest {

    private record Cluster(PostgresTestDatabase db, TestServer one, TestServer two) implements AutoCloseable {
        @Override
        public void close() {
            try (db; one; two) {
                // closes the nodes, then drops the database
            }
        }
    }

    private static Cluster cluster(String broker) {
        return cluster(broker, port(broker));
    }

    /** Two nodes; the second reaches the broker at {@code secondsBrokerPort} (a proxy, to cut it off). */
    private static Cluster cluster(String broker, int secondsBrokerPort) {
        PostgresTestDatabase db = PostgresTestDatabase.create();
        String channel = "parley-test-" + UUID.randomUUID();
        TestServer one = TestServer.start(env(db, broker, port(broker), channel));
        TestServer two = TestServer.start(env(db, broker, secondsBrokerPort, channel));
        return new Cluster(db, one, two);
    }

    private static int port(String broker) {
        return broker.equals("redis") ? 6379 : 4222;
    }

    private static Map<String, String> env(PostgresTestDatabase db, String broker, int port, String channel) {
        return Map.of(
                "PARLEY_DB_URL", db.jdbcUrl(),
                "PARLEY_DB_USER", db.settings().user(),
                "PARLEY_DB_PASSWORD", db.settings().password(),
                "PARLEY_BUS", broker + "://127.0.0.1:" + port + "?channel=" + channel);
    }

    private static String room(TestServer node, String ownerToken, String... members) {
        return node.post("/v1/threads", ownerToken, Json.write(Map.of("kind", "custom", "name", "room",
                "members", List.of(members)))).json().get("id").asText();
    }

    private static String id(JsonNode user) {
        return user.get("id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void what_happens_on_one_node_reaches_the_clients_of_the_other(String broker) {
        try (Cluster c = cluster(broker)) {
            JsonNode ann = c.one.newUser("Ann");
            JsonNode bob = c.two.newUser("Bob");
            String annToken = c.one.token(id(ann));
            String bobToken = c.two.token(id(bob));
            String room = room(c.one, "Bearer " + annToken, id(bob));
            try (WsClient annWs = WsClient.ready(c.one.wsUrl("/v1/ws"), annToken);
                 WsClient bobWs = WsClient.ready(c.two.wsUrl("/v1/ws"), bobToken)) {

                annWs.send(WsClient.frame("send").put("id", "s1").put("thread", room).put("text", "hello from one"));
                JsonNode ack = annWs.until(f -> "s1".equals(f.path("id").asText()), Duration.ofSeconds(10));
                assertThat(ack.path("type").asText()).isEqualTo("ack");
                JsonNode created = bobWs.until("message.created");
                assertThat(created.path("message").path("id").asText())
                        .isEqualTo(ack.path("message").path("id").asText());
                assertThat(created.path("message").path("text").asText()).isEqualTo("hello from one");
                assertThat(created.path("cursor").asLong()).isPositive();

                TestServer.Answer reacted = c.two.post("/v1/messages/" + ack.path("message").path("id").asText()
                        + "/reactions", "Bearer " + bobToken, Json.write(Map.of("kind", "like")));
                assertThat(reacted.status()).isEqualTo(200);
                JsonNode reaction = annWs.until("reaction");
                assertThat(reaction.path("user").asText()).isEqualTo(id(bob));
                assertThat(reaction.path("cursor").asLong()).isGreaterThan(created.path("cursor").asLong());

                bobWs.send(WsClient.frame("typing").put("id", "t1").put("thread", room));
                assertThat(annWs.until("typing").path("user").asText()).isEqualTo(id(bob));

                bobWs.send(WsClient.frame("read").put("id", "r1").put("thread", room).put("seq", 1));
                assertThat(annWs.until("read").path("user").asText()).isEqualTo(id(bob));
            }
            assertThat(missed(c.one)).isZero();
            assertThat(missed(c.two)).isZero();
            for (TestServer node : List.of(c.one, c.two)) {
                String metrics = node.get("/metrics", null).body();
                assertThat(metrics).contains("parley_bus_dropped_total 0.0", "parley_bus_held 0.0");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void senders_on_both_nodes_at_once_every_client_gets_every_message_in_cursor_order(String broker)
            throws Exception {
        try (Cluster c = cluster(broker)) {
            TestServer[] nodes = {c.one, c.two};
            List<JsonNode> users = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                users.add(nodes[i % 2].newUser("User " + i));
            }
            String room = room(c.one, "Bearer " + c.one.token(id(users.get(0))),
                    users.stream().skip(1).map(MultiNodeTest::id).toArray(String[]::new));
            List<WsClient> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    TestServer node = nodes[i % 2];
                    sockets.add(WsClient.ready(node.wsUrl("/v1/ws"), node.token(id(users.get(i)))));
                }
                int each = 50;
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    WsClient socket = sockets.get(i);
                    int sender = i;
                    senders.add(Thread.ofVirtual().start(() -> {
                        for (int n = 0; n < each; n++) {
                            socket.sendAsync(WsClient.frame("send").put("id", sender + "-" + n).put("thread", room)
                                    .put("text", "message " + n + " of " + sender)
                                    .put("client_id", sender + "-" + n));
                        }
                        socket.flush();
                    }));
                }
                for (Thread t : senders) {
                    t.join();
                }
                for (WsClient socket : sockets) {
                    List<Long> cursors = new ArrayList<>();
                    Set<String> texts = new HashSet<>();
                    while (texts.size() < 4 * each) {
                        JsonNode event = socket.until("message.created");
                        cursors.add(event.path("cursor").asLong());
                        texts.add(event.path("message").path("text").asText());
                    }
                    assertThat(cursors).as("cursor order on every connection").isSorted().doesNotHaveDuplicates();
                    assertThat(texts).hasSize(4 * each);
                }
            } finally {
                sockets.forEach(WsClient::close);
            }
            assertThat(missed(c.one)).isZero();
            assertThat(missed(c.two)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void a_node_cut_off_from_the_broker_closes_its_sockets_when_it_is_back_and_they_resume_what_they_missed(
            String broker) throws Exception {
        try (TcpProxy proxy = TcpProxy.to(port(broker)); Cluster c = cluster(broker, proxy.port())) {
            JsonNode ann = c.one.newUser("Ann");
            JsonNode bob = c.two.newUser("Bob");
            String annToken = "Bearer " + c.one.token(id(ann));
            String bobToken = c.two.token(id(bob));
            String room = room(c.one, annToken, id(bob));
            List<String> sent = new ArrayList<>();
            try (WsClient bobWs = WsClient.ready(c.two.wsUrl("/v1/ws"), bobToken)) {
                sent.add(send(c.one, annToken, room, "before the cut"));
                long cursor = bobWs.until("message.created").path("cursor").asLong();

                proxy.down();
                sent.add(send(c.one, annToken, room, "while node two is cut off"));
                Thread.sleep(300);
                proxy.up();
                // Node two subscribes again by itself; the next event it hears shows it missed one.
                for (int i = 0; i < 60 && !bobWs.isClosed(); i++) {
                    sent.add(send(c.one, annToken, room, "after the cut " + i));
                    Thread.sleep(250);
                }
                assertThat(bobWs.closeCode(Duration.ofSeconds(1))).isEqualTo(4009);

                try (WsClient again = WsClient.ready(c.two.wsUrl("/v1/ws"), bobToken)) {
                    again.send(WsClient.frame("resume").put("cursor", cursor));
                    List<String> replayed = new ArrayList<>();
                    JsonNode frame;
                    while (!(frame = again.next(Duration.ofSeconds(10))).path("type").asText().equals("resumed")) {
                        if (frame.path("type").asText().equals("message.created")) {
                            replayed.add(frame.path("message").path("text").asText());
                        }
                    }
                    assertThat(replayed).containsExactlyElementsOf(sent.subList(1, sent.size()));
                }
            }
            assertThat(missed(c.two)).isPositive();
            c.two.expectMissedEvents();
        }
    }

    /**
     * A node killed with -9 in the middle of a stream of sends: every message it acknowledged reaches
     * a client of the other node, live or, after a 4009, by resuming from its last cursor.
     */
    @org.junit.jupiter.api.Test
    void a_node_killed_mid_stream_loses_nothing_it_acknowledged_for_clients_of_the_other_node() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.create();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-kill9-cluster-");
        Map<String, String> env = env(db, "redis", 6379, "parley-test-" + UUID.randomUUID());
        try (db; TestServer two = TestServer.start(env)) {
            Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Set<String> heard = new HashSet<>();
            String bobId = two.newUser("Bob").get("id").asText();
            try (ServerProcess one = ServerProcess.start(dir, env)) {
                String annId = one.createUser("ann-" + UUID.randomUUID(), "Ann").path("id").asText();
                try (WsClient bob = WsClient.ready(two.wsUrl("/v1/ws"), two.token(bobId))) {
                    WsClient ann = WsClient.ready(one.wsUrl("/v1/ws"), ServerProcess.token(annId));
                    ann.send(WsClient.frame("send").put("id", "open").put("to", bobId).put("text", "first"));
                    JsonNode opened = ann.until("ack");
                    String thread = opened.path("message").path("thread").asText();
                    acked.add(opened.path("message").path("id").asText());
                    Thread sender = Thread.ofPlatform().start(() -> {
                        for (int n = 0; !ann.isClosed(); n++) {
                            try {
                                ann.send(WsClient.frame("send").put("id", "s" + n).put("thread", thread)
                                        .put("text", "m" + n).put("client_id", "k9-" + n));
                                JsonNode ack = ann.until(f -> f.path("type").asText().equals("ack"),
                                        Duration.ofSeconds(5));
                                acked.add(ack.path("message").path("id").asText());
                            } catch (RuntimeException cut) {
                                return; // the node is gone
                            }
                        }
                    });
                    long cursor = 0;
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (acked.size() < 60 && System.nanoTime() < deadline) {
                        for (JsonNode f : bob.drain()) {
                            if (f.path("type").asText().equals("message.created")) {
                                heard.add(f.path("message").path("id").asText());
                                cursor = Math.max(cursor, f.path("cursor").asLong());
                            }
                        }
                        Thread.sleep(5);
                    }
                    one.kill();
                    sender.join(10_000);
                    ann.abort();
                    assertThat(acked.size()).as("acks before the kill").isGreaterThanOrEqualTo(60);

                    // Live, what reached node two; then whatever the client would resume after a 4009.
                    Thread.sleep(2_000);
                    for (JsonNode f : bob.drain()) {
                        if (f.path("type").asText().equals("message.created")) {
                            heard.add(f.path("message").path("id").asText());
                            cursor = Math.max(cursor, f.path("cursor").asLong());
                        }
                    }
                    assertThat(heard.size()).as("heard live on node two before and after the kill")
                            .isGreaterThanOrEqualTo(50);
                    try (WsClient again = WsClient.ready(two.wsUrl("/v1/ws"), two.token(bobId))) {
                        again.send(WsClient.frame("resume").put("cursor", cursor));
                        JsonNode f;
                        while (!(f = again.next(Duration.ofSeconds(10))).path("type").asText().equals("resumed")) {
                            if (f.path("type").asText().equals("message.created")) {
                                heard.add(f.path("message").path("id").asText());
                            }
                        }
                    }
                }
            } finally {
                dev.parley.testing.TempDirs.delete(dir);
            }
            assertThat(heard).containsAll(acked);
            // If the kill fell between a commit and its publish, node two reported the gap.
            two.expectMissedEvents();
        }
    }

    private static String send(TestServer node, String token, String room, String text) {
        TestServer.Answer a = node.post("/v1/messages", token, Json.write(Map.of("thread", room, "text", text)));
        assertThat(a.status()).isEqualTo(201);
        return text;
    }

    /** The node's {@code parley_bus_missed_total} from {@code /metrics}. */
    private static double missed(TestServer node) {
        String metrics = node.get("/metrics", null).body();
        return metrics.lines().filter(l -> l.startsWith("parley_bus_missed_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no parley_bus_missed_total in /metrics"));
    }
}
