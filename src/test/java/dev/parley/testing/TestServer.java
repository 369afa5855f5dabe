package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.store.PostgresTestDatabase;
import dev.parley.web.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real Parley server on a random loopback port with its own temporary data directory (SQLite), or
 * on PostgreSQL when {@code PARLEY_DB_URL} is passed in {@code extra}; plus a small real HTTP client.
 * Tests share it through this class instead of each starting servers their own way.
 *
 * <p>With the system property {@code parley.test.db=postgres} (the build's {@code api-on-postgres}
 * run sets it) every server gets a fresh PostgreSQL database of its own, dropped on {@link #close()},
 * so the same API and dialect suites run unchanged on both databases.
 */
public final class TestServer implements AutoCloseable {
    public static final String API_KEY = "test-api-key-0123456789";
    public static final String JWT_SECRET = "test-jwt-secret-0123456789-0123456789-abcdef";

    private final ParleyServer server;
    private final Path dataDir;
    private final PostgresTestDatabase database;
    /** The data directory is a temporary one this class made, removed on close. */
    private final boolean ownsDataDir;
    /** See {@link #expectMissedEvents()}. */
    private volatile boolean missedExpected;
    /*
     * HTTP/1.1, as clients of the API speak it: the JDK client's default (HTTP/2 through an h2c upgrade
     * of the first request) once left a response's body unfinished for good (OpenApiRoutesTest's 60
     * KiB document, session 13), and the request timeout does not cover a body.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** An HTTP answer: status, headers and body (parsed as JSON when it is JSON). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return Json.parse(body);
        }
    }

    private TestServer(ParleyServer server, Path dataDir, boolean ownsDataDir, PostgresTestDatabase database) {
        this.server = server;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.database = database;
    }

    /** Whether this run puts test servers on PostgreSQL ({@code -Dparley.test.db=postgres}). */
    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("parley.test.db"));
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** Starts a server; {@code extra} settings (PARLEY_… names) override the test defaults. */
    public static TestServer start(Map<String, String> extra) {
        try {
            boolean owned = !extra.containsKey("PARLEY_DATA_DIR");
            Path dir = owned ? Files.createTempDirectory("parley-test-") : Path.of(extra.get("PARLEY_DATA_DIR"));
            Map<String, String> env = new HashMap<>();
            env.put("PARLEY_PORT", "0");
            env.put("PARLEY_DATA_DIR", dir.toString());
            env.put("PARLEY_API_KEY", API_KEY);
            env.put("PARLEY_JWT_SECRET", JWT_SECRET);
            env.put("PARLEY_MESSAGES_PER_SECOND", "100000");
            env.put("PARLEY_MESSAGE_BURST", "100000");
            PostgresTestDatabase database = null;
            if (onPostgres() && !extra.containsKey("PARLEY_DB_URL")) {
                database = PostgresTestDatabase.create();
                env.put("PARLEY_DB_URL", database.jdbcUrl());
                env.put("PARLEY_DB_USER", database.settings().user());
                env.put("PARLEY_DB_PASSWORD", database.settings().password());
            }
            String bus = System.getProperty("parley.test.bus");
            if (bus != null && !bus.isBlank() && !extra.containsKey("PARLEY_BUS")) {
                env.put("PARLEY_BUS", busUrl(bus));
            }
            env.putAll(extra);
            try {
                return new TestServer(ParleyServer.start(Config.from(env)), dir, owned, database);
            } catch (RuntimeException e) {
                if (database != null) {
                    database.close();
                }
                if (owned) {
                    TempDirs.delete(dir);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bus of the machine's ({@code -Dparley.test.bus=redis} or {@code nats}) on a channel of this
     * server's own, so the API suites also run through the bus between nodes.
     */
    private static String busUrl(String broker) {
        String channel = "?channel=parley-test-" + java.util.UUID.randomUUID();
        return switch (broker) {
            case "redis" -> "redis://127.0.0.1:6379" + channel;
            case "nats" -> "nats://127.0.0.1:4222" + channel;
            default -> throw new IllegalArgumentException("parley.test.bus must be redis or nats, was " + broker);
        };
    }

    /**
     * The test cut this node off its bus on purpose: that it reported events missed does not fail
     * {@link #close()} (which otherwise means a write handed out a cursor it never published).
     */
    public void expectMissedEvents() {
        missedExpected = true;
    }

    public ParleyServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public String wsUrl(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** Creates (or updates) a user with the server key; returns the user JSON ({@code id}, …). */
    public JsonNode createUser(String externalId, String name) {
        Answer a = send("POST", "/v1/users", "Bearer " + API_KEY,
                Json.write(Map.of("external_id", externalId, "name", name)));
        if (a.status() != 200 && a.status() != 201) {
            throw new IllegalStateException("creating user failed: " + a.status() + " " + a.body());
        }
        return a.json();
    }

    /** A fresh user with a unique external id; returns the user JSON. */
    public JsonNode newUser(String name) {
        return createUser(name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8), name);
    }

    /** A user token for the user with this Parley id or external id, issued by the server itself. */
    public String token(String userRef) {
        return server.auth().tokens().issue(userRef, Duration.ofHours(1)).token();
    }

    public Answer get(String path, String authorization) {
        return send("GET", path, authorization, null);
    }

    public Answer post(String path, String authorization, String jsonBody) {
        return send("POST", path, authorization, jsonBody);
    }

    public Answer send(String method, String path, String authorization, String jsonBody) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (jsonBody != null) {
            headers.put("Content-Type", "application/json");
        }
        return send(method, path, headers, jsonBody);
    }

    /** A request with exactly these headers (e.g. another Content-Type, X-Parley-As-User) and body. */
    public Answer send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            // Bounded as a whole, body included (the request's own timeout ends with the headers).
            HttpResponse<String> r = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        long missed = server.missedEvents();
        try {
            server.close();
        } finally {
            if (database != null) {
                database.close();
            }
            if (ownsDataDir) {
                TempDirs.delete(dataDir);
            }
        }
        if (missed > 0 && !missedExpected) {
            throw new AssertionError("the node reported events lost on its bus " + missed + " time(s): a write "
                    + "handed out a cursor that was never published");
        }
    }
}
