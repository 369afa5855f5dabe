package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Scenarios 1, 2 and 6: users in rooms of {@code fanoutThreadSize}, each sending on a fixed rhythm;
 * every message must reach the other members. The same driver runs against Parley and the baseline
 * server; only how a user connects and how a room is named differ.
 */
final class Fanout {
    private Fanout() {}

    /** The users and threads of a fan-out run on Parley, made once and used by every protocol. */
    record Rooms(List<String> users, List<String> threads) {}

    static Rooms rooms(Bench b, Target t) throws Exception {
        Plan p = b.plan();
        List<String> users = t.users("fan-" + Target.random().substring(0, 6), p.fanoutUsers());
        int count = p.fanoutUsers() / p.fanoutThreadSize();
        List<String> threads = Rest.parallel(count, 8, r -> {
            List<String> members = users.subList(r * p.fanoutThreadSize(), (r + 1) * p.fanoutThreadSize());
            return t.rest.createThread(t.token(members.get(0)),
                    Map.of("kind", "custom", "name", "fanout " + r, "members", members));
        });
        b.say("fanout: %d users in %d threads created", users.size(), threads.size());
        return new Rooms(users, threads);
    }

    /** Parley's native WebSocket. */
    static Result parley(Bench b, Target t, Rooms rooms, String name) throws Exception {
        int size = b.plan().fanoutThreadSize();
        return drive(b, name, List.of(t.node), t, i -> t.wsUri(rooms.users().get(i)), null,
                i -> rooms.threads().get(i / size), warmUp(b, t));
    }

    /**
     * The fan-out warm-up's least time; half of it on a server that is warm already (most of its send
     * path compiled). {@link #warm} may go on until its JIT has settled.
     */
    private static Duration warmUp(Bench b, Target t) {
        Duration full = b.plan().fanoutWarmup();
        return t.warm ? full.dividedBy(2) : full;
    }

    /** The socketio dialect: Socket.IO over WebSocket, {@code new-message} to the thread's room. */
    static Result socketIo(Bench b, Target t, Rooms rooms, String name) throws Exception {
        int size = b.plan().fanoutThreadSize();
        return drive(b, name, List.of(t.node), t, i -> "/socket.io/?EIO=4&transport=websocket",
                i -> t.token(rooms.users().get(i)), i -> rooms.threads().get(i / size), warmUp(b, t));
    }

    /**
     * Scenario 1's load on a cluster ({@link Target#cluster}): socket {@code i} on node {@code i % n}, so
     * each room has members on every node and most deliveries cross the bus. Store figures are the
     * first node's.
     */
    static Result cluster(Bench b, List<Target> cluster, Rooms rooms, String name) throws Exception {
        int size = b.plan().fanoutThreadSize();
        Target first = cluster.getFirst();
        return drive(b, name, cluster.stream().map(t -> t.node).toList(), first,
                i -> first.wsUri(rooms.users().get(i)), null, i -> rooms.threads().get(i / size), b.plan().fanoutWarmup());
    }

    /** The bare Vert.x broadcast server: rooms named in the connect URI. */
    static Result baseline(Bench b, Node node, String name) throws Exception {
        int size = b.plan().fanoutThreadSize();
        return drive(b, name, List.of(node), null, i -> "/ws?user=" + i + "&rooms=room-" + (i / size), null,
                i -> "room-" + (i / size), b.plan().fanoutWarmup());
    }

