package dev.parley.bench;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** HdrHistogram with three significant digits reports a value within a thousandth of it. */
    private static final Percentage HISTOGRAM = Percentage.withPercentage(0.2);

    @Test
    void latencies_are_grouped_by_the_second_their_message_was_sent_in() {
        long start = 5 * SECOND;
        Timeline t = new Timeline(start);
        for (int i = 0; i < 100; i++) {
            t.record(start + i * MS, 2 * MS);
        }
        // One stall in the third second: its p99 and max show it, the first second's do not.
        for (int i = 0; i < 100; i++) {
            t.record(start + 2 * SECOND + i * MS, (i < 5 ? 300 : 3) * MS);
        }
        var max = t.percentileMs(100);
        assertThat(max).hasSize(3);
        assertThat(max.get(0)).isCloseTo(2.0, HISTOGRAM);
        assertThat(max.get(1)).isNull();
        assertThat(max.get(2)).isCloseTo(300.0, HISTOGRAM);
        assertThat(t.percentileMs(99).get(2)).isCloseTo(300.0, HISTOGRAM);
        assertThat(t.percentileMs(99).get(0)).isCloseTo(2.0, HISTOGRAM);
    }

    @Test
    void sends_before_the_start_or_past_the_last_second_are_kept_at_the_ends() {
        long start = 10 * SECOND;
        Timeline t = new Timeline(start);
        t.record(start - MS, 7 * MS);
        t.record(start + (Timeline.MAX_SECONDS + 30) * SECOND, 9 * MS);
        var max = t.percentileMs(100);
        assertThat(max).hasSize(Timeline.MAX_SECONDS);
        assertThat(max.getFirst()).isCloseTo(7.0, HISTOGRAM);
        assertThat(max.getLast()).isCloseTo(9.0, HISTOGRAM);
    }

    @Test
    void a_tally_reports_its_timeline_only_once_started() {
        Tally tally = new Tally();
        tally.delivered(1 * MS, 4 * MS);
        assertThat(tally.bySecond()).isEmpty();
        tally.start(0);
        tally.delivered(1 * MS, 4 * MS);
        assertThat(tally.bySecond()).containsKeys("p99_ms_by_second", "max_ms_by_second");
        @SuppressWarnings("unchecked")
        var max = (List<Double>) tally.bySecond().get("max_ms_by_second");
        assertThat(max).singleElement().satisfies(ms -> assertThat(ms).isCloseTo(3.0, HISTOGRAM));
    }
}
