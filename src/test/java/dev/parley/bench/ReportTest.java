package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest {
    @Test
    void results_json_has_scenarios_by_name_with_their_figures_the_machine_and_the_commit(@TempDir Path dir)
            throws Exception {
        Report report = new Report(true);
        Latency latency = new Latency();
        for (int i = 1; i <= 1_000; i++) {
            latency.recordNanos(i * 1_000_000L);
        }
        report.add(new Result("fanout").put("deliveries_per_s", 39_000.5).put("delivered_ratio", 1.0)
                .putAll(latency.figures("")));
        report.add(Result.skipped("socketio_fanout", "not in this build"));
        Path out = dir.resolve("nested/results.json");

        report.write(out);

        JsonNode json = Json.parse(Files.readString(out));
        JsonNode fanout = json.path("scenarios").path("fanout");
        assertThat(fanout.path("status").asText()).isEqualTo("ok");
        assertThat(fanout.path("deliveries_per_s").asDouble()).isEqualTo(39_000.5);
        assertThat(fanout.path("p50_ms").asDouble()).isBetween(499.0, 501.0);
        assertThat(fanout.path("p99_ms").asDouble()).isBetween(989.0, 991.0);
        assertThat(fanout.path("p999_ms").asDouble()).isBetween(998.0, 1_000.0);
        assertThat(json.path("scenarios").path("socketio_fanout").path("note").asText()).isEqualTo("not in this build");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("commit").isTextual()).isTrue();
        assertThat(json.path("quick").asBoolean()).isTrue();
        assertThat(json.has("node_settings")).as("no settings over the bench's own").isFalse();
    }

    @Test
    void a_run_with_node_settings_says_which(@TempDir Path dir) throws Exception {
        Report report = new Report(true, BenchCommand.settings(List.of("PARLEY_EVENT_LOOPS=1", "PARLEY_LOG_LEVEL=INFO")));
        Path out = dir.resolve("results.json");

        report.write(out);

        JsonNode settings = Json.parse(Files.readString(out)).path("node_settings");
        assertThat(settings.path("PARLEY_EVENT_LOOPS").asText()).isEqualTo("1");
        assertThat(settings.path("PARLEY_LOG_LEVEL").asText()).isEqualTo("INFO");
    }

    @Test
    void a_node_setting_must_name_a_parley_setting_and_a_value() {
        assertThat(BenchCommand.settings(List.of("PARLEY_EVENT_LOOPS=1", "PARLEY_EVENT_LOOPS=2", "PARLEY_X=")))
                .containsExactly(Map.entry("PARLEY_EVENT_LOOPS", "2"), Map.entry("PARLEY_X", ""));
        for (String bad : List.of("EVENT_LOOPS=1", "PARLEY_EVENT_LOOPS", "PARLEY_=1", "=1")) {
            assertThatThrownBy(() -> BenchCommand.settings(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARLEY_NAME=VALUE");
        }
    }

    @Test
    void table_has_one_row_per_scenario_and_says_when_a_target_is_missed() {
        Report report = new Report(false);
        report.add(new Result("durable_writes_sqlite_64").put("writes_per_s", 8_000.0)
                .target(">= 10000 acknowledged messages/s with 64 senders", false));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        report.print(new PrintStream(bytes, true));

        assertThat(bytes.toString()).contains("durable_writes_sqlite_64").contains("8000").contains("TARGET MISSED");
    }

    @Test
    void table_says_when_the_hypervisor_took_a_tenth_of_the_cpu_or_more() {
        Report report = new Report(false);
        report.add(new Result("durable_writes_postgresql_8").put("writes_per_s", 560.4).put("machine_cpu_steal_pct", 40.2));
        report.add(new Result("durable_writes_postgresql_64").put("writes_per_s", 4_600.0).put("machine_cpu_steal_pct", 3.5));
        report.add(new Result("direct_knee_postgresql").put("knee_msgs_per_s", 2_000).put("machine_cpu_steal_pct_max", 12.0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        report.print(new PrintStream(bytes, true));

        String[] lines = bytes.toString().split("\\R");
        assertThat(lines).filteredOn(l -> l.startsWith("durable_writes_postgresql_8 "))
                .singleElement().asString().contains("(40.2% of the CPU stolen by the hypervisor)");
        assertThat(lines).filteredOn(l -> l.startsWith("durable_writes_postgresql_64"))
                .singleElement().asString().doesNotContain("stolen");
        assertThat(lines).filteredOn(l -> l.startsWith("direct_knee_postgresql"))
                .singleElement().asString().contains("(12.0% of the CPU stolen");
    }
}
