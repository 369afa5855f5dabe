package dev.parley.bench;

import dev.parley.auth.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Parley server under test: a {@link Node} with its own data directory (and database), secrets
 * made up for the run and per-user message and per-connection frame rates high enough not to be what is
 * measured. Tokens are
 * signed here with the run's secret, as a host app would (DESIGN §8).
 */
final class Target implements AutoCloseable {
    final Node node;
    final Rest rest;
    final String apiKey;
    final Path dataDir;
    /** The database the node runs on, or null on SQLite. */
    final Postgres pg;
    private final Tokens tokens;
    private final boolean ownsDataDir;
    /** The server ran load long enough for its JIT to settle (a fan-out warm-up, or {@link DurableWrites}'). */
    boolean warm;

    private Target(Node node, String apiKey, String jwtSecret, Path dataDir, boolean ownsDataDir, Postgres pg) {
        this.node = node;
        this.pg = pg;
        this.apiKey = apiKey;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.rest = new Rest(node.port(), apiKey);
        this.tokens = new Tokens(jwtSecret, Clock.systemUTC());
    }

    /** Starts Parley on SQLite in a fresh temporary directory, or on {@code pg} when given. */
    static Target start(Bench bench, String name, Postgres pg) throws IOException {
        return start(bench, name, pg, Files.createTempDirectory("parley-bench-"), true);
    }

    /** Starts Parley on an existing data directory (seeded SQLite data), or on {@code pg} when given. */
    static Target start(Bench bench, String name, Postgres pg, Path dataDir, boolean ownsDataDir) throws IOException {
        return start(bench, name, pg, dataDir, ownsDataDir, random(), random() + random(), Map.of());
    }

    /**
     * {@code nodes} Parley nodes on {@code pg}, joined by the bus at {@code bus} (a {@code PARLEY_BUS}
     * value), with the same API key and token secret, as a cluster behind a load balancer runs. Closing
     * the list's nodes is the caller's.
     */
    static List<Target> cluster(Bench bench, String name, Postgres pg, String bus, int nodes) throws IOException {
        String apiKey = random();
        String secret = random() + random();
        List<Target> started = new ArrayList<>();
        try {
            for (int i = 1; i <= nodes; i++) {
                started.add(start(bench, name + "-" + i, pg, Files.createTempDirectory("parley-bench-"), true, apiKey,
                        secret, Map.of("PARLEY_BUS", bus)));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Target::close);
            throw e;
        }
        return started;
    }

    private static Target start(Bench bench, String name, Postgres pg, Path dataDir, boolean ownsDataDir, String apiKey,
                                String secret, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_HOST", "127.0.0.1");
        env.put("PARLEY_PORT", "0");
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        env.put("PARLEY_API_KEY", apiKey);
        env.put("PARLEY_JWT_SECRET", secret);
        env.put("PARLEY_MESSAGES_PER_SECOND", "1000000");
        env.put("PARLEY_MESSAGE_BURST", "1000000");
        env.put("PARLEY_WS_FRAMES_PER_SECOND", "1000000");
        env.put("PARLEY_WS_FRAME_BURST", "1000000");
        env.put("PARLEY_LOG_LEVEL", "WARN");
        if (pg != null) {
            env.put("PARLEY_DB_URL", pg.url());
            env.put("PARLEY_DB_USER", Postgres.USER);
        }
        env.putAll(extra);
        env.putAll(bench.nodeSettings());
        Node node = Node.start(name, "parley", env, bench.jvmArgs(name), bench.outDir().resolve(name + ".log"));
        return new Target(node, apiKey, secret, dataDir, ownsDataDir, pg);
    }

    /** A ceiling node: {@code baseline} (keeps nothing) or {@code durable_baseline} (syncs a log before it acks). */
    static Node baseline(Bench bench, String name, String kind) throws IOException {
        return Node.start(name, kind, Map.of(), bench.jvmArgs(name), bench.outDir().resolve(name + ".log"));
    }

    /**
     * CPU time (ms) the PostgreSQL backends of the node's database have used so far, or -1 on SQLite
     * or when it cannot be read (PostgreSQL on another machine, no /proc).
     */
    long postgresCpuMillis() {
        return pg == null ? -1 : pg.backendCpuMillis();
    }

    /** {@code after - before} of two CPU readings, or -1 when either could not be read. */
    static long between(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    int port() {
        return node.port();
    }

    String token(String userRef) {
        return tokens.issue(userRef, Duration.ofHours(6)).token();
    }

    String wsUri(String userRef) {
        return "/v1/ws?token=" + token(userRef);
    }

    List<String> users(String prefix, int n) throws IOException {
        return rest.createUsers(prefix, n, 16);
    }

    @Override
    public void close() {
        node.close();
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    static String random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a run for
        }
    }
}
