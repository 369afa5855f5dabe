package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class WsMessagingTest {
    private static TestServer server;
    private static WsFixture fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new WsFixture(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode send(WsClient c, ThreadId thread, String text, String clientId, String id) {
        c.send(WsClient.frame("send").put("id", id).put("thread", thread.toString()).put("text", text)
                .put("client_id", clientId));
        return c.until(f -> id.equals(f.path("id").asText()), Duration.ofSeconds(10));
    }

    private static JsonNode created(WsClient c) {
        return c.until("message.created");
    }

    @Test
    void ack_carries_the_stored_message_and_every_connection_of_every_member_receives_it() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        User eve = fx.user("Eve");
        ThreadId room = fx.room(ann, bob);
        try (WsClient annPhone = fx.connect(ann); WsClient annLaptop = fx.connect(ann);
             WsClient bobPhone = fx.connect(bob); WsClient evePhone = fx.connect(eve)) {

            JsonNode ack = send(annPhone, room, "hello", "c-1", "r1");

            assertThat(ack.path("type").asText()).isEqualTo("ack");
            JsonNode m = ack.path("message");
            assertThat(m.path("seq").asLong()).isEqualTo(1);
            assertThat(m.path("client_id").asText()).isEqualTo("c-1");
            assertThat(m.path("text").asText()).isEqualTo("hello");
            assertThat(m.path("thread").asText()).isEqualTo(room.toString());
            assertThat(m.path("sender").asText()).isEqualTo(ann.id().toString());
            assertThat(UUID.fromString(m.path("id").asText())).isNotNull();
            assertThat(ack.path("created").asBoolean()).isTrue();
            assertThat(fx.chat.messages().history(dev.parley.core.Actor.SERVER, room, null, null, null)
                    .messages()).extracting(x -> x.id().toString()).containsExactly(m.path("id").asText());

            for (WsClient c : new WsClient[] {annLaptop, bobPhone}) {
                JsonNode event = created(c);
                assertThat(event.path("thread").asText()).isEqualTo(room.toString());
                assertThat(event.path("cursor").asLong()).isPositive();
                assertThat(event.path("message").path("id").asText()).isEqualTo(m.path("id").asText());
                assertThat(event.path("message").path("seq").asLong()).isEqualTo(1);
            }
            assertThat(annPhone.drain()).allMatch(f -> f.path("type").asText().equals("message.created"));
            assertThat(evePhone.silentFor(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void repeated_client_id_acks_the_same_message_and_stores_no_second_one() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient a = fx.connect(ann); WsClient b = fx.connect(bob)) {
            JsonNode first = send(a, room, "once", "same", "1");
            JsonNode again = send(a, room, "once", "same", "2");

            assertThat(again.path("type").asText()).isEqualTo("ack");
            assertThat(again.path("message").path("id")).isEqualTo(first.path("message").path("id"));
            assertThat(again.path("message").path("seq").asLong()).isEqualTo(1);
            assertThat(again.path("created").asBoolean()).isFalse();
            created(b);
            assertThat(b.silentFor(Duration.ofMillis(300))).isTrue();
            assertThat(fx.chat.threads().get(dev.parley.core.Actor.SERVER, room).thread().lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void send_to_a_user_opens_the_direct_thread_and_the_other_user_receives_it() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        try (WsClient a = fx.connect(ann); WsClient b = fx.connect(bob)) {
            a.send(WsClient.frame("send").put("id", "d").put("to", bob.id().toString()).put("text", "hi Bob"));
            JsonNode ack = a.until("ack");
            JsonNode event = created(b);
            assertThat(event.path("thread").asText()).isEqualTo(ack.path("message").path("thread").asText());
            assertThat(event.path("message").path("text").asText()).isEqualTo("hi Bob");
        }
    }

    @Test
    void read_and_typing_reach_the_other_member() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient a = fx.connect(ann); WsClient b = fx.connect(bob)) {
            send(a, room, "one", null, "s");
            created(b);

            b.send(WsClient.frame("read").put("id", "r").put("thread", room.toString()).put("seq", 1));
            JsonNode ack = b.until("ack");
            assertThat(ack.path("id").asText()).isEqualTo("r");
            assertThat(ack.path("last_read_seq").asLong()).isEqualTo(1);
            JsonNode read = a.until("read");
            assertThat(read.path("user").asText()).isEqualTo(bob.id().toString());
            assertThat(read.path("seq").asLong()).isEqualTo(1);

            b.send(WsClient.frame("typing").put("id", "t").put("thread", room.toString()));
            JsonNode typing = a.until("typing");
            assertThat(typing.path("user").asText()).isEqualTo(bob.id().toString());
            assertThat(typing.has("cursor")).isFalse();
        }
    }

    @Test
    void errors_are_problem_replies_that_echo_the_id_and_keep_the_connection_open() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        User eve = fx.user("Eve");
        ThreadId foreign = fx.room(bob, eve);
        ThreadId mine = fx.room(ann, bob);
        try (WsClient a = fx.connect(ann)) {
            a.send(WsClient.frame("send").put("id", "x1").put("thread", foreign.toString()).put("text", "hi"));
            JsonNode notFound = a.next("error");
            assertThat(notFound.path("id").asText()).isEqualTo("x1");
            assertThat(notFound.path("error").path("status").asInt()).isEqualTo(404);
            assertThat(notFound.path("error").path("type").asText()).isEqualTo("https://parley.dev/problems/not-found");
            assertThat(notFound.path("error").path("title").asText()).isNotBlank();

            a.send(WsClient.frame("send").put("id", 2).put("thread", mine.toString()).put("text", " "));
            JsonNode blank = a.next("error");
            assertThat(blank.path("id").asInt()).isEqualTo(2);
            assertThat(blank.path("error").path("status").asInt()).isEqualTo(400);
            assertThat(blank.path("error").path("field").asText()).isEqualTo("text");

            a.send(WsClient.frame("send").put("id", "x3").put("thread", mine.toString()).put("text", 5));
            assertThat(a.next("error").path("error").path("field").asText()).isEqualTo("text");

            a.send(WsClient.frame("shout").put("id", "x4"));
            JsonNode unknown = a.next("error");
            assertThat(unknown.path("id").asText()).isEqualTo("x4");
            assertThat(unknown.path("error").path("field").asText()).isEqualTo("type");

            a.send("{\"type\": \"send\", ");
            JsonNode malformed = a.next("error");
            assertThat(malformed.path("error").path("status").asInt()).isEqualTo(400);
            assertThat(malformed.has("id")).isFalse();

            a.send("[1, 2]");
            assertThat(a.next("error").path("error").path("status").asInt()).isEqualTo(400);

            a.send(WsClient.frame("read").put("id", "x5").put("thread", mine.toString()).put("seq", -1));
            assertThat(a.next("error").path("error").path("field").asText()).isEqualTo("seq");

            a.send(WsClient.frame("ping").put("id", "still-here"));
            assertThat(a.next("pong").path("id").asText()).isEqualTo("still-here");
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void replies_come_in_the_order_the_requests_were_sent() {
        User ann = fx.user("Ann");
        User bob = fx.user("Bob");
        ThreadId room = fx.room(ann, bob);
        try (WsClient a = fx.connect(ann)) {
            for (int i = 0; i < 30; i++) {
                a.sendAsync(WsClient.frame("send").put("id", i).put("thread", room.toString())
                        .put("text", "m" + i).put("client_id", "o-" + i));
            }
            a.flush();
            long seq = 0;
            for (int i = 0; i < 30; i++) {
                JsonNode ack = a.until("ack");
                assertThat(ack.path("id").asInt()).isEqualTo(i);
                assertThat(ack.path("message").path("seq").asLong()).isGreaterThan(seq);
                seq = ack.path("message").path("seq").asLong();
            }
        }
    }
}
