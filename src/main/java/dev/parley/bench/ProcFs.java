package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The few Linux /proc figures the bench reports; -1 or "unknown" where /proc is not there. */
final class ProcFs {
    private ProcFs() {}

    /** Resident set size of a process in KiB (VmRSS of /proc/&lt;pid&gt;/status). */
    static long rssKb(long pid) {
        return statusField(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
    }

    /** CPU time (user + system) a process has used so far, in milliseconds; -1 when unknown. */
    static long cpuMillis(long pid) {
        List<String> l = lines(Path.of("/proc", String.valueOf(pid), "stat"));
        if (l.isEmpty()) {
            return -1;
        }
        String line = l.get(0);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime 14 and stime 15 (clock ticks, 100 per second on Linux)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** The one-minute load average of the machine, or -1. */
    static double load1() {
        List<String> l = lines(Path.of("/proc/loadavg"));
        return l.isEmpty() ? -1 : Double.parseDouble(l.get(0).split(" ")[0]);
    }

    static long memTotalKb() {
        return statusField(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** The soft limit on open files of a process, or -1. */
    static long openFilesLimit(long pid) {
        for (String line : lines(Path.of("/proc", String.valueOf(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /** How many local ports a client may use towards one server address (ip_local_port_range). */
    static long localPorts() {
        List<String> l = lines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        if (l.isEmpty()) {
            return -1;
        }
        String[] p = l.get(0).trim().split("\\s+");
        return Long.parseLong(p[1]) - Long.parseLong(p[0]) + 1;
    }

    static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        List<String> l = lines(Path.of("/proc/loadavg"));
        return l.isEmpty() ? "unknown" : l.get(0).trim();
    }

    private static long statusField(Path file, String name) {
        for (String line : lines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
