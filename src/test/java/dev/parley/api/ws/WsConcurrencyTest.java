package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Message;
import dev.parley.core.MessageStore;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WsConcurrencyTest {
    private static final int SENDERS = 8;
    private static final int EACH = 200;
    private static final int TOTAL = SENDERS * EACH;

    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_WS_FRAMES_PER_SECOND", "100000", "PARLEY_WS_FRAME_BURST", "100000"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What one connection saw: the seqs of message.created in arrival order, and its acks. */
    record Seen(List<Long> createdSeqs, List<JsonNode> acks) {}

    private static Seen collect(WsClient c, int acksExpected) {
        List<Long> seqs = new ArrayList<>();
        List<JsonNode> acks = new ArrayList<>();
        while (seqs.size() < TOTAL || acks.size() < acksExpected) {
            JsonNode f = c.next(Duration.ofSeconds(20));
            switch (f.path("type").asText()) {
                case "message.created" -> seqs.add(f.path("message").path("seq").asLong());
                case "ack" -> acks.add(f);
                case "error" -> throw new AssertionError("error reply: " + f);
                default -> { }
            }
        }
        return new Seen(seqs, acks);
    }

    @Test
    void eight_concurrent_senders_get_gapless_seqs_each_client_id_once_and_every_member_sees_all_in_order()
            throws Exception {
        List<User> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(fx.user("Sender" + i));
        }
        User listener = fx.user("Listener");
        List<User> members = new ArrayList<>(senders);
        members.add(listener);
        ThreadId room = fx.room(members.toArray(User[]::new));

        List<WsClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);
        try {
            for (User s : senders) {
                clients.add(fx.connect(s));
            }
            WsClient listening = fx.connect(listener);
            WsClient secondOfSender0 = fx.connect(senders.get(0));

            List<Future<Seen>> seen = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                WsClient c = clients.get(i);
                String prefix = "s" + i + "-";
                seen.add(pool.submit(() -> {
                    for (int j = 0; j < EACH; j++) {
                        c.sendAsync(WsClient.frame("send").put("id", j).put("thread", room.toString())
                                .put("text", prefix + j).put("client_id", prefix + j));
                    }
                    c.flush();
                    return collect(c, EACH);
                }));
            }
            Future<Seen> seenByListener = pool.submit(() -> collect(listening, 0));
            Future<Seen> seenBySecond = pool.submit(() -> collect(secondOfSender0, 0));

            Set<String> ackedClientIds = new HashSet<>();
            Set<Long> ackedSeqs = new HashSet<>();
            List<Seen> all = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                Seen s = seen.get(i).get(50, TimeUnit.SECONDS);
                all.add(s);
                assertThat(s.acks()).hasSize(EACH);
                for (int j = 0; j < EACH; j++) {
                    JsonNode ack = s.acks().get(j);
                    assertThat(ack.path("id").asInt()).as("acks in request order").isEqualTo(j);
                    assertThat(ack.path("message").path("client_id").asText()).isEqualTo("s" + i + "-" + j);
                    assertThat(ackedClientIds.add(ack.path("message").path("client_id").asText())).isTrue();
                    assertThat(ackedSeqs.add(ack.path("message").path("seq").asLong())).isTrue();
                }
            }
            all.add(seenByListener.get(50, TimeUnit.SECONDS));
            all.add(seenBySecond.get(50, TimeUnit.SECONDS));

            assertThat(ackedSeqs).hasSize(TOTAL);
            assertThat(ackedSeqs).allMatch(seq -> seq >= 1 && seq <= TOTAL);
            List<Long> expected = new ArrayList<>();
            for (long seq = 1; seq <= TOTAL; seq++) {
                expected.add(seq);
            }
            for (Seen s : all) {
                assertThat(s.createdSeqs()).as("message.created in seq order, each once").isEqualTo(expected);
            }

            Set<String> stored = new HashSet<>();
            Long before = null;
            do {
                MessageStore.MessagePage page = fx.chat.messages().history(Actor.SERVER, room, before, null, 200);
                for (Message m : page.messages()) {
                    assertThat(stored.add(m.clientId())).isTrue();
                }
                before = page.messages().isEmpty() || !page.more() ? null : page.messages().getFirst().seq();
            } while (before != null);
            assertThat(stored).isEqualTo(ackedClientIds);
            assertThat(fx.chat.threads().get(Actor.SERVER, room).thread().lastSeq()).isEqualTo(TOTAL);

            listening.close();
            secondOfSender0.close();
        } finally {
            clients.forEach(WsClient::close);
            pool.shutdownNow();
        }
    }
}
