package dev.parley.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * One HTTP request as a JSON adapter sees it, copied off the event loop's objects so it can be
 * handled on a virtual thread (JDBC work blocks), then answered back on the event loop.
 *
 * @param query         the query parameters (case-sensitive names, repeated names kept)
 * @param body          the request body as text, or null when there is none
 * @param authorization the {@code Authorization} header, or null
 * @param baseUrl       scheme and authority, e.g. {@code http://host:8080}, for links in answers
 * @param requestId     the id the request log gave the request, for error logs
 */
public record Exchange(String method, String path, Map<String, String> pathParams, MultiMap query, String body,
                       String authorization, String baseUrl, String requestId) {

    /** What to answer: a status and a JSON body (null for no body). */
    public record Reply(int status, JsonNode body, Map<String, String> headers) {
        public Reply(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    /** Turns the request into a reply; runs on a virtual thread and may block. */
    public interface Handler {
        Reply handle(Exchange exchange);
    }

    /** Turns any failure into the adapter's own error reply; must not throw. */
    public interface Errors {
        Reply reply(Throwable failure, Exchange exchange);
    }

    public String param(String name) {
        return pathParams.get(name);
    }

    /** The one value of a query parameter, or null. */
    public String queryParam(String name) {
        return query.get(name);
    }

    /**
     * A route handler that snapshots the request, runs {@code handler} on a virtual thread and answers
     * with its reply, or with {@code errors}' reply for any failure (a bad query string included).
     */
    public static io.vertx.core.Handler<RoutingContext> route(Platform platform, Handler handler, Errors errors) {
        return ctx -> {
            Exchange exchange;
            try {
                exchange = of(ctx);
            } catch (RuntimeException e) {
                answer(ctx, errors.reply(dev.parley.core.ParleyException.invalid("query",
                        "the query string is malformed"), bare(ctx)));
                return;
            }
            platform.blocking().run(() -> handler.handle(exchange),
                    reply -> answer(ctx, reply),
                    failure -> answer(ctx, errors.reply(failure, exchange)));
        };
    }

    /**
     * A failure handler answering in the adapter's shape: a body over the limit becomes TOO_LARGE, any
     * other failure goes to {@code errors} as it is.
     */
    public static io.vertx.core.Handler<RoutingContext> failures(Errors errors) {
        return ctx -> {
            Throwable failure = ctx.statusCode() == 413
                    ? dev.parley.core.ParleyException.tooLarge(null, "the request body is too large")
                    : ctx.failure() != null ? ctx.failure()
                    : ctx.statusCode() >= 400 && ctx.statusCode() < 500
                    ? dev.parley.core.ParleyException.invalid(null, "the request cannot be read")
                    : new IllegalStateException("request failed with status " + ctx.statusCode());
            answer(ctx, errors.reply(failure, bare(ctx)));
        };
    }

    /** The request's method and path only, for failures found before it could be read. */
    private static Exchange bare(RoutingContext ctx) {
        return new Exchange(ctx.request().method().name(), ctx.request().path(), Map.of(),
                MultiMap.caseInsensitiveMultiMap(), null, null, "", ctx.get("requestId"));
    }

    private static Exchange of(RoutingContext ctx) {
        var request = ctx.request();
        MultiMap query = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
        String body = ctx.body() != null && ctx.body().available() && ctx.body().length() > 0
                ? ctx.body().asString() : null;
        String base = request.scheme() + "://" + (request.authority() == null ? "localhost" : request.authority());
        return new Exchange(request.method().name(), request.path(), Map.copyOf(ctx.pathParams()), query, body,
                request.getHeader("Authorization"), base, ctx.get("requestId"));
    }

    /** Writes a reply, unless the client has gone away. */
    public static void answer(RoutingContext ctx, Reply reply) {
        var response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader("content-type", "application/json").end(Json.write(reply.body()));
        }
    }
}
