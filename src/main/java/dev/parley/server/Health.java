package dev.parley.server;

import io.vertx.ext.web.Router;

import java.util.concurrent.atomic.AtomicBoolean;

/** {@code /health/live} (200 while the process is up) and {@code /health/ready} (200 once serving). */
final class Health {
    private Health() {}

    static void mount(Router router, AtomicBoolean ready) {
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end("{\"status\":\"up\"}"));
        router.get("/health/ready").handler(ctx -> {
            boolean ok = ready.get();
            ctx.response().setStatusCode(ok ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .end(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}");
        });
    }
}
