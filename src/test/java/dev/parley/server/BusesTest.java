package dev.parley.server;

import dev.parley.bus.ClusterBus;
import dev.parley.bus.LocalEventBus;
import dev.parley.core.EventBus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PARLEY_BUS}: what it accepts, and a clear refusal of what it does not (on the real Redis and NATS). */
class BusesTest {

    private static EventBus open(String bus) {
        return Buses.open(Config.from(Map.of("PARLEY_BUS", bus)));
    }

    @Test
    void local_is_the_default_and_needs_no_broker() {
        try (EventBus bus = Buses.open(Config.from(Map.of()))) {
            assertThat(bus).isInstanceOf(LocalEventBus.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379", "redis://127.0.0.1:6379?channel=parley-test.buses",
            "nats://127.0.0.1:4222", "nats://127.0.0.1:4222?channel=parley-test.buses"})
    void redis_and_nats_urls_open_a_cluster_bus(String url) {
        try (EventBus bus = open(url)) {
            assertThat(bus).isInstanceOf(ClusterBus.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka://127.0.0.1:9092", "127.0.0.1:6379", "redis://", "redis://127.0.0.1:6379?chanel=x",
            "redis://127.0.0.1:6379?channel=has space", "redis://127.0.0.1:6379?channel="})
    void anything_else_is_refused_with_a_clear_message(String url) {
        assertThatThrownBy(() -> open(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PARLEY_BUS");
    }

    @Test
    void the_wait_for_a_missing_event_is_bounded() {
        assertThat(Config.from(Map.of()).busGapMillis()).isEqualTo(1_000);
        assertThat(Config.from(Map.of("PARLEY_BUS_GAP_MS", "5000")).busGapMillis()).isEqualTo(5_000);
        for (String bad : new String[] {"10", "600000", "soon"}) {
            assertThatThrownBy(() -> Config.from(Map.of("PARLEY_BUS_GAP_MS", bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARLEY_BUS_GAP_MS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "nats"})
    void an_unreachable_broker_stops_the_start_without_showing_credentials(String scheme) throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThatThrownBy(() -> open(scheme + "://someone:the-secret@127.0.0.1:" + closed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreachable at")
                .hasMessageContaining("127.0.0.1:" + closed)
                .hasMessageNotContaining("the-secret");
    }
}
