package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening a load-generator socket against a real Vert.x server that upgrades and then says nothing, or greets. */
class SockTest {
    private Vertx vertx;
    private HttpServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .webSocketHandler(ws -> {
                    if (ws.path().equals("/greets")) {
                        ws.writeTextMessage("{\"type\":\"ready\",\"cursor\":0}");
                    }
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_socket_that_upgrades_but_is_never_greeted_fails_by_its_index_in_time() {
        long began = System.nanoTime();
        assertThatThrownBy(() -> Sock.open(client, server.actualPort(), "/silent", null, 7, (s, f) -> { }, 300)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("socket 7 upgraded but got no greeting within 300 ms");
        assertThat(System.nanoTime() - began).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void a_greeted_socket_opens() throws Exception {
        Sock sock = Sock.open(client, server.actualPort(), "/greets", null, 3, (s, f) -> { }, 300)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(sock.index).isEqualTo(3);
    }
}
