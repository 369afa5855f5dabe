package dev.parley.web;

import dev.parley.core.Files;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends a file the core allowed ({@link Files#download}) with the {@link FileHeaders}: a local file
 * with {@code sendFile} (no copy through the heap), any other store as a stream with back-pressure.
 * A matching {@code If-None-Match} gets 304.
 */
public final class Downloads {
    private static final Logger log = LoggerFactory.getLogger(Downloads.class);
    private static final int CHUNK = 64 * 1024;

    private Downloads() {}

    public static void send(RoutingContext ctx, Platform platform, Files.Download download) {
        HttpServerResponse response = ctx.response();
        FileHeaders.apply(response, download.file());
        String match = ctx.request().getHeader("If-None-Match");
        if (match != null && match.contains(FileHeaders.etag(download.file()))) {
            response.setStatusCode(304).end();
            return;
        }
        if (download.localFile().isPresent()) {
            response.sendFile(download.localFile().get().toString());
            return;
        }
        response.putHeader("Content-Length", Long.toString(download.file().size()));
        platform.blocking().execute(() -> pump(download, response));
    }

    private static void pump(Files.Download download, HttpServerResponse response) {
        try (InputStream in = download.open()) {
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (response.closed()) {
                    return;
                }
                response.write(Buffer.buffer().appendBytes(chunk, 0, n));
                if (response.writeQueueFull()) {
                    CountDownLatch drained = new CountDownLatch(1);
                    response.drainHandler(v -> drained.countDown());
                    if (response.writeQueueFull() && !drained.await(60, TimeUnit.SECONDS)) {
                        response.reset();
                        return;
                    }
                }
            }
            response.end();
        } catch (Exception e) {
            log.warn("download of file {} failed: {}", download.file().id(), e.toString());
            response.reset();
        }
    }
}
