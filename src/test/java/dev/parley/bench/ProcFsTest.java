package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void threads_are_filed_by_their_linux_names() {
        assertThat(ProcFs.threadKind("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ProcFs.threadKind("vert.x-eventloo")).isEqualTo("event_loops");
        assertThat(ProcFs.threadKind("parley-store-wr")).isEqualTo("store_writer");
        assertThat(ProcFs.threadKind("parley-store-pu")).isEqualTo("store_publisher");
        assertThat(ProcFs.threadKind("ForkJoinPool-1-")).isEqualTo("virtual_threads");
        assertThat(ProcFs.threadKind("GC Thread#0")).isEqualTo("gc");
        assertThat(ProcFs.threadKind("main")).isEqualTo("other");
    }

    @Test
    void cpu_time_by_kind_of_thread_is_read_for_a_live_process() {
        long self = ProcessHandle.current().pid();
        long spin = System.nanoTime() + 200_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += x * 31 + 7;
        }
        Map<Long, ProcFs.ThreadCpu> cpu = ProcFs.threads(self);
        assertThat(cpu.values()).anyMatch(t -> t.kind().equals("other"));
        assertThat(cpu.values()).allMatch(t -> t.millis() >= 0 && t.waitMillis() >= 0);
        assertThat(cpu.values().stream().mapToLong(ProcFs.ThreadCpu::millis).sum()).isPositive();
        assertThat(x).isNotZero();
    }

    @Test
    void a_window_counts_each_live_threads_cpu_since_the_start_and_never_goes_negative() {
        var before = Map.of(1L, new ProcFs.ThreadCpu("other", 1_000L, 100L),
                2L, new ProcFs.ThreadCpu("virtual_threads", 4_000L, 9_000L),
                3L, new ProcFs.ThreadCpu("virtual_threads", 700L, 50L));
        // thread 2 ended in the window, thread 4 began in it
        var after = Map.of(1L, new ProcFs.ThreadCpu("other", 3_500L, 400L),
                3L, new ProcFs.ThreadCpu("virtual_threads", 900L, 250L),
                4L, new ProcFs.ThreadCpu("jit", 500L, 20L));
        assertThat(ProcFs.cpuSecondsBetween(before, after))
                .containsEntry("other", 2.5).containsEntry("virtual_threads", 0.2).containsEntry("jit", 0.5);
        assertThat(ProcFs.waitSecondsBetween(before, after))
                .containsEntry("other", 0.3).containsEntry("virtual_threads", 0.2).containsEntry("jit", 0.02);
    }

    @Test
    void the_machine_cpu_line_gives_busy_and_stolen_time_over_a_window() {
        var before = ProcFs.MachineCpu.parse("cpu  1000 0 500 8000 100 0 50 200 0 0");
        var after = ProcFs.MachineCpu.parse("cpu  1300 0 600 8300 100 0 100 300 0 0");
        // busy: (1300-1000) + (600-500) + (100-50) = 450 ticks; steal 100 of 450 + 300 + 100 = 850 ticks
        assertThat(after.since(before)).containsEntry("machine_cpu_busy_s", 4.5)
                .containsEntry("machine_cpu_steal_pct", 11.8);
        assertThat(ProcFs.MachineCpu.parse("cpu 1 2 3").since(before)).isEmpty();
        var now = ProcFs.machineCpu();
        assertThat(now.totalTicks()).isPositive();
        assertThat(now.busyTicks()).isBetween(0L, now.totalTicks());
    }
}
