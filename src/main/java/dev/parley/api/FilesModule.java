package dev.parley.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.FileId;
import dev.parley.core.ParleyException;
import dev.parley.core.PostedFile;
import dev.parley.core.ThreadId;
import dev.parley.web.Downloads;
import dev.parley.web.HttpModule;
import dev.parley.web.Json;
import dev.parley.web.MultipartUpload;
import dev.parley.web.Platform;
import dev.parley.web.Unread;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Files in the native API: {@code POST /v1/files} (multipart, streamed to storage, size-capped),
 * {@code GET /v1/files/{id}} (only for those the core allows; others 404) and {@code GET
 * /v1/threads/{id}/files}. Errors are the native API's problem documents ({@link Problems}).
 */
public final class FilesModule implements HttpModule {
    private final Platform platform;

    public FilesModule(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public void mount(Router router) {
        router.post("/v1/files").handler(this::upload);
        router.get("/v1/files/:id").handler(this::download);
        router.get("/v1/threads/:id/files").handler(this::list);
    }

    private void upload(RoutingContext ctx) {
        // Nothing may be read before the caller is known: hold the body until then.
        ctx.request().pause();
        String as = ctx.request().getHeader(Rest.AS_USER);
        platform.blocking().run(() -> platform.auth().actAs(actor(ctx), as), actor ->
                MultipartUpload.read(ctx, platform, actor, null, upload -> {
                    String name = upload.fields().get("name");
                    platform.blocking().run(() -> platform.chat().files().register(actor, upload.file(),
                                    name != null && !name.isBlank() ? name : upload.filename()),
                            file -> respond(ctx, 201, FileWire.file(file)),
                            t -> Problems.send(ctx, t));
                }, t -> Problems.send(ctx, t)),
                t -> {
                    Unread.closeAfterAnswer(ctx);
                    Problems.send(ctx, t);
                });
    }

    private void download(RoutingContext ctx) {
        platform.blocking().run(() -> platform.chat().files().download(actor(ctx),
                        FileId.parse(ctx.pathParam("id"))),
                d -> Downloads.send(ctx, platform, d),
                t -> Problems.send(ctx, t));
    }

    private void list(RoutingContext ctx) {
        platform.blocking().run(() -> {
            Actor actor = actor(ctx);
            Long before = number(ctx, "before");
            Long limit = number(ctx, "limit");
            return platform.chat().files().inThread(actor, ThreadId.parse(ctx.pathParam("id")), before,
                    limit == null ? null : (int) Math.min(limit, Integer.MAX_VALUE));
        }, files -> respond(ctx, 200, page(files)), t -> Problems.send(ctx, t));
    }

    private static ObjectNode page(List<PostedFile> files) {
        ObjectNode n = Json.obj();
        ArrayNode list = n.putArray("files");
        files.forEach(f -> list.add(FileWire.posted(f)));
        n.put("next_before", files.isEmpty() ? null : files.get(files.size() - 1).seq());
        return n;
    }

    private Actor actor(RoutingContext ctx) {
        return platform.auth().fromHeader(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
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

    private static void respond(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(body));
    }
}
