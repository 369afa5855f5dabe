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
    void a_helpdesk_visitors_thread_id_is_redacted_from_the_path() {
        String id = "3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f";
        assertThat(RequestLog.redact("/chat/thread/" + id + "/")).isEqualTo("/chat/thread/[redacted]/");
        assertThat(RequestLog.redact("/chat/thread/" + id.toUpperCase())).isEqualTo("/chat/thread/[redacted]");
        assertThat(RequestLog.redact("/ws/chat/" + id + "/?token=x")).isEqualTo("/ws/chat/[redacted]/?token=[redacted]");
        assertThat(RequestLog.redact("/chat/thread/")).isEqualTo("/chat/thread/");
        assertThat(RequestLog.redact("/v1/threads/" + id + "/messages")).isEqualTo("/v1/threads/" + id + "/messages");
    }

    @Test
    void other_parameters_and_paths_are_left_alone() {
        assertThat(RequestLog.redact("/v1/threads?limit=5&before=2026-01-01T00:00:00Z"))
                .isEqualTo("/v1/threads?limit=5&before=2026-01-01T00:00:00Z");
        assertThat(RequestLog.redact("/v1/users/token/tokens?mytoken=x")).isEqualTo("/v1/users/token/tokens?mytoken=x");
    }
}
