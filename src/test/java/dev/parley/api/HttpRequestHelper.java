package dev.parley.api;

import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A multipart upload with the server key acting as a user ({@code X-Parley-As-User}). */
final class HttpRequestHelper {
    record Result(int status, String body) {}

    private HttpRequestHelper() {}

    static Result upload(TestServer server, String path, String authorization, String asUser, Multipart body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("X-Parley-As-User", asUser)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
        try {
            HttpResponse<String> r = server.http().send(request, HttpResponse.BodyHandlers.ofString());
            return new Result(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
