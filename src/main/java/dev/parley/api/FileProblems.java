package dev.parley.api;

import io.vertx.ext.web.RoutingContext;

/** Problem documents for the file routes: the native API's one mapper, {@link Problems}. */
final class FileProblems {
    private FileProblems() {}

    static void send(RoutingContext ctx, Throwable failure) {
        Problems.send(ctx, failure);
    }
}
