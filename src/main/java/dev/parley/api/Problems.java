package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The native API's one error mapper: a core {@link ParleyException} becomes an RFC 9457 problem
 * document ({@code application/problem+json}) whose {@code type} is stable per error code; anything
 * else becomes a 500 with no detail, its cause logged with the request id.
 */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    public static final String TYPE_BASE = "https://parley.dev/problems/";
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    /** Answers the request with the problem for {@code failure}. */
    public static void send(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ParleyException known = known(failure);
        if (known == null) {
            logUnexpected(ctx, failure);
            known = new ParleyException(ErrorCode.INTERNAL, null);
        }
        answer(ctx, known);
    }

    /** Answers with a problem of {@code code}, for failures found by the HTTP layer itself. */
    public static void send(RoutingContext ctx, ErrorCode code, String detail, String field) {
        answer(ctx, new ParleyException(code, detail, field, null));
    }

    /**
     * Answers with a problem that is about HTTP itself rather than the core catalogue (405 method not
     * allowed, 415 unsupported media type); same shape, its own stable type.
     */
    public static void sendHttp(RoutingContext ctx, int status, String slug, String title, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE)
                .end(Json.write(httpBody(status, slug, title, detail, ctx.request().path(), requestId(ctx))));
    }

    /**
     * The same answer for a request that never reached the router (Vert.x's invalid-request hook: a
     * request line or headers too long to parse). It has no routing context, so it gets a request id of
     * its own, and no {@code instance}: its path is what could not be read.
     *
     * @return the write, complete once the response left
     */
    public static Future<Void> sendHttp(HttpServerRequest request, int status, String slug, String title,
                                        String detail) {
        String requestId = java.util.UUID.randomUUID().toString();
        return request.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE)
                .putHeader("X-Request-Id", requestId)
                .end(Json.write(httpBody(status, slug, title, detail, null, requestId)));
    }

    private static ObjectNode httpBody(int status, String slug, String title, String detail, String instance,
                                       String requestId) {
        ObjectNode n = Json.obj();
        n.put("type", TYPE_BASE + slug);
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail);
        if (instance != null) {
            n.put("instance", instance);
        }
        n.put("request_id", requestId);
        return n;
    }

    private static void answer(RoutingContext ctx, ParleyException e) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        int status = HttpStatus.of(e.code());
        var response = ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE);
        switch (e.code()) {
            case UNAUTHORIZED -> response.putHeader("WWW-Authenticate", ctx.request().getHeader("Authorization") == null
                    ? "Bearer realm=\"parley\"" : "Bearer realm=\"parley\", error=\"invalid_token\"");
            case RATE_LIMITED, UNAVAILABLE -> response.putHeader("Retry-After", "1");
            default -> { }
        }
        response.end(Json.write(body(e, status, ctx.request().path(), requestId(ctx))));
    }

    /** The problem document for a core failure. */
    public static ObjectNode body(ParleyException e, int status, String instance, String requestId) {
        ObjectNode n = Json.obj();
        n.put("type", TYPE_BASE + e.code().slug());
        n.put("title", e.code().title());
        n.put("status", status);
        if (e.code() != ErrorCode.INTERNAL && e.getMessage() != null) {
            n.put("detail", e.getMessage());
        }
        if (instance != null) {
            n.put("instance", instance);
        }
        n.put("request_id", requestId);
        if (e.field() != null) {
            n.put("field", e.field());
        }
        return n;
    }

    static final String REQUEST_ID = "requestId";

    /** The request's id; failures found before routing (a malformed path) get one here. */
    private static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        if (id == null) {
            id = java.util.UUID.randomUUID().toString();
            ctx.put(REQUEST_ID, id);
            ctx.response().putHeader("X-Request-Id", id);
        }
        return id;
    }

    private static ParleyException known(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof ParleyException p && p.code() != ErrorCode.INTERNAL) {
                return p;
            }
        }
        return null;
    }

    private static void logUnexpected(RoutingContext ctx, Throwable failure) {
        MDC.put(REQUEST_ID, requestId(ctx));
        try {
            log.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        } finally {
            MDC.remove(REQUEST_ID);
        }
    }
}
