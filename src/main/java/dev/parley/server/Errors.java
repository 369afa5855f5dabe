package dev.parley.server;

import io.vertx.ext.web.Router;

/** The answer for a path no module serves: a problem document, not an HTML page. */
final class Errors {
    private Errors() {}

    static void mountFallback(Router router) {
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("content-type", "application/problem+json")
                .end("{\"type\":\"https://parley.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"no such path\"}"));
    }
}
