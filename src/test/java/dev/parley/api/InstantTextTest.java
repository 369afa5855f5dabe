package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void writes_what_instant_to_string_writes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] seconds = {0, 1, 59, 86_399, 951_782_400 /* 2000-02-29 */, 1_780_000_000, 253_402_300_799L};
        int[] nanos = {0, 1, 999_999_999, 1_000_000, 123_000_000, 123_456_000, 123_456_789, 100, 10_000};
        for (long s : seconds) {
            for (int n : nanos) {
                Instant t = Instant.ofEpochSecond(s, n);
                assertThat(InstantText.of(t)).isEqualTo(t.toString());
            }
        }
        for (int i = 0; i < 20_000; i++) {
            // Runs of instants within one second, as messages come, and jumps between seconds.
            long s = i % 10 == 0 ? random.nextLong(0, 253_402_300_800L) : 1_780_000_000L + i / 100;
            int n = switch (i % 3) {
                case 0 -> random.nextInt(1_000) * 1_000_000;
                case 1 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(s, n);
            assertThat(InstantText.of(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void instants_outside_the_usual_years_are_written_by_instant_itself() {
        for (Instant t : new Instant[] {Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-62_167_219_200L),
                Instant.ofEpochSecond(253_402_300_800L), Instant.MIN, Instant.MAX}) {
            assertThat(InstantText.of(t)).isEqualTo(t.toString());
        }
    }
}
