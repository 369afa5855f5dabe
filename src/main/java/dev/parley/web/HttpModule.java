package dev.parley.web;

import io.vertx.ext.web.Router;

/** A set of routes (the native API, one dialect) mounted on the server's router at startup. */
public interface HttpModule {

    /** A short name for logs and configuration ("native", "tsync", …). */
    String name();

    void mount(Router router);
}
