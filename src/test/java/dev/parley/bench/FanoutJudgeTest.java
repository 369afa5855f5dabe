package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a fan-out run is set against the ceilings measured in the same run. */
class FanoutJudgeTest {
    private static Result run(String name, double p99, double deliveriesPerS) {
        return new Result(name).put("p99_ms", p99).put("deliveries_per_s", deliveriesPerS).put("delivered_ratio", 1.0);
    }

    @Test
    void parley_is_judged_against_the_ceiling_and_compared_with_the_durable_one() {
        Result ceiling = run("baseline_fanout", 5.0, 36_000);
        Result durable = run("durable_baseline_fanout", 8.0, 36_000);
        Result parley = run("fanout", 40.0, 35_990);

        Fanout.compare(durable, ceiling);
        Fanout.judge(parley, ceiling, durable);

        assertThat(durable.toJson()).containsEntry("p99_vs_baseline", 1.6);
        assertThat(parley.toJson()).containsEntry("p99_vs_baseline", 8.0).containsEntry("p99_vs_durable_baseline", 5.0)
                .containsEntry("target_met", false);
    }

    @Test
    void without_a_durable_ceiling_the_target_is_judged_all_the_same() {
        Result ceiling = run("baseline_fanout", 5.0, 36_000);
        Result parley = run("fanout", 9.0, 36_000);

        Fanout.compare(Result.skipped("durable_baseline_fanout", "not in --quick"), ceiling);
        Fanout.judge(parley, ceiling, null);

        assertThat(parley.toJson()).containsEntry("p99_vs_baseline", 1.8).containsEntry("target_met", true)
                .doesNotContainKey("p99_vs_durable_baseline");
    }

    @Test
    void a_cluster_run_is_set_against_the_ceiling_for_information_only() {
        Result ceiling = run("baseline_fanout", 5.0, 36_000);
        Result cluster = run("cluster_fanout", 30.0, 35_640);

        Fanout.compare(cluster, ceiling);

        assertThat(cluster.toJson()).containsEntry("p99_vs_baseline", 6.0).containsEntry("deliveries_vs_baseline", 0.99)
                .doesNotContainKey("target_met");
    }
}
