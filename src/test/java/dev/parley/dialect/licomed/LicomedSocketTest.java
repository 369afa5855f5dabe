package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.Actor;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.User;
import dev.parley.testing.FileClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import dev.parley.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The licomed socket's actions, with the seed's frames as the expected values. */
@Timeout(30)
class LicomedSocketTest {
    static TestServer server;
    static FileClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new FileClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A connected licomed client: the frames it received, in order. */
    static final class Client implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect(User user) {
            Client c = new Client();
            c.ws = server.http().newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/ws/chat/room/?token="
                    + server.token(user.externalId()))), c).join();
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String json) {
            ws.sendText(json, true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    static User user(String name) {
        return client.user(UUID.randomUUID().toString(), name);
    }

    @Test
    void text_message_reaches_the_receiver_as_re_message_and_bounces_to_the_sender_as_conf_message()
            throws Exception {
        User sender = user("Sender user");
        User receiver = user("Admin user");
        try (Client s = Client.connect(sender); Client r = Client.connect(receiver)) {
            s.send("{\"action\":\"text_message\",\"message_body\":\"hello there\",\"receiver_id\":\""
                    + receiver.externalId() + "\"}");
            JsonNode re = r.next();
            JsonNode conf = s.next();
            assertThat(LicomedTest.fieldNames(re)).containsExactly("sender_id", "receiver_id", "message", "timestamp",
                    "created_msg_id", "message_type", "action");
            assertThat(re.get("sender_id").asText()).isEqualTo(sender.externalId());
            assertThat(re.get("receiver_id").asText()).isEqualTo(receiver.externalId());
            assertThat(re.get("message").asText()).isEqualTo("hello there");
            assertThat(re.get("message_type").asText()).isEqualTo("text");
            assertThat(re.get("action").asText()).isEqualTo("re_message");
            assertThat(re.get("timestamp").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
            assertThat(conf.get("action").asText()).isEqualTo("conf_message");
            assertThat(conf.get("created_msg_id")).isEqualTo(re.get("created_msg_id"));

            // The same message, seen through the core (what the native API and the other dialects read).
            Message stored = server.server().chat().messages().getByKey(Actor.of(receiver),
                    re.get("created_msg_id").asLong());
            assertThat(stored.text()).isEqualTo("hello there");
            assertThat(stored.sender()).isEqualTo(sender.id());
            assertThat(stored.kind()).isEqualTo(MessageKind.TEXT);
        }
    }

    @Test
    void user_profile_message_carries_the_attached_profile_id_fullname_and_phone_only() throws Exception {
        User sender = user("Sender user");
        User receiver = user("Admin user");
        try (Client s = Client.connect(sender); Client r = Client.connect(receiver)) {
            s.send("{\"attached_profile_id\":\"" + receiver.externalId() + "\",\"receiver_id\":\""
                    + receiver.externalId() + "\",\"action\":\"user_profile_message\"}");
            JsonNode re = r.next();
            assertThat(LicomedTest.fieldNames(re)).containsExactly("sender_id", "receiver_id", "message", "timestamp",
                    "created_msg_id", "attached_profile", "message_type", "action");
            assertThat(re.get("message").isNull()).isTrue();
            assertThat(re.get("message_type").asText()).isEqualTo("user_profile");
            assertThat(re.get("action").asText()).isEqualTo("re_message");
            JsonNode profile = re.get("attached_profile");
            assertThat(LicomedTest.fieldNames(profile)).containsExactly("id", "fullname", "phone_number");
            assertThat(profile.get("id").asText()).isEqualTo(receiver.externalId());
            assertThat(profile.get("fullname").asText()).isEqualTo("Admin user");
            assertThat(profile.get("phone_number").asText()).isEqualTo(receiver.phone());
            JsonNode conf = s.next();
            assertThat(conf.get("action").asText()).isEqualTo("conf_message");
            assertThat(conf.get("attached_profile")).isEqualTo(profile);
        }
    }

    @Test
    void file_message_after_an_attachment_upload_confirms_to_the_sender_and_the_receiver_gets_it_once()
            throws Exception {
        User sender = user("Sender user");
        User receiver = user("Admin user");
        try (Client s = Client.connect(sender); Client r = Client.connect(receiver)) {
            TestServer.Answer up = client.upload("/chat/attachment/", client.bearer(sender), new Multipart()
                    .field("receiver", receiver.externalId()).field("message", "this is the file")
                    .field("attached_file_name", "Screenshot 2025-03-14 100311.png")
                    .file("attached_file", "shot.png", "image/png", FilesPng.BYTES));
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            long chatId = up.json().get("entity").get("message").get("id").asLong();

            JsonNode re = r.next();
            assertThat(LicomedTest.fieldNames(re)).containsExactly("message_body", "attached_file_name",
                    "attached_file_size", "sender_id", "receiver_id", "timestamp", "created_msg_id", "action",
                    "message_type");
            assertThat(re.get("message_body").asText()).isEqualTo("this is the file");
            assertThat(re.get("attached_file_name").asText()).isEqualTo("Screenshot 2025-03-14 100311.png");
            assertThat(re.get("attached_file_size").asText()).endsWith("KB");
            assertThat(re.get("created_msg_id").asLong()).isEqualTo(chatId);
            assertThat(re.get("action").asText()).isEqualTo("re_message");
            assertThat(re.get("message_type").asText()).isEqualTo("file");

            s.send("{\"action\":\"file_message\",\"chat_id\":" + chatId + "}");
            JsonNode conf = s.next();
            assertThat(conf.get("action").asText()).isEqualTo("conf_message");
            assertThat(conf.get("created_msg_id").asLong()).isEqualTo(chatId);
            assertThat(conf.get("message_type").asText()).isEqualTo("file");
            assertThat(r.frames.poll(300, TimeUnit.MILLISECONDS)).as("no second copy for the receiver").isNull();

            // Someone else's message, or a text message, is not a file to announce.
            r.send("{\"action\":\"file_message\",\"chat_id\":" + chatId + "}");
            JsonNode error = r.next();
            assertThat(error.get("action").asText()).isEqualTo("error");
            assertThat(error.get("status").asText()).isEqualTo("failure");
            assertThat(error.get("success").asBoolean()).isFalse();
        }
    }

    @Test
    void a_message_sent_through_the_core_reaches_licomed_sockets() throws Exception {
        User sender = user("Native sender");
        User receiver = user("Licomed receiver");
        try (Client r = Client.connect(receiver)) {
            Message sent = server.server().chat().messages().send(Actor.of(sender), new Messages.Send(null,
                    receiver.id(), null, MessageKind.TEXT, "from the native side", List.of(), null, null, null, null))
                    .message();
            JsonNode re = r.next();
            assertThat(re.get("created_msg_id").asLong()).isEqualTo(sent.key());
            assertThat(re.get("message").asText()).isEqualTo("from the native side");
            assertThat(re.get("sender_id").asText()).isEqualTo(sender.externalId());
        }
    }

    @Test
    void frames_of_one_connection_are_stored_in_the_order_they_were_sent() throws Exception {
        User sender = user("Fast typist");
        User receiver = user("Reader");
        try (Client s = Client.connect(sender); Client r = Client.connect(receiver)) {
            for (int i = 0; i < 20; i++) {
                s.send("{\"action\":\"text_message\",\"message_body\":\"m" + i + "\",\"receiver_id\":\""
                        + receiver.externalId() + "\"}");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(r.next().get("message").asText()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void bad_frames_get_an_error_reply_and_the_socket_stays_open() throws Exception {
        User me = user("Me");
        try (Client c = Client.connect(me)) {
            c.send("not json");
            assertThat(c.next().get("action").asText()).isEqualTo("error");
            c.send("{\"action\":\"dance\"}");
            assertThat(c.next().get("request_action").asText()).isEqualTo("dance");
            c.send("{\"action\":\"text_message\",\"message_body\":\"hi\",\"receiver_id\":\"nobody\"}");
            JsonNode error = c.next();
            assertThat(error.get("message").asText()).isEqualTo("Invalid receipient");
            c.send("{\"action\":\"text_message\",\"message_body\":\"\",\"receiver_id\":\"" + me.externalId() + "\"}");
            assertThat(c.next().get("action").asText()).isEqualTo("error");
        }
    }

    @Test
    void a_bad_token_is_refused_at_the_handshake() {
        assertThatThrownBy(() -> server.http().newWebSocketBuilder().buildAsync(
                URI.create(server.wsUrl("/ws/chat/room/?token=nope")), new WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
    }

    @Test
    void a_plain_get_on_the_socket_path_is_told_to_upgrade() {
        TestServer.Answer a = server.get("/ws/chat/room/", null);
        assertThat(a.status()).isEqualTo(426);
        assertThat(a.json().get("status").asText()).isEqualTo("failure");
    }

    /** The smallest PNG header: enough for the type to be detected. */
    static final class FilesPng {
        static final byte[] BYTES = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
    }
}
