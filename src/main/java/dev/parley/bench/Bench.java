package dev.parley.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One bench run's shared state: the plan, where its files go, the client side and the report.
 *
 * @param jfr record a JFR file per server node under {@code outDir}
 */
record Bench(Plan plan, Path outDir, boolean jfr, Clients clients, Report report, PrintStream log) {

    List<String> jvmArgs(String nodeName) {
        if (!jfr) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=filename=" + outDir.resolve(nodeName + ".jfr").toAbsolutePath()
                + ",settings=profile,dumponexit=true");
    }

    void say(String format, Object... args) {
        log.printf("[bench] " + format + "%n", args);
        log.flush();
    }
}
