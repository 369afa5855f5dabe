package dev.parley.bench;

import java.util.List;

/**
 * Scenario 5: what an idle native WebSocket costs the server, as the growth of its RSS (VmRSS) and of
 * its live heap (after a full GC) between no connections and {@code idleConnections} connections,
 * each of a different user (the users are bulk-loaded before the server starts, see {@link Seed}). Both sides need a file descriptor per connection: when the limit (or the
 * local port range) is lower, it measures as many as fit and says so.
 */
final class Idle {
    private static final long SPARE_FDS = 512;

    private Idle() {}

    static Result run(Bench b) throws Exception {
        String name = "idle";
        int wanted = b.plan().idleConnections();
        long selfLimit = ProcFs.openFilesLimit(ProcessHandle.current().pid());
        long ports = ProcFs.localPorts();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-bench-idle-");
        List<String> users = Seed.users(dir, "idle", wanted);
        try (Target t = Target.start(b, "idle-sqlite", null, dir, true)) {
            long nodeLimit = ProcFs.openFilesLimit(t.node.pid());
            long fit = wanted;
            for (long limit : new long[] {selfLimit, nodeLimit, ports}) {
                if (limit > 0) {
                    fit = Math.min(fit, limit - SPARE_FDS);
                }
            }
            int n = (int) Math.max(0, fit);
            Result r = new Result(name);
            if (n < wanted) {
                r.note("measured " + n + " connections, not " + wanted + ": open-files limit " + selfLimit
                        + " here, " + nodeLimit + " in the server, " + ports + " local ports; raise `ulimit -n`");
            }
            if (n < 100) {
                r.status = "skipped";
                return r;
            }
            b.say("idle: %d users seeded; measuring the server before connecting %d sockets", wanted, n);
            Node.Memory before = t.node.memory();
            Clients.Opened opened = b.clients().openAll(t.port(), n, 128, i -> t.wsUri(users.get(i)), (s, f) -> { });
            try {
                int open = opened.socks().size();
                if (opened.failed() > 0) {
                    r.note(opened.failed() + " connections failed: " + opened.firstFailure());
                }
                Thread.sleep(2_000);
                Node.Memory after = t.node.memory();
                if (b.jfr()) {
                    t.node.histogram(b.outDir().resolve("idle-histogram.txt"));
                }
                double rssPerConn = Latency.round((after.rssKb() - before.rssKb()) / (double) open);
                double heapPerConn = Latency.round((after.heapUsedBytes() - before.heapUsedBytes()) / 1024.0 / open);
                r.put("connections", open)
                        .put("server_connections", after.connections())
                        .put("rss_kb_before", before.rssKb())
                        .put("rss_kb_after", after.rssKb())
                        .put("heap_kb_before", before.heapUsedBytes() / 1024)
                        .put("heap_kb_after", after.heapUsedBytes() / 1024)
                        .put("rss_kb_per_conn", rssPerConn)
                        .put("heap_kb_per_conn", heapPerConn)
                        .target("<= 32 KiB RSS per idle connection", rssPerConn <= 32);
                return r;
            } finally {
                Clients.closeAll(opened.socks());
            }
        }
    }
}
