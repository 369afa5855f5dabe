package dev.parley.dialect.helpdesk;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log of a running node hides the visitor's thread id: the redaction the helpdesk module
 * declares reaches the log through the server's wiring, not through the log knowing helpdesk paths.
 */
@Timeout(30)
class HelpdeskLogRedactionTest {
    private static final Logger HTTP_LOG = (Logger) LoggerFactory.getLogger("parley.http");
    private static final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private static TestServer server;

    @BeforeAll
    static void start() {
        lines.start();
        HTTP_LOG.addAppender(lines);
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        HTTP_LOG.detachAppender(lines);
        lines.stop();
    }

    @Test
    void the_request_log_shows_a_visitors_thread_path_without_the_thread_id() throws InterruptedException {
        String id = HelpdeskApiTest.openThread(server);

        assertThat(server.get("/chat/thread/" + id + "/", null).status()).isEqualTo(200);

        // The line is written when the response ends, which may be just after the client has it.
        long deadline = System.currentTimeMillis() + 5_000;
        List<String> logged = logged();
        while (logged.stream().noneMatch(l -> l.startsWith("GET /chat/thread/")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            logged = logged();
        }
        assertThat(logged).anySatisfy(l -> assertThat(l).startsWith("GET /chat/thread/[redacted]/ 200 "));
        assertThat(logged).noneSatisfy(l -> assertThat(l).contains(id));
    }

    private static List<String> logged() {
        // Logback appends under the appender's lock; read under it too.
        synchronized (lines) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
