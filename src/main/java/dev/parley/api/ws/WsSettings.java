package dev.parley.api.ws;

import java.time.Duration;

/**
 * The bounds of one WebSocket session.
 *
 * @param framesPerSecond   frames a client may send per second, sustained
 * @param frameBurst        frames a client may send at once before the rate applies
 * @param strikes           frames over the rate, in a row, after which the connection is closed
 * @param authTimeout       how long a connection without a credential may take to send its auth frame
 * @param maxQueuedRequests requests waiting for their turn before the server stops reading the socket
 */
public record WsSettings(int framesPerSecond, int frameBurst, int strikes, Duration authTimeout,
                         int maxQueuedRequests) {

    public static WsSettings of(int framesPerSecond, int frameBurst) {
        return new WsSettings(framesPerSecond, frameBurst, 10, Duration.ofSeconds(10), 64);
    }
}
