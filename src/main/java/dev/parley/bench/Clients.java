package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/** The load generator's WebSocket side: one small Vert.x with a client allowed thousands of sockets. */
final class Clients implements AutoCloseable {
    final Vertx vertx;
    final WebSocketClient client;

    /** The sockets that opened, in index order, and why the others did not. */
    record Opened(List<Sock> socks, int failed, String firstFailure) {}

    Clients() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(1_000_000).setConnectTimeout(30_000)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20));
    }

    /**
     * Opens {@code count} sockets, {@code uri.apply(i)} for socket i, with at most {@code parallel}
     * handshakes in flight (a burst of thousands would overflow the server's accept backlog).
     */
    Opened openAll(int port, int count, int parallel, IntFunction<String> uri, Sock.Listener listener)
            throws InterruptedException {
        return openAll(port, count, parallel, uri, null, listener);
    }

    /** As above; with {@code socketIoToken} the sockets speak Socket.IO and authenticate with its token. */
    Opened openAll(int port, int count, int parallel, IntFunction<String> uri, IntFunction<String> socketIoToken,
                   Sock.Listener listener) throws InterruptedException {
        return openAll(i -> port, count, parallel, uri, socketIoToken, listener);
    }

    /** As above, socket {@code i} to port {@code portOf(i)} (the nodes of a cluster). */
    Opened openAll(IntUnaryOperator portOf, int count, int parallel, IntFunction<String> uri,
                   IntFunction<String> socketIoToken, Sock.Listener listener) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        List<Sock> socks = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            Future<Sock> f = Sock.open(client, portOf.applyAsInt(i), uri.apply(i), socketIoToken == null ? null : socketIoToken.apply(i),
                    i, listener);
            all.add(f.toCompletionStage().toCompletableFuture().handle((sock, err) -> {
                slots.release();
                if (sock != null) {
                    socks.add(sock);
                } else {
                    firstFailure.compareAndSet(null, String.valueOf(err.getMessage()));
                }
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            firstFailure.compareAndSet(null, "timed out opening sockets");
        }
        List<Sock> sorted = new ArrayList<>(socks);
        sorted.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Opened(sorted, count - sorted.size(), firstFailure.get());
    }

    static void closeAll(List<Sock> socks) {
        socks.forEach(Sock::close);
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort at the end of a run
        }
    }
}
