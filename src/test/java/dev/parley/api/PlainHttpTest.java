package dev.parley.api;

import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain connections speak HTTP/1.1: a client asking to upgrade to HTTP/2 (h2c, the JDK client's
 * default) is answered in HTTP/1.1. With the upgrade taken, about 1 in 100 answers of the 35 KiB
 * OpenAPI document never finished (session 13).
 */
@Timeout(120)
class PlainHttpTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_client_asking_for_h2c_gets_every_answer_whole_in_http_1_1() throws Exception {
        URI spec = URI.create(server.url("/v1/openapi.yaml"));
        for (int i = 0; i < 300; i++) {
            // A new client each time: the upgrade is asked for on a connection's first request.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try {
                HttpResponse<String> r = client.sendAsync(HttpRequest.newBuilder(spec).build(),
                        HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).startsWith("openapi:");
            } finally {
                client.shutdownNow();
            }
        }
    }
}
