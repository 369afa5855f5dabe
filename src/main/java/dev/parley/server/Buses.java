package dev.parley.server;

import dev.parley.bus.ClusterBus;
import dev.parley.bus.LocalEventBus;
import dev.parley.core.EventBus;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Picks the event bus named by {@code PARLEY_BUS}: {@code local}, {@code redis://host:port} or
 * {@code nats://host:port}, the latter two with an optional {@code ?channel=NAME} (the Redis channel
 * or NATS subject the nodes of one cluster share; {@link #DEFAULT_CHANNEL} by default).
 */
final class Buses {
    static final String DEFAULT_CHANNEL = "parley.events";

    private Buses() {}

    static EventBus open(Config config) {
        String bus = config.bus();
        if (bus.equals("local")) {
            return new LocalEventBus();
        }
        URI uri;
        try {
            uri = new URI(bus);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PARLEY_BUS is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("redis") && !scheme.equals("nats")) {
            throw new IllegalArgumentException("PARLEY_BUS must be local, redis://host:port or nats://host:port, was "
                    + scheme + "://…");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("PARLEY_BUS names no host: " + scheme + "://…");
        }
        String channel = channel(uri);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("redis") ? 6379 : 4222;
        String shown = scheme + "://" + uri.getHost() + ":" + port + " (" + channel + ")";
        URI address = withoutQuery(uri, port);
        Duration gap = Duration.ofMillis(config.busGapMillis());
        return scheme.equals("redis")
                ? ClusterBus.overRedis(config.nodeId(), address, channel, shown, gap)
                : ClusterBus.overNats(config.nodeId(), address.toString(), channel, shown, gap);
    }

    private static String channel(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return DEFAULT_CHANNEL;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("channel=") && part.length() > "channel=".length()) {
                String name = part.substring("channel=".length());
                if (!name.matches("[A-Za-z0-9._:-]{1,200}")) {
                    throw new IllegalArgumentException("PARLEY_BUS channel must be 1-200 letters, digits or . _ : -");
                }
                return name;
            }
            throw new IllegalArgumentException("PARLEY_BUS takes one query parameter, channel=NAME");
        }
        return DEFAULT_CHANNEL;
    }

    private static URI withoutQuery(URI uri, int port) {
        try {
            return new URI(uri.getScheme(), uri.getRawUserInfo(), uri.getHost(), port, uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PARLEY_BUS is not a URL: " + e.getMessage());
        }
    }
}
