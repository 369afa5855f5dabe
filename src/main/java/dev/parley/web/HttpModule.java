package dev.parley.web;

import io.vertx.ext.web.Router;

import java.util.function.UnaryOperator;

/** A set of routes (the native API, one dialect) mounted on the server's router at startup. */
public interface HttpModule {

    /** A short name for logs and configuration ("native", "tsync", …). */
    String name();

    void mount(Router router);

    /**
     * Hides the credentials this module's paths carry (an id that alone grants access), applied to
     * every request URI before the request log writes it. Only the module knows its path shapes; the
     * log itself redacts the {@code token} and {@code access_token} query parameters, so a module
     * without such paths keeps this default.
     */
    default UnaryOperator<String> logRedaction() {
        return UnaryOperator.identity();
    }
}
