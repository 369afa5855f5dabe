package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history reads' client against a real Vert.x server: both body framings, keep-alive, refusals. */
class PlainGetTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(req -> {
                    if (!"Bearer secret".equals(req.getHeader("Authorization"))) {
                        req.response().setStatusCode(401).end("{\"title\":\"Unauthorized\"}");
                    } else if (req.path().equals("/chunked")) {
                        req.response().setChunked(true);
                        req.response().write("x".repeat(10_000));
                        req.response().write("y".repeat(5));
                        req.response().end("z");
                    } else {
                        req.response().end("a".repeat(1_234));
                    }
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void reads_sized_and_chunked_answers_whole_on_one_kept_alive_connection() throws Exception {
        PlainGet http = new PlainGet(server.actualPort());
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/sized?i=" + i, "secret")).isEqualTo(1_234);
            assertThat(http.get("/chunked", "secret")).isEqualTo(10_006);
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void an_answer_other_than_200_is_refused_with_its_status() throws Exception {
        PlainGet http = new PlainGet(server.actualPort());
        assertThatThrownBy(() -> http.get("/sized", "wrong"))
                .isInstanceOfSatisfying(Rest.Refused.class, e -> assertThat(e.status).isEqualTo(401))
                .hasMessageContaining("Unauthorized");
        assertThat(http.get("/sized", "secret")).isEqualTo(1_234);
    }
}
