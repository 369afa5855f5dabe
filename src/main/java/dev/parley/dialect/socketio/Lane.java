package dev.parley.dialect.socketio;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where all the Engine.IO work of one connection runs: the Vert.x context its handshake arrived on, one
 * task at a time, in submission order. engine.io-server is not thread-safe per socket, while its input
 * arrives on several HTTP connections (a poll, a post, the WebSocket upgrade) and its output comes from
 * the hub and from finished core calls; funnelling both through one lane keeps them serial.
 */
final class Lane {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);

    private final Context context;

    private Lane(Context context) {
        this.context = context;
    }

    /** The lane of the calling Vert.x context (request handlers always have one). */
    static Lane current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context");
        }
        return new Lane(context);
    }

    /** Runs the task on this lane: now when already there, else after the tasks queued before it. */
    void run(Runnable task) {
        if (Vertx.currentContext() == context) {
            guarded(task);
        } else {
            context.runOnContext(v -> guarded(task));
        }
    }

    Context context() {
        return context;
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("socket.io task failed", e);
        }
    }
}
