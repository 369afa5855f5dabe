package dev.parley.api;

import dev.parley.auth.Authenticator;
import dev.parley.core.Actor;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.Json;
import dev.parley.web.Platform;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns a route's {@link Action} into a Vert.x handler: checks the body's media type, captures the
 * request on the event loop, then authenticates and runs the action on a virtual thread (core calls
 * block on the database) and answers back on the event loop, errors through {@link Problems}.
 */
final class Rest {
    /** Header with which the server key acts as a user on user-scoped endpoints. */
    static final String AS_USER = "X-Parley-As-User";

    /** A route's work: core calls in, a reply out. Runs on a virtual thread. */
    @FunctionalInterface
    interface Action {
        Reply apply(Call call);
    }

    private final Platform platform;

    Rest(Platform platform) {
        this.platform = platform;
    }

    Handler<RoutingContext> handler(Action action) {
        return ctx -> {
            if (!jsonOrEmpty(ctx)) {
                Problems.sendHttp(ctx, 415, "unsupported-media-type", "Unsupported media type",
                        "send the body as application/json");
                return;
            }
            Map<String, String> path;
            Map<String, String> query = new HashMap<>();
            try {
                path = Map.copyOf(ctx.pathParams());
                ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
            } catch (RuntimeException e) {
                Problems.send(ctx, ErrorCode.INVALID, "the request's path or query is not valid", null);
                return;
            }
            String authorization = ctx.request().getHeader("Authorization");
            String asUser = ctx.request().getHeader(AS_USER);
            String body = hasBody(ctx.request().method()) && ctx.body() != null ? ctx.body().asString() : null;
            platform.blocking().run(() -> {
                Actor actor = actor(platform.auth(), authorization, asUser);
                return Rendered.of(action.apply(new Call(platform.chat(), actor, path, query, body)));
            }, rendered -> write(ctx, rendered), failure -> Problems.send(ctx, failure));
        };
    }

    static Actor actor(Authenticator auth, String authorization, String asUser) {
        Actor actor = auth.fromHeader(authorization);
        if (asUser != null && !asUser.isBlank()) {
            if (!(actor instanceof Actor.Server)) {
                throw ParleyException.forbidden(AS_USER + " needs the server API key");
            }
            return auth.actAs(actor, asUser.strip());
        }
        return actor;
    }

    /** A reply with its body already turned into JSON bytes (on the virtual thread, not the event loop). */
    private record Rendered(int status, Buffer body) {
        static Rendered of(Reply reply) {
            return new Rendered(reply.status(), reply.body() == null ? null : Buffer.buffer(Json.bytes(reply.body())));
        }
    }

    private static void write(RoutingContext ctx, Rendered reply) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(reply.status());
        if (reply.body() == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("content-type", "application/json").end(reply.body());
        }
    }

    static boolean hasBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    /** A body, when there is one, must be JSON ({@code application/json} or a {@code +json} type). */
    private static boolean jsonOrEmpty(RoutingContext ctx) {
        if (!hasBody(ctx.request().method()) || ctx.body() == null || ctx.body().length() <= 0) {
            return true;
        }
        String type = ctx.request().getHeader("content-type");
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }
}
