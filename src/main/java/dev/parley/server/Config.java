package dev.parley.server;

import dev.parley.core.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting, with a safe default. Read from environment variables ({@code PARLEY_PORT}) and an
 * optional properties file named by {@code PARLEY_CONFIG} using the same names ({@code
 * PARLEY_PORT=8080}); the environment wins.
 *
 * @param production in production mode a missing API key or JWT secret stops startup
 * @param apiKey     the server API key; null until {@link Secrets} fills it in dev mode
 * @param wsFramesPerSecond frames a WebSocket client may send per second (sustained), after a burst
 *                          of {@code wsFrameBurst}
 * @param eventLoops the event-loop threads, each serving the connections of its own HTTP server instance
 * @param maxConnectionsPerUser real-time connections one user (or the anonymous watchers of one thread) may
 *                              hold on this node
 * @param maxConnections real-time connections this node holds in all
 * @param unattachedFileHours hours after which an upload that no message carries is removed
 * @param busGapMillis how long a node waits for an event of another node missing from the cursor order
 *                     before its connections resume from the event log instead
 */
public record Config(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                     String apiKey, String jwtSecret, String bus, boolean production, String nodeId,
                     long maxBodyBytes, int maxFrameBytes, long maxUploadBytes, int wsQueueFrames,
                     Limits limits, Map<String, Boolean> dialects, String helpdeskWebhookUrl,
                     String helpdeskWebhookSecret, int wsFramesPerSecond, int wsFrameBurst, int eventLoops,
                     int maxConnectionsPerUser, int maxConnections, int unattachedFileHours, int busGapMillis) {

    public static final String[] DIALECTS = {"tsync", "socketio", "cubicl", "licomed", "helpdesk"};

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Settings from the given variables, plus the file that {@code PARLEY_CONFIG} names. */
    public static Config from(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        String file = env.get("PARLEY_CONFIG");
        if (file != null && !file.isBlank()) {
            all.putAll(readFile(Path.of(file)));
        }
        all.putAll(env);
        return new Settings(all).config();
    }

    /** A copy listening on another port (0: any free port). */
    public Config withPort(int newPort) {
        return new Config(host, newPort, dataDir, dbUrl, dbUser, dbPassword, apiKey, jwtSecret, bus, production,
                nodeId, maxBodyBytes, maxFrameBytes, maxUploadBytes, wsQueueFrames, limits, dialects,
                helpdeskWebhookUrl, helpdeskWebhookSecret, wsFramesPerSecond, wsFrameBurst, eventLoops,
                maxConnectionsPerUser, maxConnections, unattachedFileHours, busGapMillis);
    }

    /** A copy with the secrets set. */
    public Config withSecrets(String newApiKey, String newJwtSecret) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, newApiKey, newJwtSecret, bus, production,
                nodeId, maxBodyBytes, maxFrameBytes, maxUploadBytes, wsQueueFrames, limits, dialects,
                helpdeskWebhookUrl, helpdeskWebhookSecret, wsFramesPerSecond, wsFrameBurst, eventLoops,
                maxConnectionsPerUser, maxConnections, unattachedFileHours, busGapMillis);
    }

    public boolean dialectEnabled(String name) {
        return dialects.getOrDefault(name, true);
    }

    public boolean postgres() {
        return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * The settings without their secrets, safe to log: a record's own toString would print the API key,
     * the JWT secret, the database password and the webhook secret, and URLs can carry credentials
     * (a JDBC query string, a Redis {@code user:password@}, a webhook path), so those are cut down too.
     */
    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + withoutQuery(dbUrl)
                + ", dbUser=" + dbUser + ", dbPassword=" + secret(dbPassword) + ", apiKey=" + secret(apiKey)
                + ", jwtSecret=" + secret(jwtSecret) + ", bus=" + withoutCredentials(bus) + ", production=" + production
                + ", nodeId=" + nodeId + ", maxBodyBytes=" + maxBodyBytes + ", maxFrameBytes=" + maxFrameBytes
                + ", maxUploadBytes=" + maxUploadBytes + ", wsQueueFrames=" + wsQueueFrames + ", limits=" + limits
                + ", dialects=" + dialects + ", helpdeskWebhookUrl=" + secret(helpdeskWebhookUrl)
                + ", helpdeskWebhookSecret=" + secret(helpdeskWebhookSecret) + ", wsFramesPerSecond="
                + wsFramesPerSecond + ", wsFrameBurst=" + wsFrameBurst + ", eventLoops=" + eventLoops
                + ", maxConnectionsPerUser=" + maxConnectionsPerUser + ", maxConnections=" + maxConnections
                + ", unattachedFileHours=" + unattachedFileHours
                + ", busGapMillis=" + busGapMillis + "]";
    }

    private static String secret(String value) {
        return value == null ? "null" : "[redacted]";
    }

    private static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?[redacted]";
    }

    private static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("//[^/@]*@", "//[redacted]@");
    }

    private static Map<String, String> readFile(Path path) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read PARLEY_CONFIG file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }

    /** Typed reading of the raw name/value pairs, failing with the setting's name on a bad value. */
    private record Settings(Map<String, String> raw) {
        String text(String name, String fallback) {
            String v = raw.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        long number(String name, long fallback, long min, long max) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
            }
        }

        boolean flag(String name, boolean fallback) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase()) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
            };
        }

        Config config() {
            Limits d = Limits.defaults();
            Limits limits = new Limits(
                    (int) number("PARLEY_MAX_TEXT_CHARS", d.maxTextChars(), 1, 1 << 20),
                    (int) number("PARLEY_MAX_PAGE_SIZE", d.maxPageSize(), 1, 10_000),
                    (int) number("PARLEY_MAX_MEMBERS", d.maxMembers(), 2, 100_000),
                    d.maxNameChars(), d.maxDataChars(), d.maxClientIdChars(), d.maxReactionChars(),
                    d.maxFilesPerMessage(), (int) number("PARLEY_MAX_REPLAY", d.maxReplay(), 1, 100_000),
                    number("PARLEY_MESSAGES_PER_SECOND", (long) d.messagesPerSecond(), 1, 1_000_000),
                    (int) number("PARLEY_MESSAGE_BURST", d.messageBurst(), 1, 1_000_000));
            Map<String, Boolean> dialects = new HashMap<>();
            for (String name : DIALECTS) {
                dialects.put(name, flag("PARLEY_DIALECT_" + name.toUpperCase(), true));
            }
            String mode = text("PARLEY_MODE", "dev");
            if (!mode.equals("dev") && !mode.equals("production")) {
                throw new IllegalArgumentException("PARLEY_MODE must be dev or production, was '" + mode + "'");
            }
            return new Config(
                    text("PARLEY_HOST", "127.0.0.1"),
                    (int) number("PARLEY_PORT", 8080, 0, 65_535),
                    Path.of(text("PARLEY_DATA_DIR", "./data")),
                    text("PARLEY_DB_URL", null),
                    text("PARLEY_DB_USER", null),
                    text("PARLEY_DB_PASSWORD", null),
                    text("PARLEY_API_KEY", null),
                    text("PARLEY_JWT_SECRET", null),
                    text("PARLEY_BUS", "local"),
                    mode.equals("production"),
                    text("PARLEY_NODE_ID", java.util.UUID.randomUUID().toString()),
                    number("PARLEY_MAX_BODY_BYTES", 256 * 1024, 1_024, 64L << 20),
                    (int) number("PARLEY_MAX_FRAME_BYTES", 64 * 1024, 1_024, 16 << 20),
                    number("PARLEY_MAX_UPLOAD_BYTES", 25L << 20, 1_024, 1L << 40),
                    (int) number("PARLEY_WS_QUEUE_FRAMES", 1_024, 16, 1 << 20),
                    limits, Map.copyOf(dialects),
                    text("PARLEY_HELPDESK_WEBHOOK_URL", null),
                    text("PARLEY_HELPDESK_WEBHOOK_SECRET", null),
                    (int) number("PARLEY_WS_FRAMES_PER_SECOND", 50, 1, 1_000_000),
                    (int) number("PARLEY_WS_FRAME_BURST", 100, 1, 1_000_000),
                    (int) number("PARLEY_EVENT_LOOPS", Runtime.getRuntime().availableProcessors(), 1, 256),
                    (int) number("PARLEY_MAX_CONNECTIONS_PER_USER", 20, 1, 100_000),
                    (int) number("PARLEY_MAX_CONNECTIONS", 100_000, 1, 10_000_000),
                    (int) number("PARLEY_UNATTACHED_FILE_HOURS", 24, 1, 1_000_000),
                    (int) number("PARLEY_BUS_GAP_MS", 1_000, 50, 60_000));
        }
    }
}
