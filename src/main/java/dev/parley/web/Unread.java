package dev.parley.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/** What to do when answering a request whose body will not be read. */
public final class Unread {
    private Unread() {}

    /**
     * On HTTP/1.x, announce {@code Connection: close} and close the connection once the answer is
     * written, so the client stops sending; on HTTP/2 only the stream is abandoned, its body drained
     * within the stream's flow-control window.
     */
    public static void closeAfterAnswer(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            request.resume();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.addEndHandler(v -> request.connection().close());
        request.resume();
    }
}