    /**
     * Drives {@code nodes}, socket {@code i} on node {@code i % nodes.size()}; {@code parley} is the first
     * node as a Parley target (for its store figures), else null. CPU figures are the nodes' sum.
     */
    static Result drive(Bench b, String name, List<Node> nodes, Target parley, IntFunction<String> uri,
                        IntFunction<String> socketIoToken, IntFunction<String> threadOf, Duration warmUp)
            throws Exception {
        Plan p = b.plan();
        Tallies tallies = new Tallies(2);
        Clients.Opened opened = b.clients().openAll(i -> nodes.get(i % nodes.size()).port(), p.fanoutUsers(), 64, uri,
                socketIoToken, tallies);
        try {
            if (opened.failed() > 0) {
                return Result.failed(name, opened.failed() + " of " + p.fanoutUsers()
                        + " connections failed: " + opened.firstFailure());
            }
            List<Sock> socks = opened.socks();
            List<Sock> order = new ArrayList<>(socks);
            Collections.shuffle(order, new Random(7));
            double rate = p.fanoutUsers() * p.fanoutSendsPerUserPerS();
            b.say("%s: %d connections open; warming up %d s, then %.0f sends/s for %d s", name, socks.size(),
                    warmUp.toSeconds(), rate, p.fanoutDuration().toSeconds());
            if (parley != null) {
                // Scraped once before the warm-up, as a metrics scraper would have by then: the store
                // figures are read from /metrics at the window's start, and a node's first scrape ran
                // code it had not run before, with a burst of JIT compilation (up to a core for two
                // seconds) and a latency spike in the first seconds measured (docs/performance.md,
                // session 11).
                StoreFigures.start(parley);
            }
            warm(b, name, nodes, tallies, order, threadOf, rate, warmUp);
            tallies.awaitDeliveries(0, tallies.run(0).sent.sum() * (p.fanoutThreadSize() - 1),
                    p.drain().toNanos());

            Tally warm = tallies.run(0);
            long cpuBefore = cpuMillis(nodes);
            var threadsBefore = threads(nodes);
            long clientCpuBefore = ProcFs.cpuMillis(ProcessHandle.current().pid());
            ProcFs.MachineCpu machineBefore = ProcFs.machineCpu();
            StoreFigures store = parley == null ? null : StoreFigures.start(parley);
            long start = System.nanoTime();
            tallies.run(1).start(start);
            load(b, tallies, 1, order, threadOf, rate, p.fanoutDuration().toNanos());
            Tally m = tallies.run(1);
            long expected = m.sent.sum() * (p.fanoutThreadSize() - 1);
            tallies.awaitDeliveries(1, expected, p.drain().toNanos());
            long delivered = m.delivered.sum();
            long cpuMs = cpuMillis(nodes) - cpuBefore;
            var threadsAfter = threads(nodes);
            var byThread = ProcFs.cpuSecondsBetween(threadsBefore, threadsAfter);
            long clientCpuMs = ProcFs.cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore;
            var machine = ProcFs.machineCpu().since(machineBefore);
            double seconds = Math.max(p.fanoutDuration().toNanos(), m.lastDeliveryNanos.get() - start) / 1e9;

            Result r = new Result(name)
                    .put("connections", socks.size())
                    .put("threads", p.fanoutUsers() / p.fanoutThreadSize())
                    .put("offered_sends_per_s", rate)
                    .put("sent", m.sent.sum())
                    .put("acked", m.acked.sum())
                    .put("deliveries", delivered)
                    .put("expected_deliveries", expected)
                    .put("delivered_ratio", ratio(delivered, expected))
                    .put("deliveries_per_s", Latency.round(delivered / seconds))
                    .putAll(m.endToEnd.figures(""))
                    .putAll(m.ack.figures("ack_"))
                    .putAll(m.bySecond())
                    .put("errors", m.errors.sum())
                    .put("sockets_closed_by_server", warm.closed.sum() + m.closed.sum())
                    .put("first_close", warm.firstClose.get() != null ? warm.firstClose.get() : m.firstClose.get())
                    .put("duplicate_acks", m.duplicates.sum())
                    .put("server_cpu_s", cpuMs / 1e3)
                    .put("server_cpu_s_by_thread", byThread)
                    .put("server_runq_wait_s_by_thread", ProcFs.waitSecondsBetween(threadsBefore, threadsAfter))
                    .put("server_cpu_us_per_delivery", delivered == 0 ? null : Latency.round(cpuMs * 1e3 / delivered))
                    .put("client_cpu_s", clientCpuMs / 1e3)
                    .putAll(machine)
                    .put("warmup_sent", warm.sent.sum())
                    .put("warmup_acked", warm.acked.sum())
                    .put("warmup_deliveries", warm.delivered.sum());
            if (store != null) {
                store.finish(parley, r);
            }
            String firstError = m.firstError.get() != null ? m.firstError.get() : warm.firstError.get();
            if (firstError != null) {
                r.note("first error: " + firstError);
            }
            return r;
        } finally {
            Clients.closeAll(opened.socks());
        }
    }

