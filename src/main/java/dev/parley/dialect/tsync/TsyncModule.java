package dev.parley.dialect.tsync;

import dev.parley.auth.Authenticator;
import dev.parley.core.Actor;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.web.Exchange;
import dev.parley.web.HttpModule;
import dev.parley.web.Platform;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The tsync dialect (seed 000) under {@code /chats/}: threads, inboxes and messages with integer ids,
 * DRF page envelopes and DRF errors. Credentials: {@code Authorization: Token <jwt>} (or
 * {@code Bearer}); the server API key acts for the host app.
 */
public final class TsyncModule implements HttpModule {
    private final Platform platform;
    private final TsyncThreads threads;
    private final TsyncMessages messages;

    public TsyncModule(Platform platform) {
        this.platform = platform;
        this.threads = new TsyncThreads(platform.chat());
        this.messages = new TsyncMessages(platform.chat());
    }

    @Override
    public String name() {
        return "tsync";
    }

    @Override
    public void mount(Router router) {
        router.route("/chats/*").handler(BodyHandler.create(false).setBodyLimit(platform.maxBodyBytes()));
        router.route("/chats/*").failureHandler(Exchange.failures(Drf::reply));

        resource(router, "/chats/threads/", Set.of(HttpMethod.GET, HttpMethod.POST),
                (actor, ex) -> ex.method().equals("GET") ? threads.list(actor, ex) : threads.create(actor, ex));
        resource(router, "/chats/threads/:id/", Set.of(HttpMethod.GET), threads::get);
        resource(router, "/chats/messages/", Set.of(HttpMethod.GET, HttpMethod.POST),
                (actor, ex) -> ex.method().equals("GET") ? messages.list(actor, ex) : messages.create(actor, ex));
        resource(router, "/chats/messages/:id/", Set.of(HttpMethod.GET, HttpMethod.DELETE),
                (actor, ex) -> ex.method().equals("GET") ? messages.get(actor, ex) : messages.delete(actor, ex));
        router.route("/chats/*").handler(Exchange.route(platform,
                ex -> Drf.detail(404, "Not found."), Drf::reply));
    }

    /**
     * One path, with or without its trailing slash (Django would redirect): the allowed methods go to
     * {@code handler} after authentication, others get DRF's 405.
     */
    private void resource(Router router, String path, Set<HttpMethod> methods,
                          BiFunction<Actor, Exchange, Exchange.Reply> handler) {
        for (String p : List.of(path, path.substring(0, path.length() - 1))) {
            for (HttpMethod method : methods) {
                router.route(method, p).handler(Exchange.route(platform,
                        ex -> handler.apply(authenticate(ex), ex), Drf::reply));
            }
            router.route(p).handler(Exchange.route(platform,
                    ex -> Drf.detail(405, "Method \"" + ex.method() + "\" not allowed."), Drf::reply));
        }
    }

    private Actor authenticate(Exchange ex) {
        String credential = Authenticator.credential(ex.authorization());
        if (credential == null) {
            throw new ParleyException(ErrorCode.UNAUTHORIZED, Drf.NOT_PROVIDED);
        }
        return platform.auth().fromCredential(credential);
    }
}
