package dev.parley.dialect.socketio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnClientIdsTest {

    @Test
    void an_id_is_recognised_once_and_forgotten_then() {
        OwnClientIds own = new OwnClientIds();
        own.remember("a");
        own.remember("b");
        assertThat(own.takeBack("a")).isTrue();
        assertThat(own.takeBack("a")).isFalse();
        assertThat(own.takeBack("c")).isFalse();
        assertThat(own.size()).isEqualTo(1);
    }

    @Test
    void ids_whose_broadcast_came_by_do_not_pile_up() {
        OwnClientIds own = new OwnClientIds();
        for (int i = 0; i < 10_000; i++) {
            own.remember("id-" + i);
            assertThat(own.takeBack("id-" + i)).isTrue();
        }
        assertThat(own.size()).isZero();
    }

    @Test
    void ids_never_broadcast_are_bounded_oldest_out() {
        OwnClientIds own = new OwnClientIds();
        for (int i = 0; i < OwnClientIds.MAX + 10; i++) {
            own.remember("id-" + i);
        }
        assertThat(own.size()).isEqualTo(OwnClientIds.MAX);
        assertThat(own.takeBack("id-9")).isFalse();
        assertThat(own.takeBack("id-10")).isTrue();
        assertThat(own.takeBack("id-" + (OwnClientIds.MAX + 9))).isTrue();
    }
}
