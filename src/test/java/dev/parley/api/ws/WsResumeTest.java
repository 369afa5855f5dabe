package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Message;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WsResumeTest {
    private static final int REPLAY_LIMIT = 60;
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_MAX_REPLAY", String.valueOf(REPLAY_LIMIT),
                "PARLEY_WS_FRAMES_PER_SECOND", "100000", "PARLEY_WS_FRAME_BURST", "100000"));
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code n} messages and waits for every ack; returns the acked seqs. */
    private static List<Long> sendMany(WsClient c, ThreadId room, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            c.sendAsync(WsClient.frame("send").put("id", prefix + i).put("thread", room.toString())
                    .put("text", prefix + i).put("client_id", prefix + i));
        }
        c.flush();
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < n) {
            JsonNode f = c.next(Duration.ofSeconds(20));
            if (f.path("type").asText().equals("ack")) {
                seqs.add(f.path("message").path("seq").asLong());
            } else if (f.path("type").asText().equals("error")) {
                throw new AssertionError(f.toString());
            }
        }
        return seqs;
    }

    /** Reads message.created frames until {@code type}; returns their seqs in arrival order and that frame. */
    private static List<Long> createdUntil(WsClient c, String type, JsonNode[] end) {
        List<Long> seqs = new ArrayList<>();
        while (true) {
            JsonNode f = c.next(Duration.ofSeconds(20));
            String t = f.path("type").asText();
            if (t.equals(type)) {
                end[0] = f;
                return seqs;
            }
            assertThat(t).as("frame %s", f).isEqualTo("message.created");
            seqs.add(f.path("message").path("seq").asLong());
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            list.add(s);
        }
        return list;
    }

    @Test
    void client_that_missed_20_messages_gets_exactly_those_20_in_order_then_resumed() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob)) {
            long lastCursor;
            try (WsClient a = fx.connect(ann)) {
                sendMany(b, room, "before-", 3);
                JsonNode third = a.until(f -> f.path("message").path("seq").asLong() == 3, Duration.ofSeconds(10));
                lastCursor = third.path("cursor").asLong();
                a.abort();
            }
            sendMany(b, room, "missed-", 20);

            try (WsClient a = fx.connect(ann)) {
                a.send(WsClient.frame("resume").put("id", "r").put("cursor", lastCursor));
                JsonNode[] end = new JsonNode[1];
                List<Long> replayed = createdUntil(a, "resumed", end);

                assertThat(replayed).isEqualTo(range(4, 23));
                assertThat(end[0].path("id").asText()).isEqualTo("r");
                assertThat(end[0].path("cursor").asLong()).isEqualTo(fx.chat.resume().head());
                assertThat(a.silentFor(Duration.ofMillis(300))).isTrue();

                a.send(WsClient.frame("resume").put("id", "again").put("cursor", end[0].path("cursor").asLong()));
                JsonNode nothingMissed = a.next("resumed");
                assertThat(nothingMissed.path("cursor").asLong()).isEqualTo(end[0].path("cursor").asLong());
            }
        }
    }

    @Test
    void cursor_given_on_connect_replays_right_after_ready_before_any_live_event() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob)) {
            long cursor;
            try (WsClient a = fx.connect(ann)) {
                sendMany(b, room, "seen-", 1);
                cursor = a.until("message.created").path("cursor").asLong();
            }
            sendMany(b, room, "missed-", 20);
            CompletableFuture<List<Long>> more = CompletableFuture.supplyAsync(() -> sendMany(b, room, "live-", 30));

            try (WsClient a = WsClient.connect(fx.url() + "?cursor=" + cursor + "&token=" + fx.token(ann))) {
                a.next("ready");
                JsonNode[] end = new JsonNode[1];
                List<Long> seqs = createdUntil(a, "resumed", end);
                more.join();
                long last = seqs.isEmpty() ? 1 : seqs.getLast();
                while (last < 51) {
                    JsonNode f = a.next(Duration.ofSeconds(20));
                    assertThat(f.path("type").asText()).isEqualTo("message.created");
                    last = f.path("message").path("seq").asLong();
                    seqs.add(last);
                }
                assertThat(seqs).as("replay then live, no gap, no repeat").isEqualTo(range(2, 51));
            }
        }
    }

    @Test
    void cursor_in_the_auth_frame_replays_right_after_ready() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob)) {
            long cursor;
            try (WsClient a = fx.connect(ann)) {
                sendMany(b, room, "seen-", 2);
                cursor = a.until(f -> f.path("message").path("seq").asLong() == 2, Duration.ofSeconds(10))
                        .path("cursor").asLong();
            }
            sendMany(b, room, "missed-", 5);
            try (WsClient a = WsClient.connect(fx.url())) {
                a.send(WsClient.frame("auth").put("token", fx.token(ann)).put("cursor", cursor));
                a.next("ready");
                JsonNode[] end = new JsonNode[1];
                assertThat(createdUntil(a, "resumed", end)).isEqualTo(range(3, 7));
                assertThat(end[0].has("id")).isFalse();
            }
        }
    }

    @Test
    void live_events_during_a_resume_are_neither_lost_nor_duplicated() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob)) {
            long cursor;
            try (WsClient a = fx.connect(ann)) {
                sendMany(b, room, "seen-", 1);
                cursor = a.until("message.created").path("cursor").asLong();
            }
            sendMany(b, room, "missed-", 20);
            try (WsClient a = fx.connect(ann)) {
                CompletableFuture<List<Long>> live = CompletableFuture.supplyAsync(() -> sendMany(b, room, "live-", 30));
                a.send(WsClient.frame("resume").put("cursor", cursor));
                live.join();
                List<Long> seqs = new ArrayList<>();
                boolean resumed = false;
                while (!resumed || !seqs.contains(51L)) {
                    JsonNode f = a.next(Duration.ofSeconds(20));
                    switch (f.path("type").asText()) {
                        case "message.created" -> seqs.add(f.path("message").path("seq").asLong());
                        case "resumed" -> resumed = true;
                        default -> throw new AssertionError("unexpected " + f);
                    }
                }
                assertThat(a.silentFor(Duration.ofMillis(300))).isTrue();
                assertThat(seqs).doesNotHaveDuplicates();
                assertThat(seqs).containsExactlyInAnyOrderElementsOf(range(2, 51));
            }
        }
    }

    @Test
    void resume_never_replays_a_message_the_user_deleted_for_themselves_only_that_delete() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob)) {
            long cursor;
            try (WsClient a = fx.connect(ann)) {
                sendMany(b, room, "seen-", 1);
                cursor = a.until("message.created").path("cursor").asLong();
            }
            sendMany(b, room, "missed-", 2);
            Message hidden = fx.chat.messages().history(Actor.of(ann), room, null, 1L, 1).messages().getFirst();
            fx.chat.messages().deleteForMe(Actor.of(ann), hidden.id());

            try (WsClient a = fx.connect(ann)) {
                a.send(WsClient.frame("resume").put("id", "r").put("cursor", cursor));
                List<JsonNode> replayed = new ArrayList<>();
                for (JsonNode f = a.next(Duration.ofSeconds(20)); !f.path("type").asText().equals("resumed");
                     f = a.next(Duration.ofSeconds(20))) {
                    replayed.add(f);
                }
                assertThat(replayed).extracting(f -> f.path("type").asText())
                        .containsExactly("message.created", "message.deleted");
                assertThat(replayed.get(0).path("message").path("seq").asLong()).isEqualTo(3);
                assertThat(replayed.get(1).path("message").asText()).isEqualTo(hidden.id().toString());
                assertThat(replayed.get(1).path("for_everyone").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void cursor_far_in_the_past_beyond_the_replay_limit_is_told_to_reload() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient b = fx.connect(bob); WsClient a = fx.connect(ann)) {
            long start = fx.chat.resume().head();
            sendMany(b, room, "many-", REPLAY_LIMIT + 5);
            a.drain();

            a.send(WsClient.frame("resume").put("id", 9).put("cursor", start));
            JsonNode reload = a.until(f -> !f.path("type").asText().equals("message.created"), Duration.ofSeconds(10));

            assertThat(reload.path("type").asText()).isEqualTo("reload");
            assertThat(reload.path("id").asInt()).isEqualTo(9);
            assertThat(reload.path("reason").asText()).isNotBlank();
            assertThat(reload.path("cursor").asLong()).isEqualTo(fx.chat.resume().head());
            assertThat(a.drain()).isEmpty();
        }
    }

    @Test
    void cursor_ahead_of_the_server_is_an_error_and_the_connection_stays_live() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient a = fx.connect(ann); WsClient b = fx.connect(bob)) {
            a.send(WsClient.frame("resume").put("id", "future").put("cursor", Long.MAX_VALUE / 2));
            JsonNode error = a.next("error");
            assertThat(error.path("id").asText()).isEqualTo("future");
            assertThat(error.path("error").path("field").asText()).isEqualTo("cursor");

            sendMany(b, room, "after-", 1);
            assertThat(a.until("message.created").path("message").path("seq").asLong()).isEqualTo(1);
        }
    }
}
