package dev.parley.server;

import dev.parley.api.Problems;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests Netty could not decode never reach the router. Vert.x's default answers a too-long request
 * line with a bare 414 and too-long headers with a bare 431; these get the native API's problem
 * document instead. Every other malformed request keeps the default handling (400, connection closed).
 */
final class InvalidRequests {
    private InvalidRequests() {}

    static final Handler<HttpServerRequest> HANDLER = InvalidRequests::handle;

    private static void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            refuse(request, 414, "uri-too-long", "URI too long",
                    "the request line (method, path and query) is longer than the server accepts");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(request, 431, "request-header-fields-too-large", "Request header fields too large",
                    "the request headers are larger than the server accepts");
        } else {
            HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
        }
    }

    /** As the default does, the connection is closed: what follows on it cannot be trusted to parse. */
    private static void refuse(HttpServerRequest request, int status, String slug, String title, String detail) {
        Problems.sendHttp(request, status, slug, title, detail).onComplete(done -> request.connection().close());
    }
}
