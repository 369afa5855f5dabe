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
        Map<String, Long> cpu = ProcFs.threadCpuMillis(self);
        assertThat(cpu).containsKey("other");
        assertThat(cpu.values()).allMatch(ms -> ms >= 0);
        assertThat(cpu.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(ProcFs.cpuSecondsBetween(Map.of("other", 1_000L), Map.of("other", 3_500L, "jit", 500L)))
                .containsEntry("other", 2.5).containsEntry("jit", 0.5);
        assertThat(x).isNotZero();
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
