package dev.parley.web;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts several instances of one HTTP server on one port, each on its own event loop, so accepted
 * connections are spread over every loop instead of all landing on one. Each instance is created
 * inside a verticle instance of its own: that is what gives it its own event-loop context (servers
 * created from one plain thread all share that thread's single context).
 */
public final class HttpServers {
    private HttpServers() {}

    /**
     * @param create makes one configured, not yet listening server
     * @param port the port; 0 picks one free port that all instances share
     * @return the listening instances, once all listen
     */
    public static List<HttpServer> listen(Vertx vertx, int instances, String host, int port,
                                          Function<Vertx, HttpServer> create) throws Exception {
        List<HttpServer> servers = Collections.synchronizedList(new ArrayList<>());
        // Vert.x shares a free port among instances when asked for port -1 (0 would give each its own).
        int shared = port == 0 ? -1 : port;
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return create.apply(vertx).listen(shared, host).onSuccess(servers::add);
            }
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return List.copyOf(servers);
    }
}
