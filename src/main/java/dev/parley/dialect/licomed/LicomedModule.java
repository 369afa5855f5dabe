package dev.parley.dialect.licomed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.ErrorCode;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.PostedFile;
import dev.parley.core.StoredFile;
import dev.parley.core.Thread;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import dev.parley.web.HttpModule;
import dev.parley.web.HttpStatus;
import dev.parley.web.Json;
import dev.parley.web.MultipartUpload;
import dev.parley.web.Platform;
import dev.parley.web.Unread;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The licomed HTTP endpoints and socket, at the seed's paths. Failures answer the seed's failure
 * envelope ({@code status: failure, entity: null, message, success: false}) with the status of the
 * core error; an unknown or invalid receiver is the seed's 404 {@code "Invalid receipient"}.
 */
public final class LicomedModule implements HttpModule {
    static final String INVALID_RECIPIENT = "Invalid receipient";
    private static final Logger log = LoggerFactory.getLogger(LicomedModule.class);

    private final Platform platform;
    private final Views views;

    public LicomedModule(Platform platform) {
        this.platform = platform;
        this.views = new Views(platform.chat());
    }

    @Override
    public String name() {
        return "licomed";
    }

    @Override
    public void mount(Router router) {
        router.get("/chat/messages/:uid/").handler(this::messages);
        router.post("/chat/attachment/").handler(this::attachment);
        router.get("/chat/user/threads/").handler(this::threads);
        router.get("/chat/thread/files/:threadId/").handler(this::threadFiles);
        // Before any /ws/chat/:threadId/ route (the helpdesk socket): "room" is not a thread id.
        router.route("/ws/chat/room/").order(-1).handler(new LicomedSocket(platform, views)::handle);
    }

    /** {@code GET /chat/messages/<uid>/}: the conversation with that user, newest first. */
    private void messages(RoutingContext ctx) {
        respond(ctx, 200, () -> {
            Actor me = user(ctx);
            User other = receiver(me, ctx.pathParam("uid"));
            Integer limit = integer(ctx, "limit");
            Long beforeKey = number(ctx, "before");
            ArrayNode list = Json.MAPPER.createArrayNode();
            var thread = platform.chat().threads().findDirect(me, other.id());
            if (thread.isPresent()) {
                Long beforeSeq = beforeKey == null ? null : platform.chat().messages().getByKey(me, beforeKey).seq();
                MessageStore.MessagePage page = platform.chat().messages().history(me, thread.get().id(), beforeSeq,
                        null, limit);
                List<Message> newestFirst = new ArrayList<>(page.messages()).reversed();
                views.of(me, thread.get(), newestFirst).forEach(v -> list.add(LicomedWire.message(v)));
            }
            ObjectNode data = Json.obj();
            data.set("messages", list);
            return LicomedWire.success("data", data, "Messages retrieved successfully");
        });
    }

    /** {@code POST /chat/attachment/}: multipart receiver, message, attached_file, attached_file_name. */
    private void attachment(RoutingContext ctx) {
        ctx.request().pause();
        platform.blocking().run(() -> user(ctx), me ->
                MultipartUpload.read(ctx, platform, me, "attached_file", upload -> respond(ctx, 201, () -> {
                    var fields = upload.fields();
                    User other = receiver(me, fields.get("receiver"));
                    String name = fields.get("attached_file_name");
                    StoredFile file = platform.chat().files().register(me, upload.file(),
                            name != null && !name.isBlank() ? name : upload.filename());
                    Message message = platform.chat().messages().send(me, new Messages.Send(null, other.id(), null,
                            MessageKind.FILE, fields.get("message"), List.of(file.id()), null, null, null, null))
                            .message();
                    Thread thread = platform.chat().threads().require(me, message.thread());
                    ObjectNode entity = Json.obj();
                    entity.set("message", LicomedWire.attachment(views.of(me, thread, message)));
                    return LicomedWire.success("entity", entity, "File uploaded and chat created successfully");
                }), t -> fail(ctx, t)),
                t -> {
                    Unread.closeAfterAnswer(ctx);
                    fail(ctx, t);
                });
    }

