package dev.parley.server;

import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id ({@code X-Request-Id}, echoed back; taken from the client when it is a
 * sane token) and logs one line per request once answered, with the {@code token} query parameter
 * redacted, and the support thread id in the helpdesk dialect's paths (an anonymous visitor's only
 * credential: whoever has it reads and writes the conversation). Authorization headers are never logged.
 */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger("parley.http");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOKEN_PARAM = Pattern.compile("(?i)([?&](?:token|access_token)=)[^&]*");
    /** {@code /chat/thread/<id>} and {@code /ws/chat/<id>}: the helpdesk visitor's thread id is a capability. */
    private static final Pattern SUPPORT_THREAD = Pattern.compile("(?i)^(/chat/thread/|/ws/chat/)[0-9a-f]{8}-[0-9a-f-]{27}");
    public static final String ID = "requestId";

    private RequestLog() {}

    /** Receives each answered request: method, status, time taken. */
    interface Recorder {
        void record(String method, int status, long nanos);
    }

    static void mount(Router router, Recorder recorder) {
        router.route().order(-1000).handler(ctx -> {
            String given = ctx.request().getHeader("X-Request-Id");
            String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.put(ID, id);
            ctx.response().putHeader("X-Request-Id", id);
            long start = System.nanoTime();
            ctx.addEndHandler(v -> {
                recorder.record(ctx.request().method().name(), ctx.response().getStatusCode(), System.nanoTime() - start);
                MDC.put(ID, id);
                try {
                    log.info("{} {} {} {}ms", ctx.request().method(), redact(ctx.request().uri()),
                            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
                } finally {
                    MDC.remove(ID);
                }
            });
            ctx.next();
        });
    }

    static String redact(String uri) {
        String path = SUPPORT_THREAD.matcher(uri).replaceFirst("$1[redacted]");
        return TOKEN_PARAM.matcher(path).replaceAll("$1[redacted]");
    }
}
