package dev.parley.testing;

import dev.parley.core.Actor;
import dev.parley.core.User;
import dev.parley.core.UserProfile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small helpers for the file and licomed tests on top of {@link TestServer}. */
public final class FileClient {
    private final TestServer server;

    public FileClient(TestServer server) {
        this.server = server;
    }

    /** A user made through the core (with a profile the licomed tests can check). */
    public User user(String externalId, String name) {
        return server.server().chat().users().upsert(Actor.SERVER, new UserProfile(externalId, name,
                externalId + "@example.com", "555" + Math.abs(externalId.hashCode() % 10000), null,
                "{\"gender\":\"female\",\"password\":\"pbkdf2_sha256$secret\",\"is_superuser\":true}")).user();
    }

    public String bearer(User user) {
        return "Bearer " + server.token(user.externalId());
    }

    /** Sends a multipart body. */
    public TestServer.Answer upload(String path, String authorization, Multipart body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    /** A GET answering the raw bytes as ISO-8859-1 text (so binary survives the round trip). */
    public TestServer.Answer get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.GET().build());
    }

    public byte[] bytes(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return server.http().send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestServer.Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = server.http().send(request, HttpResponse.BodyHandlers.ofString());
            return new TestServer.Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
