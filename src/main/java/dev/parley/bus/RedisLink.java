package dev.parley.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bus over Redis pub/sub (Jedis): payloads are published on one channel from a pooled client; one
 * connection of its own, on a thread of its own, subscribes, and subscribes again after a drop (what
 * was published meanwhile is lost to this node: its {@link CursorOrder} sees the gap).
 */
final class RedisLink implements ClusterBus.Link {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    /**
     * The subscription is pinged this often, and its connection is dropped (then made again) when no
     * answer came for {@link #QUIET_MS}: a connection gone quiet without a reset (a network cut) is
     * found and replaced instead of waited on for good (Jedis reads a subscription without a timeout).
     */
    static final long PING_MS = 5_000;
    static final long QUIET_MS = 20_000;

    private final URI address;
    private final long pingMs;
    private final long quietMs;
    /** The subscriber's connection now, for the pinger to drop when it went quiet. */
    private volatile Jedis current;
    private final byte[] channel;
    private final RedisClient client;
    /** The subscriber's connection: RESP2, what plain Jedis speaks. */
    private final JedisClientConfig subscriberConfig;
    private final Subscription subscription = new Subscription();
    private volatile boolean closed;
    private Thread listener;
    private Thread pinger;

    /**
     * @param address {@code redis://[user:password@]host:port}
     * @param channel the pub/sub channel every node of the cluster uses
     */
    RedisLink(URI address, String channel) {
        this(address, channel, PING_MS, QUIET_MS);
    }

    /** With the subscription's ping period and longest silence of one's own (tests make them short). */
    RedisLink(URI address, String channel, long pingMs, long quietMs) {
        this.address = address;
        this.pingMs = pingMs;
        this.quietMs = quietMs;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.subscriberConfig = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(address))
                .password(JedisURIHelper.getPassword(address))
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .autoNegotiateProtocol(false)
                .build();
        this.client = RedisClient.create(address);
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("Redis is unreachable at " + address.getHost() + ":" + address.getPort()
                    + ": " + ClusterBus.withoutCredentials(e.getMessage()), e);
        }
    }

    @Override
    public void send(byte[] payload) {
        client.publish(channel, payload);
    }

    @Override
    public void listen(Consumer<byte[]> receiver) throws InterruptedException {
        subscription.receiver = receiver;
        listener = Thread.ofPlatform().name("parley-bus-redis").daemon().start(this::subscribeUntilClosed);
        pinger = Thread.ofPlatform().name("parley-bus-redis-ping").daemon().start(this::pingUntilClosed);
        if (!subscription.first.await(CONNECT_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Redis did not confirm the subscription in time");
        }
    }

    private void subscribeUntilClosed() {
        long backoffMs = 100;
        while (!closed) {
            try (Jedis jedis = new Jedis(JedisURIHelper.getHostAndPort(address), subscriberConfig)) {
                current = jedis;
                subscription.heard();
                jedis.subscribe(subscription, channel);
                backoffMs = 100;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("event bus: the Redis subscription dropped ({}); subscribing again in {} ms",
                        ClusterBus.withoutCredentials(e.getMessage()), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private void pingUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(pingMs);
            } catch (InterruptedException e) {
                return;
            }
            try {
                Jedis jedis = current;
                if (jedis != null && System.nanoTime() - subscription.lastHeard > quietMs * 1_000_000) {
                    log.warn("event bus: the Redis subscription has not answered for {} ms; connecting again", quietMs);
                    subscription.heard();
                    jedis.disconnect();
                } else if (subscription.isSubscribed()) {
                    subscription.ping();
                }
            } catch (RuntimeException e) {
                log.debug("event bus: pinging the Redis subscription failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (pinger != null) {
            pinger.interrupt();
        }
        try {
            if (subscription.isSubscribed()) {
                subscription.unsubscribe();
            }
        } catch (RuntimeException e) {
            log.debug("event bus: unsubscribing from Redis failed: {}", e.getMessage());
        }
        if (listener != null) {
            try {
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.interrupt();
        }
        client.close();
    }

    private static final class Subscription extends BinaryJedisPubSub {
        final CountDownLatch first = new CountDownLatch(1);
        volatile Consumer<byte[]> receiver;
        /** When the subscription last heard from Redis ({@link System#nanoTime()}). */
        volatile long lastHeard = System.nanoTime();

        void heard() {
            lastHeard = System.nanoTime();
        }

        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            heard();
            first.countDown();
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            heard();
            receiver.accept(message);
        }

        @Override
        public void onPong(byte[] pattern) {
            heard();
        }
    }
}
