package dev.parley.bus;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The bus over NATS core pub/sub (jnats): one connection publishes on a subject and subscribes to it
 * with echo off, reconnecting by itself without limit. While it is away, what it publishes waits in
 * the client's reconnect buffer; what others published meanwhile is lost to this node (its {@link
 * CursorOrder} sees the gap).
 */
final class NatsLink implements ClusterBus.Link {
    private static final Logger log = LoggerFactory.getLogger(NatsLink.class);

    private final Connection connection;
    private final String subject;

    /**
     * @param server  {@code nats://host:port}
     * @param subject the subject every node of the cluster uses
     * @param node    this node's id, the connection's name on the server
     * @param shown   the server as errors may show it (no credentials)
     */
    NatsLink(String server, String subject, String node, String shown) {
        this.subject = subject;
        Options options = new Options.Builder()
                .server(server)
                .connectionName("parley-" + node)
                .noEcho()
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(3))
                // A connection gone quiet (no RST, as in a network cut) is found within ~15 s, not 4 min.
                .pingInterval(Duration.ofSeconds(5))
                .maxPingsOut(2)
                .connectionListener((conn, event) -> {
                    if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                        log.warn("event bus: NATS {}", event);
                    }
                })
                .build();
        try {
            this.connection = Nats.connect(options);
        } catch (IOException e) {
            throw new IllegalStateException("NATS is unreachable at " + shown + ": "
                    + ClusterBus.withoutCredentials(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + shown, e);
        }
    }

    @Override
    public void send(byte[] payload) {
        connection.publish(subject, payload);
    }

    @Override
    public void listen(Consumer<byte[]> receiver) throws Exception {
        Dispatcher dispatcher = connection.createDispatcher(message -> receiver.accept(message.getData()));
        dispatcher.subscribe(subject);
        connection.flush(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
