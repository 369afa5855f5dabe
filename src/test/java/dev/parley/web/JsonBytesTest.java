package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Json#bytes} is exactly {@link Json#write} encoded as UTF-8, whatever the text holds. */
class JsonBytesTest {

    @Test
    void json_bytes_are_the_utf8_of_the_json_string_even_with_lone_surrogates_and_long_texts() {
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            longText.append(i % 7 == 0 ? "😀" : i % 11 == 0 ? "é\"\n" : "a");
        }
        for (String text : new String[] {"", "plain", "a😀b é \u2028 \u0001 </script>", "x\uD800y", "z\uDC00",
                "end\uD83D", longText.toString(), longText + "\uD800" + longText}) {
            ObjectNode n = Json.obj().put("text", text);
            n.putArray("list").add(text).add(1).addNull();
            assertThat(Json.bytes(n)).isEqualTo(Json.write(n).getBytes(StandardCharsets.UTF_8));
        }
    }
}
