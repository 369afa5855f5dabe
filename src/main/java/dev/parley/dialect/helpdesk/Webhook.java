package dev.parley.dialect.helpdesk;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * The outgoing webhook: POSTs each payload it is given to one URL, signed with HMAC-SHA256 over the
 * exact body bytes ({@code X-Parley-Signature: sha256=<hex>}). Deliveries go out one at a time in the
 * order they were offered (a bridge relays a conversation, so order matters); a failed attempt (no
 * connection, timeout, a status other than 2xx) is retried with exponential backoff up to a bounded
 * number of attempts, then dropped with a warning. Pending deliveries sit in a bounded in-memory
 * queue; when it is full the oldest is dropped with a warning. {@link #offer} never blocks and never
 * fails, so a slow or dead receiver cannot slow down or fail a send. Deliveries are not persisted: a
 * restart loses the pending ones.
 *
 * <p>The URL is logged by host only: webhook URLs (Slack's, for one) often carry a secret in their path.
 */
final class Webhook {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);

    /**
     * How hard to try.
     *
     * @param queueCap    deliveries waiting at most; past it the oldest is dropped
     * @param maxAttempts attempts per delivery, the first included
     * @param firstDelay  the wait before the first retry; doubled for each further one
     * @param maxDelay    the longest wait between two attempts
     * @param timeout     connect timeout, and the longest silence while waiting for the answer
     */
    record Policy(int queueCap, int maxAttempts, Duration firstDelay, Duration maxDelay, Duration timeout) {
        static Policy defaults() {
            return new Policy(1_000, 8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10));
        }

        long delayMillis(int failedAttempts) {
            long delay = firstDelay.toMillis() << Math.min(failedAttempts - 1, 20);
            return Math.min(delay, maxDelay.toMillis());
        }
    }

    /** One payload to deliver; compared by identity. */
    private static final class Delivery {
        final String id;
        final String event;
        final byte[] body;
        int attempts;

        Delivery(String id, String event, byte[] body) {
            this.id = id;
            this.event = event;
            this.body = body;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final URI url;
    private final String where;
    private final byte[] secret;
    private final Policy policy;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private boolean busy;

    /** @param secret the signing secret, or null to send unsigned deliveries */
    Webhook(Vertx vertx, URI url, String secret, Policy policy) {
        this.vertx = vertx;
        this.url = url;
        this.where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.policy = policy;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) policy.timeout().toMillis()));
    }

    /** The signature header's value for {@code body}: {@code sha256=<lower-case hex HMAC-SHA256>}. */
    static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Queues a delivery and returns at once.
     *
     * @param id    a stable id of what is delivered, sent as {@code X-Parley-Delivery} on every attempt
     *              so the receiver can drop repeats
     * @param event what happened, sent as {@code X-Parley-Event}
     * @param json  the body
     */
    void offer(String id, String event, String json) {
        Delivery d = new Delivery(id, event, json.getBytes(StandardCharsets.UTF_8));
        Delivery dropped = null;
        boolean start;
        synchronized (this) {
            if (queue.size() >= policy.queueCap()) {
                dropped = queue.pollFirst();
            }
            queue.addLast(d);
            start = !busy;
            busy = true;
        }
        if (dropped != null) {
            log.warn("helpdesk webhook queue full ({} pending for {}): dropped delivery {}", policy.queueCap(),
                    where, dropped.id);
        }
        if (start) {
            next();
        }
    }

    /** Deliveries waiting, the one in flight included. */
    synchronized int pending() {
        return queue.size();
    }

    private void next() {
        Delivery d;
        synchronized (this) {
            d = queue.peekFirst();
            if (d == null) {
                busy = false;
                return;
            }
        }
        attempt(d);
    }

    private void attempt(Delivery d) {
        d.attempts++;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setConnectTimeout(policy.timeout().toMillis())
                .setIdleTimeout(policy.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Parley-Webhook/1")
                .putHeader("X-Parley-Event", d.event)
                .putHeader("X-Parley-Delivery", d.id);
        if (secret != null) {
            options.putHeader("X-Parley-Signature", sign(secret, d.body));
        }
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(d.body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() / 100 == 2) {
                        done(d);
                        return;
                    }
                    String why = result.succeeded() ? "status " + result.result() : String.valueOf(result.cause());
                    if (d.attempts >= policy.maxAttempts()) {
                        log.warn("helpdesk webhook gave up on delivery {} to {} after {} attempts: {}", d.id, where,
                                d.attempts, why);
                        done(d);
                        return;
                    }
                    long delay = policy.delayMillis(d.attempts);
                    log.info("helpdesk webhook delivery {} to {} failed ({}), retry in {} ms", d.id, where, why, delay);
                    vertx.setTimer(delay, t -> retry(d));
                });
    }

    private void retry(Delivery d) {
        boolean stillQueued;
        synchronized (this) {
            stillQueued = queue.peekFirst() == d;
        }
        if (stillQueued) {
            attempt(d);
        } else {
            next();
        }
    }

    private void done(Delivery d) {
        synchronized (this) {
            if (queue.peekFirst() == d) {
                queue.pollFirst();
            }
        }
        next();
    }
}
