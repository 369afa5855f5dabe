package dev.parley.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.Messages;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.Threads;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.StalledWebSocket;
import dev.parley.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Socket.IO client over WebSocket that stops reading is dropped; the others go on. */
@Timeout(120)
class SocketIoSlowConsumerTest {
    private static TestServer server;
    private static Chat chat;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        chat = server.server().chat();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static User user(String name) {
        return chat.users().upsert(Actor.SERVER,
                new UserProfile(name + "-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    /** Engine.IO open and Socket.IO CONNECT with the token, on a client that reads nothing afterwards. */
    private static StalledWebSocket connected(User u) throws Exception {
        StalledWebSocket s = StalledWebSocket.open(server.port(), SocketIoModule.PATH + "?EIO=4&transport=websocket");
        assertThat(text(s.readFrame())).startsWith("0{");
        s.sendText("40" + new JSONObject().put("token", server.token(u.id().toString())));
        assertThat(text(s.readFrame())).startsWith("40{");
        return s;
    }

    private static String text(byte[] frame) {
        return new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
    }

    @Test
    void a_socket_that_stops_reading_is_closed_with_4008_and_the_server_stays_healthy() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        ThreadId room = chat.threads().create(Actor.of(bob), new Threads.CreateThread(
                ThreadKind.CUSTOM, "busy", null, null, null, List.of(ann.id()))).thread().id();
        String big = "x".repeat(3_000);
        int sent = 3_000;
        try (StalledWebSocket stalled = connected(ann)) {
            // About 9 MiB of new-message events for Ann: more than her 4 KiB receive buffer, the kernel's
            // send buffer (at most 4 MiB here) and the 1 MiB the server lets wait behind them.
            for (int i = 0; i < sent; i++) {
                chat.messages().send(Actor.of(bob), Messages.Send.text(room, big, null));
            }

            StalledWebSocket.Received got = stalled.readUntilClose();
            assertThat(got.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(got.frames()).as("events that reached Ann before the drop").isLessThan(sent);
        }
        try (SioClient again = SioClient.connect(server, server.token(ann.id().toString()), SioClient.WEBSOCKET)) {
            chat.messages().send(Actor.of(bob), Messages.Send.text(room, "after", null));
            assertThat(again.next("new-message").getString("msg")).isEqualTo("after");
        }
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    }
}
