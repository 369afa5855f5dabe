package dev.parley.api;

import dev.parley.core.ErrorCode;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.Set;
import java.util.TreeSet;

/**
 * The native v1 REST API (module "native"): users, threads, messages and search under {@code /v1},
 * the OpenAPI document and its browsable page, the demo page at {@code /}, and the one place that
 * turns every failure under {@code /v1} into a problem document. The {@code /v1/ws} WebSocket is
 * mounted beside these routes by its own module; anything under {@code /v1} that no route serves gets
 * a 404 (or 405 when another method would be served) problem from here.
 */
public final class ApiModule implements HttpModule {
    private final Platform platform;

    public ApiModule(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public void mount(Router router) {
        Routes routes = new Routes(router, new Rest(platform), platform.maxBodyBytes());
        new UserRoutes(platform.auth().tokens()).mount(routes);
        new ThreadRoutes().mount(routes);
        new MessageRoutes().mount(routes);
        Docs.mount(router);
        router.route("/v1/*").failureHandler(ApiModule::failed);
        // A path Vert.x cannot even decode (/v1/threads/%zz) fails before any route matches.
        router.errorHandler(400, ctx -> {
            if (ctx.request().path() != null && ctx.request().path().startsWith("/v1/")) {
                Problems.send(ctx, ErrorCode.INVALID, "the request's path is not valid", null);
            } else {
                ctx.response().setStatusCode(400).end("Bad Request");
            }
        });
        router.route("/v1/*").last().handler(ctx -> unrouted(router, ctx));
    }

    /** Failures raised by Vert.x itself (an oversized body, a bad request line) or thrown by a handler. */
    private static void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException h ? h.getStatusCode()
                : failure == null ? ctx.statusCode() : 500;
        if (failure != null && !(failure instanceof HttpException)) {
            Problems.send(ctx, failure);
            return;
        }
        switch (status) {
            case 413 -> Problems.send(ctx, ErrorCode.TOO_LARGE,
                    "the request body is larger than the limit (PARLEY_MAX_BODY_BYTES)", "body");
            case 400 -> Problems.send(ctx, ErrorCode.INVALID, "the request is not valid", null);
            case 401 -> Problems.send(ctx, ErrorCode.UNAUTHORIZED, "authentication required", null);
            case 403 -> Problems.send(ctx, ErrorCode.FORBIDDEN, "not allowed", null);
            case 404 -> Problems.send(ctx, ErrorCode.NOT_FOUND, "no such path", null);
            case 405 -> methodNotAllowed(ctx, Set.of());
            case 415 -> Problems.sendHttp(ctx, 415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json");
            default -> Problems.send(ctx, failure != null ? failure
                    : new IllegalStateException("request failed with status " + status));
        }
    }

    /** Nothing under /v1 served this request: 405 when the path exists with other methods, else 404. */
    private static void unrouted(Router router, RoutingContext ctx) {
        Set<String> allowed = new TreeSet<>();
        String path = ctx.request().path();
        for (Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template != null && !template.endsWith("*") && matches(template, path)
                    && route.methods() != null) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        if (allowed.isEmpty() || allowed.contains(ctx.request().method().name())) {
            Problems.send(ctx, ErrorCode.NOT_FOUND, "no such path", null);
        } else {
            methodNotAllowed(ctx, allowed);
        }
    }

    private static void methodNotAllowed(RoutingContext ctx, Set<String> allowed) {
        if (!allowed.isEmpty()) {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
        }
        Problems.sendHttp(ctx, 405, "method-not-allowed", "Method not allowed",
                ctx.request().method().name() + " is not supported on this path");
    }

    /** Whether a route template ({@code /v1/threads/:id}) matches a request path segment by segment. */
    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean param = t[i].startsWith(":") && !p[i].isEmpty();
            if (!param && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }
}
