package dev.parley.dialect.socketio;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The client ids of the messages one socket sent whose broadcast it has not seen yet: the socket's own
 * messages are answered, not broadcast back to it. An id is forgotten as soon as the broadcast of its
 * message came by, so the set holds about the messages in flight, not the last {@value #MAX} sent: the
 * ids kept until they were pushed out lived for a minute at the fan-out's rate and were promoted to the
 * old generation, one for every message sent. A send that never commits (refused, or a retry answered
 * with the stored message) leaves its id behind; the oldest go beyond {@value #MAX}. Thread-safe: ids
 * are remembered on the connection's lane and seen on the hub's publisher thread.
 */
final class OwnClientIds {
    static final int MAX = 256;

    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    synchronized void remember(String clientId) {
        ids.add(clientId);
        if (ids.size() > MAX) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Whether this socket sent the message with this client id; the id is forgotten then. */
    synchronized boolean takeBack(String clientId) {
        return ids.remove(clientId);
    }

    synchronized int size() {
        return ids.size();
    }
}
