package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code parley bench [--quick] [--out FILE]}: runs the scenarios of issue 7 against servers it starts
 * on loopback, prints a table and writes the figures as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = NodeCommand.class,
        description = "Benchmark Parley on this machine: fan-out against a bare Vert.x ceiling, durable "
                + "writes, history reads, idle connections and the direct-message knee, on SQLite and "
                + "PostgreSQL (127.0.0.1:5432, user postgres). Prints a table and writes JSON.")
public final class BenchCommand implements Callable<Integer> {
    static final List<String> GROUPS = List.of("fanout", "socketio_fanout", "durable_writes", "direct_knee",
            "history", "idle", "cluster_fanout");
    /** Not in a --quick run unless named with --only: the quick run must stay under 3 minutes. */
    static final Set<String> NOT_QUICK = Set.of("cluster_fanout");

    @Option(names = "--quick", description = "shorter measuring windows; the whole run stays under 3 minutes")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "target/bench/results.json",
            description = "where to write the JSON results (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "run only these scenarios: fanout (with baseline_fanout and durable_baseline_fanout), "
                    + "socketio_fanout, durable_writes, direct_knee, history, idle, cluster_fanout (two nodes on "
                    + "PostgreSQL joined by Redis at 127.0.0.1:6379; not in --quick unless named)")
    List<String> only;

    @Option(names = "--no-postgres", description = "skip the PostgreSQL variants")
    boolean noPostgres;

    @Option(names = "--jfr", description = "record a JFR profile of every server node next to FILE")
    boolean jfr;

    @Option(names = "--node-jvm-arg", paramLabel = "OPTION",
            description = "one more JVM option for every server node (repeatable; {node} stands for the "
                    + "node's name), e.g. -agentpath:/path/libasyncProfiler.so=start,event=cpu,file=/tmp/{node}.html")
    List<String> nodeJvmArgs;

    @Option(names = "--node-setting", paramLabel = "PARLEY_NAME=VALUE",
            description = "a setting for every Parley node (not the ceiling's), over the bench's own (repeatable), "
                    + "e.g. PARLEY_EVENT_LOOPS=1; the run's JSON lists them as node_settings")
    List<String> nodeSettings;

    @Override
    public Integer call() throws Exception {
        Set<String> groups = new LinkedHashSet<>(only == null ? GROUPS : only);
        if (only == null && quick) {
            groups.removeAll(NOT_QUICK);
        }
        for (String g : groups) {
            if (!GROUPS.contains(g)) {
                System.err.println("bench: unknown scenario '" + g + "'; one of " + GROUPS);
                return 2;
            }
        }
        Map<String, String> settings;
        try {
            settings = settings(nodeSettings == null ? List.of() : nodeSettings);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        Path outDir = out.toAbsolutePath().getParent();
        Files.createDirectories(outDir);
        Report report = new Report(quick, settings);
        long start = System.nanoTime();
        try (Clients clients = new Clients()) {
            Bench bench = new Bench(quick ? Plan.quickRun() : Plan.fullRun(), outDir, jfr,
                    nodeJvmArgs == null ? List.of() : List.copyOf(nodeJvmArgs), settings, clients, report, System.out);
            new Scenarios(bench, groups, !noPostgres).run();
        }
        System.out.println();
        report.print(System.out);
        report.write(out);
        System.out.printf("%nwrote %s in %.0f s (server logs%s in %s)%n", out, (System.nanoTime() - start) / 1e9,
                jfr ? " and JFR recordings" : "", outDir);
        return 0;
    }

    /** {@code PARLEY_NAME=VALUE} arguments as settings, in order (a later one of a name wins). */
    static Map<String, String> settings(List<String> args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= "PARLEY_".length() || !a.startsWith("PARLEY_")) {
                throw new IllegalArgumentException("--node-setting takes PARLEY_NAME=VALUE, not '" + a + "'");
            }
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return settings;
    }
}
