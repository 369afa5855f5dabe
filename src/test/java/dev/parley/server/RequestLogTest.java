package dev.parley.server;

import dev.parley.dialect.helpdesk.HelpdeskModule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {
    private static final String ID = "3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f";

    /** The URI as a default node logs it: the helpdesk dialect is on and registers its redaction. */
    private static String redact(String uri) {
        return RequestLog.redact(uri, List.of(HelpdeskModule::redactThreadId));
    }

    @Test
    void a_token_query_parameter_is_redacted_wherever_it_appears() {
        assertThat(redact("/v1/ws?token=eyJhbGciOi.abc.def")).isEqualTo("/v1/ws?token=[redacted]");
        assertThat(redact("/ws/chat/room/?a=1&token=secret&b=2")).isEqualTo("/ws/chat/room/?a=1&token=[redacted]&b=2");
        assertThat(redact("/x?TOKEN=s&access_token=t")).isEqualTo("/x?TOKEN=[redacted]&access_token=[redacted]");
    }

    @Test
    void a_helpdesk_visitors_thread_id_is_redacted_from_the_path() {
        String id = ID;
        assertThat(redact("/chat/thread/" + id + "/")).isEqualTo("/chat/thread/[redacted]/");
        assertThat(redact("/chat/thread/" + id.toUpperCase())).isEqualTo("/chat/thread/[redacted]");
        assertThat(redact("/ws/chat/" + id + "/?token=x")).isEqualTo("/ws/chat/[redacted]/?token=[redacted]");
        assertThat(redact("/chat/thread/")).isEqualTo("/chat/thread/");
        assertThat(redact("/v1/threads/" + id + "/messages")).isEqualTo("/v1/threads/" + id + "/messages");
    }

    @Test
    void other_parameters_and_paths_are_left_alone() {
        assertThat(redact("/v1/threads?limit=5&before=2026-01-01T00:00:00Z"))
                .isEqualTo("/v1/threads?limit=5&before=2026-01-01T00:00:00Z");
        assertThat(redact("/v1/users/token/tokens?mytoken=x")).isEqualTo("/v1/users/token/tokens?mytoken=x");
    }

    @Test
    void the_log_knows_no_dialect_path_itself_only_the_token_parameter() {
        assertThat(RequestLog.redact("/chat/thread/" + ID + "/?token=x", List.of()))
                .isEqualTo("/chat/thread/" + ID + "/?token=[redacted]");
        assertThat(RequestLog.redact("/ws/chat/" + ID + "/", List.of())).isEqualTo("/ws/chat/" + ID + "/");
    }

    @Test
    void every_registered_module_redaction_is_applied_then_the_token_parameter() {
        UnaryOperator<String> invites = uri -> uri.replaceFirst("^/invite/[^/?]+", "/invite/[redacted]");
        List<UnaryOperator<String>> registered = List.of(UnaryOperator.identity(), invites,
                HelpdeskModule::redactThreadId);

        assertThat(RequestLog.redact("/invite/k3y?token=t", registered)).isEqualTo("/invite/[redacted]?token=[redacted]");
        assertThat(RequestLog.redact("/chat/thread/" + ID + "/", registered)).isEqualTo("/chat/thread/[redacted]/");
        assertThat(RequestLog.redact("/v1/threads?limit=5", registered)).isEqualTo("/v1/threads?limit=5");
    }
}
