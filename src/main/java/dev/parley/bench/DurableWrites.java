package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 3: closed-loop senders, each in its own two-member thread, each sending its next message
 * as soon as the previous one is acknowledged (that is, committed). Acknowledged messages per second
 * is the figure; the latency reported is the ack latency.
 */
final class DurableWrites {
    private DurableWrites() {}

    static List<Result> run(Bench b, Target t, String db) throws Exception {
        Plan p = b.plan();
        int most = p.writeSenders().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<String> users = t.users("dw-" + Target.random().substring(0, 6), most + 1);
        String peer = users.get(most);
        List<String> threads = Rest.parallel(most, 8, i -> t.rest.createThread(t.token(users.get(i)),
                Map.of("kind", "custom", "name", "writes " + i, "members", List.of(users.get(i), peer))));
        if (!t.warm) {
            // A cold server spends the first seconds compiling (JIT): on 2 cores that would be what the
            // short windows measure. Warm it with the heaviest step first, as the fan-out warm-up does.
            b.say("durable_writes_%s: warming the server up for %d s", db, p.fanoutWarmup().toSeconds());
            measure(b, t, "warm-up", most, users, threads, db, p.fanoutWarmup());
            t.warm = true;
        }
        List<Result> results = new ArrayList<>();
        for (int senders : p.writeSenders()) {
            results.add(measure(b, t, "durable_writes_" + db + "_" + senders, senders, users, threads, db,
                    p.writeDuration()));
        }
        return results;
    }

    private static Result measure(Bench b, Target t, String name, int senders, List<String> users,
                                  List<String> threads, String db, Duration window) throws Exception {
        Plan p = b.plan();
        Tallies tallies = new Tallies(2);
        Clients.Opened opened = b.clients().openAll(t.port(), senders, 32, i -> t.wsUri(users.get(i)), tallies);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            if (opened.failed() > 0) {
                return Result.failed(name, opened.failed() + " connections failed: " + opened.firstFailure());
            }
            tallies.onAnswer(sock -> {
                if (running.get()) {
                    send(tallies, sock, threads);
                }
            });
            for (Sock s : opened.socks()) {
                send(tallies, s, threads);
            }
            Thread.sleep(p.writeWarmup().toMillis());
            tallies.current(1);
            long cpuBefore = t.node.cpuMillis();
            long postgresBefore = t.postgresCpuMillis();
            var threadsBefore = ProcFs.threads(t.node.pid());
            StoreFigures store = StoreFigures.start(t);
            ProcFs.MachineCpu machineBefore = ProcFs.machineCpu();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            Tally m = tallies.run(1);
            long acked = m.acked.sum() - m.duplicates.sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpuMs = t.node.cpuMillis() - cpuBefore;
            var threadsAfter = ProcFs.threads(t.node.pid());
            var byThread = ProcFs.cpuSecondsBetween(threadsBefore, threadsAfter);
            var machine = ProcFs.machineCpu().since(machineBefore);
            long postgresMs = Target.between(postgresBefore, t.postgresCpuMillis());
            running.set(false);
            Thread.sleep(200);

            double perS = Latency.round(acked / seconds);
            Result r = new Result(name)
                    .put("database", db)
                    .put("senders", senders)
                    .put("acked", acked)
                    .put("writes_per_s", perS)
                    .putAll(m.ack.figures(""))
                    .put("errors", m.errors.sum() + tallies.run(0).errors.sum())
                    .put("duplicate_acks", m.duplicates.sum())
                    .put("server_cpu_s", cpuMs / 1e3)
                    .put("server_cpu_s_by_thread", byThread)
                    .put("server_runq_wait_s_by_thread", ProcFs.waitSecondsBetween(threadsBefore, threadsAfter))
                    .put("server_cpu_us_per_write", acked == 0 ? null : Latency.round(cpuMs * 1e3 / acked))
                    .put("postgres_cpu_s", postgresMs < 0 ? null : postgresMs / 1e3)
                    .put("postgres_cpu_us_per_write",
                            postgresMs < 0 || acked == 0 ? null : Latency.round(postgresMs * 1e3 / acked))
                    .putAll(machine);
            String firstError = m.firstError.get() != null ? m.firstError.get() : tallies.run(0).firstError.get();
            if (firstError != null) {
                r.note("first error: " + firstError);
            }
            store.finish(t, r);
            if (senders == 64) {
                int goal = db.equals("postgresql") ? 20_000 : 10_000;
                r.target(">= " + goal + " acknowledged messages/s with 64 senders", perS >= goal);
            }
            return r;
        } finally {
            running.set(false);
            tallies.onAnswer(null);
            Clients.closeAll(opened.socks());
        }
    }

    private static void send(Tallies tallies, Sock sock, List<String> threads) {
        int run = tallies.current();
        tallies.run(run).sent.increment();
        sock.send(threads.get(sock.index), run, System.nanoTime());
    }
}
