package dev.parley.dialect.helpdesk;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook's bounded queue and backoff, against a real HTTP receiver that can hold requests. */
@Timeout(30)
class WebhookQueueTest {
    private HttpServer receiver;
    private Vertx vertx;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                java.lang.Thread.currentThread().interrupt();
            }
            received.add(exchange.getRequestHeaders().getFirst("X-Parley-Delivery"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close();
        receiver.stop(0);
    }

    @Test
    void a_full_queue_drops_the_oldest_waiting_delivery_and_keeps_the_order_of_the_rest() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        Webhook webhook = new Webhook(vertx, url, "secret", new Webhook.Policy(2, 3, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(5)));

        webhook.offer("d1", "message.created", "{}");
        long deadline = System.currentTimeMillis() + 5_000;
        for (String id : List.of("d2", "d3", "d4", "d5")) {
            webhook.offer(id, "message.created", "{}");
        }
        assertThat(webhook.pending()).isEqualTo(2);
        release.countDown();

        while (received.size() < 3 && System.currentTimeMillis() < deadline + 5_000) {
            java.lang.Thread.sleep(10);
        }
        java.lang.Thread.sleep(200);
        // d1 was already on the wire when it was dropped from the queue; d2 and d3 never went out.
        assertThat(received).containsExactly("d1", "d4", "d5");
        assertThat(webhook.pending()).isZero();
    }

    @Test
    void backoff_doubles_from_the_first_delay_up_to_the_cap() {
        Webhook.Policy p = Webhook.Policy.defaults();

        assertThat(List.of(p.delayMillis(1), p.delayMillis(2), p.delayMillis(3), p.delayMillis(7), p.delayMillis(30)))
                .containsExactly(500L, 1_000L, 2_000L, 30_000L, 30_000L);
    }
}
