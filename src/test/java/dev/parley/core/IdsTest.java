package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void reads_a_uuid_in_either_case_as_uuid_from_string_does() {
        for (int i = 0; i < 1_000; i++) {
            UUID u = i % 2 == 0 ? UUID.randomUUID() : Ids.timeOrdered();
            String text = u.toString();
            assertThat(Ids.uuid(text, "user")).isEqualTo(u);
            assertThat(Ids.uuid(text.toUpperCase(Locale.ROOT), "user")).isEqualTo(u);
            assertThat(Ids.isUuid(text)).isTrue();
        }
        assertThat(Ids.uuid("ffffffff-ffff-ffff-ffff-ffffffffffff", "user"))
                .isEqualTo(new UUID(-1L, -1L));
        assertThat(Ids.uuid("00000000-0000-0000-0000-000000000000", "user")).isEqualTo(new UUID(0, 0));
    }

    @Test
    void anything_else_is_a_thing_that_does_not_exist() {
        String good = "0189a3b4-7c1d-7e2f-8a3b-4c5d6e7f8091";
        for (String bad : new String[] {
                null, "", good.substring(1), good + "0", " " + good.substring(1),
                good.replace('-', '_'),                              // no dashes
                "0189a3b47-c1d-7e2f-8a3b-4c5d6e7f8091",              // a dash out of place
                good.replace('c', 'g'),                              // not hex
                good.replace('1', '\uFF11'),                        // a full-width digit
                good.replace('0', '\u0660'),                        // an Arabic-Indic digit
                "+189a3b4-7c1d-7e2f-8a3b-4c5d6e7f8091",              // a sign
                "1-1-1-1-1"}) {                                      // UUID.fromString would take it
            assertThat(Ids.isUuid(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> Ids.uuid(bad, "thread")).isInstanceOfSatisfying(ParleyException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void user_and_thread_ids_are_equal_exactly_when_their_uuids_are() {
        UUID u = UUID.randomUUID();
        UUID same = new UUID(u.getMostSignificantBits(), u.getLeastSignificantBits());
        assertThat(new UserId(u)).isEqualTo(new UserId(same)).hasSameHashCodeAs(new UserId(same));
        assertThat(new ThreadId(u)).isEqualTo(new ThreadId(same)).hasSameHashCodeAs(new ThreadId(same));
        assertThat(new UserId(u)).isNotEqualTo(new UserId(UUID.randomUUID())).isNotEqualTo(new ThreadId(u));
        assertThat(new ThreadId(u)).isNotEqualTo(new ThreadId(UUID.randomUUID())).isNotEqualTo(null);
        assertThat(new UserId(u).hashCode()).isEqualTo(u.hashCode());
    }
}
