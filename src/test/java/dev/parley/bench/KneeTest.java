package dev.parley.bench;

import dev.parley.bench.Knee.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KneeTest {
    private static Step healthy(int rate) {
        return new Step(rate, rate * 10L, rate * 10L, rate, 12.0);
    }

    @Test
    void knee_is_the_highest_step_that_delivers_everything_in_time_at_the_offered_rate() {
        List<Step> steps = List.of(healthy(250), healthy(500), healthy(1_000),
                new Step(2_000, 20_000, 20_000, 2_000, 250.0));
        assertThat(Knee.of(steps)).contains(1_000);
    }

    @Test
    void step_losing_more_than_a_thousandth_of_its_messages_fails() {
        Step step = new Step(1_000, 10_000, 9_989, 998.9, 10);
        assertThat(step.passes()).isFalse();
        assertThat(step.failure()).contains("delivered");
        assertThat(new Step(1_000, 10_000, 9_990, 999, 10).passes()).isTrue();
    }

    @Test
    void step_that_falls_below_95_percent_of_the_offered_rate_fails() {
        Step step = new Step(8_000, 40_000, 40_000, 7_500, 150);
        assertThat(step.passes()).isFalse();
        assertThat(step.failure()).contains("achieved");
    }

    @Test
    void p99_of_exactly_200_ms_passes_and_more_fails() {
        assertThat(new Step(500, 5_000, 5_000, 500, 200.0).passes()).isTrue();
        assertThat(new Step(500, 5_000, 5_000, 500, 200.1).passes()).isFalse();
        assertThat(new Step(500, 5_000, 5_000, 500, Double.NaN).passes()).isFalse();
    }

    @Test
    void no_knee_when_even_the_first_step_fails() {
        assertThat(Knee.of(List.of(new Step(250, 0, 0, 0, Double.NaN)))).isEmpty();
    }
}
