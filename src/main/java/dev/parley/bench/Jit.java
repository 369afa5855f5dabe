package dev.parley.bench;

/**
 * How busy the JIT compilers are: the CPU time of the compiler threads of a server node and of this
 * process (the load generator compiles its client code too), read from /proc. A warm-up goes on until
 * a second of load costs them less than {@link #QUIET_MS}: until then the second tier is still
 * compiling (and replacing) the code the scenario measures, which on 2 cores is the tail it reports.
 */
final class Jit {
    /** Compiler CPU per second of load below which the JIT counts as settled. */
    static final long QUIET_MS = 30;

    private final long server;
    private final long self = ProcessHandle.current().pid();
    private long last;

    Jit(long serverPid) {
        this.server = serverPid;
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
        return ProcFs.kindCpuMillis(server, "jit") + ProcFs.kindCpuMillis(self, "jit");
    }
}
