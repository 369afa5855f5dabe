package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.web.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** The native REST calls the bench sets its data up with, over a real HTTP client. */
final class Rest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String apiKey;

    /** A non-2xx answer where the bench needed one. */
    static final class Refused extends IOException {
        final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }
    }

    Rest(int port, String apiKey) {
        this.base = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
    }

    /** Creates users {@code <prefix>-0 … <prefix>-(n-1)}, {@code parallel} at a time; returns their ids in order. */
    List<String> createUsers(String prefix, int n, int parallel) throws IOException {
        return parallel(n, parallel, i -> post("/v1/users", apiKey,
                Json.write(Map.of("external_id", prefix + "-" + i, "name", "Bench " + i)))
                .thenApply(u -> u.path("id").asText()));
    }

    /** Creates a thread as the user holding {@code token}; returns its id. */
    CompletableFuture<String> createThread(String token, Map<String, Object> body) {
        return post("/v1/threads", token, Json.write(body)).thenApply(t -> t.path("id").asText());
    }

    CompletableFuture<JsonNode> post(String path, String bearer, String json) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if (r.statusCode() / 100 != 2) {
                return CompletableFuture.failedFuture(new Refused("POST " + path, r.statusCode(), r.body()));
            }
            return CompletableFuture.completedFuture(Json.parse(r.body()));
        });
    }

    /** A GET whose status must be 200; returns nothing, the caller measures the time. */
    void get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Refused("GET " + path, r.statusCode(), r.body());
        }
    }

    /** A GET without credentials whose status must be 200; returns the body. */
    String text(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Refused("GET " + path, r.statusCode(), r.body());
        }
        return r.body();
    }

    /** Runs {@code n} calls with at most {@code parallel} in flight; results in index order. */
    static <T> List<T> parallel(int n, int parallel, IntFunction<CompletableFuture<T>> call) throws IOException {
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<T>> all = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                slots.acquire();
                all.add(call.apply(i).whenComplete((v, e) -> slots.release()));
            }
            List<T> out = new ArrayList<>(n);
            for (CompletableFuture<T> f : all) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
    }
}
