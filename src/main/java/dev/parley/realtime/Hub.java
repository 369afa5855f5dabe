package dev.parley.realtime;

import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes committed events to this node's connections. A connection listens either as a user (it
 * receives the events whose audience holds that user) or to one thread (anonymous support visitors).
 * Dispatch never blocks: each connection has a bounded queue (see {@link Connection}).
 *
 * <p>A user may hold at most {@code maxPerUser} connections on this node, and so may the anonymous watchers
 * of one thread; the node holds at most {@code maxTotal} connections in all. The caps are per node, not
 * across a cluster.
 */
public final class Hub {
    private final Map<UserId, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<ThreadId, Set<Connection>> byThread = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int queueCap;
    private final int maxPerUser;
    private final int maxTotal;
    /** Why a connection over a per-key cap is refused (built once, not at every registration). */
    private final String userCap;
    private final String watcherCap;

    /** A hub with no cap on connections. */
    public Hub(int queueCap) {
        this(queueCap, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param queueCap   frames a connection may have pending before it is dropped as a slow consumer
     * @param maxPerUser live connections one user, or the watchers of one thread, may hold on this node
     * @param maxTotal   live connections this node holds in all
     */
    public Hub(int queueCap, int maxPerUser, int maxTotal) {
        if (maxPerUser < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("the caps must be at least 1, were " + maxPerUser + " and " + maxTotal);
        }
        this.queueCap = queueCap;
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
        this.userCap = "a user may hold at most " + maxPerUser + " at once; close one first";
        this.watcherCap = "a thread may be watched by at most " + maxPerUser + " connections at once";
    }

    /**
     * Registers a connection of {@code user}; events for that user reach it until it is closed.
     *
     * @throws ParleyException {@link ErrorCode#RATE_LIMITED} when the user already holds {@code
     *                         maxPerUser} connections on this node, {@link ErrorCode#UNAVAILABLE} when the
     *                         node holds {@code maxTotal}; nothing is registered then
     */
    public Connection register(UserId user, Renderer renderer, Transport transport) {
        Connection c = new Connection(user, renderer, transport, queueCap, this::unregister);
        addUser(user, c);
        return c;
    }

    /**
     * Registers a connection of {@code user} that holds live events back until its {@link
     * Connection#resume} (a transport that first sends a greeting or a replay, with nothing before it).
     *
     * @throws ParleyException over a cap, as {@link #register}
     */
    public Connection registerHeld(UserId user, Renderer renderer, Transport transport) {
        Connection c = new Connection(user, renderer, transport, queueCap, this::unregister);
        c.pause();
        addUser(user, c);
        return c;
    }

    /**
     * Registers an anonymous connection that listens to every event of one thread.
     *
     * @throws ParleyException {@link ErrorCode#RATE_LIMITED} when the thread has {@code maxPerUser} watchers
     *                         on this node, {@link ErrorCode#UNAVAILABLE} when the node holds {@code
     *                         maxTotal} connections; nothing is registered then
     */
    public Connection registerThread(ThreadId thread, Renderer renderer, Transport transport) {
        Connection c = new Connection(null, renderer, transport, queueCap, this::unregister);
        c.thread = thread;
        add(byThread, thread, c, watcherCap);
        return c;
    }

    private void addUser(UserId user, Connection c) {
        add(byUser, user, c, userCap);
    }

    /*
     * Adding inside compute() matters: adding to a set fetched earlier could land in a set that a
     * concurrent unregister has just emptied and dropped from the map, and the connection would never
     * receive an event (a reconnect racing the old connection's close). The per-key cap is checked inside
     * the same compute(), which runs atomically per key, and unregister removes inside computeIfPresent():
     * two connections racing for the last slot cannot both see room. The node's slot is taken first, by
     * compare-and-set on the count (connections of different keys race for it), and given back when the
     * key refuses.
     */
    private <K> void add(Map<K, Set<Connection>> map, K key, Connection c, String perKeyCap) {
        if (!takeNodeSlot()) {
            throw new ParleyException(ErrorCode.UNAVAILABLE, "too many connections: this node holds its maximum of "
                    + maxTotal + "; try again later or another node");
        }
        boolean[] added = {false};
        map.compute(key, (k, set) -> {
            Set<Connection> s = set != null ? set : ConcurrentHashMap.newKeySet();
            if (s.size() < maxPerUser && s.add(c)) {
                added[0] = true;
            }
            return s.isEmpty() ? null : s;
        });
        if (!added[0]) {
            count.decrementAndGet();
            throw new ParleyException(ErrorCode.RATE_LIMITED, "too many connections: " + perKeyCap);
        }
    }

    private boolean takeNodeSlot() {
        while (true) {
            int now = count.get();
            if (now >= maxTotal) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** The bus consumer: hands the event to every local connection that may see it. */
    public void dispatch(CommittedEvent event) {
        for (UserId user : event.audience()) {
            Set<Connection> connections = byUser.get(user);
            if (connections != null) {
                for (Connection c : connections) {
                    c.offer(event);
                }
            }
        }
        Set<Connection> watchers = byThread.get(event.event().thread());
        if (watchers != null) {
            for (Connection c : watchers) {
                c.offer(event);
            }
        }
    }

    public boolean online(UserId user) {
        Set<Connection> set = byUser.get(user);
        return set != null && !set.isEmpty();
    }

    public int connections() {
        return count.get();
    }

    /** Closes every connection (shutdown) with the given close code. */
    public void closeAll(int code, String reason) {
        byUser.values().forEach(set -> set.forEach(c -> c.close(code, reason)));
        byThread.values().forEach(set -> set.forEach(c -> c.close(code, reason)));
    }

    private void unregister(Connection c) {
        if (c.user() != null) {
            remove(byUser, c.user(), c);
        } else {
            remove(byThread, c.thread, c);
        }
    }

    /*
     * The count moves inside the same compute as the set, before the map publishes a dropped entry:
     * whoever sees a user's last connection gone (hub.online false) also sees the count without it.
     */
    private <K> void remove(Map<K, Set<Connection>> map, K key, Connection c) {
        map.computeIfPresent(key, (k, set) -> {
            if (set.remove(c)) {
                count.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }
}
