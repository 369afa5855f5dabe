package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM ({@code parley bench node}), started from the same classpath as
 * this process. Running it apart makes its RSS its own, keeps the load generator's garbage and
 * threads out of its heap and CPU accounting, and gives each side its own file-descriptor limit.
 * It talks over its stdin/stdout: it prints {@code BENCH-NODE port=…} when listening, answers
 * {@code stats}, and shuts down when its stdin closes (so it never outlives the bench).
 */
final class Node implements AutoCloseable {
    static final String PREFIX = "BENCH-NODE ";
    /**
     * How the server nodes run: the settings docs/operations.md recommends for a node with many idle
     * sockets (G1, and committed heap given back down to 40% free after a full collection, so RSS
     * follows the live heap instead of the allocation peak of a connection burst), with a heap floor
     * high enough that the fan-out's ~40 MB of live data is not most of the heap (with -Xms64m G1
     * ran a concurrent cycle every half second and spent 2.5 of the window's 27 CPU seconds in GC).
     */
    static final List<String> SERVER_JVM_ARGS = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:MaxHeapFreeRatio=40");

    /** The server's memory as it reports it, after a full GC. */
    record Memory(long rssKb, long heapUsedBytes, long connections) {}

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final int port;

    private Node(String name, Process process, Writer log) throws IOException {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(log), "bench-node-" + name);
        pump.setDaemon(true);
        pump.start();
        this.port = Integer.parseInt(awaitReply("port=", 60).substring("port=".length()));
    }

    /**
     * Starts a node of {@code kind} ({@code parley} or {@code baseline}) with exactly the given
     * {@code PARLEY_*} settings (none are inherited from this process); its output goes to {@code log}.
     */
    static Node start(String name, String kind, Map<String, String> settings, List<String> extraJvmArgs,
                      Path log) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(SERVER_JVM_ARGS);
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.parley.server.Main");
        cmd.add("bench");
        cmd.add("node");
        cmd.add("--kind=" + kind);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        pb.environment().putAll(settings);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Process p = pb.start();
        try {
            return new Node(name, p, logWriter);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw new IOException("node " + name + " did not start (see " + log + "): " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the node has used so far, in milliseconds (from /proc; -1 elsewhere). */
    long cpuMillis() {
        return ProcFs.cpuMillis(process.pid());
    }

    /** Asks the node to collect garbage and report its RSS, used heap and live connections. */
    synchronized Memory memory() throws IOException {
        stdin.println("stats");
        String reply = awaitReply("rss_kb=", 60);
        long rss = -1, heap = -1, conns = -1;
        for (String part : reply.split(" ")) {
            String[] kv = part.split("=");
            switch (kv[0]) {
                case "rss_kb" -> rss = Long.parseLong(kv[1]);
                case "heap_used" -> heap = Long.parseLong(kv[1]);
                case "connections" -> conns = Long.parseLong(kv[1]);
                default -> { }
            }
        }
        return new Memory(rss, heap, conns);
    }

    /** Asks the node to write its live-object class histogram to {@code file}. */
    synchronized void histogram(Path file) throws IOException {
        stdin.println("histogram " + file.toAbsolutePath());
        awaitReply("histogram=", 120);
    }

    private String awaitReply(String startsWith, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() < deadline) {
                String line = replies.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(startsWith)) {
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    throw new IOException("node " + name + " exited with " + process.exitValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        throw new IOException("node " + name + " did not answer within " + seconds + " s");
    }

    private void pump(Writer log) {
        try (log; BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(PREFIX)) {
                    replies.add(line.substring(PREFIX.length()));
                } else {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
            }
        } catch (IOException e) {
            // the node is gone; awaitReply notices
        }
    }

    /** Closes the node's stdin (it shuts down gracefully) and waits; kills it if it hangs. */
    @Override
    public void close() {
        stdin.close();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