    /**
     * The warm-up: the offered load for {@code warmUp}, then on, a second at a time, until the JIT has
     * settled ({@link Jit}) or the plan's {@code fanoutWarmupLimit} is reached (half of it where the
     * least time is halved, on a warm server). Deliveries of the
     * warm-up are counted apart from the measured run's.
     */
    private static void warm(Bench b, String name, List<Node> nodes, Tallies tallies, List<Sock> order,
                             IntFunction<String> threadOf, double rate, Duration warmUp) throws Exception {
        long start = System.nanoTime();
        Plan p = b.plan();
        double share = (double) warmUp.toNanos() / p.fanoutWarmup().toNanos();
        long limit = start + Math.max(warmUp.toNanos(), (long) (p.fanoutWarmupLimit().toNanos() * share));
        Jit jit = new Jit(nodes.stream().map(Node::pid).toList());
        load(b, tallies, 0, order, threadOf, rate, warmUp.toNanos());
        long lastSecond = jit.sinceLast();
        while (System.nanoTime() < limit) {
            load(b, tallies, 0, order, threadOf, rate, 1_000_000_000L);
            lastSecond = jit.sinceLast();
            if (lastSecond < Jit.QUIET_MS) {
                break;
            }
        }
        b.say("%s: warmed up for %.1f s (JIT CPU in the last second: %d ms)", name,
                (System.nanoTime() - start) / 1e9, lastSecond);
    }

    private static long cpuMillis(List<Node> nodes) {
        return nodes.stream().mapToLong(Node::cpuMillis).sum();
    }

    /** The threads of every node (thread ids are unique across processes, so the maps merge). */
    private static Map<Long, ProcFs.ThreadCpu> threads(List<Node> nodes) {
        Map<Long, ProcFs.ThreadCpu> all = new HashMap<>();
        nodes.forEach(n -> all.putAll(ProcFs.threads(n.pid())));
        return all;
    }

    private static void load(Bench b, Tallies tallies, int run, List<Sock> order, IntFunction<String> threadOf,
                             double rate, long nanos) throws Exception {
        tallies.current(run);
        Tally tally = tallies.run(run);
        Pacer.run(b.clients().vertx, rate, nanos, n -> {
            Sock s = order.get((int) (n % order.size()));
            tally.sent.increment();
            s.send(threadOf.apply(s.index), run, System.nanoTime());
        }).toCompletionStage().toCompletableFuture().get();
    }

    /**
     * Compares Parley's fanout with the ceiling measured in the same run (issue 7 targets), and, for
     * information, with the durable ceiling's p99 when it ran ({@code durable} may be null).
     */
    static void judge(Result parley, Result baseline, Result durable) {
        if (parley == null || baseline == null || !parley.status.equals("ok") || !baseline.status.equals("ok")) {
            return;
        }
        if (ok(durable)) {
            parley.put("p99_vs_durable_baseline", Latency.round(parley.number("p99_ms") / durable.number("p99_ms")));
        }
        double throughput = parley.number("deliveries_per_s") / baseline.number("deliveries_per_s");
        double p99 = parley.number("p99_ms") / baseline.number("p99_ms");
        parley.put("deliveries_vs_baseline", Latency.round(throughput));
        parley.put("p99_vs_baseline", Latency.round(p99));
        parley.target("100% delivered, deliveries/s >= 90% of baseline, p99 <= 2x baseline",
                parley.number("delivered_ratio") >= 1.0 && throughput >= 0.9 && p99 <= 2.0);
    }

    /** For information, no target: a result's throughput and p99 against the ceiling's, once both have run. */
    static void compare(Result result, Result baseline) {
        if (ok(result) && ok(baseline)) {
            result.put("deliveries_vs_baseline", Latency.round(result.number("deliveries_per_s")
                    / baseline.number("deliveries_per_s")));
            result.put("p99_vs_baseline", Latency.round(result.number("p99_ms") / baseline.number("p99_ms")));
        }
    }

    private static boolean ok(Result r) {
        return r != null && r.status.equals("ok");
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round((double) part / whole * 1e6) / 1e6;
    }
}
