package dev.parley.dialect.socketio;

import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.Message;
import dev.parley.core.Messages;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.Threads;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import dev.parley.realtime.CloseCodes;
import dev.parley.testing.StalledWebSocket;
import dev.parley.testing.TestServer;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The socketio dialect (seed 001) with the official Java Socket.IO client, over both transports. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketIoDialectTest {
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
        String external = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return chat.users().upsert(Actor.SERVER, new UserProfile(external, name, null, null, null, null)).user();
    }

    private static String token(User u) {
        return server.token(u.id().toString());
    }

    private static String[] transports(String name) {
        return switch (name) {
            case "polling" -> SioClient.POLLING;
            case "websocket" -> SioClient.WEBSOCKET;
            default -> SioClient.DEFAULT;
        };
    }

    private static JSONObject json(String text) {
        return new JSONObject(text);
    }

    private static String createChat(SioClient c, String name, User... others) {
        JSONArray users = new JSONArray();
        for (User u : others) {
            users.put(u.id().toString());
        }
        JSONObject answer = c.call("create-chat", new JSONObject().put("chat", new JSONObject().put("name", name))
                .put("users", users));
        return answer.getJSONObject("chat").getString("id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "default"})
    void user_creates_a_chat_lists_it_sends_and_lists_messages(String transport) {
        User alice = user("Alice");
        User bob = user("Bob");
        try (SioClient a = SioClient.connect(server, token(alice), transports(transport))) {
            JSONObject created = a.call("create-chat", json("{\"chat\":{\"name\":\"Order 42\"},\"users\":[\""
                    + bob.id() + "\"]}"));
            JSONObject c = created.getJSONObject("chat");
            assertThat(c.getString("name")).isEqualTo("Order 42");
            assertThat(c.getJSONArray("users").toList()).containsExactlyInAnyOrder(alice.id().toString(), bob.id().toString());
            assertThat(c.getString("created_at")).isNotBlank();
            assertThat(c.getString("modified_at")).isNotBlank();
            assertThat(a.next("create-chat").toString()).isEqualTo(created.toString());

            JSONObject sent = a.call("new-message", new JSONObject().put("room", c.getString("id"))
                    .put("msg", "hello").put("type", "text"));
            assertThat(sent.getString("msg")).isEqualTo("hello");
            assertThat(sent.getString("type")).isEqualTo("text");
            assertThat(sent.getString("user_id")).isEqualTo(alice.id().toString());
            assertThat(sent.has("id") && sent.has("created_at") && sent.has("modified_at")).isTrue();
            assertThat(a.next("new-message").getString("id")).isEqualTo(sent.getString("id"));

            JSONObject chats = a.call("list-chats", json("{\"user\":{\"id\":\"" + alice.id() + "\"}}"));
            assertThat(chats.getJSONArray("chats").length()).isEqualTo(1);
            assertThat(chats.getJSONArray("chats").getJSONObject(0).getString("id")).isEqualTo(c.getString("id"));

            JSONObject messages = a.call("list-messages", new JSONObject()
                    .put("chat", new JSONObject().put("id", c.getString("id"))).put("query", new JSONObject()));
            JSONArray list = messages.getJSONArray("messages");
            assertThat(list.length()).isEqualTo(1);
            assertThat(list.getJSONObject(0).getString("id")).isEqualTo(sent.getString("id"));
            assertThat(list.getJSONObject(0).getString("msg")).isEqualTo("hello");
        }
    }

    @Test
    void create_user_is_idempotent_and_a_user_token_may_only_map_itself() {
        User carol = user("Carol");
        try (SioClient serverKey = SioClient.connect(server, TestServer.API_KEY, SioClient.WEBSOCKET);
             SioClient c = SioClient.connect(server, token(carol), SioClient.POLLING)) {
            String external = "shop-user-" + UUID.randomUUID();
            JSONObject first = serverKey.call("create-user", json("{\"user\":{\"externalUserId\":\"" + external + "\"}}"));
            JSONObject again = serverKey.call("create-user", json("{\"user\":{\"externalUserId\":\"" + external + "\"}}"));
            String id = first.getJSONObject("user").getString("id");
            assertThat(again.getJSONObject("user").getString("id")).isEqualTo(id);
            assertThat(first.getJSONObject("user").getString("created_at")).isNotBlank();
            assertThat(chat.users().byExternalId(external)).map(u -> u.id().toString()).contains(id);

            JSONObject self = c.call("create-user", json("{\"user\":{\"externalUserId\":\"" + carol.externalId() + "\"}}"));
            assertThat(self.getJSONObject("user").getString("id")).isEqualTo(carol.id().toString());
            JSONObject other = c.call("create-user", json("{\"user\":{\"externalUserId\":\"" + external + "\"}}"));
            assertThat(other.getJSONObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(c.next("create-user").getJSONObject("user").getString("id")).isEqualTo(carol.id().toString());
            assertThat(c.next("create-user").getJSONObject("error").getString("message")).isNotBlank();
        }
    }

    @Test
    void new_message_reaches_the_other_members_socket_and_the_core_but_not_the_senders_socket_twice() {
        User alice = user("Alice");
        User bob = user("Bob");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.DEFAULT);
             SioClient b = SioClient.connect(server, token(bob), SioClient.POLLING)) {
            String room = createChat(a, "later", bob);
            JSONObject sent = a.call("new-message", room, new JSONObject().put("msg", "hi bob").put("type", "text"));
            JSONObject heard = b.next("new-message");
            assertThat(heard.getString("id")).isEqualTo(sent.getString("id"));
            assertThat(heard.getString("msg")).isEqualTo("hi bob");
            assertThat(heard.getString("type")).isEqualTo("text");
            assertThat(heard.getString("user_id")).isEqualTo(alice.id().toString());
            assertThat(heard.getString("room")).isEqualTo(room);
            assertThat(heard.has("created_at") && heard.has("modified_at")).isTrue();

            List<Message> stored = chat.messages().history(Actor.SERVER, ThreadId.parse(room), null, null, 10).messages();
            assertThat(stored).extracting(m -> m.id().toString()).containsExactly(sent.getString("id"));

            assertThat(a.next("new-message").getString("id")).isEqualTo(sent.getString("id"));
            b.call("list-chats", new JSONObject());
            assertThat(a.next("new-message", 300)).isNull();
        }
    }

    @Test
    void a_message_sent_through_the_core_reaches_the_socket() {
        User alice = user("Alice");
        User bob = user("Bob");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.WEBSOCKET)) {
            String room = createChat(a, "core", bob);
            Message m = chat.messages().send(Actor.of(bob), Messages.Send.text(ThreadId.parse(room), "from core", null))
                    .message();
            JSONObject heard = a.next("new-message");
            assertThat(heard.getString("id")).isEqualTo(m.id().toString());
            assertThat(heard.getString("msg")).isEqualTo("from core");
            assertThat(heard.getString("user_id")).isEqualTo(bob.id().toString());
        }
    }

    @Test
    void a_user_added_to_a_chat_later_hears_it_without_reconnecting() {
        User alice = user("Alice");
        User bob = user("Bob");
        User carol = user("Carol");
        try (SioClient b = SioClient.connect(server, token(bob), SioClient.POLLING)) {
            ThreadId room = chat.threads().create(Actor.of(alice), new Threads.CreateThread(
                    ThreadKind.CUSTOM, "grown", null, null, null, List.of(carol.id()))).thread().id();
            chat.threads().addMembers(Actor.of(alice), room, List.of(bob.id()));
            Message m = chat.messages().send(Actor.of(carol), Messages.Send.text(room, "welcome bob", null)).message();
            JSONObject heard = b.next("new-message");
            assertThat(heard.getString("id")).isEqualTo(m.id().toString());
            assertThat(heard.getString("room")).isEqualTo(room.toString());
        }
    }

    @Test
    void a_message_sent_here_shows_in_the_native_api_and_tsync_and_one_sent_there_reaches_the_socket() {
        User alice = user("Alice");
        User bob = user("Bob");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.DEFAULT)) {
            String room = createChat(a, "everywhere", bob);
            a.call("new-message", new JSONObject().put("room", room).put("msg", "from socket.io"));
            assertThat(a.next("new-message").getString("msg")).isEqualTo("from socket.io");
            TestServer.Answer history = server.get("/v1/threads/" + room + "/messages", "Bearer " + token(bob));
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.json().get("messages").get(0).get("text").asText()).isEqualTo("from socket.io");
            long key = chat.threads().require(Actor.of(bob), ThreadId.parse(room)).key();
            TestServer.Answer tsync = server.get("/chats/messages/?chat_thread=" + key, "Token " + token(bob));
            assertThat(tsync.status()).as(tsync.body()).isEqualTo(200);
            assertThat(tsync.json().get("results").get(0).get("text").asText()).isEqualTo("from socket.io");

            TestServer.Answer sent = server.post("/v1/messages", "Bearer " + token(bob),
                    new JSONObject().put("thread", room).put("text", "from the native API").toString());
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            JSONObject heard = a.next("new-message");
            assertThat(heard.getString("msg")).isEqualTo("from the native API");
            assertThat(heard.getString("user_id")).isEqualTo(bob.id().toString());
            assertThat(heard.getString("room")).isEqualTo(room);
        }
    }

    @Test
    void switched_off_the_dialect_serves_nothing_at_socket_io() {
        try (TestServer off = TestServer.start(Map.of("PARLEY_DIALECT_SOCKETIO", "false"))) {
            assertThat(off.get("/socket.io/?EIO=4&transport=polling", null).status()).isEqualTo(404);
        }
        assertThat(server.get("/socket.io/?EIO=4&transport=polling", null).status()).isEqualTo(200);
        assertThat(server.get("/socket.io/?EIO=3&transport=polling", null).status()).isEqualTo(400);
    }

    @Test
    void the_chat_of_new_message_may_be_named_in_every_documented_way() {
        User alice = user("Alice");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.WEBSOCKET)) {
            String room = createChat(a, "ways", user("Bob"));
            List<JSONObject> answers = List.of(
                    a.call("new-message", new JSONObject().put("room", room).put("msg", "1")),
                    a.call("new-message", new JSONObject().put("chat", new JSONObject().put("id", room)).put("msg", "2")),
                    a.call("new-message", new JSONObject().put("chatId", room).put("msg", "3")),
                    a.call("new-message", new JSONObject().put("chat_id", room).put("msg", "4")),
                    a.call("new-message", room, new JSONObject().put("msg", "5")));
            assertThat(answers).allSatisfy(x -> assertThat(x.getString("room")).isEqualTo(room));
            JSONObject missing = a.call("new-message", new JSONObject().put("msg", "nowhere"));
            assertThat(missing.getJSONObject("error").getString("code")).isEqualTo("invalid-request");
            JSONObject notMine = a.call("new-message", new JSONObject().put("room", UUID.randomUUID().toString())
                    .put("msg", "x"));
            assertThat(notMine.getJSONObject("error").getString("code")).isEqualTo("not-found");
            JSONObject unknown = a.call("no-such-event", new JSONObject());
            assertThat(unknown.getJSONObject("error").getString("code")).isEqualTo("not-found");
        }
    }

    @Test
    void list_messages_keeps_to_the_from_and_to_bounds() throws InterruptedException {
        User alice = user("Alice");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.POLLING)) {
            String room = createChat(a, "window", user("Bob"));
            List<JSONObject> sent = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                sent.add(a.call("new-message", new JSONObject().put("room", room).put("msg", "m" + i)));
                java.lang.Thread.sleep(20);
            }
            String second = sent.get(1).getString("created_at");
            JSONObject fromSecond = a.call("list-messages", new JSONObject().put("chat", new JSONObject().put("id", room))
                    .put("query", new JSONObject().put("from", second)));
            assertThat(msgs(fromSecond)).containsExactly("m2", "m3");
            JSONObject toSecond = a.call("list-messages", new JSONObject().put("chat", new JSONObject().put("id", room))
                    .put("query", new JSONObject().put("to", second)));
            assertThat(msgs(toSecond)).containsExactly("m1", "m2");
            JSONObject bounded = a.call("list-messages", new JSONObject().put("chat", new JSONObject().put("id", room))
                    .put("query", new JSONObject().put("limit", 2)));
            assertThat(msgs(bounded)).containsExactly("m2", "m3");
            assertThat(bounded.getBoolean("more")).isTrue();
            JSONObject bad = a.call("list-messages", new JSONObject().put("chat", new JSONObject().put("id", room))
                    .put("query", new JSONObject().put("from", "yesterday")));
            assertThat(bad.getJSONObject("error").getString("code")).isEqualTo("invalid-request");
        }
    }

    private static List<String> msgs(JSONObject answer) {
        List<String> out = new ArrayList<>();
        JSONArray list = answer.getJSONArray("messages");
        for (int i = 0; i < list.length(); i++) {
            out.add(list.getJSONObject(i).getString("msg"));
        }
        return out;
    }

    @Test
    void the_server_key_lists_the_chats_of_a_user_it_names() {
        User alice = user("Alice");
        try (SioClient a = SioClient.connect(server, token(alice), SioClient.POLLING);
             SioClient serverKey = SioClient.connect(server, TestServer.API_KEY, SioClient.POLLING)) {
            String room = createChat(a, "seen by the host", user("Bob"));
            JSONObject chats = serverKey.call("list-chats", json("{\"user\":{\"id\":\"" + alice.id() + "\"}}"));
            assertThat(chats.getJSONArray("chats").getJSONObject(0).getString("id")).isEqualTo(room);
            JSONObject others = a.call("list-chats", json("{\"user\":{\"id\":\"" + UUID.randomUUID() + "\"}}"));
            assertThat(others.getJSONObject("error").getString("code")).isEqualTo("forbidden");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void a_bad_or_missing_token_gets_connect_error(String transport) throws Exception {
        for (Map<String, String> auth : List.of(Map.of("token", "not-a-token"), Map.<String, String>of())) {
            try (SioClient c = SioClient.open(server, auth, null, transports(transport))) {
                Object error = c.connectError.get(10, TimeUnit.SECONDS);
                assertThat(error).isInstanceOf(JSONObject.class);
                JSONObject e = (JSONObject) error;
                assertThat(e.getJSONObject("data").getString("code")).isEqualTo("unauthorized");
                assertThat(c.connected).isNotDone();
            }
        }
    }

    @Test
    void a_token_in_the_query_string_is_accepted_too() throws Exception {
        User alice = user("Alice");
        try (SioClient c = SioClient.open(server, Map.of(), "token=" + token(alice), SioClient.POLLING)) {
            c.connected.get(10, TimeUnit.SECONDS);
            assertThat(c.call("list-chats", new JSONObject()).has("chats")).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void an_oversized_packet_disconnects_that_socket_only(String transport) throws Exception {
        User alice = user("Alice");
        User bob = user("Bob");
        try (SioClient big = SioClient.connect(server, token(alice), transports(transport));
             SioClient other = SioClient.connect(server, token(bob), transports(transport))) {
            assertThat(server.server().hub().online(alice.id())).isTrue();
            big.socket.emit("list-chats", new JSONObject().put("padding", "x".repeat(200_000)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.server().hub().online(alice.id()) && System.nanoTime() < deadline) {
                java.lang.Thread.sleep(20);
            }
            assertThat(server.server().hub().online(alice.id())).as("the server dropped the socket").isFalse();
            if (transport.equals("polling")) {
                // Over WebSocket the server's close frame (1009) is sent too, but this Java client ignores a
                // close it did not start until its own next write; browsers report it at once.
                assertThat(big.disconnected.get(10, TimeUnit.SECONDS)).isNotNull();
            }
            assertThat(other.call("list-chats", new JSONObject()).has("chats")).isTrue();
            assertThat(other.disconnected).isNotDone();
            assertThat(server.server().hub().online(bob.id())).isTrue();
        }
    }

    @Test
    void repeated_connect_upgrade_and_emit_with_ack_loses_nothing() throws Exception {
        User alice = user("Alice");
        String room;
        try (SioClient setup = SioClient.connect(server, token(alice), SioClient.WEBSOCKET)) {
            room = createChat(setup, "upgrade", user("Bob"));
        }
        int iterations = 30;
        int perIteration = 6;
        for (int i = 0; i < iterations; i++) {
            SioClient c = SioClient.open(server, Map.of("token", token(alice)), null, SioClient.DEFAULT);
            try {
                List<CompletableFuture<JSONObject>> acks = new ArrayList<>();
                // Emitted before the connection exists, while polling, and right after the upgrade began.
                for (int k = 0; k < perIteration / 2; k++) {
                    acks.add(c.callAsync("new-message", new JSONObject().put("room", room).put("msg", i + "/" + k)));
                }
                c.connected.get(10, TimeUnit.SECONDS);
                for (int k = perIteration / 2; k < perIteration; k++) {
                    acks.add(c.callAsync("new-message", new JSONObject().put("room", room).put("msg", i + "/" + k)));
                }
                assertThat(c.upgraded.await(10, TimeUnit.SECONDS)).as("upgraded in iteration " + i).isTrue();
                acks.add(c.callAsync("list-chats", new JSONObject()));
                for (CompletableFuture<JSONObject> ack : acks) {
                    JSONObject answer = ack.get(10, TimeUnit.SECONDS);
                    assertThat(answer.has("error")).as(answer.toString()).isFalse();
                }
                for (int k = 0; k < perIteration; k++) {
                    assertThat(c.next("new-message", 5_000)).as("emitted answer " + k + " of iteration " + i).isNotNull();
                }
                assertThat(c.pending("new-message")).as("answers emitted once").isZero();
            } finally {
                c.close();
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < perIteration; k++) {
                expected.add(i + "/" + k);
            }
        }
        List<Message> stored = chat.messages().history(Actor.SERVER, ThreadId.parse(room), null, null, 200).messages();
        assertThat(stored).extracting(Message::text).as("every message once, in the order emitted")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void broadcasts_to_a_socket_in_the_middle_of_its_upgrade_are_not_lost() throws Exception {
        User alice = user("Alice");
        User bob = user("Bob");
        ThreadId room = chat.threads().create(Actor.of(alice), new Threads.CreateThread(
                ThreadKind.CUSTOM, "upgrade broadcasts", null, null, null, List.of(bob.id())))
                .thread().id();
        int iterations = 30;
        int perIteration = 3;
        for (int i = 0; i < iterations; i++) {
            try (SioClient b = SioClient.open(server, Map.of("token", token(bob)), null, SioClient.DEFAULT)) {
                b.connected.get(10, TimeUnit.SECONDS);
                List<String> sent = new ArrayList<>();
                for (int k = 0; k < perIteration; k++) {
                    sent.add(chat.messages().send(Actor.of(alice), Messages.Send.text(room, i + "/" + k, null))
                            .message().id().toString());
                }
                assertThat(b.upgraded.await(10, TimeUnit.SECONDS)).as("upgraded in iteration " + i).isTrue();
                List<String> heard = new ArrayList<>();
                for (int k = 0; k < perIteration; k++) {
                    JSONObject e = b.next("new-message", 5_000);
                    assertThat(e).as("broadcast " + k + " of iteration " + i).isNotNull();
                    heard.add(e.getString("id"));
                }
                assertThat(heard).containsExactlyElementsOf(sent);
            }
        }
    }

    @Test
    void a_burst_of_broadcasts_reaches_a_socket_in_commit_order() throws Exception {
        User alice = user("Alice");
        User bob = user("Bob");
        ThreadId room = chat.threads().create(Actor.of(alice), new Threads.CreateThread(
                ThreadKind.CUSTOM, "burst", null, null, null, List.of(bob.id()))).thread().id();
        int count = 300;
        try (SioClient b = SioClient.connect(server, token(bob), SioClient.WEBSOCKET)) {
            // Sent from several threads at once, so the hub hands frames over faster than the lane sends them.
            List<Message> sent = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int from = t;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = from; i < count; i += 3) {
                        sent.add(chat.messages().send(Actor.of(alice), Messages.Send.text(room, "m" + i, null)).message());
                    }
                }));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<String> heard = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JSONObject e = b.next("new-message", 5_000);
                assertThat(e).as("broadcast " + i).isNotNull();
                heard.add(e.getString("id"));
            }
            List<String> committed = sent.stream().sorted(java.util.Comparator.comparingLong(Message::seq))
                    .map(m -> m.id().toString()).toList();
            assertThat(heard).containsExactlyElementsOf(committed);
        }
    }

    /** Engine.IO open and Socket.IO CONNECT with the token, on a plain-socket client that reads nothing afterwards. */
    private static StalledWebSocket stalledClient(User u) throws Exception {
        StalledWebSocket s = StalledWebSocket.open(server.port(), SocketIoModule.PATH + "?EIO=4&transport=websocket");
        assertThat(text(s.readFrame())).startsWith("0{");
        s.sendText("40" + new JSONObject().put("token", token(u)));
        assertThat(text(s.readFrame())).startsWith("40{");
        return s;
    }

    private static String text(byte[] frame) {
        return new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
    }

    @Test
    void a_socket_that_stops_reading_is_closed_with_4008_and_the_user_connects_again() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        ThreadId room = chat.threads().create(Actor.of(bob), new Threads.CreateThread(
                ThreadKind.CUSTOM, "busy", null, null, null, List.of(ann.id()))).thread().id();
        String big = "x".repeat(3_000);
        int sent = 3_000;
        try (StalledWebSocket stalled = stalledClient(ann)) {
            // About 9 MiB of new-message events for Ann: more than her 4 KiB receive buffer, the kernel's
            // send buffer (at most 4 MiB here) and the 1 MiB the server lets wait behind them.
            for (int i = 0; i < sent; i++) {
                chat.messages().send(Actor.of(bob), Messages.Send.text(room, big, null));
            }

            StalledWebSocket.Received got = stalled.readUntilClose();
            assertThat(got.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(got.frames()).as("events that reached Ann before the drop").isLessThan(sent);
        }
        try (SioClient again = SioClient.connect(server, token(ann), SioClient.WEBSOCKET)) {
            chat.messages().send(Actor.of(bob), Messages.Send.text(room, "after", null));
            assertThat(again.next("new-message").getString("msg")).isEqualTo("after");
        }
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    }
}
