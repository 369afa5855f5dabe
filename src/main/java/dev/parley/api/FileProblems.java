package dev.parley.api;

import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 problem documents for the file routes. A stand-in until the native API's one problem
 * mapper lands; unknown failures become a 500 with no detail, logged with the request id.
 */
final class FileProblems {
    private static final Logger log = LoggerFactory.getLogger(FileProblems.class);

    private FileProblems() {}

    static void send(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ErrorCode code = failure instanceof ParleyException p ? p.code() : ErrorCode.INTERNAL;
        String detail = failure instanceof ParleyException p ? p.getMessage() : "internal error";
        if (!(failure instanceof ParleyException)) {
            log.error("request {} failed", ctx.<String>get("requestId"), failure);
        }
        var body = Json.obj();
        body.put("type", "https://parley.dev/problems/" + code.slug());
        body.put("title", code.title());
        body.put("status", HttpStatus.of(code));
        body.put("detail", detail);
        if (failure instanceof ParleyException p && p.field() != null) {
            body.put("field", p.field());
        }
        ctx.response().setStatusCode(HttpStatus.of(code))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(Json.write(body));
    }
}
