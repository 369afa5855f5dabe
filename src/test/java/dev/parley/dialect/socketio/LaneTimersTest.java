package dev.parley.dialect.socketio;

import io.netty.channel.Channel;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LaneTimersTest {
    private Vertx vertx;
    private LaneTimers timers;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        timers = new LaneTimers();
    }

    @AfterEach
    void stop() throws Exception {
        timers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_timer_set_on_an_event_loop_context_runs_on_that_context_unless_cancelled() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Context> ranOn = new CompletableFuture<>();
        CompletableFuture<Boolean> cancelledRan = new CompletableFuture<>();
        context.runOnContext(v -> {
            Runnable neverRuns = () -> cancelledRan.complete(true);
            ScheduledFuture<?> cancelled = timers.schedule(neverRuns, 20, TimeUnit.MILLISECONDS);
            assertThat(cancelled.cancel(false)).isTrue();
            Runnable ran = () -> ranOn.complete(Vertx.currentContext());
            timers.schedule(ran, 40, TimeUnit.MILLISECONDS);
        });
        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isSameAs(context);
        Thread.sleep(100);
        assertThat(cancelledRan).isNotDone();
    }

    @Test
    void a_timer_set_off_the_event_loops_still_runs() throws Exception {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        Runnable task = () -> ran.complete(Vertx.currentContext() == null);
        timers.schedule(task, 10, TimeUnit.MILLISECONDS);
        assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A ping written from elsewhere than the lane raced the connection's own frames and stalled the server. */
    @Test
    void engine_io_pings_a_websocket_from_its_lane() throws Exception {
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setScheduledExecutorService(timers);
        options.setPingInterval(50);
        options.setPingTimeout(5_000);
        EngineIoServer engine = new EngineIoServer(options);
        CompletableFuture<Context> lane = new CompletableFuture<>();
        BlockingQueue<Boolean> pingedOnLane = new LinkedBlockingQueue<>();
        engine.on("connection", args -> ((EngineIoSocket) args[0]).on("flush", (socket, flushed) -> {
            for (Object p : (Collection<?>) flushed[0]) {
                if (Packet.PING.equals(((Packet<?>) p).type)) {
                    pingedOnLane.add(Vertx.currentContext() != null && Vertx.currentContext() == lane.getNow(null));
                }
            }
        }));
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            Channel channel = VertxEngineWebSocket.channelOf(request);
            Lane l = Lane.current();
            request.toWebSocket().onSuccess(ws -> {
                VertxEngineWebSocket adapter = new VertxEngineWebSocket(ws, channel,
                        Map.of("EIO", "4", "transport", "websocket"), Map.of(), l);
                lane.complete(l.context());
                l.run(() -> engine.handleWebSocket(adapter));
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        var peer = client.connect(server.actualPort(), "127.0.0.1", "/?EIO=4&transport=websocket")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        peer.textMessageHandler(text -> {
            received.add(text);
            if (text.equals("2")) {
                peer.writeTextMessage("3");
            }
        });

        for (int ping = 0; ping < 3; ping++) {
            assertThat(pingedOnLane.poll(5, TimeUnit.SECONDS)).as("ping " + ping + " written on the lane").isTrue();
        }
        assertThat(received).contains("2");
    }
}
