package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.auth.Tokens;
import dev.parley.web.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley server in its own JVM (the test's JDK and class path, {@code dev.parley.server.Main}), for
 * what a server inside the test JVM cannot show: {@code kill -9}, a restart on the same data
 * directory, a database restart, benchmarks. Settings as {@link TestServer} uses (same API key and JWT
 * secret, any free port); its output goes to a log file, from which the port is read.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Parley listening on http://[^:/]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on {@code dataDir}; {@code extra} settings (PARLEY_… names) override the defaults. */
    public static ServerProcess start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, List.of("-Xmx256m"));
    }

    /** The same, with the child JVM's options (heap, GC, … for benchmarks). */
    public static ServerProcess start(Path dataDir, Map<String, String> extra, List<String> jvmOptions) {
        try {
            Path log = Files.createTempFile("parley-server-", ".log");
            Map<String, String> env = new HashMap<>();
            env.put("PARLEY_PORT", "0");
            env.put("PARLEY_DATA_DIR", dataDir.toString());
            env.put("PARLEY_API_KEY", TestServer.API_KEY);
            env.put("PARLEY_JWT_SECRET", TestServer.JWT_SECRET);
            env.put("PARLEY_MESSAGES_PER_SECOND", "100000");
            env.put("PARLEY_MESSAGE_BURST", "100000");
            env.putAll(extra);
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.Main"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process process = pb.start();
            return new ServerProcess(process, log, awaitPort(process, log, Duration.ofSeconds(60)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a server process: " + e, e);
        }
    }

    /** The JDK running this test, so the child runs on the same one. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int awaitPort(Process process, Path log, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server process exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                java.lang.Thread.sleep(50);
            } catch (InterruptedException e) {
                java.lang.Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server process did not listen within " + timeout + ":\n"
                + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String wsUrl(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    /** A user token for the user with this Parley id or external id, signed with the test secret. */
    public static String token(String userRef) {
        return new Tokens(TestServer.JWT_SECRET, Clock.systemUTC()).issue(userRef, Duration.ofHours(1)).token();
    }

    /** Creates (or updates) a user with the server key; returns the user JSON. */
    public JsonNode createUser(String externalId, String name) {
        TestServer.Answer a = send("POST", "/v1/users", "Bearer " + TestServer.API_KEY,
                Json.write(Map.of("external_id", externalId, "name", name)));
        if (a.status() != 200 && a.status() != 201) {
            throw new IllegalStateException("creating user failed: " + a.status() + " " + a.body());
        }
        return a.json();
    }

    public TestServer.Answer send(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new TestServer.Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the server printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** A graceful stop (SIGTERM: the shutdown hook finishes in-flight writes), forced after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }
}
