package dev.parley.bench;

import dev.parley.web.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The results of one bench run: printed as a table, written as
 * {@code {"scenarios": {...}, "machine": {...}, "commit": "..."}}.
 */
final class Report {
    /**
     * From this share of the machine's CPU time taken by other guests in a window, the table says so
     * next to the figure: such a figure measured a smaller machine than the others.
     */
    static final double STOLEN_WORTH_SAYING_PCT = 10;
    private static final String[][] COLUMNS = {
            {"deliveries/s", "deliveries_per_s"}, {"delivered", "delivered_ratio"}, {"p50 ms", "p50_ms"},
            {"p99 ms", "p99_ms"}, {"p99.9 ms", "p999_ms"}, {"writes/s", "writes_per_s"},
            {"knee/s", "knee_msgs_per_s"}, {"rss KiB/conn", "rss_kb_per_conn"}};

    private final Map<String, Result> scenarios = new LinkedHashMap<>();
    private final Map<String, Object> machine;
    private final boolean quick;
    private final Map<String, String> nodeSettings;
    private final Instant startedAt = Instant.now();

    Report(boolean quick) {
        this(quick, Map.of());
    }

    /** @param nodeSettings the settings the run gave its Parley nodes over its own (none: the defaults) */
    Report(boolean quick, Map<String, String> nodeSettings) {
        this.quick = quick;
        this.nodeSettings = Map.copyOf(nodeSettings);
        this.machine = Machine.describe();
    }

    /** Adds a result, stamped with the machine's load average as it ends (the machine is shared). */
    void add(Result r) {
        if (r.status.equals("ok")) {
            r.put("load_average_1m", ProcFs.load1());
        }
        scenarios.put(r.name, r);
    }

    Result get(String name) {
        return scenarios.get(name);
    }

    List<Result> results() {
        return new ArrayList<>(scenarios.values());
    }

    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        scenarios.forEach((name, r) -> s.put(name, r.toJson()));
        root.put("scenarios", s);
        root.put("machine", machine);
        root.put("commit", commit());
        root.put("quick", quick);
        if (!nodeSettings.isEmpty()) {
            root.put("node_settings", new TreeMap<>(nodeSettings));
        }
        root.put("started_at", startedAt.toString());
        root.put("duration_s", Math.round((Instant.now().toEpochMilli() - startedAt.toEpochMilli()) / 100.0) / 10.0);
        return root;
    }

    void write(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
    }

    void print(PrintStream out) {
        int nameWidth = Math.max(8, scenarios.keySet().stream().mapToInt(String::length).max().orElse(8));
        StringBuilder head = new StringBuilder(pad("scenario", nameWidth)).append("  ").append(pad("status", 7));
        for (String[] c : COLUMNS) {
            head.append("  ").append(left(c[0], 12));
        }
        out.println(head);
        out.println("-".repeat(head.length()));
        for (Result r : scenarios.values()) {
            StringBuilder line = new StringBuilder(pad(r.name, nameWidth)).append("  ").append(pad(r.status, 7));
            for (String[] c : COLUMNS) {
                line.append("  ").append(left(format(r.figures.get(c[1])), 12));
            }
            Object met = r.figures.get("target_met");
            if (met != null) {
                line.append("  ").append(Boolean.TRUE.equals(met) ? "target met" : "TARGET MISSED");
            }
            Object stolen = r.figures.getOrDefault("machine_cpu_steal_pct", r.figures.get("machine_cpu_steal_pct_max"));
            if (stolen instanceof Number n && n.doubleValue() >= STOLEN_WORTH_SAYING_PCT) {
                line.append("  (").append(n).append("% of the CPU stolen by the hypervisor)");
            }
            out.println(line);
            if (r.note != null) {
                out.println(pad("", nameWidth) + "  note: " + r.note);
            }
        }
    }

    static String format(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            return Math.abs(d) >= 100 ? String.valueOf(Math.round(d)) : String.format("%.3f", d);
        }
        return v.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String left(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** {@code git rev-parse HEAD} of the working directory, or "unknown". */
    static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && text.matches("[0-9a-f]{40}")) {
                return text;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** What the figures were measured on. */
    static final class Machine {
        private Machine() {}

        static Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu", ProcFs.cpuModel());
            m.put("cores", Runtime.getRuntime().availableProcessors());
            m.put("memory_mib", ProcFs.memTotalKb() / 1024);
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
            m.put("jvm_args_server", String.join(" ", Node.SERVER_JVM_ARGS));
            m.put("open_files_limit", ProcFs.openFilesLimit(ProcessHandle.current().pid()));
            m.put("load_average_at_start", ProcFs.loadAverage());
            return m;
        }
    }
}
