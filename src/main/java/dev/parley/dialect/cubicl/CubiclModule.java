package dev.parley.dialect.cubicl;

import dev.parley.core.Actor;
import dev.parley.core.ParleyException;
import dev.parley.web.Exchange;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.BiFunction;

/**
 * The cubicl dialect (seed 002) under {@code /api/v1/chat/}. Credentials: {@code Authorization:
 * Bearer <jwt>}; the server API key may post to threads as the host app (an integration message).
 */
public final class CubiclModule implements HttpModule {
    private static final String BASE = "/api/v1/chat";

    private final Platform platform;
    private final CubiclThreads threads;
    private final CubiclMessages messages;

    public CubiclModule(Platform platform) {
        this.platform = platform;
        this.threads = new CubiclThreads(platform.chat());
        this.messages = new CubiclMessages(platform.chat(), threads);
    }

    @Override
    public String name() {
        return "cubicl";
    }

    @Override
    public void mount(Router router) {
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(platform.maxBodyBytes()));
        router.route(BASE + "/*").failureHandler(Exchange.failures(CubiclErrors::reply));

        route(router, HttpMethod.GET, "/threads", threads::list);
        route(router, HttpMethod.POST, "/threads", threads::create);
        route(router, HttpMethod.GET, "/threads/:threadId", threads::get);
        route(router, HttpMethod.GET, "/threads/:threadId/messages", messages::list);
        route(router, HttpMethod.POST, "/messages", messages::send);
        route(router, HttpMethod.POST, "/messages/:messageId/like",
                (actor, ex) -> messages.react(actor, ex, CubiclWire.LIKE, true));
        route(router, HttpMethod.DELETE, "/messages/:messageId/like",
                (actor, ex) -> messages.react(actor, ex, CubiclWire.LIKE, false));
        route(router, HttpMethod.POST, "/messages/:messageId/dislike",
                (actor, ex) -> messages.react(actor, ex, CubiclWire.DISLIKE, true));
        route(router, HttpMethod.DELETE, "/messages/:messageId/dislike",
                (actor, ex) -> messages.react(actor, ex, CubiclWire.DISLIKE, false));
        router.route(BASE + "/*").handler(Exchange.route(platform, ex -> {
            throw ParleyException.notFound("path");
        }, CubiclErrors::reply));
    }

    private void route(Router router, HttpMethod method, String path,
                       BiFunction<Actor, Exchange, Exchange.Reply> handler) {
        router.route(method, BASE + path).handler(Exchange.route(platform,
                ex -> handler.apply(platform.auth().fromHeader(ex.authorization()), ex), CubiclErrors::reply));
    }
}
