package dev.parley.dialect.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Authenticator;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.Origin;
import dev.parley.core.ParleyException;
import dev.parley.core.RateLimiter;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.web.HttpModule;
import dev.parley.web.Json;
import dev.parley.web.Platform;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The helpdesk routes (seed 004). Thread ids in paths must be UUID-shaped, so these routes never take
 * another dialect's paths ({@code /ws/chat/room/}, {@code /chat/thread/files/…}). See
 * {@code docs/dialects/helpdesk.md}.
 */
public final class HelpdeskModule implements HttpModule {
    private static final Logger log = LoggerFactory.getLogger(HelpdeskModule.class);
    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** The most messages {@code GET /chat/thread/:id/} returns: the newest ones. */
    static final int MAX_THREAD_MESSAGES = 10_000;
    /** {@code /chat/thread/<id>} and {@code /ws/chat/<id>}, any id-shaped segment whether routed or not. */
    private static final Pattern THREAD_IN_PATH =
            Pattern.compile("(?i)^(/chat/thread/|/ws/chat/)[0-9a-f]{8}-[0-9a-f-]{27}");

    private final Platform platform;
    private final Chat chat;
    private final Webhook webhook;
    /** Anonymous thread creation, per client address. */
    private final RateLimiter openings;

    /**
     * @param webhookUrl    where new visitor messages are POSTed, or null for no webhook
     * @param webhookSecret the HMAC-SHA256 signing secret; required with a URL in production
     */
    public HelpdeskModule(Platform platform, String webhookUrl, String webhookSecret, boolean production) {
        this.platform = platform;
        this.chat = platform.chat();
        this.webhook = webhook(platform, webhookUrl, webhookSecret, production);
        this.openings = new RateLimiter(chat.limits().messagesPerSecond(), chat.limits().messageBurst());
    }

    @Override
    public String name() {
        return "helpdesk";
    }

    @Override
    public UnaryOperator<String> logRedaction() {
        return HelpdeskModule::redactThreadId;
    }

    /**
     * The URI with the thread id in {@code /chat/thread/<id>} and {@code /ws/chat/<id>} replaced by
     * {@code [redacted]}: it is the visitor's only credential (whoever has it reads and writes the
     * conversation), so it must not reach the request log.
     */
    public static String redactThreadId(String uri) {
        return THREAD_IN_PATH.matcher(uri).replaceFirst("$1[redacted]");
    }

