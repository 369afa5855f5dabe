package dev.parley.bench;

import java.util.List;

/**
 * How busy the JIT compilers are: the CPU time of the compiler threads of a server node and of this
 * process (the load generator compiles its client code too), read from /proc. A warm-up goes on until
 * a second of load costs them less than {@link #QUIET_MS}: until then the second tier is still
 * compiling (and replacing) the code the scenario measures, which on 2 cores is the tail it reports.
 */
final class Jit {
    /** Compiler CPU per second of load below which the JIT counts as settled. */
    static final long QUIET_MS = 30;

    private final List<Long> servers;
    private final long self = ProcessHandle.current().pid();
    private long last;

    Jit(long serverPid) {
        this(List.of(serverPid));
    }

    /** The compiler threads of every server node given (a cluster), and of this process. */
    Jit(List<Long> serverPids) {
        this.servers = List.copyOf(serverPids);
        this.last = millis();
    }

    /** Compiler-thread CPU of both processes since the previous call (or since this was made), in ms. */
    long sinceLast() {
        long now = millis();
        long used = now - last;
        last = now;
        return used;
    }

    private long millis() {
        long total = ProcFs.kindCpuMillis(self, "jit");
        for (long server : servers) {
            total += ProcFs.kindCpuMillis(server, "jit");
        }
        return total;
    }
}
