package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSecretsTest {

    @Test
    void printed_settings_carry_no_secret() {
        Config config = Config.from(Map.of(
                "PARLEY_API_KEY", "the-api-key-123",
                "PARLEY_JWT_SECRET", "the-jwt-secret-0123456789-0123456789",
                "PARLEY_DB_URL", "jdbc:postgresql://db/parley?password=the-db-url-password",
                "PARLEY_DB_PASSWORD", "the-db-password",
                "PARLEY_BUS", "redis://admin:the-bus-password@cache:6379",
                "PARLEY_HELPDESK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/the-hook-token",
                "PARLEY_HELPDESK_WEBHOOK_SECRET", "the-webhook-secret"));

        String printed = config.toString();

        assertThat(printed).doesNotContain("the-api-key", "the-jwt-secret", "the-db-url-password",
                "the-db-password", "the-bus-password", "the-hook-token", "the-webhook-secret");
        assertThat(printed).contains("jdbc:postgresql://db/parley", "redis://[redacted]@cache:6379", "port=8080");
    }
}