    @Override
    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(platform.maxBodyBytes());
        router.routeWithRegex("/chat/thread/?|/chat/thread/" + UUID + "/?|/chat/message/?")
                .handler(HelpdeskModule::cors);
        router.routeWithRegex(HttpMethod.POST, "/chat/thread/?").handler(body).handler(this::createThread)
                .failureHandler(this::failed);
        router.routeWithRegex(HttpMethod.GET, "/chat/thread/(?<threadId>" + UUID + ")/?").handler(this::getThread);
        router.routeWithRegex(HttpMethod.POST, "/chat/message/?").handler(body).handler(this::postMessage)
                .failureHandler(this::failed);
        router.routeWithRegex(HttpMethod.GET, "/ws/chat/(?<threadId>" + UUID + ")/?").handler(this::socket);
        notAllowed(router, "/chat/thread/?", "POST");
        notAllowed(router, "/chat/thread/" + UUID + "/?", "GET");
        notAllowed(router, "/chat/message/?", "POST");
    }

    private void createThread(RoutingContext ctx) {
        String raw = ctx.body().asString();
        String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        run(ctx, 201, () -> {
            Input in = Input.of(raw);
            JsonNode user = in.json("user");
            in.check();
            openings.acquire("helpdesk-open:" + client);
            return Shapes.createdThread(chat.threads().openSupport(Json.write(user)).thread());
        });
    }

    private void getThread(RoutingContext ctx) {
        String id = ctx.pathParam("threadId");
        run(ctx, 200, () -> {
            ThreadId threadId = ThreadId.parse(id);
            Actor visitor = new Actor.Visitor(threadId);
            Thread thread = chat.threads().require(visitor, threadId);
            return Shapes.thread(thread, history(visitor, threadId));
        });
    }

    /** The thread's newest messages (at most {@link #MAX_THREAD_MESSAGES}), oldest first. */
    private List<Message> history(Actor visitor, ThreadId thread) {
        List<List<Message>> pages = new ArrayList<>();
        Long before = null;
        int total = 0;
        while (total < MAX_THREAD_MESSAGES) {
            int size = Math.min(chat.limits().maxPageSize(), MAX_THREAD_MESSAGES - total);
            MessageStore.MessagePage page = chat.messages().history(visitor, thread, before, null, size);
            if (page.messages().isEmpty()) {
                break;
            }
            pages.add(page.messages());
            total += page.messages().size();
            if (!page.more()) {
                break;
            }
            before = page.messages().getFirst().seq();
        }
        Collections.reverse(pages);
        List<Message> all = new ArrayList<>(total);
        pages.forEach(p -> p.stream().filter(m -> !m.deleted()).forEach(all::add));
        return all;
    }

    private void postMessage(RoutingContext ctx) {
        String raw = ctx.body().asString();
        String authorization = ctx.request().getHeader("Authorization");
        run(ctx, 201, () -> {
            Input in = Input.of(raw);
            JsonNode user = in.json("user");
            ThreadId thread = in.threadId("thread");
            String body = in.text("body");
            boolean byVisitor = in.bool("send_by_user", false);
            in.check();
            Actor actor;
            if (byVisitor) {
                actor = new Actor.Visitor(thread);
            } else {
                actor = agent(authorization);
                // Helpdesk threads are support threads: the core's visitor access says which (404 otherwise).
                chat.threads().require(new Actor.Visitor(thread), thread);
            }
            MessageStore.Appended sent = chat.messages().send(actor, new Messages.Send(thread, null, null,
                    MessageKind.TEXT, body, List.of(), null, null, byVisitor ? null : Origin.AGENT, null,
                    Json.write(user)));
            ObjectNode answer = Shapes.message(sent.message(), user);
            if (byVisitor && sent.created() && webhook != null) {
                webhook.offer(sent.message().id().toString(), "message.created", Json.write(answer));
            }
            return answer;
        });
    }

    /**
     * The actor of an agent's post: the server key only. No credential is a 401, a credential that is
     * not valid a 401, a valid user token a 403.
     */
    private Actor agent(String authorization) {
        String credential = Authenticator.credential(authorization);
        if (credential == null) {
            throw new Unauthenticated(Drf.NO_CREDENTIALS);
        }
        if (platform.auth().isApiKey(credential)) {
            return Actor.SERVER;
        }
        try {
            platform.auth().user(credential);
        } catch (ParleyException e) {
            throw new Unauthenticated(Drf.INVALID_TOKEN);
        }
        throw ParleyException.forbidden("an agent's message needs the server API key");
    }

    /** A 401 with DRF's wording for why. */
    static final class Unauthenticated extends RuntimeException {
        Unauthenticated(String detail) {
            super(detail, null, false, false);
        }
    }

    private void socket(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.canUpgradeToWebSocket()) {
            reply(ctx, Drf.detail(400, "Expected a WebSocket upgrade."));
            return;
        }
        ThreadId threadId = ThreadId.parse(ctx.pathParam("threadId"));
        request.pause();
        platform.blocking().run(() -> chat.threads().require(new Actor.Visitor(threadId), threadId),
                thread -> {
                    try {
                        ThreadSocket.open(platform.hub(), request, thread);
                    } catch (ParleyException tooMany) {
                        // The thread's watchers or the node are at their cap: refused before the upgrade
                        // (429 or 503, with Retry-After), nothing registered.
                        request.resume();
                        reply(ctx, mapped(ctx, tooMany));
                    }
                },
                failure -> {
                    request.resume();
                    reply(ctx, mapped(ctx, failure));
                });
    }

    private void run(RoutingContext ctx, int status, Supplier<JsonNode> work) {
        platform.blocking().run(work, json -> send(ctx, status, json), failure -> reply(ctx, mapped(ctx, failure)));
    }

    private static Drf.Reply mapped(RoutingContext ctx, Throwable failure) {
        if (failure instanceof Unauthenticated u) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"api\"");
            return Drf.detail(401, u.getMessage());
        }
        return Drf.of(failure, ctx.get("requestId"));
    }

    /** Transport failures before a handler ran: the body was too large or could not be read. */
    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            reply(ctx, Drf.detail(413, "Request body is too large."));
        } else if (ctx.failure() != null) {
            reply(ctx, mapped(ctx, ctx.failure()));
        } else {
            reply(ctx, Drf.detail(status < 400 ? 400 : status, "Bad request."));
        }
    }

    /**
     * The helpdesk is called from support widgets embedded in other sites' pages, with no cookies (the
     * visitor's capability is the thread id, an agent's the server key in a header), so any origin may
     * call it; a preflight is answered here.
     */
    private static void cors(RoutingContext ctx) {
        if (ctx.request().getHeader("Origin") == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Access-Control-Allow-Origin", "*");
        if (ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null) {
            ctx.response().setStatusCode(204)
                    .putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
                    .putHeader("Access-Control-Max-Age", "600")
                    .end();
            return;
        }
        ctx.next();
    }

    private static void notAllowed(Router router, String regex, String allowed) {
        router.routeWithRegex(regex).handler(ctx -> {
            ctx.response().putHeader("Allow", allowed + ", OPTIONS");
            reply(ctx, Drf.detail(405, "Method \"" + ctx.request().method().name() + "\" not allowed."));
        });
    }

    private static void reply(RoutingContext ctx, Drf.Reply reply) {
        send(ctx, reply.status(), reply.body());
    }

    private static void send(RoutingContext ctx, int status, JsonNode json) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (status == 429 || status == 503) {
            // As the other APIs: when to try again (DRF's throttle sends one too).
            ctx.response().putHeader("Retry-After", "1");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(json));
    }

    private static Webhook webhook(Platform platform, String url, String secret, boolean production) {
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PARLEY_HELPDESK_WEBHOOK_URL is not a valid URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalStateException("PARLEY_HELPDESK_WEBHOOK_URL must be an absolute http:// or https:// URL");
        }
        if (secret == null || secret.isBlank()) {
            if (production) {
                throw new IllegalStateException("production mode needs PARLEY_HELPDESK_WEBHOOK_SECRET when "
                        + "PARLEY_HELPDESK_WEBHOOK_URL is set; set it and start again");
            }
            log.warn("PARLEY_HELPDESK_WEBHOOK_SECRET is not set: helpdesk webhook deliveries are not signed");
            secret = null;
        }
        return new Webhook(platform.vertx(), uri, secret, Webhook.Policy.defaults());
    }
}
