package dev.parley.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {

    @Test
    void a_token_query_parameter_is_redacted_wherever_it_appears() {
        assertThat(RequestLog.redact("/v1/ws?token=eyJhbGciOi.abc.def")).isEqualTo("/v1/ws?token=[redacted]");
        assertThat(RequestLog.redact("/ws/chat/room/?a=1&token=secret&b=2")).isEqualTo("/ws/chat/room/?a=1&token=[redacted]&b=2");
        assertThat(RequestLog.redact("/x?TOKEN=s&access_token=t")).isEqualTo("/x?TOKEN=[redacted]&access_token=[redacted]");
    }

    @Test
    void other_parameters_and_paths_are_left_alone() {
        assertThat(RequestLog.redact("/v1/threads?limit=5&before=2026-01-01T00:00:00Z"))
                .isEqualTo("/v1/threads?limit=5&before=2026-01-01T00:00:00Z");
        assertThat(RequestLog.redact("/v1/users/token/tokens?mytoken=x")).isEqualTo("/v1/users/token/tokens?mytoken=x");
    }
}
