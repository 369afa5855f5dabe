package dev.parley.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One bench run's shared state: the plan, where its files go, the client side and the report.
 *
 * @param jfr record a JFR file per server node under {@code outDir}
 * @param nodeJvmArgs more JVM options for every server node (a profiler agent, say); {@code {node}} in
 *     one stands for the node's name, so each node can write its own file
 * @param nodeSettings {@code PARLEY_*} settings for every Parley node, over the bench's own
 */
record Bench(Plan plan, Path outDir, boolean jfr, List<String> nodeJvmArgs, Map<String, String> nodeSettings,
             Clients clients, Report report, PrintStream log) {

    List<String> jvmArgs(String nodeName) {
        List<String> args = new ArrayList<>();
        if (jfr) {
            args.add("-XX:StartFlightRecording=filename=" + outDir.resolve(nodeName + ".jfr").toAbsolutePath()
                    + ",settings=profile,dumponexit=true");
        }
        nodeJvmArgs.forEach(a -> args.add(a.replace("{node}", nodeName)));
        return args;
    }

    void say(String format, Object... args) {
        log.printf("[bench] " + format + "%n", args);
        log.flush();
    }
}
