package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void new_ids_are_version_7_uuids_that_sort_by_time() throws Exception {
        long before = System.currentTimeMillis();
        UUID first = MessageId.random().value();
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        long millis = first.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, System.currentTimeMillis());

        java.lang.Thread.sleep(2);
        UUID later = MessageId.random().value();
        // Later ids sort after earlier ones, as strings too (that is how the index stores them).
        assertThat(later.toString()).isGreaterThan(first.toString());
    }

    @Test
    void ids_made_in_the_same_millisecond_still_differ() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(MessageId.random().value());
        }
        assertThat(ids).hasSize(10_000);
        // The 74 bits after the time are random: across many ids every one of them takes both values.
        long orA = 0, andA = -1, orB = 0, andB = -1;
        for (UUID id : ids) {
            orA |= id.getMostSignificantBits() & 0xFFF;
            andA &= id.getMostSignificantBits() & 0xFFF;
            orB |= id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
            andB &= id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
        }
        assertThat(orA).isEqualTo(0xFFF);
        assertThat(andA).isZero();
        assertThat(orB).isEqualTo(0x3FFF_FFFF_FFFF_FFFFL);
        assertThat(andB).isZero();
    }
}
