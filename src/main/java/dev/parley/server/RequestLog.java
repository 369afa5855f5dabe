package dev.parley.server;

import dev.parley.web.HttpModule;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Gives every request an id ({@code X-Request-Id}, echoed back; taken from the client when it is a
 * sane token) and logs one line per request once answered, with the {@code token} query parameter
 * redacted, and whatever each module declares a credential in its own paths ({@link
 * HttpModule#logRedaction()}: the helpdesk visitor's thread id, say). Authorization headers are never logged.
 */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger("parley.http");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOKEN_PARAM = Pattern.compile("(?i)([?&](?:token|access_token)=)[^&]*");
    public static final String ID = "requestId";

    private RequestLog() {}

    /** Receives each answered request: method, status, time taken. */
    interface Recorder {
        void record(String method, int status, long nanos);
    }

    /** @param redactions each mounted module's {@link HttpModule#logRedaction()}, applied in order */
    static void mount(Router router, Recorder recorder, List<UnaryOperator<String>> redactions) {
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
                    log.info("{} {} {} {}ms", ctx.request().method(), redact(ctx.request().uri(), redactions),
                            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
                } finally {
                    MDC.remove(ID);
                }
            });
            ctx.next();
        });
    }

    /** The URI as logged: the modules' redactions first, then the token query parameters. */
    static String redact(String uri, List<UnaryOperator<String>> redactions) {
        String redacted = uri;
        for (UnaryOperator<String> redaction : redactions) {
            redacted = redaction.apply(redacted);
        }
        return TOKEN_PARAM.matcher(redacted).replaceAll("$1[redacted]");
    }
}
