package dev.parley.server;

import dev.parley.auth.Authenticator;
import dev.parley.auth.Tokens;
import dev.parley.bus.ClusterBus;
import dev.parley.core.Chat;
import dev.parley.files.LocalBlobStore;
import dev.parley.core.CommittedEvent;
import dev.parley.core.EventBus;
import dev.parley.realtime.CloseCodes;
import dev.parley.realtime.Hub;
import dev.parley.store.JdbcStore;
import dev.parley.store.StoreSettings;
import dev.parley.web.Blocking;
import dev.parley.web.HttpModule;
import dev.parley.web.HttpServers;
import dev.parley.web.Platform;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Parley node, wired by plain constructors: store, bus, core, hub, HTTP modules. {@code
 * main()} and the tests both start it through {@link #start(Config)}.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);

    private final Config config;
    private final JdbcStore store;
    private final EventBus bus;
    private final Chat chat;
    private final Hub hub;
    private final Blocking blocking;
    private final Vertx vertx;
    private final List<HttpServer> servers;
    private final Authenticator auth;
    private final Metrics metrics;
    private final Router router;
    private final FileSweep fileSweep;
    /** Closes this node's connections after a pause when events were lost on the bus ({@link Resyncs}). */
    private final ScheduledExecutorService resyncTimer;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ParleyServer(Config config, JdbcStore store, EventBus bus, Chat chat, Hub hub, Blocking blocking,
                         Vertx vertx, List<HttpServer> servers, Authenticator auth, Router router, Metrics metrics,
                         ScheduledExecutorService resyncTimer) {
        this.config = config;
        this.resyncTimer = resyncTimer;
        this.store = store;
        this.bus = bus;
        this.chat = chat;
        this.hub = hub;
        this.blocking = blocking;
        this.vertx = vertx;
        this.servers = List.copyOf(servers);
        this.auth = auth;
        this.router = router;
        this.metrics = metrics;
        this.fileSweep = new FileSweep(chat.files(), Duration.ofHours(config.unattachedFileHours()), Clock.systemUTC());
    }

    /** Starts a node and returns once it accepts traffic. */
    public static ParleyServer start(Config raw) {
        Config config = Secrets.complete(raw);
        StoreSettings settings = config.dbUrl() == null
                ? StoreSettings.sqlite(config.dataDir())
                : new StoreSettings(config.dbUrl(), config.dbUser(), config.dbPassword());
        EventBus bus = Buses.open(config);
        JdbcStore store;
        try {
            store = JdbcStore.open(settings, bus);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        Chat chat = Chat.assemble(new Chat.Ports(store, store, store, store, bus, store.files(),
                LocalBlobStore.under(config.dataDir())), config.limits(), config.maxUploadBytes());
        Hub hub = new Hub(config.wsQueueFrames(), config.maxConnectionsPerUser(), config.maxConnections());
        Metrics metrics = new Metrics(hub);
        store.observeBatches(metrics.store());
        if (bus instanceof ClusterBus cluster) {
            metrics.bus(cluster);
        }
        ScheduledExecutorService resyncTimer = deliverToHub(bus, store.head(), hub, metrics);
        Authenticator auth = new Authenticator(config.apiKey(), new Tokens(config.jwtSecret(), Clock.systemUTC()),
                chat.users());
        Blocking blocking = new Blocking();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
        Platform platform = new Platform(chat, auth, hub, blocking, vertx, config.maxBodyBytes(),
                config.maxFrameBytes(), config.maxUploadBytes());

        AtomicBoolean readyFlag = new AtomicBoolean();
        Router router = router(vertx, config, platform, metrics, readyFlag);
        HttpServerOptions options = httpOptions(config);
        List<HttpServer> servers;
        try {
            // One server instance per event loop on the same port: connections are spread over the loops.
            servers = HttpServers.listen(vertx, config.eventLoops(), config.host(), config.port(),
                    v -> v.createHttpServer(options).requestHandler(router)
                            .invalidRequestHandler(InvalidRequests.HANDLER));
        } catch (Exception e) {
            vertx.close();
            store.close();
            bus.close();
            resyncTimer.shutdownNow();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + rootMessage(e), e);
        }
        ParleyServer server = new ParleyServer(config, store, bus, chat, hub, blocking, vertx, servers, auth, router,
                metrics, resyncTimer);
        server.ready.set(true);
        readyFlag.set(true);
        log.info("Parley listening on http://{}:{} ({})", config.host(), servers.getFirst().actualPort(),
                config.postgres() ? "PostgreSQL" : "SQLite under " + config.dataDir());
        return server;
    }

    /**
     * Hands the bus's events to the hub, from {@code after} on. Returns the timer of the resyncs: what was
     * lost on the bus is in the event log, so every connection is closed to resume from its last cursor.
     */
    private static ScheduledExecutorService deliverToHub(EventBus bus, long after, Hub hub, Metrics metrics) {
        ScheduledExecutorService resyncTimer = Executors.newSingleThreadScheduledExecutor(
                java.lang.Thread.ofPlatform().name("parley-bus-resync").daemon().factory());
        Resyncs resyncs = new Resyncs(() -> {
            log.warn("events from another node were lost on the bus; closing this node's {} connections so they "
                    + "resume from the event log", hub.connections());
            hub.closeAll(CloseCodes.MISSED_EVENTS, "events were lost between nodes: reconnect and resume");
        }, System::currentTimeMillis, (delayMs, task) -> resyncTimer.schedule(task, delayMs, TimeUnit.MILLISECONDS));
        bus.subscribe(after, new EventBus.Subscriber() {
            @Override
            public void event(CommittedEvent event) {
                metrics.event(event);
                hub.dispatch(event);
            }

            @Override
            public void missed() {
                metrics.missedEvents();
                resyncs.lost();
            }
        });
        return resyncTimer;
    }

    /** Health, the request log, metrics, every enabled module's routes, and the fallback for the rest. */
    private static Router router(Vertx vertx, Config config, Platform platform, Metrics metrics,
                                 AtomicBoolean readyFlag) {
        Router router = Router.router(vertx);
        Health.mount(router, readyFlag);
        List<HttpModule> modules = Modules.all(config, platform);
        RequestLog.mount(router, metrics::request, modules.stream().map(HttpModule::logRedaction).toList());
        metrics.mount(router);
        for (HttpModule module : modules) {
            module.mount(router);
            log.info("mounted {}", module.name());
        }
        Errors.mountFallback(router);
        return router;
    }

    private static HttpServerOptions httpOptions(Config config) {
        return new HttpServerOptions()
                .setMaxWebSocketFrameSize(config.maxFrameBytes())
                .setMaxWebSocketMessageSize(config.maxFrameBytes())
                .setCompressionSupported(true)
                // HTTP/1.1 only on plain connections: an h2c upgrade (the JDK client's default) left about
                // 1 in 100 responses of 35 KiB unfinished for good (docs/operations.md). The Upgrade
                // header is then ignored and the request answered in HTTP/1.1.
                .setHttp2ClearTextEnabled(false);
    }

    public int port() {
        return servers.getFirst().actualPort();
    }

    public Config config() {
        return config;
    }

    public Chat chat() {
        return chat;
    }

    /** Times events from other nodes were lost on the bus since this node started (see {@link EventBus.Subscriber#missed}). */
    public long missedEvents() {
        return metrics.missedEventCount();
    }

    public Hub hub() {
        return hub;
    }

    public Authenticator auth() {
        return auth;
    }

    /** The node's router, for tests that check what is mounted (e.g. against the OpenAPI document). */
    public Router router() {
        return router;
    }

    /**
     * Graceful shutdown: stop accepting connections, tell live clients to reconnect elsewhere, let the
     * writes in flight commit, then close the store.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("shutting down");
        // Live sockets first: closing the HTTP server would drop them with a plain 1000, and clients
        // must learn it is a shutdown (1001: reconnect elsewhere and resume).
        hub.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
        for (HttpServer http : servers) {
            try {
                http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("HTTP server did not close cleanly: {}", rootMessage(e));
            }
        }
        blocking.close();
        fileSweep.close();
        // The store first: its last commits are published before the bus leaves the other nodes.
        store.close();
        bus.close();
        resyncTimer.shutdownNow();
        metrics.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not close cleanly: {}", rootMessage(e));
        }
        log.info("stopped");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    static List<HttpModule> none() {
        return new ArrayList<>();
    }
}
