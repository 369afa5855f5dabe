package dev.parley.api;

import dev.parley.core.FileId;
import dev.parley.core.StoredFile;
import dev.parley.web.FileHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FileHeadersTest {
    static StoredFile file(String name, String type) {
        return new StoredFile(FileId.random(), null, name, type, 1, "0".repeat(64), "0".repeat(64), Instant.now());
    }

    @Test
    void names_are_encoded_per_rfc_6266_and_5987() {
        assertThat(FileHeaders.disposition(file("r\u00e9sum\u00e9 2024.pdf", "application/pdf")))
                .isEqualTo("attachment; filename=\"r_sum_ 2024.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202024.pdf");
        assertThat(FileHeaders.disposition(file("50%;off'.txt", "text/plain")))
                .isEqualTo("attachment; filename=\"50_;off'.txt\"; filename*=UTF-8''50%25%3Boff%27.txt");
        assertThat(FileHeaders.disposition(file("cat.png", "image/png"))).startsWith("inline; ");
    }
}
