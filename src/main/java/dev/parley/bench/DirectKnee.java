package dev.parley.bench;

import dev.parley.bench.Knee.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 7: one-to-one messages among {@code kneeUsers} users, each with {@code kneePeers} fixed
 * peers (the users on either side of it in a ring), at a total rate stepped up until a step fails the
 * {@link Knee} rule. Each pair has its direct thread, made over REST before the sweep.
 */
final class DirectKnee {
    private DirectKnee() {}

    static Result run(Bench b, Target t, String db) throws Exception {
        Plan p = b.plan();
        String name = "direct_knee_" + db;
        int n = p.kneeUsers();
        List<String> users = t.users("knee-" + Target.random().substring(0, 6), n);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int d = 1; d <= p.kneePeers() / 2; d++) {
                pairs.add(new int[] {i, (i + d) % n});
            }
        }
        List<String> pairThreads = Rest.parallel(pairs.size(), 8, k -> directThread(t, users, pairs.get(k)));
        List<List<String>> peerThreads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peerThreads.add(new ArrayList<>());
        }
        for (int k = 0; k < pairs.size(); k++) {
            peerThreads.get(pairs.get(k)[0]).add(pairThreads.get(k));
            peerThreads.get(pairs.get(k)[1]).add(pairThreads.get(k));
        }
        b.say("%s: %d users, %d direct threads created", name, n, pairThreads.size());

        int runs = p.kneeSteps().size() + 1;
        Tallies tallies = new Tallies(runs);
        Clients.Opened opened = b.clients().openAll(t.port(), n, 64, i -> t.wsUri(users.get(i)), tallies);
        try {
            if (opened.failed() > 0) {
                return Result.failed(name, opened.failed() + " connections failed: " + opened.firstFailure());
            }
            List<Sock> order = new ArrayList<>(opened.socks());
            Collections.shuffle(order, new Random(11));
            Random random = new Random(13);
            // A server that already ran the durable writes is warm: the first step's rate only needs
            // to get the new sockets going; a cold one gets the fan-out's warm-up.
            long warmUp = t.warm ? java.time.Duration.ofSeconds(2).toNanos() : p.fanoutWarmup().toNanos();
            step(b, tallies, 0, p.kneeSteps().get(0), warmUp, order, peerThreads, random);

            List<Step> steps = new ArrayList<>();
            List<Map<String, Object>> stepFigures = new ArrayList<>();
            for (int s = 0; s < p.kneeSteps().size(); s++) {
                int rate = p.kneeSteps().get(s);
                long cpuBefore = t.node.cpuMillis();
                long postgresBefore = t.postgresCpuMillis();
                var threadsBefore = ProcFs.threads(t.node.pid());
                ProcFs.MachineCpu machineBefore = ProcFs.machineCpu();
                String startedAt = Instant.now().toString();
                Step step = step(b, tallies, s + 1, rate, p.kneeStep().toNanos(), order, peerThreads, random);
                long cpuMs = t.node.cpuMillis() - cpuBefore;
                var threadsAfter = ProcFs.threads(t.node.pid());
                var byThread = ProcFs.cpuSecondsBetween(threadsBefore, threadsAfter);
                // The machine's window ends before the PostgreSQL reading, whose connection is not the step's work.
                var machine = ProcFs.machineCpu().since(machineBefore);
                long postgresMs = Target.between(postgresBefore, t.postgresCpuMillis());
                steps.add(step);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("offered_per_s", rate);
                f.put("started_at", startedAt);
                f.put("sent", step.sent());
                f.put("delivered", step.delivered());
                f.put("delivered_ratio", Fanout.ratio(step.delivered(), step.sent()));
                f.put("achieved_per_s", Latency.round(step.achievedPerS()));
                f.putAll(tallies.run(s + 1).endToEnd.figures(""));
                f.putAll(tallies.run(s + 1).bySecond());
                f.put("errors", tallies.run(s + 1).errors.sum());
                f.put("server_cpu_s", cpuMs / 1e3);
                f.put("server_cpu_s_by_thread", byThread);
                f.put("server_runq_wait_s_by_thread", ProcFs.waitSecondsBetween(threadsBefore, threadsAfter));
                if (postgresMs >= 0) {
                    f.put("postgres_cpu_s", postgresMs / 1e3);
                    f.put("postgres_cpu_us_per_message", step.sent() == 0 ? null
                            : Latency.round(postgresMs * 1e3 / step.sent()));
                }
                f.put("load_average_1m", ProcFs.load1());
                f.putAll(machine);
                f.put("passes", step.passes());
                if (!step.passes()) {
                    f.put("failure", step.failure());
                }
                stepFigures.add(f);
                b.say("%s: %d/s offered -> %.0f/s delivered, p99 %.1f ms%s", name, rate, step.achievedPerS(),
                        step.p99Ms(), step.passes() ? "" : " (fails: " + step.failure() + ")");
                if (!step.passes()) {
                    break;
                }
            }
            int knee = Knee.of(steps).orElse(0);
            Result r = new Result(name)
                    .put("database", db)
                    .put("users", n)
                    .put("peers_per_user", p.kneePeers())
                    .put("knee_msgs_per_s", knee);
            Map<String, Object> atKnee = stepFigures.stream()
                    .filter(f -> Integer.valueOf(knee).equals(f.get("offered_per_s"))).findFirst().orElse(Map.of());
            for (String k : List.of("delivered_ratio", "p50_ms", "p99_ms", "p999_ms")) {
                if (atKnee.containsKey(k)) {
                    r.put(k, atKnee.get(k));
                }
            }
            r.put("steps", stepFigures);
            stepFigures.stream().map(f -> f.get("machine_cpu_steal_pct")).filter(v -> v instanceof Double)
                    .map(v -> (Double) v).max(Double::compare).ifPresent(max -> r.put("machine_cpu_steal_pct_max", max));
            if (db.equals("postgresql")) {
                r.target(">= 5000 msgs/s on PostgreSQL", knee >= 5_000);
            }
            String err = tallies.run(Math.min(steps.size(), runs - 1)).firstError.get();
            if (err != null) {
                r.note("first error: " + err);
            }
            return r;
        } finally {
            Clients.closeAll(opened.socks());
        }
    }

    private static Step step(Bench b, Tallies tallies, int run, int rate, long nanos, List<Sock> order,
                             List<List<String>> peerThreads, Random random) throws Exception {
        tallies.current(run);
        Tally tally = tallies.run(run);
        tally.start(System.nanoTime());
        Pacer.run(b.clients().vertx, rate, nanos, k -> {
            Sock s = order.get((int) (k % order.size()));
            List<String> peers = peerThreads.get(s.index);
            tally.sent.increment();
            s.send(peers.get(random.nextInt(peers.size())), run, System.nanoTime());
        }).toCompletionStage().toCompletableFuture().get();
        long sent = tally.sent.sum();
        tallies.awaitDeliveries(run, sent, b.plan().drain().toNanos());
        long delivered = tally.delivered.sum();
        return new Step(rate, sent, delivered, delivered / (nanos / 1e9), tally.endToEnd.percentileMs(99));
    }

    /** The pair's direct thread, opened by the first user of the pair. */
    private static java.util.concurrent.CompletableFuture<String> directThread(Target t, List<String> users,
                                                                                int[] pair) {
        return t.rest.createThread(t.token(users.get(pair[0])),
                Map.of("kind", "direct", "members", List.of(users.get(pair[1]))));
    }
}