    /** {@code GET /chat/user/threads/}: the caller's two-person conversations, latest activity first. */
    private void threads(RoutingContext ctx) {
        respond(ctx, 200, () -> {
            Actor me = user(ctx);
            User self = me.requireUser();
            // The seed lists every conversation: the largest page unless the client asks for fewer.
            Integer limit = integer(ctx, "limit");
            List<InboxView> inbox = platform.chat().threads().inbox(me, new ThreadStore.InboxQuery(false, null,
                    limit == null ? platform.chat().limits().maxPageSize() : limit));
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (InboxView v : inbox) {
                if (v.thread().kind() != ThreadKind.DIRECT) {
                    continue;
                }
                ObjectNode n = list.addObject();
                n.put("id", v.thread().key());
                User other = null;
                for (Member m : platform.chat().threads().members(me, v.thread().id())) {
                    if (!m.user().equals(self.id())) {
                        other = platform.chat().users().byId(m.user()).orElse(null);
                    }
                }
                n.set("other_user", LicomedWire.user(other));
                n.set("last_message", v.lastMessage() == null ? null
                        : LicomedWire.message(views.of(me, v.thread(), v.lastMessage())));
            }
            return LicomedWire.success("data", list, null);
        });
    }

    /** {@code GET /chat/thread/files/<thread_id>/}: the file messages of a conversation, newest first. */
    private void threadFiles(RoutingContext ctx) {
        respond(ctx, 200, () -> {
            Actor me = user(ctx);
            long key = key(ctx.pathParam("threadId"), "thread");
            Thread thread = platform.chat().threads().requireByKey(me, key);
            List<PostedFile> posted = platform.chat().files().inThread(me, thread.id(), null, integer(ctx, "limit"));
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (PostedFile p : posted) {
                Message m = platform.chat().messages().get(me, p.message());
                LicomedWire.View v = views.of(me, thread, m);
                list.add(LicomedWire.message(new LicomedWire.View(m, v.threadKey(), v.sender(), v.receiver(),
                        v.shared(), p.file())));
            }
            return LicomedWire.success("data", list, "Files retrieved successfully");
        });
    }

    private User receiver(Actor me, String ref) {
        User self = me.requireUser();
        User other = views.user(ref).orElseThrow(() -> ParleyException.notFound("receiver"));
        if (other.id().equals(self.id())) {
            throw ParleyException.notFound("receiver");
        }
        return other;
    }

    private Actor user(RoutingContext ctx) {
        Actor actor = platform.auth().fromHeader(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        actor.requireUser();
        return actor;
    }

    private void respond(RoutingContext ctx, int status, Supplier<ObjectNode> work) {
        platform.blocking().run(work, body -> ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.write(body)), t -> fail(ctx, t));
    }

    static void fail(RoutingContext ctx, Throwable t) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ErrorCode code = t instanceof ParleyException p ? p.code() : ErrorCode.INTERNAL;
        String message;
        if (t instanceof ParleyException p) {
            message = p.getMessage().equals("receiver not found") ? INVALID_RECIPIENT : p.getMessage();
        } else {
            log.error("licomed request {} failed", ctx.<String>get("requestId"), t);
            message = "Internal server error";
        }
        ctx.response().setStatusCode(HttpStatus.of(code)).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(LicomedWire.failure(message)));
    }

    static long key(String text, String what) {
        try {
            long key = Long.parseLong(text);
            if (key > 0) {
                return key;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw ParleyException.notFound(what);
    }

    private static Long number(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw ParleyException.invalid(name, name + " must be a whole number");
        }
    }

    private static Integer integer(RoutingContext ctx, String name) {
        Long n = number(ctx, name);
        return n == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }
}
