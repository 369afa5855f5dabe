package dev.parley.bench;

import java.util.List;
import java.util.Set;

/**
 * Runs the chosen scenario groups in order, each against the servers it needs: one Parley node per
 * database shared by the load scenarios, fresh nodes for history and idle memory, the baseline node
 * for the ceiling. A scenario that breaks is reported as failed and the run goes on.
 */
final class Scenarios {
    private final Bench b;
    private final Set<String> groups;
    private final boolean postgres;

    Scenarios(Bench b, Set<String> groups, boolean postgres) {
        this.b = b;
        this.groups = groups;
        this.postgres = postgres;
    }

    void run() {
        Report report = b.report();
        if (groups.contains("fanout") || groups.contains("socketio_fanout") || groups.contains("cluster_fanout")) {
            guard("baseline_fanout", () -> {
                try (Node node = Target.baseline(b, "baseline", "baseline")) {
                    report.add(Fanout.baseline(b, node, "baseline_fanout"));
                }
            });
            if (!b.plan().quick()) {
                // For information, not a target: left out of --quick, which must stay under 3 minutes.
                guard("durable_baseline_fanout", () -> {
                    try (Node node = Target.baseline(b, "durable-baseline", "durable_baseline")) {
                        report.add(Fanout.baseline(b, node, "durable_baseline_fanout"));
                    }
                    Fanout.compare(report.get("durable_baseline_fanout"), report.get("baseline_fanout"));
                });
            }
        }
        boolean socketIo = groups.contains("socketio_fanout") && SocketIo.dialectPresent();
        if (groups.contains("socketio_fanout") && !socketIo) {
            report.add(SocketIo.absent());
        }
        if (groups.contains("fanout") || socketIo || groups.contains("durable_writes")
                || groups.contains("direct_knee")) {
            guard("parley_sqlite", () -> {
                try (Target t = Target.start(b, "parley-sqlite", null)) {
                    fanouts(t, socketIo);
                    loadOnDatabase(t, "sqlite");
                }
            });
        }
        if (groups.contains("durable_writes") || groups.contains("direct_knee")) {
            if (!postgres) {
                skipPostgres("skipped by --no-postgres");
            } else {
                guard("parley_postgresql", () -> {
                    Postgres pg;
                    try {
                        pg = Postgres.create();
                    } catch (Exception e) {
                        skipPostgres("PostgreSQL at 127.0.0.1:5432 is not usable: " + e.getMessage());
                        return;
                    }
                    try (pg; Target t = Target.start(b, "parley-postgresql", pg)) {
                        loadOnDatabase(t, "postgresql");
                    }
                });
            }
        }
        if (groups.contains("cluster_fanout")) {
            cluster();
        }
        if (groups.contains("history")) {
            guard("history", () -> History.run(b).forEach(report::add));
        }
        if (groups.contains("idle")) {
            guard("idle", () -> report.add(Idle.run(b)));
        }
    }

    /** Native and Socket.IO fan-out on the same node, users and threads; each judged against the ceiling. */
    private void fanouts(Target t, boolean socketIo) {
        if (!groups.contains("fanout") && !socketIo) {
            return;
        }
        Report report = b.report();
        guard("fanout", () -> {
            Fanout.Rooms rooms = Fanout.rooms(b, t);
            if (groups.contains("fanout")) {
                guard("fanout", () -> report.add(Fanout.parley(b, t, rooms, "fanout")));
                t.warm = true;
                Fanout.judge(report.get("fanout"), report.get("baseline_fanout"),
                        report.get("durable_baseline_fanout"));
            }
            if (socketIo) {
                guard("socketio_fanout", () -> report.add(Fanout.socketIo(b, t, rooms, "socketio_fanout")));
                t.warm = true;
                Fanout.judge(report.get("socketio_fanout"), report.get("baseline_fanout"),
                        report.get("durable_baseline_fanout"));
            }
        });
    }

    /**
     * The fan-out's load on two Parley nodes sharing a PostgreSQL database, joined by the machine's
     * Redis (127.0.0.1:6379), every room with members on both nodes: what the bus between nodes costs.
     * For information beside the ceiling; the issue sets no target for it.
     */
    private void cluster() {
        Report report = b.report();
        if (!postgres) {
            report.add(Result.skipped("cluster_fanout", "skipped by --no-postgres"));
            return;
        }
        guard("cluster_fanout", () -> {
            Postgres pg;
            try {
                pg = Postgres.create();
            } catch (Exception e) {
                report.add(Result.skipped("cluster_fanout", "PostgreSQL at 127.0.0.1:5432 is not usable: "
                        + e.getMessage()));
                return;
            }
            try (pg) {
                // The nodes stop before the database is dropped (a resource closes before a finally runs).
                List<Target> cluster = Target.cluster(b, "parley-cluster", pg,
                        "redis://127.0.0.1:6379?channel=parley-bench-" + Target.random(), 2);
                try {
                    Fanout.Rooms rooms = Fanout.rooms(b, cluster.getFirst());
                    Result r = Fanout.cluster(b, cluster, rooms, "cluster_fanout");
                    report.add(r);
                    Fanout.compare(r, report.get("baseline_fanout"));
                } finally {
                    cluster.forEach(Target::close);
                }
            }
        });
    }

    private void loadOnDatabase(Target t, String db) {
        if (groups.contains("durable_writes")) {
            guard("durable_writes_" + db, () -> DurableWrites.run(b, t, db).forEach(b.report()::add));
        }
        if (groups.contains("direct_knee")) {
            guard("direct_knee_" + db, () -> b.report().add(DirectKnee.run(b, t, db)));
        }
    }

    private void skipPostgres(String why) {
        if (groups.contains("durable_writes")) {
            for (int senders : b.plan().writeSenders()) {
                b.report().add(Result.skipped("durable_writes_postgresql_" + senders, why));
            }
        }
        if (groups.contains("direct_knee")) {
            b.report().add(Result.skipped("direct_knee_postgresql", why));
        }
    }

    /** Work that may throw; a failure becomes a failed result named {@code name}. */
    interface Step {
        void run() throws Exception;
    }

    private void guard(String name, Step step) {
        long start = System.nanoTime();
        try {
            step.run();
        } catch (Exception e) {
            b.say("%s failed: %s", name, e);
            b.report().add(Result.failed(name, String.valueOf(e.getMessage())));
        } finally {
            b.say("%s took %.1f s", name, (System.nanoTime() - start) / 1e9);
        }
    }

}
