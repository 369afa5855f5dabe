package dev.parley.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a future the way the core's callers expect: its own exception, not a wrapper. */
public final class Futures {
    private Futures() {}

    /**
     * The future's value, waiting as long as it takes (the store answers or fails every write it took).
     * A failure is thrown as it was raised, so a caller sees the same {@link ParleyException} it would
     * have seen from a call that did not go through a future.
     */
    public static <T> T await(Future<T> future) {
        try {
            // An untimed wait: a timed one costs a virtual thread a timer on the scheduler's delay queue
            // (registered and cancelled once per write, about a seventh of the senders' CPU in the fan-out).
            return future.get();
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw ParleyException.unavailable("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw unwrapped(e.getCause());
        }
    }

    /** What a completion stage failed with, without its {@link CompletionException} wrapper. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** {@link #cause} as an unchecked exception to rethrow (an {@link Error} is thrown as it is). */
    public static RuntimeException unwrapped(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
