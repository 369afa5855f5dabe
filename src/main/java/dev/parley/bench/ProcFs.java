package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

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

    /**
     * One thread so far: the kind it is filed under ({@link #threadKind}), its CPU time (user + system,
     * ms) and how long it waited, runnable, for a CPU (ms, from {@code schedstat}; 0 where the kernel
     * does not keep it). The wait is what a busy machine adds to every hand-over between threads.
     */
    record ThreadCpu(String kind, long millis, long waitMillis) {}

    /**
     * CPU time and run-queue wait of a process's live threads so far, by thread id, each filed as {@code
     * jit}, {@code gc}, {@code event_loops}, {@code store_writer}, {@code store_publisher}, {@code
     * virtual_threads} (their carriers) or {@code other}. Empty when /proc is not there.
     */
    static Map<Long, ThreadCpu> threads(long pid) {
        Map<Long, ThreadCpu> byThread = new TreeMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                List<String> l = lines(task.resolve("stat"));
                if (l.isEmpty()) {
                    continue;
                }
                String line = l.get(0);
                String comm = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
                long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                byThread.put(Long.parseLong(task.getFileName().toString()),
                        new ThreadCpu(threadKind(comm), ms, runQueueWaitMillis(task)));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byThread;
    }

    /** CPU time so far (ms) of a process's live threads of one kind. */
    static long kindCpuMillis(long pid, String kind) {
        return threads(pid).values().stream().filter(t -> t.kind().equals(kind))
                .mapToLong(ThreadCpu::millis).sum();
    }

    /** What {@link #threads} files a thread under, by its (15-character) Linux name. */
    static String threadKind(String comm) {
        if (comm.contains("CompilerThre")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "gc";
        }
        if (comm.startsWith("vert.x-eventloo")) {
            return "event_loops";
        }
        if (comm.startsWith("parley-store-wr")) {
            return "store_writer";
        }
        if (comm.startsWith("parley-store-pu")) {
            return "store_publisher";
        }
        if (comm.startsWith("ForkJoinPool")) {
            return "virtual_threads";
        }
        return "other";
    }

    /**
     * The CPU seconds between two readings, summed by kind: each thread alive at {@code after} counts
     * what it used since {@code before} (all of it if it began in between). A thread that ended in
     * between is not counted: its figures went with it. (Summing by kind first made a kind whose
     * threads ended, idle virtual-thread carriers, come out negative.)
     */
    static Map<String, Double> cpuSecondsBetween(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        return secondsBetween(before, after, ThreadCpu::millis);
    }

    /** The run-queue wait between two readings, summed by kind, counted as {@link #cpuSecondsBetween} counts CPU. */
    static Map<String, Double> waitSecondsBetween(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        return secondsBetween(before, after, ThreadCpu::waitMillis);
    }

    private static Map<String, Double> secondsBetween(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after,
                                                      ToLongFunction<ThreadCpu> field) {
        Map<String, Long> ms = new TreeMap<>();
        after.forEach((tid, t) -> {
            ThreadCpu then = before.get(tid);
            ms.merge(t.kind(), field.applyAsLong(t) - (then == null ? 0 : field.applyAsLong(then)), Long::sum);
        });
        Map<String, Double> d = new TreeMap<>();
        ms.forEach((k, v) -> d.put(k, v / 1e3));
        return d;
    }

    /** {@code schedstat}'s second field: nanoseconds spent runnable on a run queue, not running. */
    private static long runQueueWaitMillis(Path task) {
        List<String> l = lines(task.resolve("schedstat"));
        if (l.isEmpty()) {
            return 0;
        }
        String[] f = l.get(0).trim().split(" ");
        return f.length < 2 ? 0 : Long.parseLong(f[1]) / 1_000_000;
    }

    /**
     * The machine's CPU time so far, from the first line of /proc/stat, in clock ticks (100 a second):
     * busy (user, nice, system, irq, softirq), and stolen: time the hypervisor gave another guest while
     * this one had work. Stolen time is why two runs of one build on a shared virtual machine differ.
     */
    record MachineCpu(long busyTicks, long stealTicks, long totalTicks) {
        static final MachineCpu UNKNOWN = new MachineCpu(-1, -1, -1);

        static MachineCpu parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            long[] v = new long[Math.max(0, f.length - 1)];
            for (int i = 1; i < f.length; i++) {
                v[i - 1] = Long.parseLong(f[i]);
            }
            if (v.length < 8) {
                return UNKNOWN;
            }
            // user nice system idle iowait irq softirq steal (guest time is counted in user already)
            long busy = v[0] + v[1] + v[2] + v[5] + v[6];
            return new MachineCpu(busy, v[7], busy + v[3] + v[4] + v[7]);
        }

        /**
         * The window since {@code before}: {@code machine_cpu_busy_s} (all processes, the kernel's work
         * included) and {@code machine_cpu_steal_pct} (of the machine's CPU time in the window).
         */
        Map<String, Object> since(MachineCpu before) {
            Map<String, Object> m = new TreeMap<>();
            if (this == UNKNOWN || before == UNKNOWN || totalTicks <= before.totalTicks) {
                return m;
            }
            m.put("machine_cpu_busy_s", (busyTicks - before.busyTicks) / 100.0);
            m.put("machine_cpu_steal_pct",
                    Math.round(1000.0 * (stealTicks - before.stealTicks) / (totalTicks - before.totalTicks)) / 10.0);
            return m;
        }
    }

    static MachineCpu machineCpu() {
        List<String> l = lines(Path.of("/proc/stat"));
        return l.isEmpty() || !l.get(0).startsWith("cpu ") ? MachineCpu.UNKNOWN : MachineCpu.parse(l.get(0));
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
