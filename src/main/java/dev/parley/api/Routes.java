package dev.parley.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Registers native routes: a bounded body reader where a body is expected, then the action. */
final class Routes {
    private final Router router;
    private final Rest rest;
    private final BodyHandler bodies;

    Routes(Router router, Rest rest, long maxBodyBytes) {
        this.router = router;
        this.rest = rest;
        // No file uploads through this handler (false): a JSON body is read into memory, up to the limit.
        this.bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void get(String path, Rest.Action action) {
        route(HttpMethod.GET, path, action);
    }

    void post(String path, Rest.Action action) {
        route(HttpMethod.POST, path, action);
    }

    void put(String path, Rest.Action action) {
        route(HttpMethod.PUT, path, action);
    }

    void patch(String path, Rest.Action action) {
        route(HttpMethod.PATCH, path, action);
    }

    void delete(String path, Rest.Action action) {
        route(HttpMethod.DELETE, path, action);
    }

    private void route(HttpMethod method, String path, Rest.Action action) {
        Route route = router.route(method, path);
        if (Rest.hasBody(method)) {
            route.handler(bodies);
        }
        route.handler(rest.handler(action));
    }
}
