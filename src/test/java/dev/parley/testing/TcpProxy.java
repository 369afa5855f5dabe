package dev.parley.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy to a real server (PostgreSQL, Redis) that a test can take down and bring back on
 * the same port: {@link #down()} closes the listener and cuts every open connection, as a database
 * restart or a network cut does to the client side; {@link #stall()} silences the open connections
 * without closing them. Used instead of restarting the machine's shared
 * PostgreSQL, which other test runs may be using at the same moment.
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpProxy(int targetPort, int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A proxy to 127.0.0.1:{@code targetPort} on a free loopback port, accepting connections. */
    public static TcpProxy to(int targetPort) throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        TcpProxy proxy = new TcpProxy(targetPort, free);
        proxy.up();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Starts accepting connections again on the same port. */
    public synchronized void up() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = server;
        java.lang.Thread.ofVirtual().start(() -> accept(server));
    }

    /**
     * Stops passing bytes on the connections open now, without closing them (a network cut with no
     * reset): each side waits for the other in vain. Connections made after this pass bytes.
     */
    public void stall() {
        stalled.addAll(sockets);
    }

    /** Stops accepting and cuts every connection through the proxy. */
    public synchronized void down() throws IOException {
        ServerSocket server = listener;
        listener = null;
        if (server != null) {
            server.close();
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                java.lang.Thread.ofVirtual().start(() -> pipe(client, target));
                java.lang.Thread.ofVirtual().start(() -> pipe(target, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (stalled.contains(from)) {
                    continue; // swallowed: the other side never hears of it
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
            stalled.remove(from);
            stalled.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
