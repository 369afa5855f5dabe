package dev.parley.web;

import dev.parley.core.Futures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs blocking work (JDBC, files) on virtual threads, never on an event loop, and hands the result
 * back to the caller's Vert.x context. Shutdown waits for work in flight so writes finish.
 */
public final class Blocking implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Runs {@code work} on a virtual thread, then {@code done} (with the result) or {@code failed} on
     * the current Vert.x context.
     */
    public <T> void run(Supplier<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        Context context = Vertx.currentContext();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.get();
                } catch (Throwable t) {
                    onContext(context, () -> failed.accept(t));
                    return;
                }
                onContext(context, () -> done.accept(result));
            });
        } catch (RejectedExecutionException e) {
            failed.accept(dev.parley.core.ParleyException.unavailable("the server is shutting down", e));
        }
    }

    /**
     * Runs {@code work} on a virtual thread, which ends as soon as the work returns its stage (a send
     * queued for the store's writer), without waiting for it; when the stage completes, on whichever
     * thread completes it, {@code done} (with the result) or {@code failed} runs on the current Vert.x
     * context. No virtual thread parks and wakes up again per request.
     */
    public <T> void runAsync(Supplier<? extends CompletionStage<T>> work, Consumer<T> done,
                             Consumer<Throwable> failed) {
        Context context = Vertx.currentContext();
        try {
            executor.execute(() -> {
                CompletionStage<T> stage;
                try {
                    stage = work.get();
                } catch (Throwable t) {
                    onContext(context, () -> failed.accept(t));
                    return;
                }
                handBack(context, stage, done, failed);
            });
        } catch (RejectedExecutionException e) {
            failed.accept(dev.parley.core.ParleyException.unavailable("the server is shutting down", e));
        }
    }

    /**
     * When {@code stage} completes, on whichever thread completes it, runs {@code done} (with the result)
     * or {@code failed} on the current Vert.x context: for a stage started without blocking, on the
     * context itself.
     */
    public static <T> void whenComplete(CompletionStage<T> stage, Consumer<T> done, Consumer<Throwable> failed) {
        handBack(Vertx.currentContext(), stage, done, failed);
    }

    private static <T> void handBack(Context context, CompletionStage<T> stage, Consumer<T> done,
                                     Consumer<Throwable> failed) {
        stage.whenComplete((result, t) -> {
            if (t != null) {
                onContext(context, () -> failed.accept(Futures.cause(t)));
            } else {
                onContext(context, () -> done.accept(result));
            }
        });
    }

    /** Runs blocking work on a virtual thread, without a reply. */
    public void execute(Runnable work) {
        executor.execute(work);
    }

    private static void onContext(Context context, Runnable r) {
        if (context == null) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    /** Stops taking work and waits (bounded) for the work in flight. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }
}
