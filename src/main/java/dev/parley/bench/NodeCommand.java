package dev.parley.bench;

import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/**
 * The child side of {@link Node}: serves Parley (settings from the environment) or the baseline
 * broadcast server on a random port until stdin closes. Not meant to be run by hand.
 */
@Command(name = "node", hidden = true, description = "Internal: a server under benchmark (see Node).")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--kind", required = true, description = "parley, baseline or durable_baseline")
    String kind;

    @Override
    public Integer call() throws Exception {
        AutoCloseable server;
        int port;
        LongSupplier connections;
        switch (kind) {
            case "parley" -> {
                ParleyServer s = ParleyServer.start(Config.fromEnvironment());
                server = s;
                port = s.port();
                connections = () -> s.hub().connections();
            }
            case "baseline" -> {
                BaselineServer b = BaselineServer.start("127.0.0.1", 0, null);
                server = b;
                port = b.port();
                connections = b::connections;
            }
            case "durable_baseline" -> {
                // In the temporary directory, on the same file system as the bench's Parley data.
                BaselineServer b = BaselineServer.start("127.0.0.1", 0,
                        new GroupLog(Files.createTempDirectory("parley-bench-log-")));
                server = b;
                port = b.port();
                connections = b::connections;
            }
            default -> throw new IllegalArgumentException("unknown node kind " + kind);
        }
        System.out.println(Node.PREFIX + "port=" + port);
        System.out.flush();
        try (server; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stats")) {
                    System.out.println(Node.PREFIX + stats(connections));
                } else if (line.startsWith("histogram ")) {
                    Files.writeString(Path.of(line.substring("histogram ".length()).trim()), histogram());
                    System.out.println(Node.PREFIX + "histogram=done");
                }
                System.out.flush();
            }
        }
        return 0;
    }

    /** The live-object class histogram (what {@code jcmd <pid> GC.class_histogram} prints). */
    private static String histogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    private static String stats(LongSupplier connections) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "rss_kb=" + ProcFs.rssKb(ProcessHandle.current().pid()) + " heap_used=" + heap
                + " connections=" + connections.getAsLong();
    }
}
