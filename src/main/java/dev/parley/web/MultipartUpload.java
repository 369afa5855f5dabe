package dev.parley.web;

import dev.parley.core.Actor;
import dev.parley.core.Files;
import dev.parley.core.ParleyException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Reads a {@code multipart/form-data} request with one file part, streaming the file through the
 * core ({@link Files#receive}) as it arrives: never buffered whole, never through a BodyHandler, the
 * size cap enforced while the bytes come in. Text fields are collected (Vert.x bounds their size).
 *
 * <p>A failure while the body is still arriving (the cap passed, a second file part) is reported at
 * once; the answer then carries {@code Connection: close} and the connection is closed once it is
 * written, so the client learns about it without sending the rest.
 */
public final class MultipartUpload {
    /** Multipart framing and text fields allowed on top of the file itself. */
    private static final long OVERHEAD = 1 << 20;
    private static final long IDLE_MILLIS = 60_000;

    /** The stored file part and the request's text fields. */
    public record Received(Files.Received file, String filename, String declaredType, MultiMap fields) {}

    private final RoutingContext ctx;
    private final Platform platform;
    private final Actor actor;
    private final String field;
    private final Consumer<Received> done;
    private final Consumer<Throwable> failed;
    private Context context;
    private UploadStream stream;
    private Files.Received file;
    private String filename;
    private String declaredType;
    private boolean requestEnded;
    private boolean over;

    private MultipartUpload(RoutingContext ctx, Platform platform, Actor actor, String field,
                            Consumer<Received> done, Consumer<Throwable> failed) {
        this.ctx = ctx;
        this.platform = platform;
        this.actor = actor;
        this.field = field;
        this.done = done;
        this.failed = failed;
    }

    /**
     * Reads the request (which the caller paused before any asynchronous step, so no byte was lost).
     * {@code field} names the file part ({@code null}: any name). Exactly one of {@code done} and
     * {@code failed} is called, on the request's context.
     */
    public static void read(RoutingContext ctx, Platform platform, Actor actor, String field,
                            Consumer<Received> done, Consumer<Throwable> failed) {
        new MultipartUpload(ctx, platform, actor, field, done, failed).start();
    }

    private void start() {
        context = Vertx.currentContext();
        HttpServerRequest request = ctx.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            fail(ParleyException.invalid("body", "a multipart/form-data body with a file part is expected"));
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > platform.chat().files().maxUploadBytes() + OVERHEAD) {
                    fail(tooLarge());
                    return;
                }
            } catch (NumberFormatException e) {
                fail(ParleyException.invalid("body", "malformed Content-Length"));
                return;
            }
        }
        request.setExpectMultipart(true);
        request.uploadHandler(this::onFile);
        request.exceptionHandler(this::fail);
        request.endHandler(v -> {
            requestEnded = true;
            finish();
        });
        request.resume();
    }

    private void onFile(HttpServerFileUpload upload) {
        if (over) {
            upload.handler(b -> { });
            return;
        }
        if (stream != null || (field != null && !field.equals(upload.name()))) {
            upload.handler(b -> { });
            fail(ParleyException.invalid(field == null ? "file" : field, field == null
                    ? "exactly one file part is expected"
                    : "exactly one file part, named " + field + ", is expected"));
            return;
        }
        filename = upload.filename();
        declaredType = upload.contentType();
        stream = new UploadStream(upload, context, IDLE_MILLIS);
        UploadStream mine = stream;
        platform.blocking().run(() -> platform.chat().files().receive(actor, mine, declaredType),
                received -> {
                    file = received;
                    finish();
                },
                this::fail);
    }

    private void finish() {
        if (over || !requestEnded) {
            return;
        }
        if (stream == null) {
            fail(ParleyException.invalid(field == null ? "file" : field, "the file part is missing"));
            return;
        }
        if (file != null) {
            over = true;
            done.accept(new Received(file, filename, declaredType, ctx.request().formAttributes()));
        }
    }

    private void fail(Throwable t) {
        if (over) {
            return;
        }
        over = true;
        if (stream != null) {
            stream.abandon();
        }
        if (!requestEnded) {
            Unread.closeAfterAnswer(ctx);
        }
        failed.accept(t);
    }

    private ParleyException tooLarge() {
        return ParleyException.tooLarge("file", "the file is larger than the upload limit of "
                + platform.chat().files().maxUploadBytes() + " bytes");
    }
}
