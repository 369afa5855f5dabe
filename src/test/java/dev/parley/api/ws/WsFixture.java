package dev.parley.api.ws;

import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.Threads;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.core.UserProfile;
import dev.parley.testing.TestServer;
import dev.parley.testing.WsClient;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Test set-up through the core of a running server (users, threads), so WebSocket tests test the socket. */
final class WsFixture {
    final TestServer server;
    final Chat chat;

    WsFixture(TestServer server) {
        this.server = server;
        this.chat = server.server().chat();
    }

    User user(String name) {
        String ext = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return chat.users().upsert(Actor.SERVER, new UserProfile(ext, name, null, null, null, null)).user();
    }

    ThreadId room(User... members) {
        List<UserId> ids = Arrays.stream(members).map(User::id).toList();
        return chat.threads().create(Actor.SERVER,
                new Threads.CreateThread(ThreadKind.CUSTOM, "room", null, null, null, ids)).thread().id();
    }

    String token(User user) {
        return server.token(user.id().toString());
    }

    String url() {
        return server.wsUrl(WsModule.PATH);
    }

    WsClient connect(User user) {
        return WsClient.ready(url(), token(user));
    }
}
